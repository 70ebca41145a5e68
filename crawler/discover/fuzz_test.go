package discover

import (
	"net/url"
	"testing"
)

// FuzzDocuments feeds arbitrary bytes to every parser of the package: none
// may panic, and every URL they return must be absolute and normalised.
func FuzzDocuments(f *testing.F) {
	for _, name := range []string{"page.html", "rss2.xml", "atom.xml", "sitemap_news.xml", "sitemap_index.xml", "robots.txt", "sitemap.txt"} {
		f.Add(readFixture(f, name))
	}
	f.Add([]byte(`<noscript><a href="/a">a</a><noscript><a href="/b">b</noscript></noscript><a href=/c>`))
	f.Add([]byte(`<link rel="next" href="/p/2"><meta name="robots" content="nofollow"><script type="application/ld+json">` +
		`{"@graph":[{"@type":"ItemList","itemListElement":[{"url":"/a"},{"item":{"@id":"/b"}},"/c"]}]}</script>`))
	f.Fuzz(func(t *testing.T, body []byte) {
		const base = "https://www.example.com/world/"
		pl := Links(body, base)
		checkURLs(t, pl.Links)
		checkURLs(t, pl.Feeds)
		es, _ := Feed(body, base)
		checkURLs(t, entryURLs(es))
		if sm, _ := ParseSitemap(body, base, SitemapLimits{MaxBytes: 1 << 20}); sm != nil {
			checkURLs(t, entryURLs(sm.URLs))
			checkURLs(t, entryURLs(sm.Sitemaps))
		}
		r, _ := ParseRobots(200, body, ourUA)
		r.Allowed(&url.URL{Path: "/x"})
		checkURLs(t, r.Sitemaps(&url.URL{Scheme: "https", Host: "example.com", Path: "/robots.txt"}))
	})
}

// FuzzURL checks that judging any URL never panics.
func FuzzURL(f *testing.F) {
	for _, s := range []string{"https://example.com/2024/03/15/a-b-c-d", "https://x/(S(aaaaaaaaaaaaaaaaaaaaaaaaa))/", "http://e.com/calendar?m=1800"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		u, err := url.Parse(raw)
		if err != nil {
			return
		}
		Classify(u, nil)
		_ = TrapRules{}.Check(u)
		NewScope([]string{raw}, nil, nil).Allows(raw)
	})
}

func checkURLs(t *testing.T, urls []string) {
	t.Helper()
	for _, u := range urls {
		p, err := url.Parse(u)
		if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
			t.Errorf("returned a URL that is not absolute http(s): %q", u)
		}
	}
}
