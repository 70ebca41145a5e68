package crawler

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestCrawlListingQuirks: feeds and sitemaps written as real sites write
// them (testdata/listings, where SITE stands for the site's address) name
// their stories at the addresses the site gives them, dated as the
// listing dates them.
func TestCrawlListingQuirks(t *testing.T) {
	tests := []struct {
		name, file, contentType string
		// via is how the crawl finds the file: "feed" or "sitemap" (so
		// configured), "start" (a page to start from) or "robots" (named
		// by the robots.txt file robots).
		via, robots string
		// listed are the stories the listing (or page) names, each with the
		// publication it gives (zero: none the crawler may take as one).
		listed map[string]time.Time
	}{
		{
			name: "UTF-8 feed declaring ISO-8859-1", file: "rss_utf8_declared_latin1.xml", contentType: "application/rss+xml", via: "feed",
			listed: map[string]time.Time{
				"/news/2026/11/27/münchen-tramlinie-eröffnet": time.Date(2026, 11, 27, 7, 0, 0, 0, time.UTC),
				"/news/2026/11/27/café-am-markt":              time.Date(2026, 11, 27, 6, 30, 0, 0, time.UTC),
			},
		},
		{
			// A time without its zone, a day, or a zone the parser gives no
			// offset are no moment to date a page by.
			name: "feed dates without their zone", file: "rss_dates_without_zone.xml", contentType: "application/rss+xml", via: "feed",
			listed: map[string]time.Time{
				"/news/2026/11/27/ferry-timetable-changes": {},
				"/news/2026/11/27/fish-market-new-hall":    {},
				"/news/2026/11/27/lighthouse-restored":     {},
				"/news/2026/11/27/harbour-wall-repairs":    time.Date(2026, 11, 27, 9, 30, 0, 0, time.UTC),
				"/news/2026/11/27/night-market-returns":    time.Date(2026, 11, 27, 9, 30, 0, 0, time.UTC),
			},
		},
		{
			name: "News sitemap dates as CMSs write them", file: "news_sitemap_cms_dates.xml", contentType: "application/xml",
			via: "sitemap",
			listed: map[string]time.Time{
				"/news/story.php":                       time.Date(2026, 11, 27, 9, 15, 0, 0, time.UTC),
				"/news/2026/11/27/fish-market-new-hall": time.Date(2026, 11, 27, 9, 15, 0, 0, time.UTC),
				"/news/2026/11/27/lighthouse-restored":  time.Date(2026, 11, 27, 9, 45, 0, 0, time.UTC),
				"/news/2026/11/27/harbour-wall-repairs": {}, // a day is no moment
			},
		},
		{
			name: "UTF-8 sitemap declaring ISO-8859-1", file: "sitemap_utf8_declared_latin1.xml", contentType: "text/xml",
			via:    "sitemap",
			listed: map[string]time.Time{"/news/2026/11/27/straßenfest-abgesagt": {}},
		},
		{
			name: "robots.txt with a space before each colon", file: "sitemap_robots.xml", contentType: "application/xml",
			via: "robots", robots: "robots_space_before_colon.txt",
			listed: map[string]time.Time{"/news/2026/11/27/ferry-timetable-changes": {}},
		},
		{
			name: "feed after a PHP warning", file: "rss_after_php_warning.xml", contentType: "application/rss+xml; charset=UTF-8",
			via: "feed",
			listed: map[string]time.Time{
				"/news/2026/11/27/ferry-timetable-changes/": time.Date(2026, 11, 27, 9, 15, 0, 0, time.UTC),
				"/news/2026/11/27/fish-market-new-hall/":    time.Date(2026, 11, 27, 8, 40, 0, 0, time.UTC),
			},
		},
		{
			name: "sitemap after a PHP notice", file: "sitemap_after_php_notice.xml", contentType: "text/xml; charset=UTF-8",
			via: "sitemap",
			listed: map[string]time.Time{
				"/news/2026/11/27/lighthouse-restored/":  {},
				"/news/2026/11/27/harbour-wall-repairs/": {},
			},
		},
		{
			name: "FeedBurner feed", file: "rss_feedburner.xml", contentType: "text/xml; charset=UTF-8",
			via: "feed",
			listed: map[string]time.Time{
				"/news/2026/11/27/ferry-timetable-changes": time.Date(2026, 11, 27, 9, 15, 0, 0, time.UTC),
				"/news/2026/11/27/fish-market-new-hall":    time.Date(2026, 11, 27, 8, 40, 0, 0, time.UTC),
			},
		},
		{
			name: "sitemap with HTML entities", file: "sitemap_html_entities.xml", contentType: "application/xml",
			via: "sitemap",
			listed: map[string]time.Time{
				"/news/2026/11/27/café-am-hafen-eröffnet": time.Date(2026, 11, 27, 8, 15, 0, 0, time.UTC),
				"/news/2026/11/27/straßenfest-abgesagt":   time.Date(2026, 11, 27, 7, 40, 0, 0, time.UTC),
			},
		},
		{
			name: "section page with wrapped links", file: "section_wrapped_links.html", contentType: "text/html; charset=utf-8",
			via: "start",
			listed: map[string]time.Time{
				"/news/2026/11/27/ferry-timetable-changes-from-monday-as-winter-service-begins": {},
				"/news/2026/11/27/fish-market-opens-its-new-hall-on-the-quay":                   {},
				"/news/2026/11/27/lighthouse-restored":                                          {},
				"/news/2026/11/27/harbour-wall-repairs":                                         {},
				"/news/2026/11/27/night-market-returns":                                         {},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, requested := listingSite(t, tt.file, tt.contentType, tt.robots)
			src := testSource(srv.URL + "/")
			switch tt.via {
			case "start":
				src.Start = []string{srv.URL + "/" + tt.file}
			case "sitemap":
				src.Sitemaps = []string{srv.URL + "/" + tt.file}
			case "feed":
				src.Feeds = []string{srv.URL + "/" + tt.file}
			}
			store := newMemStore()
			runCrawl(t, testOptions(src, store))
			var want []string
			for p := range tt.listed {
				want = append(want, p)
			}
			slices.Sort(want)
			if got := requested(); !slices.Equal(got, want) {
				t.Errorf("stories requested:\n got %q\nwant %q", got, want)
			}
			for _, r := range store.records {
				p := strings.TrimPrefix(r.URL, srv.URL)
				if listed, ok := tt.listed[mustParse(r.URL).Path]; ok && !r.Listed.Equal(listed) {
					t.Errorf("%s listed as published %v, want %v", p, r.Listed, listed)
				}
			}
		})
	}
}

// listingSite serves the listing testdata/listings/file as contentType,
// SITE in it standing for the site's address and HOST for its host, the
// robots.txt testdata/listings/robots when it is not "", and a story at
// every path under /news/. requested lists the story paths asked for,
// sorted.
func listingSite(t *testing.T, file, contentType, robots string) (srv *httptest.Server, requested func() []string) {
	t.Helper()
	listing := readListing(t, file)
	robotsTxt := readListing(t, robots)
	var (
		mu      sync.Mutex
		stories []string
	)
	srv, _ = countingServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/"+file:
			w.Header().Set("Content-Type", contentType)
			w.Write(onHost(listing, r.Host))
		case r.URL.Path == "/robots.txt" && robotsTxt != nil:
			w.Header().Set("Content-Type", "text/plain")
			w.Write(onHost(robotsTxt, r.Host))
		case strings.HasPrefix(r.URL.Path, "/news/"):
			mu.Lock()
			stories = append(stories, r.URL.Path)
			mu.Unlock()
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, articleHTML(1, strings.TrimSuffix(r.URL.Path, "/")))
		case r.URL.Path == "/":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, "<html><body><h1>Front page</h1></body></html>")
		default:
			http.NotFound(w, r)
		}
	})
	return srv, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return slices.Sorted(slices.Values(stories))
	}
}

// readListing reads testdata/listings/file, nil for no file.
func readListing(t *testing.T, file string) []byte {
	t.Helper()
	if file == "" {
		return nil
	}
	b, err := os.ReadFile(filepath.Join("testdata", "listings", file))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// onHost is a fixture with SITE standing for the address of host, and
// HOST for host.
func onHost(fixture []byte, host string) []byte {
	return []byte(strings.NewReplacer("SITE", "http://"+host, "HOST", host).Replace(string(fixture)))
}
