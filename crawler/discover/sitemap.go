package discover

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"

	"golang.org/x/net/html/charset"

	"github.com/newsarchive/newsarchive/crawler/internal/gzipmember"
)

// Limits of the sitemap protocol (sitemaps.org): 50,000 entries and 50 MB
// uncompressed per file.
const (
	DefaultSitemapBytes   = 50 << 20
	DefaultSitemapEntries = 50_000
)

// ErrNotSitemap is returned for a document that is neither a urlset, a
// sitemapindex nor a plain list of URLs (a feed served as a sitemap, say).
var ErrNotSitemap = errors.New("not a sitemap")

// ErrTooLarge is returned when a sitemap decompresses past its byte limit.
var ErrTooLarge = errors.New("sitemap too large")

// Sitemap is the content of one sitemap file.
type Sitemap struct {
	// Sitemaps are the children listed by a sitemap index.
	Sitemaps []Entry
	// URLs are the pages listed by a urlset or a text sitemap.
	URLs []Entry
	// Truncated is set when entries beyond the limit were dropped.
	Truncated bool
}

// SitemapLimits bound what one sitemap may cost; zero fields take the
// protocol's limits.
type SitemapLimits struct {
	// MaxBytes caps the decompressed size, defeating gzip bombs.
	MaxBytes int64
	// MaxEntries caps the entries kept.
	MaxEntries int
}

func (l SitemapLimits) withDefaults() SitemapLimits {
	if l.MaxBytes <= 0 {
		l.MaxBytes = DefaultSitemapBytes
	}
	if l.MaxEntries <= 0 {
		l.MaxEntries = DefaultSitemapEntries
	}
	return l
}

// ParseSitemap reads a sitemap index, a urlset (Google News and image
// extensions included) or a text sitemap, gzipped or not, fetched from
// sitemapURL. Relative locations are resolved against sitemapURL.
//
// A sitemap that breaks off (cut at a size limit, malformed from some
// entry on) returns the error together with the entries read before the
// break, Truncated set, when there are any: they are as good as ever.
func ParseSitemap(body []byte, sitemapURL string, lim SitemapLimits) (*Sitemap, error) {
	sm, err := parseSitemap(body, sitemapURL, lim)
	if sm == nil || len(sm.URLs)+len(sm.Sitemaps) == 0 {
		if xml := xmlAfterOutput(body); xml != nil {
			return parseSitemap(xml, sitemapURL, lim)
		}
	}
	return sm, err
}

// parseSitemap is ParseSitemap without its second look past output
// before the XML.
func parseSitemap(body []byte, sitemapURL string, lim SitemapLimits) (*Sitemap, error) {
	lim = lim.withDefaults()
	r, err := openSitemap(body, lim.MaxBytes)
	if err != nil {
		return nil, fmt.Errorf("sitemap %s: %w", sitemapURL, err)
	}
	p := sitemapParser{lim: lim, base: parseBase(sitemapURL), seen: map[string]bool{}}
	if first, _ := r.Peek(1); len(first) == 1 && first[0] != '<' {
		err = p.readText(r)
	} else {
		err = p.readXML(r)
	}
	if err != nil {
		err = fmt.Errorf("sitemap %s: %w", sitemapURL, err)
		if len(p.out.URLs)+len(p.out.Sitemaps) == 0 {
			return nil, err
		}
		p.out.Truncated = true
		return &p.out, err
	}
	return &p.out, nil
}

// newsNamespace is the Google News sitemap extension's XML namespace.
const newsNamespace = "http://www.google.com/schemas/sitemap-news/0.9"

// IsNewsSitemap reports whether a sitemap, gzipped or not, is a Google
// News sitemap: it declares the news extension's namespace within its
// first 64 KiB (in its root element, or its first entry) and uses it.
func IsNewsSitemap(body []byte) bool {
	r, err := openSitemap(body, 64<<10)
	if err != nil {
		return false
	}
	head, _ := io.ReadAll(r) // ErrTooLarge past the head: the head is enough
	if !bytes.Contains(head, []byte(newsNamespace)) {
		return false
	}
	// Many templates declare the namespace on every sitemap: a News
	// sitemap dates its entries with it, or lists none (no story of the
	// last two days).
	return bytes.Contains(head, []byte("publication_date>")) || !bytes.Contains(head, []byte("loc>"))
}

// openSitemap undoes gzip when the body is gzipped (whatever the headers
// said) and skips a byte order mark and leading space. Bytes after the
// gzip stream that start no member end it, as on the page fetch path: a
// .xml.gz file with a newline after it was read whole and yet reported
// broken off, run after run.
func openSitemap(body []byte, maxBytes int64) (*bufio.Reader, error) {
	var r io.Reader = bytes.NewReader(body)
	if bytes.HasPrefix(body, []byte{0x1f, 0x8b}) {
		zr, err := gzipmember.NewReader(r)
		if err != nil {
			return nil, fmt.Errorf("gunzip: %w", err)
		}
		r = zr
	}
	br := bufio.NewReader(&capReader{r: r, left: maxBytes})
	if bom, _ := br.Peek(3); bytes.Equal(bom, []byte("\xef\xbb\xbf")) {
		_, _ = br.Discard(3)
	}
	for {
		b, err := br.Peek(1)
		if err != nil || (b[0] != ' ' && b[0] != '\t' && b[0] != '\r' && b[0] != '\n') {
			return br, nil
		}
		_, _ = br.Discard(1)
	}
}

// capReader fails with ErrTooLarge when its reader holds more than left
// bytes.
type capReader struct {
	r    io.Reader
	left int64
}

func (c *capReader) Read(p []byte) (int, error) {
	if c.left <= 0 {
		// A body of exactly the limit is fine: only a byte more is not.
		var one [1]byte
		if n, err := c.r.Read(one[:]); n == 0 {
			return 0, err
		}
		return 0, ErrTooLarge
	}
	if int64(len(p)) > c.left {
		p = p[:c.left]
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	return n, err
}

// sitemapParser collects the entries of one sitemap.
type sitemapParser struct {
	lim  SitemapLimits
	base *urlBase
	seen map[string]bool
	out  Sitemap
}

// xmlEntry is a <url> or <sitemap> element.
type xmlEntry struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod"`
	News    struct {
		PublicationDate string `xml:"publication_date"`
		Title           string `xml:"title"`
	} `xml:"news"`
}

// readXML streams the document, decoding one entry at a time so memory
// stays bounded by the entry limit, not the file.
func (p *sitemapParser) readXML(r io.Reader) error {
	d := xml.NewDecoder(r)
	d.CharsetReader = charset.NewReaderLabel
	d.Strict = false
	// PHP's htmlentities, where htmlspecialchars was meant, writes
	// "/caf&eacute;" in a <loc>: left as it was, an address the site does
	// not have. The feed parser reads HTML's entities too.
	d.Entity = xml.HTMLEntity
	root := ""
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			if root == "" {
				return ErrNotSitemap
			}
			return nil
		}
		if err != nil {
			return fmt.Errorf("xml: %w", err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if root == "" {
			root = se.Name.Local
			if root != "urlset" && root != "sitemapindex" {
				return fmt.Errorf("%w: root element <%s>", ErrNotSitemap, root)
			}
			continue
		}
		if err := p.element(d, se, root); err != nil {
			return err
		}
	}
}

// element decodes one child of the root: <url> in a urlset, <sitemap> in
// an index. Anything else is skipped.
func (p *sitemapParser) element(d *xml.Decoder, se xml.StartElement, root string) error {
	want := map[string]string{"urlset": "url", "sitemapindex": "sitemap"}[root]
	if se.Name.Local != want {
		return d.Skip()
	}
	var x xmlEntry
	if err := d.DecodeElement(&x, &se); err != nil {
		return fmt.Errorf("xml: %w", err)
	}
	e := Entry{Title: strings.TrimSpace(x.News.Title)}
	e.Modified, e.ModifiedWithin = parseW3CDate(x.LastMod)
	var within time.Duration
	e.Published, within = parseW3CDate(x.News.PublicationDate)
	e.PublishedExact = !e.Published.IsZero() && within == 0
	if root == "sitemapindex" {
		p.add(&p.out.Sitemaps, x.Loc, e)
	} else {
		p.add(&p.out.URLs, x.Loc, e)
	}
	return nil
}

// readText reads a text sitemap: one full URL per line. Other lines (a
// server's "temporarily unavailable" in plain text) are no addresses.
func (p *sitemapParser) readText(r io.Reader) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), 64<<10)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if lower := strings.ToLower(line); strings.HasPrefix(lower, "http://") || strings.HasPrefix(lower, "https://") {
			p.add(&p.out.URLs, line, Entry{})
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("text sitemap: %w", err)
	}
	return nil
}

// add appends e with its location resolved, unless it is a duplicate, not
// an address, or over the entry limit.
func (p *sitemapParser) add(list *[]Entry, loc string, e Entry) {
	u, ok := p.base.resolve(loc)
	if !ok || p.seen[u] {
		return
	}
	if len(p.out.URLs)+len(p.out.Sitemaps) >= p.lim.MaxEntries {
		p.out.Truncated = true
		return
	}
	p.seen[u] = true
	e.URL = u
	*list = append(*list, e)
}

// A time without a zone, or a date, is the site's local time, which may
// be any of UTC-12:00 to UTC+14:00: read as UTC, it names a moment up to
// zoneEast later than the one meant (a site east of UTC) or zoneWest
// earlier (west of UTC).
const (
	zoneEast = 14 * time.Hour
	zoneWest = 12 * time.Hour
	day      = 24 * time.Hour
)

// w3cLayouts are the forms of the W3C datetime profile sitemaps use, most
// common first, and those CMSs write instead (a space for the T, RFC 1123;
// their other ways with a zone are rewritten by w3cForm first), each with the span of moments it may mean: from its
// start read at UTC+14, the earliest, to its end (of its day, month or
// year for those) read at UTC-12, the latest. A time with a zone means
// one moment.
var w3cLayouts = []struct {
	layout string
	zoned  bool
	span   time.Duration
}{
	{time.RFC3339Nano, true, 0},
	{"2006-01-02T15:04Z07:00", true, 0},
	{"2006-01-02", false, day},
	{"2006-01-02T15:04:05", false, 0},
	{"2006-01-02T15:04", false, 0},
	{"2006-01-02 15:04:05", false, 0},
	{"2006-01-02 15:04", false, 0},
	{"2006-01", false, 31 * day},
	{"2006", false, 366 * day},
	// The HTTP and RSS form some CMSs write instead: with a numeric zone,
	// or in GMT or UTC (other zone names are not read: Go would give them
	// no offset).
	{time.RFC1123Z, true, 0},
	{"Mon, 02 Jan 2006 15:04:05 GMT", true, 0},
	{"Mon, 02 Jan 2006 15:04:05 UTC", true, 0},
}

// isoZoned is a time with its zone as CMSs write it beside the W3C form:
// the zone after a space (PHP's "Y-m-d H:i:s O"), of hours alone or
// named (PostgreSQL's "2026-11-28 09:15:00.000000+00"), a lower-case t
// or z (RFC 3339 allows them).
var isoZoned = regexp.MustCompile(`^(\d{4}-\d\d-\d\d)[Tt ](\d\d:\d\d(?::\d\d(?:\.\d+)?)?) ?(?:([Zz]|UTC|GMT)|([+-]\d\d)(?::?(\d\d))?)$`)

// w3cForm is s in the W3C form when it is a zoned time isoZoned reads,
// else s: those dates were unreadable, and a News sitemap's stories went
// undated.
func w3cForm(s string) string {
	m := isoZoned.FindStringSubmatch(s)
	if m == nil {
		return s
	}
	zone := "Z"
	if m[3] == "" {
		zone = m[4] + ":" + cmp.Or(m[5], "00")
	}
	return m[1] + "T" + m[2] + zone
}

// parseW3CDate reads a lastmod or publication date as the earliest moment
// it may mean, and how much later the change it dates may have come (see
// w3cLayouts): a date or a time without a zone, "2026-11-27T18:30:00",
// written at UTC+14 names a moment 14 h before 18:30 UTC, at UTC-12 one
// 12 h after. The zero time means absent or unreadable.
func parseW3CDate(s string) (time.Time, time.Duration) {
	s = w3cForm(strings.TrimSpace(s))
	if s == "" {
		return time.Time{}, 0
	}
	for _, l := range w3cLayouts {
		t, err := time.Parse(l.layout, s)
		switch {
		case err != nil:
		case l.zoned:
			return t.UTC(), 0
		default:
			return t.Add(-zoneEast), zoneEast + l.span + zoneWest
		}
	}
	return time.Time{}, 0
}
