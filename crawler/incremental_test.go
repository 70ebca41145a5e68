package crawler

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
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
			if notModified(w, r, `"v1"`) {
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

// TestCrawlRefresh runs a source with a refresh period at moments after
// its first run: an archived article is asked for again while younger
// than the period, each time its age has doubled since it was last asked
// for, and never once older.
func TestCrawlRefresh(t *testing.T) {
	tests := []struct {
		name    string
		refresh time.Duration
		runs    []time.Duration // when the later runs start, after the first
		want    int             // requests of the old article over all runs
	}{
		{"off", 0, []time.Duration{time.Hour, 48 * time.Hour}, 1},
		{"young", 24 * time.Hour, []time.Duration{time.Hour}, 2},
		{"older than the period", 24 * time.Hour, []time.Duration{25 * time.Hour}, 1},
		// Asked at 1h (age doubled from 0), 2h and 4h; not at 90m, 3h
		// or 5h (its age has not about doubled since), nor at 30h (too old).
		{"backs off", 24 * time.Hour, []time.Duration{
			time.Hour, 90 * time.Minute, 2 * time.Hour, 3 * time.Hour, 4 * time.Hour, 5 * time.Hour, 30 * time.Hour}, 4},
		// The look at 1h came 5 minutes late in its run: the run at 2h
		// still looks again.
		{"late look", 24 * time.Hour, []time.Duration{65 * time.Minute, 2 * time.Hour}, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			site := newListedSite(t)
			store := newMemStore()
			src := testSource()
			src.Sitemaps = []string{site.URL + "/sitemap.xml"}
			src.MaxDepth = 0
			src.Refresh = tt.refresh
			runsAt(t, testOptions(src, store), store, append([]time.Duration{0}, tt.runs...))
			site.mu.Lock()
			defer site.mu.Unlock()
			if got := site.hits[oldPath]; got != tt.want {
				t.Errorf("%d requests, want %d", got, tt.want)
			}
		})
	}
}

// runsAt crawls once at each offset from now, the crawl's and the store's
// clocks set to it.
func runsAt(t *testing.T, opt Options, store *memStore, offsets []time.Duration) {
	t.Helper()
	start := time.Now()
	for _, later := range offsets {
		at := start.Add(later)
		opt.Now = func() time.Time { return at }
		store.now = opt.Now
		runCrawl(t, opt)
	}
}

// countingServer serves handle on 127.0.0.1 for the test and counts the
// requests of each path.
func countingServer(t *testing.T, handle http.HandlerFunc) (*httptest.Server, func(path string) int) {
	var mu sync.Mutex
	hits := map[string]int{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hits[r.URL.Path]++
		mu.Unlock()
		handle(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv, func(path string) int {
		mu.Lock()
		defer mu.Unlock()
		return hits[path]
	}
}

// TestCrawlLeavesGonePagesAlone: an article that answered 404 or 410, or
// redirected to another site outside the source's scope, is not asked for
// again by the next runs, until GoneRecheck has passed.
func TestCrawlLeavesGonePagesAlone(t *testing.T) {
	elsewhere := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("a host outside allow was asked for %s", r.URL)
	}))
	t.Cleanup(elsewhere.Close)
	srv, hits := countingServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/":
			fmt.Fprint(w, `<html><body><a href="/news/2026/03/01/removed-story">gone</a> <a href="/news/2026/03/01/pulled-story">pulled</a>
<a href="/news/2026/03/01/moved-story">moved</a></body></html>`)
		case "/news/2026/03/01/removed-story":
			http.NotFound(w, r)
		case "/news/2026/03/01/pulled-story":
			http.Error(w, "gone", http.StatusGone)
		case "/news/2026/03/01/moved-story":
			http.Redirect(w, r, elsewhere.URL+"/2026/03/01/moved-story", http.StatusMovedPermanently)
		default:
			http.NotFound(w, r)
		}
	})
	store := newMemStore()
	src := testSource()
	src.Start = []string{srv.URL + "/"}
	runsAt(t, testOptions(src, store), store, []time.Duration{0, time.Hour, 48 * time.Hour, GoneRecheck + time.Hour})
	for _, p := range []string{"/news/2026/03/01/removed-story", "/news/2026/03/01/pulled-story", "/news/2026/03/01/moved-story"} {
		if n := hits(p); n != 2 {
			t.Errorf("%s requested %d times over 4 runs, want 2 (the first, and once %v later)", p, n, GoneRecheck)
		}
	}
	if n := hits("/"); n != 4 {
		t.Errorf("start page requested %d times, want every run", n)
	}
}

func TestCrawlSitemapIndexSkipsUnchangedChildren(t *testing.T) {
	srv, hits := countingServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/xml")
		switch r.URL.Path {
		case "/sitemap_index.xml":
			fmt.Fprintf(w, `<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>/sitemaps/2019-01.xml</loc><lastmod>2019-02-01</lastmod></sitemap>
<sitemap><loc>/sitemaps/latest.xml</loc><lastmod>%s</lastmod></sitemap>
<sitemap><loc>/sitemaps/today.xml</loc><lastmod>%s</lastmod></sitemap></sitemapindex>`,
				time.Now().Add(time.Hour).UTC().Format(time.RFC3339), time.Now().UTC().Format(time.DateOnly))
		case "/sitemaps/2019-01.xml", "/sitemaps/latest.xml", "/sitemaps/today.xml":
			fmt.Fprint(w, `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>`)
		default:
			http.NotFound(w, r)
		}
	})
	src := testSource()
	src.Sitemaps = []string{srv.URL + "/sitemap_index.xml"}
	opt := testOptions(src, newMemStore())
	runCrawl(t, opt)
	runCrawl(t, opt)
	old, latest, index := hits("/sitemaps/2019-01.xml"), hits("/sitemaps/latest.xml"), hits("/sitemap_index.xml")
	if old != 1 || latest != 2 || index != 2 {
		t.Errorf("requests: unchanged child %d, changed child %d, index %d; want the unchanged child once, the changed child and the index twice",
			old, latest, index)
	}
	// Dated by its day alone, a child read this morning may have changed
	// this afternoon: it is asked for again.
	if today := hits("/sitemaps/today.xml"); today != 2 {
		t.Errorf("child dated today requested %d times, want 2", today)
	}
}

// TestCrawlSettlesALastmodBumpWith304: a sitemap that moves an article's
// lastmod without changing the page gets one conditional request, answered
// 304, and no more in the runs after.
func TestCrawlSettlesALastmodBumpWith304(t *testing.T) {
	var mu sync.Mutex
	lastmod := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	var statuses []int
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		switch r.URL.Path {
		case "/sitemap.xml":
			w.Header().Set("Content-Type", "application/xml")
			fmt.Fprintf(w, `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`+
				`<url><loc>%s</loc><lastmod>%s</lastmod></url></urlset>`, oldPath, lastmod.Format(time.RFC3339))
		case oldPath:
			if notModified(w, r, `"v1"`) {
				statuses = append(statuses, http.StatusNotModified)
				return
			}
			statuses = append(statuses, http.StatusOK)
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, articleHTML(2, r.URL.Path))
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	src := testSource()
	src.Sitemaps = []string{srv.URL + "/sitemap.xml"}
	src.MaxDepth = 0
	store := newMemStore()
	opt := testOptions(src, store)
	start := time.Now()
	runsAt(t, opt, store, []time.Duration{0})
	mu.Lock()
	lastmod = start.Add(time.Hour).UTC() // bumped after the first run's fetch
	mu.Unlock()
	runsAt(t, opt, store, []time.Duration{2 * time.Hour, 3 * time.Hour, 4 * time.Hour})
	mu.Lock()
	defer mu.Unlock()
	if !slices.Equal(statuses, []int{200, 304}) {
		t.Errorf("the article answered %v over four runs, want [200 304]", statuses)
	}
}

// TestCrawlNewArticlesBeforeRefreshes: on a budget too small for both, a
// run fetches the new articles its sitemap lists before it looks again at
// archived ones its refresh period makes due, which get what is left.
func TestCrawlNewArticlesBeforeRefreshes(t *testing.T) {
	var mu sync.Mutex
	listed := 6
	hits := map[string]int{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		hits[r.URL.Path]++
		if r.URL.Path == "/sitemap.xml" {
			w.Header().Set("Content-Type", "application/xml")
			fmt.Fprint(w, `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
			for i := range listed {
				fmt.Fprintf(w, `<url><loc>/news/2026/03/01/story-%d</loc></url>`, i)
			}
			fmt.Fprint(w, `</urlset>`)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, articleHTML(2, r.URL.Path))
	}))
	t.Cleanup(srv.Close)
	src := testSource()
	src.Sitemaps = []string{srv.URL + "/sitemap.xml"}
	src.MaxDepth = 0
	src.Refresh = 24 * time.Hour
	store := newMemStore()
	opt := testOptions(src, store)
	runsAt(t, opt, store, []time.Duration{0}) // archives stories 0-5
	mu.Lock()
	listed = 10 // stories 6-9 are new
	mu.Unlock()
	// The sitemap, the 4 new stories and 2 of the 6 refreshes due.
	opt.Source.MaxPages = 7
	runsAt(t, opt, store, []time.Duration{time.Hour})
	mu.Lock()
	defer mu.Unlock()
	refreshed := 0
	for i := range 10 {
		n := hits[fmt.Sprintf("/news/2026/03/01/story-%d", i)]
		switch {
		case i >= 6 && n != 1:
			t.Errorf("new story %d fetched %d times, want once", i, n)
		case i < 6 && n == 2:
			refreshed++
		}
	}
	if refreshed != 2 {
		t.Errorf("%d archived stories looked at again, want the 2 the budget leaves", refreshed)
	}
}

// TestCrawlListingDatesSettle: a listing's date later than the listing
// itself (a lastmod of 2030, a clock ahead) and a local time without its
// zone (a site at UTC+9) cost at most one more request each, not one a
// run: the first is taken as the listing's fetch, or dropped when no
// clock can be that far ahead; the second is read as any moment from
// UTC+14 to UTC-12, and asked for once more when all have passed.
func TestCrawlListingDatesSettle(t *testing.T) {
	const (
		future  = "/news/2026/11/01/dated-2030-in-a-static-sitemap"
		ahead   = "/news/2026/11/02/dated-an-hour-ahead-in-a-static-sitemap"
		live    = "/news/2026/11/03/dated-2030-in-a-live-sitemap"
		tokyo   = "/news/2026/11/04/dated-in-tokyo-time-without-a-zone"
		settled = "/news/2026/11/05/dated-last-week"
	)
	start := time.Now()
	urlset := func(host string, entries ...string) string {
		var b strings.Builder
		b.WriteString(`<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
		for i := 0; i < len(entries); i += 2 {
			fmt.Fprintf(&b, `<url><loc>http://%s%s</loc><lastmod>%s</lastmod></url>`, host, entries[i], entries[i+1])
		}
		return b.String() + `</urlset>`
	}
	var mu sync.Mutex
	served := 0
	srv, hits := countingServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/xml")
		switch r.URL.Path {
		case "/static.xml": // answers 304 to every run after the first
			if notModified(w, r, `"s1"`) {
				return
			}
			fmt.Fprint(w, urlset(r.Host, future, "2030-01-01T00:00:00Z",
				ahead, start.Add(time.Hour).UTC().Format(time.RFC3339),
				settled, start.Add(-7*24*time.Hour).UTC().Format(time.RFC3339)))
		case "/live.xml": // another body every run
			mu.Lock()
			served++
			n := served
			mu.Unlock()
			fmt.Fprintf(w, "<!-- %d -->", n)
			fmt.Fprint(w, urlset(r.Host, live, "2030-01-01T00:00:00Z",
				tokyo, start.Add(9*time.Hour).UTC().Format("2006-01-02T15:04:05")))
		case future, ahead, live, tokyo, settled:
			if notModified(w, r, `"a1"`) {
				return
			}
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, articleHTML(2, r.URL.Path))
		default:
			http.NotFound(w, r)
		}
	})
	src := testSource()
	src.Sitemaps = []string{srv.URL + "/static.xml", srv.URL + "/live.xml"}
	src.MaxDepth = 0
	store := newMemStore()
	opt := testOptions(src, store)
	// Hourly runs; UTC-12's reading of the Tokyo time (start+9h, read as
	// UTC) is start+21h: the run at 22h asks once more.
	runsAt(t, opt, store, []time.Duration{0, time.Hour, 2 * time.Hour, 3 * time.Hour, 22 * time.Hour, 23 * time.Hour})
	want := map[string]int{future: 1, ahead: 1, live: 1, tokyo: 2, settled: 1, "/live.xml": 6}
	for path, n := range want {
		if got := hits(path); got != n {
			t.Errorf("%s requested %d times over six runs, want %d", path, got, n)
		}
	}
}

// TestCrawlAsksCurrentChildSitemapsAgain: an index's stale lastmod does
// not hide what its current children list. A child dated within two days,
// one whose stored copy is a Google News sitemap and, once a day, one
// dated within 30 days are asked for again (conditionally) though the
// index dates them before the last answer; an archive's past is not, so
// an index of many old children costs no more than its current ones.
func TestCrawlAsksCurrentChildSitemapsAgain(t *testing.T) {
	const (
		oldChildren = 120 // more than a run looks at for a news sitemap
		story       = "/news/2026/11/27/only-in-the-news-sitemap"
	)
	start := time.Now().UTC()
	var mu sync.Mutex
	newsServed := 0
	srv, hits := countingServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/xml")
		w.Header().Set("ETag", `"v1"`)
		switch {
		case r.URL.Path == "/sitemap_index.xml":
			var b strings.Builder
			b.WriteString(`<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
			child := func(path string, lastmod time.Time) {
				fmt.Fprintf(&b, `<sitemap><loc>/sitemaps/%s.xml</loc><lastmod>%s</lastmod></sitemap>`, path, lastmod.Format(time.RFC3339))
			}
			child("news", start.Add(-10*24*time.Hour)) // left stale
			child("current", start.Add(-time.Hour))
			child("recent", start.Add(-10*24*time.Hour))
			for i := range oldChildren {
				child(fmt.Sprintf("2019-%03d", i), time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i)*time.Hour))
			}
			b.WriteString(`</sitemapindex>`)
			fmt.Fprint(w, b.String())
		case r.URL.Path == "/sitemaps/news.xml":
			mu.Lock()
			newsServed++
			n := newsServed
			mu.Unlock()
			w.Header().Set("ETag", fmt.Sprintf(`"n%d"`, n))
			fmt.Fprint(w, `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" `+
				`xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">`)
			if n > 1 {
				fmt.Fprintf(w, `<url><loc>%s</loc><news:news><news:publication_date>%s</news:publication_date>`+
					`<news:title>New</news:title></news:news></url>`, story, start.Format(time.RFC3339))
			}
			fmt.Fprint(w, `</urlset>`)
		case strings.HasPrefix(r.URL.Path, "/sitemaps/"):
			if r.Header.Get("If-None-Match") == `"v1"` {
				w.WriteHeader(http.StatusNotModified)
				return
			}
			fmt.Fprint(w, `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>`)
		case r.URL.Path == story:
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, articleHTML(2, r.URL.Path))
		default:
			http.NotFound(w, r)
		}
	})
	src := testSource()
	src.Sitemaps = []string{srv.URL + "/sitemap_index.xml"}
	src.MaxPages = 1000
	store := newMemStore()
	opt := testOptions(src, store)
	runsAt(t, opt, store, []time.Duration{0, time.Hour, 2 * time.Hour, 26 * time.Hour})
	want := map[string]int{
		"/sitemaps/news.xml":    4, // its stored copy a news sitemap
		"/sitemaps/current.xml": 4, // dated within two days
		"/sitemaps/recent.xml":  2, // dated within 30 days: once a day
		story:                   1,
	}
	for path, n := range want {
		if got := hits(path); got != n {
			t.Errorf("%s requested %d times over four runs, want %d", path, got, n)
		}
	}
	for i := range oldChildren {
		if p := fmt.Sprintf("/sitemaps/2019-%03d.xml", i); hits(p) != 1 {
			t.Fatalf("%s requested %d times over four runs, want once", p, hits(p))
		}
	}
}
