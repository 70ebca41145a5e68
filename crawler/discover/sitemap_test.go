package discover

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/internal/newstest"
)

func TestParseSitemap(t *testing.T) {
	tests := []struct {
		name, file, url string
		sitemaps, urls  []string
	}{
		{
			name: "index", file: "sitemap_index.xml", url: "https://www.example-times.com/sitemap.xml",
			sitemaps: []string{
				"https://www.example-times.com/sitemaps/news.xml",
				"https://www.example-times.com/sitemaps/2024-03.xml.gz",
				"https://www.example-times.com/sitemaps/sections.xml",
			},
		},
		{
			name: "google news", file: "sitemap_news.xml", url: "https://www.example-times.com/sitemaps/news.xml",
			urls: []string{
				"https://www.example-times.com/world/2024/mar/15/flood-defences-hold-river-peaks",
				"https://www.example-times.com/business/2024/mar/15/markets-rally",
				"https://www.example-times.com/culture/2024/mar/14/opera-review",
			},
		},
		{
			name: "latin-1", file: "sitemap_latin1.xml", url: "https://www.example.fr/sitemap.xml",
			urls: []string{"https://www.example.fr/actualite/2024/03/15/la-reforme-des-retraites-adoptee"},
		},
		{
			name: "text", file: "sitemap.txt", url: "https://www.example.com/sitemap.txt",
			urls: []string{
				"https://www.example.com/news/one-two-three-four",
				"https://www.example.com/news/five-six-seven-eight",
				// "not a url": a text sitemap holds full URLs only.
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := readFixture(t, tt.file)
			for _, variant := range []struct {
				name string
				body []byte
			}{{"plain", body}, {"gzip", newstest.Gzipped(t, body)}} {
				sm, err := ParseSitemap(variant.body, tt.url, SitemapLimits{})
				if err != nil {
					t.Fatalf("%s: %v", variant.name, err)
				}
				equalStrings(t, variant.name+" sitemaps", entryURLs(sm.Sitemaps), tt.sitemaps)
				equalStrings(t, variant.name+" urls", entryURLs(sm.URLs), tt.urls)
			}
		})
	}
}

func TestParseSitemapDates(t *testing.T) {
	sm, err := ParseSitemap(readFixture(t, "sitemap_news.xml"), "https://www.example-times.com/n.xml", SitemapLimits{})
	if err != nil {
		t.Fatal(err)
	}
	first, second, third := sm.URLs[0], sm.URLs[1], sm.URLs[2]
	if want := time.Date(2024, 3, 15, 9, 30, 0, 0, time.UTC); !first.Published.Equal(want) || !first.Modified.IsZero() {
		t.Errorf("first: published %v modified %v", first.Published, first.Modified)
	}
	if !first.PublishedExact || !second.PublishedExact || third.PublishedExact {
		t.Errorf("publications given as moments: %v %v %v, want true true false",
			first.PublishedExact, second.PublishedExact, third.PublishedExact)
	}
	if first.Title != "Flood defences hold as river peaks in the north" || second.Title != "Markets rally & bonds slip" {
		t.Errorf("titles %q, %q", first.Title, second.Title)
	}
	if want := time.Date(2024, 3, 15, 10, 0, 0, 0, time.UTC); !second.Modified.Equal(want) {
		t.Errorf("second modified %v, want %v", second.Modified, want)
	}
	if want := time.Date(2024, 3, 15, 8, 0, 0, 0, time.UTC); !second.Published.Equal(want) {
		t.Errorf("second published %v, want %v", second.Published, want)
	}
	if !third.Modified.IsZero() {
		t.Errorf("unreadable lastmod gave %v", third.Modified)
	}
	idx, err := ParseSitemap(readFixture(t, "sitemap_index.xml"), "https://www.example-times.com/s.xml", SitemapLimits{})
	if err != nil {
		t.Fatal(err)
	}
	// A day, whose earliest moment is its start at UTC+14.
	if want := time.Date(2024, 3, 13, 10, 0, 0, 0, time.UTC); !idx.Sitemaps[1].Modified.Equal(want) {
		t.Errorf("index lastmod %v, want %v", idx.Sitemaps[1].Modified, want)
	}
}

// TestParseW3CDate: a date is read as the earliest moment it may mean,
// with how much later the change may have come: a time with its zone is
// one moment; a day, a month, a year or a local time without its zone is
// any moment of it from UTC+14 to UTC-12.
func TestParseW3CDate(t *testing.T) {
	const (
		east = 14 * time.Hour // UTC+14: the earliest reading
		wide = 26 * time.Hour // from UTC+14 to UTC-12
		day  = 24 * time.Hour
	)
	utc := func(y int, mo time.Month, d, h, mi int) time.Time { return time.Date(y, mo, d, h, mi, 0, 0, time.UTC) }
	tests := []struct {
		in     string
		want   time.Time
		within time.Duration
	}{
		{"2024-03-15T09:30:00Z", utc(2024, 3, 15, 9, 30), 0},
		{"2024-03-15T09:30:00.123+02:00", time.Date(2024, 3, 15, 7, 30, 0, 123e6, time.UTC), 0},
		{"2024-03-15T09:30+01:00", utc(2024, 3, 15, 8, 30), 0},
		{"2024-03-15", utc(2024, 3, 15, 0, 0).Add(-east), day + wide},
		{"2024-03", utc(2024, 3, 1, 0, 0).Add(-east), 31*day + wide},
		{" 2024 ", utc(2024, 1, 1, 0, 0).Add(-east), 366*day + wide},
		// A local time without its zone: 09:30 at UTC+14 is 19:30 UTC
		// the day before; at UTC-12, 21:30 UTC.
		{"2024-03-15 09:30:00", utc(2024, 3, 14, 19, 30), wide},
		{"2024-03-15T09:30:00", utc(2024, 3, 14, 19, 30), wide},
		{"2024-03-15T09:30", utc(2024, 3, 14, 19, 30), wide},
		{"2024-03-15 09:30", utc(2024, 3, 14, 19, 30), wide},
		// What CMSs write instead of the W3C profile.
		{"2024-03-15T22:00:00+0000", utc(2024, 3, 15, 22, 0), 0},
		{"2024-03-15T22:00:00.000+0100", utc(2024, 3, 15, 21, 0), 0},
		{"2024-03-15T22:00+0000", utc(2024, 3, 15, 22, 0), 0},
		{"2024-03-15 22:00:00+01:00", utc(2024, 3, 15, 21, 0), 0},
		{"Fri, 15 Mar 2024 22:00:00 GMT", utc(2024, 3, 15, 22, 0), 0},
		{"Fri, 15 Mar 2024 22:00:00 +0100", utc(2024, 3, 15, 21, 0), 0},
		{"Fri, 15 Mar 2024 22:00:00 UTC", utc(2024, 3, 15, 22, 0), 0},
		{"2024-03-15 22:00:00 +0100", utc(2024, 3, 15, 21, 0), 0},     // PHP's "Y-m-d H:i:s O"
		{"2024-03-15 22:00:00.000000+00", utc(2024, 3, 15, 22, 0), 0}, // PostgreSQL's timestamptz
		{"2024-03-15T22:00:00+05", utc(2024, 3, 15, 17, 0), 0},        // an offset of hours alone
		{"2024-03-15T22:00:00 +01:00", utc(2024, 3, 15, 21, 0), 0},    // a space before the zone
		{"2024-03-15t22:00:00z", utc(2024, 3, 15, 22, 0), 0},          // RFC 3339's lower case
		{"2024-03-15 22:00 UTC", utc(2024, 3, 15, 22, 0), 0},          // a zone named
		{"2024-03-15T22:00:00 GMT", utc(2024, 3, 15, 22, 0), 0},       // a zone named
		{"2024-03-15T22:00:00+25:00", time.Time{}, 0},                 // no offset there is
		{"15/03/2024", time.Time{}, 0},
		{"", time.Time{}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got, within := parseW3CDate(tt.in); !got.Equal(tt.want) || within != tt.within {
				t.Errorf("parseW3CDate(%q) = %v within %v, want %v within %v", tt.in, got, within, tt.want, tt.within)
			}
		})
	}
}

// TestLocalTimeSettles: a lastmod without its zone may mean any moment
// from 14 h before its reading as UTC (UTC+14) to 12 h after (UTC-12).
// A page answered after the earliest is asked for once more when the
// latest has passed (an edit at UTC-12 is not missed), and not each run
// until then (a site at UTC+9 is not asked every hour for half a day).
func TestLocalTimeSettles(t *testing.T) {
	mod, within := parseW3CDate("2026-11-27T18:30:00") // 09:30 UTC at UTC+9, 06:30 UTC the 28th at UTC-12
	e := Entry{Modified: mod, ModifiedWithin: within}
	at := func(d, h, m int) time.Time { return time.Date(2026, 11, d, h, m, 0, 0, time.UTC) }
	tests := []struct {
		name          string
		answered, now time.Time
		want          bool
	}{
		{"answered before the earliest moment", at(27, 4, 0), at(27, 11, 0), true},
		{"answered at UTC+9's 18:35, asked an hour later", at(27, 9, 35), at(27, 10, 35), false},
		{"the same, 18:30 UTC", at(27, 9, 35), at(27, 18, 35), false},
		{"the same, once UTC-12's 18:30 has passed", at(27, 9, 35), at(28, 6, 35), true},
		{"answered after UTC-12's 18:30", at(28, 6, 40), at(28, 9, 0), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := e.Unsettled(tt.answered, tt.now); got != tt.want {
				t.Errorf("Unsettled(%v, %v) = %v, want %v", tt.answered, tt.now, got, tt.want)
			}
		})
	}
	if !e.MayHaveChanged(at(28, 6, 0)) || e.MayHaveChanged(at(28, 6, 31)) {
		t.Errorf("a child sitemap dated 18:30 without a zone: may have changed until 06:30 UTC the next day")
	}
}

// TestNotAfter: a listing knows of no change after it was fetched.
func TestNotAfter(t *testing.T) {
	fetched := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	local, within := parseW3CDate("2026-11-27T18:30:00")
	tests := []struct {
		name string
		in   Entry
		want Entry
	}{
		{"past date kept", Entry{Modified: fetched.Add(-time.Hour)}, Entry{Modified: fetched.Add(-time.Hour)}},
		{"an hour ahead: taken as the fetch", Entry{Modified: fetched.Add(time.Hour)}, Entry{Modified: fetched}},
		{"2030: dropped", Entry{Modified: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)}, Entry{}},
		{"publication ahead", Entry{Published: fetched.Add(time.Minute)}, Entry{Published: fetched}},
		{"a moment's publication kept as the publisher's",
			Entry{Published: fetched.Add(-time.Hour), PublishedExact: true}, Entry{Published: fetched.Add(-time.Hour), PublishedExact: true}},
		{"a publication ahead is no longer the publisher's",
			Entry{Published: fetched.Add(time.Minute), PublishedExact: true}, Entry{Published: fetched}},
		{"local time whose earliest moment has come: kept", Entry{Modified: local, ModifiedWithin: within},
			Entry{Modified: local, ModifiedWithin: within}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := tt.in
			e.NotAfter(fetched)
			if e != tt.want {
				t.Errorf("NotAfter: %+v, want %+v", e, tt.want)
			}
		})
	}
	// 2030 clamped to the listing's fetch is settled by an answer after it.
	e := Entry{Modified: fetched.Add(time.Hour)}
	e.NotAfter(fetched)
	if e.Unsettled(fetched.Add(time.Second), fetched.Add(time.Hour)) {
		t.Errorf("a date ahead of its listing: not settled by an answer after the listing")
	}
}

// TestMayHaveChanged: a listing that dates a change by its day alone may
// have changed at any moment of that day, wherever the site is.
func TestMayHaveChanged(t *testing.T) {
	mod, within := parseW3CDate("2026-11-26")
	day := Entry{Modified: mod, ModifiedWithin: within}
	moment := Entry{Modified: time.Date(2026, 11, 26, 8, 0, 0, 0, time.UTC)}
	tests := []struct {
		e      Entry
		readAt time.Time
		want   bool
	}{
		{day, time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC), true},
		{day, time.Date(2026, 11, 27, 11, 0, 0, 0, time.UTC), true}, // still the 26th at UTC-12
		{day, time.Date(2026, 11, 27, 12, 0, 1, 0, time.UTC), false},
		{moment, time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC), false},
		{moment, time.Date(2026, 11, 26, 7, 0, 0, 0, time.UTC), true},
		{Entry{}, time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC), true},
	}
	for _, tt := range tests {
		if got := tt.e.MayHaveChanged(tt.readAt); got != tt.want {
			t.Errorf("%+v.MayHaveChanged(%v) = %v, want %v", tt.e, tt.readAt, got, tt.want)
		}
	}
}

func TestParseSitemapLimits(t *testing.T) {
	var sb strings.Builder
	sb.WriteString(`<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
	for i := range 100 {
		sb.WriteString("<url><loc>https://example.com/news/story-")
		sb.WriteString(strings.Repeat("a", i+1))
		sb.WriteString("</loc></url>")
	}
	sb.WriteString("</urlset>")
	big := []byte(sb.String())

	t.Run("entry limit", func(t *testing.T) {
		sm, err := ParseSitemap(big, "https://example.com/s.xml", SitemapLimits{MaxEntries: 10})
		if err != nil {
			t.Fatal(err)
		}
		if len(sm.URLs) != 10 || !sm.Truncated {
			t.Errorf("got %d urls, truncated %v; want 10, true", len(sm.URLs), sm.Truncated)
		}
	})
	t.Run("exact byte limit", func(t *testing.T) {
		if _, err := ParseSitemap(big, "https://example.com/s.xml", SitemapLimits{MaxBytes: int64(len(big))}); err != nil {
			t.Errorf("a sitemap of exactly the limit failed: %v", err)
		}
	})
	t.Run("byte limit", func(t *testing.T) {
		_, err := ParseSitemap(big, "https://example.com/s.xml", SitemapLimits{MaxBytes: 1000})
		if !errors.Is(err, ErrTooLarge) {
			t.Errorf("err = %v, want ErrTooLarge", err)
		}
	})
	t.Run("gzip bomb", func(t *testing.T) {
		// 8 MiB of spaces compress to about 8 KiB.
		bomb := newstest.Gzipped(t, append([]byte(`<?xml version="1.0"?><urlset><url><loc>`), bytes.Repeat([]byte(" "), 8<<20)...))
		_, err := ParseSitemap(bomb, "https://example.com/s.xml.gz", SitemapLimits{MaxBytes: 1 << 20})
		if !errors.Is(err, ErrTooLarge) {
			t.Errorf("err = %v, want ErrTooLarge", err)
		}
	})
}

// TestParseSitemapBreaksOff: a sitemap cut short or malformed part-way
// gives the entries before the break with the error.
func TestParseSitemapBreaksOff(t *testing.T) {
	const head = `<?xml version="1.0"?><urlset><url><loc>https://e.com/a</loc></url><url><loc>https://e.com/b</loc></url>`
	for _, tc := range []struct{ name, body string }{
		{"cut", head + `<url><loc>https://e.com/c`},
		{"malformed", head + `<url><loc>https://e.com/c</loc></url></urlset-broken></url>`},
		{"cut gzipped", cutGzip(t, head+manyEntries(5000)+`</urlset>`)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sm, err := ParseSitemap([]byte(tc.body), "https://e.com/s.xml", SitemapLimits{})
			if err == nil || sm == nil {
				t.Fatalf("ParseSitemap: %v, %v; want the entries before the break and an error", sm, err)
			}
			if got := entryURLs(sm.URLs); len(got) < 2 || got[0] != "https://e.com/a" || got[1] != "https://e.com/b" || !sm.Truncated {
				t.Errorf("entries %v, truncated %v; want a and b first, truncated", got, sm.Truncated)
			}
		})
	}
}

// TestParseSitemapGzipWithTrailingBytes: a gzipped sitemap followed by
// bytes that start no gzip member (a newline the server appends, a cache's
// comment) is read whole, without an error: it was reported broken off.
func TestParseSitemapGzipWithTrailingBytes(t *testing.T) {
	doc := `<?xml version="1.0"?><urlset><url><loc>https://e.com/a</loc></url>` + manyEntries(300) + `</urlset>`
	for _, tail := range []string{"\n", "\r\n", "<!-- cache hit -->\n", strings.Repeat("\x00", 64)} {
		t.Run(fmt.Sprintf("%q", tail), func(t *testing.T) {
			sm, err := ParseSitemap(append(newstest.Gzipped(t, []byte(doc)), tail...), "https://e.com/s.xml.gz", SitemapLimits{})
			if err != nil || sm == nil {
				t.Fatalf("ParseSitemap: %v", err)
			}
			if len(sm.URLs) != 301 || sm.Truncated {
				t.Errorf("%d entries, truncated %v; want 301, not truncated", len(sm.URLs), sm.Truncated)
			}
		})
	}
}

// manyEntries is n distinct <url> entries.
func manyEntries(n int) string {
	var sb strings.Builder
	for i := range n {
		fmt.Fprintf(&sb, "<url><loc>https://e.com/story-%d</loc><lastmod>2026-01-%02d</lastmod></url>", i*7919, 1+i%28)
	}
	return sb.String()
}

// cutGzip gzips doc and cuts the result in half, as a size limit on the
// compressed bytes would.
func cutGzip(t *testing.T, doc string) string {
	z := newstest.Gzipped(t, []byte(doc))
	return string(z[:len(z)/2])
}

func TestParseSitemapInvalid(t *testing.T) {
	tests := []struct {
		name, body string
		notSitemap bool
	}{
		{"rss", `<?xml version="1.0"?><rss version="2.0"><channel></channel></rss>`, true},
		{"html", `<!DOCTYPE html><html><body>hi</body></html>`, true},
		{"empty", "", true},
		{"truncated", `<?xml version="1.0"?><urlset><url><loc>https://e.com/a`, false},
		{"bad gzip", "\x1f\x8b\x08garbage", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseSitemap([]byte(tt.body), "https://example.com/s.xml", SitemapLimits{})
			if err == nil {
				t.Fatal("no error")
			}
			if errors.Is(err, ErrNotSitemap) != tt.notSitemap {
				t.Errorf("err = %v; ErrNotSitemap %v, want %v", err, errors.Is(err, ErrNotSitemap), tt.notSitemap)
			}
		})
	}
}

// TestIsNewsSitemap: a Google News sitemap is told by the news extension's
// namespace and its use, gzipped or not; other sitemaps are not news
// sitemaps.
func TestIsNewsSitemap(t *testing.T) {
	gz := func(b []byte) []byte {
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		zw.Write(b)
		zw.Close()
		return buf.Bytes()
	}
	news := readFixture(t, "sitemap_news.xml")
	tests := []struct {
		name string
		body []byte
		want bool
	}{
		{"news", news, true},
		{"news gzipped", gz(news), true},
		{"index", readFixture(t, "sitemap_index.xml"), false},
		{"text", readFixture(t, "sitemap.txt"), false},
		{"empty", nil, false},
		{"namespace past the first 64 KiB", []byte(`<urlset>` + strings.Repeat(" ", 70<<10) + newsNamespace), false},
		// A template that declares the namespace on every sitemap.
		{"namespace declared, unused", []byte(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="` + newsNamespace +
			`"><url><loc>https://news.example/2024/old-story</loc><lastmod>2024-01-01</lastmod></url></urlset>`), false},
		{"news sitemap with no story of the last two days", []byte(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="` +
			newsNamespace + `"></urlset>`), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IsNewsSitemap(tt.body); got != tt.want {
				t.Errorf("IsNewsSitemap = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestParseSitemapHTMLEntities: a <loc> written with HTML's entities
// (PHP's htmlentities) is the address they spell.
func TestParseSitemapHTMLEntities(t *testing.T) {
	body := `<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` +
		`<url><loc>https://news.example/2026/11/27/caf&eacute;-er&ouml;ffnet?a=1&amp;b=2</loc></url>` +
		`<url><loc>https://news.example/2026/11/27/next&#45;story</loc></url></urlset>`
	sm, err := ParseSitemap([]byte(body), "https://news.example/sitemap.xml", SitemapLimits{})
	if err != nil {
		t.Fatal(err)
	}
	equalStrings(t, "urls", entryURLs(sm.URLs), []string{
		"https://news.example/2026/11/27/caf%C3%A9-er%C3%B6ffnet?a=1&b=2",
		"https://news.example/2026/11/27/next-story",
	})
}
