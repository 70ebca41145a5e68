package crawler

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

// listedSite serves a sitemap of two articles: one whose lastmod is long
// past, one whose lastmod is always in the future (it keeps changing).
type listedSite struct {
	*httptest.Server
	mu   sync.Mutex
	hits map[string]int
	cond map[string]int
}

const (
	oldPath     = "/news/2024/03/01/an-old-story-that-never-changes"
	changingURL = "/news/2024/03/15/a-live-story-that-keeps-changing"
)

func newListedSite(t *testing.T) *listedSite {
	t.Helper()
	s := &listedSite{hits: map[string]int{}, cond: map[string]int{}}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.hits[r.URL.Path]++
		if r.Header.Get("If-None-Match") != "" {
			s.cond[r.URL.Path]++
		}
		s.mu.Unlock()
		switch r.URL.Path {
		case "/sitemap.xml":
			w.Header().Set("Content-Type", "application/xml")
			fmt.Fprint(w, `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
			fmt.Fprintf(w, `<url><loc>%s</loc><lastmod>2024-03-01</lastmod></url>`, oldPath)
			fmt.Fprintf(w, `<url><loc>%s</loc><lastmod>%s</lastmod></url></urlset>`, changingURL,
				time.Now().Add(time.Hour).UTC().Format(time.RFC3339))
		case oldPath, changingURL:
			w.Header().Set("ETag", `"v1"`)
			if r.Header.Get("If-None-Match") == `"v1"` {
				w.WriteHeader(http.StatusNotModified)
				return
			}
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, articleHTML(2, r.URL.Path))
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(s.Close)
	return s
}

func TestCrawlSitemapLastmodDecidesRefetch(t *testing.T) {
	site := newListedSite(t)
	store := newMemStore()
	src := testSource()
	src.Sitemaps = []string{site.URL + "/sitemap.xml"}
	src.MaxDepth = 0
	opt := testOptions(src, store)
	runCrawl(t, opt)
	second := runCrawl(t, opt)

	site.mu.Lock()
	defer site.mu.Unlock()
	if site.hits[oldPath] != 1 {
		t.Errorf("unchanged article fetched %d times, want 1", site.hits[oldPath])
	}
	if site.hits[changingURL] != 2 || site.cond[changingURL] != 1 {
		t.Errorf("changed article: %d requests, %d conditional; want 2 and 1", site.hits[changingURL], site.cond[changingURL])
	}
	if second.NotChanged != 1 {
		t.Errorf("second run %+v: want the conditional re-fetch answered 304", second)
	}
}

func TestCrawlRefresh(t *testing.T) {
	tests := []struct {
		name    string
		refresh time.Duration
		later   time.Duration // how long after the first run the second runs
		want    int           // requests of the old article over both runs
	}{
		{"off", 0, 48 * time.Hour, 1},
		{"not yet due", 24 * time.Hour, time.Hour, 1},
		{"due", 24 * time.Hour, 25 * time.Hour, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			site := newListedSite(t)
			store := newMemStore()
			src := testSource()
			src.Sitemaps = []string{site.URL + "/sitemap.xml"}
			src.MaxDepth = 0
			src.Refresh = tt.refresh
			opt := testOptions(src, store)
			runCrawl(t, opt)
			opt.Now = func() time.Time { return time.Now().Add(tt.later) }
			runCrawl(t, opt)
			site.mu.Lock()
			defer site.mu.Unlock()
			if got := site.hits[oldPath]; got != tt.want {
				t.Errorf("%d requests, want %d", got, tt.want)
			}
		})
	}
}

func TestCrawlSitemapIndexSkipsUnchangedChildren(t *testing.T) {
	var mu sync.Mutex
	hits := map[string]int{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hits[r.URL.Path]++
		mu.Unlock()
		w.Header().Set("Content-Type", "application/xml")
		switch r.URL.Path {
		case "/sitemap_index.xml":
			fmt.Fprintf(w, `<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>/sitemaps/2019-01.xml</loc><lastmod>2019-02-01</lastmod></sitemap>
<sitemap><loc>/sitemaps/latest.xml</loc><lastmod>%s</lastmod></sitemap></sitemapindex>`,
				time.Now().Add(time.Hour).UTC().Format(time.RFC3339))
		case "/sitemaps/2019-01.xml", "/sitemaps/latest.xml":
			fmt.Fprint(w, `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>`)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	src := testSource()
	src.Sitemaps = []string{srv.URL + "/sitemap_index.xml"}
	opt := testOptions(src, newMemStore())
	runCrawl(t, opt)
	runCrawl(t, opt)
	mu.Lock()
	defer mu.Unlock()
	if hits["/sitemaps/2019-01.xml"] != 1 || hits["/sitemaps/latest.xml"] != 2 || hits["/sitemap_index.xml"] != 2 {
		t.Errorf("requests %v: want the unchanged child once, the changed child and the index twice", hits)
	}
}
