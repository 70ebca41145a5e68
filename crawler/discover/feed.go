package discover

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/newsarchive/newsarchive/crawler/internal/gzipmember"
)

// Entry is an address listed by a feed or a sitemap, with what the listing
// says about it. Zero times mean the listing did not say.
type Entry struct {
	URL string
	// Modified is the sitemap's lastmod or the feed item's update time:
	// the earliest moment it may mean, for a date or a time without a
	// zone (see ModifiedWithin).
	Modified time.Time
	// ModifiedWithin is how much later than Modified the change may have
	// come when the listing gives a local time without its zone, or a
	// day, a month or a year rather than a moment (see MayHaveChanged);
	// zero for a moment.
	ModifiedWithin time.Duration
	// Published is the news:publication_date or the item's publish time.
	Published time.Time
	// PublishedExact is set when Published is a moment the listing gives
	// with its zone, as it gives it: the publication as the publisher
	// dates the page (see parse.Page.Listed), not a day or a local time
	// read as its earliest moment, nor a future date taken as the
	// listing's fetch.
	PublishedExact bool
	Title          string
}

// Changed reports whether the listing shows the entry changed after t: a
// listed date certainly later than t, or no date at all (nothing proves
// it did not).
func (e Entry) Changed(t time.Time) bool {
	last := e.Modified
	if e.Published.After(last) {
		last = e.Published
	}
	return last.IsZero() || last.After(t)
}

// MayHaveChanged is Changed for a listing that names a day, or a time
// without its zone: any moment it may mean, in any time zone, counts. A
// child sitemap dated "2026-11-26" and read that morning may list a story
// added in the afternoon under the same date.
func (e Entry) MayHaveChanged(t time.Time) bool {
	if e.Changed(t) {
		return true
	}
	return e.ModifiedWithin > 0 && e.Modified.Add(e.ModifiedWithin).After(t)
}

// Unsettled reports whether an answer at t about the entry's page is
// older than a change the listing dates, at now: one certainly later
// than t (see Changed), or one that may be, once every moment the date
// may mean has passed. The one answer after the latest of them settles
// it, so a page fetched on the day its listing dates by the day alone,
// or by a time without its zone, is asked for once more, not each run
// until then; an undated entry proves nothing.
func (e Entry) Unsettled(t, now time.Time) bool {
	if e.Modified.IsZero() && e.Published.IsZero() {
		return false
	}
	if e.Changed(t) {
		return true
	}
	latest := e.Modified.Add(e.ModifiedWithin)
	return e.ModifiedWithin > 0 && latest.After(t) && !latest.After(now)
}

// NotAfter takes the entry's dates as its listing, fetched at fetched,
// can know them: a change listed after that is taken as made then, so an
// answer after the listing's settles it (a clock a little ahead, a zone
// written wrong). A date more than a day after it (2030-01-01 on a story
// of 2026) is no time the listing can have known of, and is dropped: the
// entry counts as undated.
func (e *Entry) NotAfter(fetched time.Time) {
	e.Modified, e.ModifiedWithin = notAfter(e.Modified, e.ModifiedWithin, fetched)
	published, _ := notAfter(e.Published, 0, fetched)
	e.PublishedExact = e.PublishedExact && published.Equal(e.Published)
	e.Published = published
}

// notAfter is NotAfter for one date of the span within.
func notAfter(t time.Time, within time.Duration, fetched time.Time) (time.Time, time.Duration) {
	switch {
	case fetched.IsZero() || !t.After(fetched):
		return t, within
	case t.Sub(fetched) > 24*time.Hour:
		return time.Time{}, 0
	default:
		return fetched, 0
	}
}

// Feed reads an RSS (0.9x, 1.0/RDF, 2.0), Atom or JSON feed fetched from
// feedURL and lists its items' links, resolved against feedURL.
//
// An XML feed that breaks off (cut at a size limit, malformed from some
// item on) returns the error together with the links of the items read
// before the break, when there are any.
func Feed(body []byte, feedURL string) ([]Entry, error) {
	base, err := url.Parse(feedURL)
	if err != nil {
		return nil, fmt.Errorf("parse feed %s: %w", feedURL, err)
	}
	body = gunzipFeed(body)
	f, err := parseFeed(body)
	if err != nil {
		if xml := xmlAfterOutput(body); xml != nil {
			return Feed(xml, feedURL)
		}
		err = fmt.Errorf("parse feed %s: %w", feedURL, err)
		if f, cutErr := parseFeed(feedUpToBreak(body)); cutErr == nil {
			return entries(f, base), err
		}
		return nil, err
	}
	return entries(f, base), nil
}

// gunzipFeed undoes gzip when the body is gzipped whatever its headers
// said (compressed twice, by a site and its cache, or a .xml.gz file), as
// openSitemap does for sitemaps, up to a sitemap's byte limit: such a
// feed was unreadable, run after run. A stream that breaks off gives what
// it held before the break, read up to its last whole item.
func gunzipFeed(body []byte) []byte {
	if !bytes.HasPrefix(body, []byte{0x1f, 0x8b}) {
		return body
	}
	zr, err := gzipmember.NewReader(bytes.NewReader(body))
	if err != nil {
		return body
	}
	out, _ := io.ReadAll(io.LimitReader(zr, DefaultSitemapBytes)) // a break is handled as any feed's
	return out
}

// parseFeed parses an RSS, RDF, Atom or JSON feed.
func parseFeed(body []byte) (*gofeed.Feed, error) {
	if body == nil {
		return nil, errors.New("no feed")
	}
	p := gofeed.NewParser()
	p.AtomTranslator = &pageLinks{}
	p.RSSTranslator = &permalinks{}
	return p.Parse(bytes.NewReader(body))
}

// entries are the pages the items of f link to, each once, with the
// dates the items give.
func entries(f *gofeed.Feed, base *url.URL) []Entry {
	out := make([]Entry, 0, len(f.Items))
	seen := make(map[string]bool, len(f.Items))
	for _, it := range f.Items {
		u, ok := itemURL(base, it)
		if !ok || seen[u] {
			continue
		}
		seen[u] = true
		e := Entry{URL: u, Title: it.Title}
		published, publishedAt := it.Published, it.PublishedParsed
		if publishedAt == nil {
			published, publishedAt = reparseDate(published)
		}
		if publishedAt != nil {
			e.Published, e.PublishedExact = publishedAt.UTC(), zonedTime.MatchString(published)
		}
		updatedAt := it.UpdatedParsed
		if updatedAt == nil {
			_, updatedAt = reparseDate(it.Updated)
		}
		if updatedAt != nil {
			e.Modified = updatedAt.UTC()
		}
		out = append(out, e)
	}
	return out
}

// zonedTime matches a time of day followed by its zone: an offset, Z, or
// a name the feed parser knows the offset of. A pubDate without one
// ("Fri, 27 Nov 2026 18:30:00", "2026-11-27"), or with a name it does not
// know ("JST"), is parsed as UTC: the moment meant is hours away from the
// one read, and is no publication the page can be dated by (see
// Entry.PublishedExact).
var zonedTime = regexp.MustCompile(`(?i)\d:\d\d(?::\d\d)?(?:[.,]\d+)?\s*(?:[ap]\.?m\.?\s*)?` +
	`(?:z|[+-]\d\d(?::?\d\d)?|(?:ut|utc|gmt)(?:\s*[+-]\d\d?(?::?\d\d)?)?|[ecmp][sd]t|wet|west|bst|cet|cest|eet|eest)\b`)

// itemURL is the page an item links to: its FeedBurner original, else
// its link, else its first other link, else a GUID that is itself an
// address (RSS permalinks). A link to the site's home page gives way to
// a permalink GUID on its host (see permalinkOverHome).
func itemURL(base *url.URL, it *gofeed.Item) (string, bool) {
	for _, c := range append([]string{origLink(it), it.Link}, it.Links...) {
		if u, ok := Resolve(base, c); ok {
			return permalinkOverHome(u, it), true
		}
	}
	if looksAbsolute(it.GUID) {
		return Resolve(nil, it.GUID)
	}
	return "", false
}

// origLink is the page a FeedBurner feed names beside the link it gives
// an item, a redirect through feedproxy.google.com: a host outside the
// source's, where the story was never found. "" when there is none.
func origLink(it *gofeed.Item) string {
	for _, e := range it.Extensions["feedburner"]["origLink"] {
		return e.Value
	}
	return ""
}

// looksAbsolute reports whether s is an absolute http(s) URL; a GUID such as
// "tag:example.com,2024:123" or "12345" must not resolve to a page.
func looksAbsolute(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}
