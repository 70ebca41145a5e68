package discover

import (
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/internal/newstest"
)

func TestFeed(t *testing.T) {
	tests := []struct {
		name, file, url string
		gzipped         bool // served gzipped without a Content-Encoding
		want            []string
		published       []time.Time
		modified        []time.Time
	}{
		{
			name: "rss 2.0", file: "rss2.xml", url: "https://www.example-times.com/world/rss.xml",
			want: []string{
				"https://www.example-times.com/world/2024/mar/15/flood-defences-hold-river-peaks",
				"https://www.example-times.com/world/2024/mar/15/permalink-only-item",
				"https://www.example-times.com/world/2024/mar/14/relative-link-story",
			},
			published: []time.Time{
				time.Date(2024, 3, 15, 9, 30, 0, 0, time.UTC),
				time.Date(2024, 3, 15, 7, 0, 0, 0, time.UTC),
				time.Date(2024, 3, 14, 18, 0, 0, 0, time.UTC),
			},
		},
		{
			name: "rss 2.0 gzipped", file: "rss2.xml", url: "https://www.example-times.com/world/rss.xml", gzipped: true,
			want: []string{
				"https://www.example-times.com/world/2024/mar/15/flood-defences-hold-river-peaks",
				"https://www.example-times.com/world/2024/mar/15/permalink-only-item",
				"https://www.example-times.com/world/2024/mar/14/relative-link-story",
			},
		},
		{
			name: "atom", file: "atom.xml", url: "https://daily.example.org/feed.atom",
			want: []string{
				"https://daily.example.org/politics/parliament-passes-budget-after-all-night-session-123456",
				"https://daily.example.org/business/markets-rally-on-rate-hopes-123457",
				// Its HTML alternate, not the JSON one listed first.
				"https://daily.example.org/business/rail-strike-called-off-123458",
			},
			// An entry without <published> has no publication (gofeed would
			// give it its <updated>, the last edit), only its modification.
			published: []time.Time{time.Date(2024, 3, 15, 5, 0, 0, 0, time.UTC), {}},
			modified:  []time.Time{time.Date(2024, 3, 15, 11, 45, 0, 0, time.UTC), time.Date(2024, 3, 14, 20, 0, 0, 0, time.UTC)},
		},
		{
			name: "rdf latin-1", file: "rdf.xml", url: "https://www.example.de/rdf",
			want: []string{
				"https://www.example.de/politik/artikel/bundestag-beschliesst-haushalt-1234567.html",
				"https://www.example.de/wirtschaft/artikel/dax-steigt-1234568.html",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := readFixture(t, tt.file)
			if tt.gzipped {
				body = newstest.Gzipped(t, body)
			}
			got, err := Feed(body, tt.url)
			if err != nil {
				t.Fatal(err)
			}
			equalStrings(t, "urls", entryURLs(got), tt.want)
			for i, p := range tt.published {
				if i < len(got) && (!got[i].Published.Equal(p) || got[i].PublishedExact == p.IsZero()) {
					t.Errorf("item %d published %v (exact %v), want %v", i, got[i].Published, got[i].PublishedExact, p)
				}
			}
			for i, m := range tt.modified {
				if i < len(got) && !got[i].Modified.Equal(m) {
					t.Errorf("item %d modified %v, want %v", i, got[i].Modified, m)
				}
			}
		})
	}
}

func TestFeedDates(t *testing.T) {
	got, err := Feed(readFixture(t, "atom.xml"), "https://daily.example.org/feed.atom")
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2024, 3, 15, 11, 45, 0, 0, time.UTC); !got[0].Modified.Equal(want) {
		t.Errorf("modified = %v, want %v", got[0].Modified, want)
	}
	if got[0].Title != "Parliament passes budget after all-night session" {
		t.Errorf("title = %q", got[0].Title)
	}
}

func TestFeedInvalid(t *testing.T) {
	tests := []struct{ name, body string }{
		{"html page", "<!DOCTYPE html><html><body><p>Not a feed</p></body></html>"},
		{"empty", ""},
		{"truncated", `<?xml version="1.0"?><rss version="2.0"><channel><item><link>https://x.example/a`},
		{"garbage", "\x00\x01\x02 binary"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Feed([]byte(tt.body), "https://example.com/feed")
			if err == nil && len(got) > 0 {
				t.Errorf("got entries %v from %q", entryURLs(got), tt.name)
			}
		})
	}
}

func TestEntryChanged(t *testing.T) {
	since := time.Date(2024, 3, 15, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		e    Entry
		want bool
	}{
		{"no dates", Entry{}, true},
		{"modified after", Entry{Modified: since.Add(time.Hour)}, true},
		{"modified before", Entry{Modified: since.Add(-time.Hour)}, false},
		{"published after", Entry{Published: since.Add(time.Minute)}, true},
		{"equal", Entry{Modified: since}, false},
		{"published before modified after", Entry{Published: since.Add(-time.Hour), Modified: since.Add(time.Hour)}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.e.Changed(since); got != tt.want {
				t.Errorf("Changed = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestFeedBreaksOff: an RSS, RDF or Atom feed cut short or malformed
// part-way gives the links of the items before the break with the error.
func TestFeedBreaksOff(t *testing.T) {
	const rss = `<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>` +
		`<item><title>A</title><link>https://e.com/a</link></item>` +
		`<item><title>B</title><guid>https://e.com/b</guid></item>`
	const atom = `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>x</title>` +
		`<entry><title>A</title><link rel="self" href="https://e.com/self"/><link href="/a"/></entry>` +
		`<entry><title>B</title><link rel="alternate" href="https://e.com/b"/></entry>`
	const rdf = `<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">` +
		`<channel><title>x</title></channel><item><title>A</title><link>https://e.com/a</link></item>` +
		`<item><title>B</title><link>https://e.com/b</link></item>`
	for _, tc := range []struct{ name, body string }{
		{"rss cut", rss + `<item><title>C</title><link>https://e.co`},
		{"rss malformed", rss + `<item><title>1 < 2</title><link>https://e.com/c</link></item></channel></rss>`},
		{"atom cut", atom + `<entry><title>C`},
		{"rdf cut", rdf + `<item><ti`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			es, err := Feed([]byte(tc.body), "https://e.com/feed")
			got := entryURLs(es)
			if err == nil || len(got) < 2 || got[0] != "https://e.com/a" || got[1] != "https://e.com/b" {
				t.Errorf("Feed: %v, %v; want a and b first and an error", got, err)
			}
		})
	}
	if es, err := Feed([]byte(`<!DOCTYPE html><html><body><p>not a feed</p></body></html>`), "https://e.com/"); err == nil || len(es) != 0 {
		t.Errorf("an HTML page: %v, %v; want an error and no entry", es, err)
	}
}

// TestFeedBreaksOffKeepsDates: the items before a feed's break keep the
// dates they give, so an edited story they list is asked for again (they
// were read as undated, and an undated entry proves no change), in a
// feed whose declaration names another encoding too.
func TestFeedBreaksOffKeepsDates(t *testing.T) {
	updated := time.Date(2026, 11, 27, 9, 30, 0, 0, time.UTC)
	published := time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)
	for _, tc := range []struct{ name, body string }{
		{"atom", `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>x</title>` +
			`<entry><title>Edited</title><link href="/2026/11/20/edited"/><published>2026-11-20T08:00:00Z</published>` +
			`<updated>2026-11-27T09:30:00Z</updated></entry><entry><title>E2 when a < b</title></entry></feed>`},
		{"rss", `<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>x</title>` +
			`<item><title>Edited</title><link>https://e.com/2026/11/20/edited</link><pubDate>Fri, 20 Nov 2026 08:00:00 GMT</pubDate>` +
			`<dc:date>2026-11-27T09:30:00Z</dc:date></item><item><title>1 < 2</title></item></channel></rss>`},
		{"latin-1", "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss version=\"2.0\"><channel><title>Caf\xe9</title>" +
			"<item><title>Caf\xe9 \xe0 Paris</title><link>https://e.com/2026/11/20/edited</link><pubDate>Fri, 20 Nov 2026 08:00:00 GMT</pubDate>" +
			"</item><item><title>Cr\xe8me</title><link>https://e.com/b</link><pubDate>Fri, 27 Nov 2026 09:3"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			es, err := Feed([]byte(tc.body), "https://e.com/feed")
			if err == nil || len(es) != 1 {
				t.Fatalf("Feed: %+v, %v; want one entry and an error", es, err)
			}
			e := es[0]
			if e.URL != "https://e.com/2026/11/20/edited" || !e.Published.Equal(published) {
				t.Errorf("entry %+v; want the edited story published %v", e, published)
			}
			if tc.name == "latin-1" {
				if e.Title != "Café à Paris" {
					t.Errorf("title %q, want it decoded", e.Title)
				}
				return
			}
			if !e.Modified.Equal(updated) || !e.Unsettled(published.Add(time.Hour), updated.Add(time.Hour)) {
				t.Errorf("entry %+v: modified %v and unsettled by a fetch before it wanted", e, updated)
			}
		})
	}
}

// TestFeedPublishedExact: an item's publication is a moment to date its
// page by only when the feed gives its zone, in a form the feed parser
// reads the offset of.
func TestFeedPublishedExact(t *testing.T) {
	tests := []struct {
		pubDate string
		exact   bool
	}{
		{"Fri, 27 Nov 2026 18:30:00 +0900", true},
		{"Fri, 27 Nov 2026 18:30:00 GMT", true},
		{"Fri, 27 Nov 2026 04:30:00 EST", true},
		{"Fri, 27 Nov 2026 18:30 +0100", true},
		{"2026-11-27T18:30:00Z", true},
		{"2026-11-27T18:30:00.123+09:00", true},
		{"Fri, 27 Nov 2026 18:30:00", false},
		{"2026-11-27T18:30:00", false},
		{"2026-11-27", false},
		{"Fri, 27 Nov 2026", false},
		{"Fri, 27 Nov 2026 18:30:00 JST", false},
	}
	for _, tt := range tests {
		t.Run(tt.pubDate, func(t *testing.T) {
			body := `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><title>a</title>` +
				`<link>https://news.example/2026/11/27/story</link><pubDate>` + tt.pubDate + `</pubDate></item></channel></rss>`
			got, err := Feed([]byte(body), "https://news.example/rss")
			if err != nil || len(got) != 1 || got[0].Published.IsZero() {
				t.Fatalf("Feed = %+v, %v; want one dated item", got, err)
			}
			if got[0].PublishedExact != tt.exact {
				t.Errorf("PublishedExact = %v, want %v", got[0].PublishedExact, tt.exact)
			}
		})
	}
}

// TestFeedBurnerOrigLink: an item of a FeedBurner feed is the page its
// origLink names, on the site, not the feedproxy redirect it links to.
func TestFeedBurnerOrigLink(t *testing.T) {
	const ns = `xmlns:feedburner="http://rssnamespace.org/feedburner/ext/1.0"`
	feeds := map[string]string{
		"rss": `<?xml version="1.0"?><rss version="2.0" ` + ns + `><channel><title>t</title><item><title>a</title>` +
			`<link>http://feedproxy.google.com/~r/post/~3/q9Xk2LmZ1aE/story</link>` +
			`<feedburner:origLink>https://news.example/2026/11/27/story</feedburner:origLink></item></channel></rss>`,
		"atom": `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom" ` + ns + `><title>t</title><entry><title>a</title><id>1</id>` +
			`<link rel="alternate" type="text/html" href="http://feedproxy.google.com/~r/post/~3/q9Xk2LmZ1aE/story"/>` +
			`<feedburner:origLink>https://news.example/2026/11/27/story</feedburner:origLink></entry></feed>`,
	}
	for name, body := range feeds {
		t.Run(name, func(t *testing.T) {
			got, err := Feed([]byte(body), "http://feeds.feedburner.com/post")
			if err != nil {
				t.Fatal(err)
			}
			equalStrings(t, "urls", entryURLs(got), []string{"https://news.example/2026/11/27/story"})
		})
	}
}

// TestFeedLooseOffsets: a date whose offset the feed parser does not read
// (a one-digit hour, "GMT+5:30") dates its item, as the offset says; it
// left the item undated.
func TestFeedLooseOffsets(t *testing.T) {
	want := time.Date(2026, 11, 27, 4, 30, 0, 0, time.UTC)
	tests := []struct {
		name, item string
		want       time.Time
	}{
		{"pubDate +5:30", `<pubDate>Fri, 27 Nov 2026 10:00:00 +5:30</pubDate>`, want},
		{"pubDate +530", `<pubDate>Fri, 27 Nov 2026 10:00:00 +530</pubDate>`, want},
		{"pubDate GMT+5:30", `<pubDate>Fri, 27 Nov 2026 10:00:00 GMT+5:30</pubDate>`, want},
		{"pubDate -5", `<pubDate>Thu, 26 Nov 2026 23:30:00 -5</pubDate>`, want},
		{"pubDate without seconds", `<pubDate>Fri, 27 Nov 2026 10:00 +5:30</pubDate>`, want},
		{"dc:date +5:30", `<dc:date>2026-11-27T10:00:00+5:30</dc:date>`, want},
		{"an offset the parser reads", `<pubDate>Fri, 27 Nov 2026 10:00:00 +05:30</pubDate>`, want},
		{"no date in it", `<pubDate>Fri, 27 Nov 2026 +5:30</pubDate>`, time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := `<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>` +
				`<title>t</title><item><title>a</title><link>https://news.example/2026/11/27/story</link>` +
				tt.item + `</item></channel></rss>`
			got, err := Feed([]byte(body), "https://news.example/rss")
			if err != nil || len(got) != 1 {
				t.Fatalf("Feed = %+v, %v; want one item", got, err)
			}
			if !got[0].Published.Equal(tt.want) || got[0].PublishedExact == tt.want.IsZero() {
				t.Errorf("published %v (exact %v), want %v", got[0].Published, got[0].PublishedExact, tt.want)
			}
		})
	}
}

// TestFeedPermalinkOverHomeLink: an item whose link is the site's home page
// is the page its permalink GUID names on the same host; every item of
// such a feed was the home page.
func TestFeedPermalinkOverHomeLink(t *testing.T) {
	const story = "https://news.example/2026/11/27/ferry-returns"
	tests := []struct {
		name, item, want string
	}{
		{"a relative home link", `<link>/</link><guid isPermaLink="true">` + story + `</guid>`, story},
		{"an absolute home link, no isPermaLink", `<link>https://news.example/</link><guid>` + story + `</guid>`, story},
		{"a home link without its slash", `<link>https://news.example</link><guid>` + story + `</guid>`, story},
		{"a GUID not a permalink", `<link>/</link><guid isPermaLink="false">` + story + `</guid>`, "https://news.example/"},
		{"a GUID on another host", `<link>/</link><guid>https://other.example/2026/11/27/ferry-returns</guid>`, "https://news.example/"},
		{"a GUID that is the home page", `<link>/</link><guid>https://news.example/</guid>`, "https://news.example/"},
		{"an article link", `<link>/2026/11/27/bridge-opens</link><guid>` + story + `</guid>`, "https://news.example/2026/11/27/bridge-opens"},
		{"a home link with a query", `<link>/?p=42</link><guid>` + story + `</guid>`, "https://news.example/?p=42"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><title>a</title>` +
				tt.item + `</item></channel></rss>`
			got, err := Feed([]byte(body), "https://news.example/rss")
			if err != nil || len(got) != 1 || got[0].URL != tt.want {
				t.Errorf("Feed = %+v, %v; want %s", got, err, tt.want)
			}
		})
	}
}
