package crawler

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/crawler/discover"
)

// memBacklog keeps a source's backlog between runs, as the archive does.
type memBacklog struct {
	mu    sync.Mutex
	later []Later
}

func (b *memBacklog) Later(context.Context) ([]Later, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]Later(nil), b.later...), nil
}

func (b *memBacklog) KeepForLater(_ context.Context, later []Later) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.later = append([]Later(nil), later...)
	return len(later), nil
}

// TestCrawlCatchesUpWithWhatTheBudgetLeft: a sitemap index whose children
// never change lists more articles than a run's budget; run after run the
// crawl fetches the rest, each article once, and new articles still come
// first. They come once every child has been read (one a run, the first
// child of an index going as soon as the index is read): a child read
// for the first time lists stories as new to the archive as the feed's,
// and whichever listing is answered first takes the budget.
func TestCrawlCatchesUpWithWhatTheBudgetLeft(t *testing.T) {
	const children, perChild = 3, 30
	var mu sync.Mutex
	fresh := 0 // articles added to the feed since
	srv, hits := countingServer(t, func(w http.ResponseWriter, r *http.Request) {
		p := r.URL.Path
		switch {
		case p == "/sitemap_index.xml":
			w.Header().Set("Content-Type", "application/xml")
			fmt.Fprint(w, `<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
			for c := range children {
				fmt.Fprintf(w, `<sitemap><loc>/sitemaps/%d.xml</loc><lastmod>2024-03-15T08:00:00Z</lastmod></sitemap>`, c)
			}
			fmt.Fprint(w, `</sitemapindex>`)
		case strings.HasPrefix(p, "/sitemaps/"):
			var c int
			fmt.Sscanf(p, "/sitemaps/%d.xml", &c)
			w.Header().Set("Content-Type", "application/xml")
			fmt.Fprint(w, `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
			for i := range perChild {
				fmt.Fprintf(w, `<url><loc>/news/2024/03/15/archived-story-number-%d-%d</loc><lastmod>2024-03-15T08:00:00Z</lastmod></url>`, c, i)
			}
			fmt.Fprint(w, `</urlset>`)
		case p == "/feed.xml":
			mu.Lock()
			n := fresh
			mu.Unlock()
			w.Header().Set("Content-Type", "application/rss+xml")
			fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>`)
			for i := range n {
				fmt.Fprintf(w, `<item><title>New</title><link>http://%s/news/2026/11/26/fresh-story-number-%d</link></item>`, r.Host, i)
			}
			fmt.Fprint(w, `</channel></rss>`)
		case strings.HasPrefix(p, "/news/"):
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, articleHTML(2, p))
		default:
			http.NotFound(w, r)
		}
	})
	src := testSource()
	src.Sitemaps = []string{srv.URL + "/sitemap_index.xml"}
	src.Feeds = []string{srv.URL + "/feed.xml"}
	src.MaxPages = 20
	store, backlog := newMemStore(), &memBacklog{}
	opt := testOptions(src, store)
	opt.Backlog = backlog
	total := 0
	const freshRun = children
	for run := range 8 {
		if run == freshRun {
			for c := range children {
				if n := hits(fmt.Sprintf("/sitemaps/%d.xml", c)); n != 1 {
					t.Fatalf("before run %d: child %d read %d times, want once, a child a run", run, c, n)
				}
			}
			mu.Lock()
			fresh = 3
			mu.Unlock()
		}
		st := runCrawl(t, opt)
		total += int(st.New)
		for i := range 3 {
			if run == freshRun && hits(fmt.Sprintf("/news/2026/11/26/fresh-story-number-%d", i)) != 1 {
				t.Errorf("run %d: new article %d waited behind the backlog", run, i)
			}
		}
	}
	if want := children*perChild + 3; total != want {
		t.Errorf("%d articles archived over the runs, want all %d", total, want)
	}
	for c := range children {
		for i := range perChild {
			if n := hits(fmt.Sprintf("/news/2024/03/15/archived-story-number-%d-%d", c, i)); n != 1 {
				t.Errorf("story %d-%d fetched %d times, want once", c, i, n)
			}
		}
	}
}

// TestCrawlReadsNewestSitemapsFirst: the news sitemap an index lists
// after years of monthly ones is queued first, so that within max_pages
// it comes first (the order of a sitemap's stories: TestNewestFirst).
func TestCrawlReadsNewestSitemapsFirst(t *testing.T) {
	var mu sync.Mutex
	var order []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := r.URL.Path
		mu.Lock()
		order = append(order, p)
		mu.Unlock()
		w.Header().Set("Content-Type", "application/xml")
		switch {
		case p == "/sitemap_index.xml":
			fmt.Fprint(w, `<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>/sitemaps/2019-01.xml</loc><lastmod>2019-02-01</lastmod></sitemap>
<sitemap><loc>/sitemaps/2019-02.xml</loc><lastmod>2019-03-01</lastmod></sitemap>
<sitemap><loc>/sitemaps/news.xml</loc><lastmod>2026-11-26T08:00:00Z</lastmod></sitemap></sitemapindex>`)
		case p == "/sitemaps/news.xml":
			fmt.Fprint(w, `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>/news/2026/11/25/yesterdays-news-story</loc><lastmod>2026-11-25T08:00:00Z</lastmod></url>
<url><loc>/news/2026/11/26/todays-news-story</loc><lastmod>2026-11-26T08:00:00Z</lastmod></url></urlset>`)
		case strings.HasPrefix(p, "/sitemaps/2019"):
			fmt.Fprint(w, `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>`)
		case strings.HasPrefix(p, "/news/"):
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, articleHTML(2, p))
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	src := testSource()
	src.Sitemaps = []string{srv.URL + "/sitemap_index.xml"}
	// The budget is spent in the order pages are queued, so a budget of
	// the index and one child shows which child was queued first, however
	// the requests race for the host's turn.
	src.MaxPages = 2
	runCrawl(t, testOptions(src, newMemStore()))
	mu.Lock()
	defer mu.Unlock()
	var children []string
	for _, p := range order {
		if strings.HasPrefix(p, "/sitemaps/") {
			children = append(children, p)
		}
	}
	if !slices.Equal(children, []string{"/sitemaps/news.xml"}) {
		t.Errorf("children asked within a budget of one: %v; want the newest, /sitemaps/news.xml", children)
	}
}

func TestNewestFirst(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2026, 11, d, 8, 0, 0, 0, time.UTC) }
	entries := []discover.Entry{
		{URL: "undated-1"}, {URL: "old", Modified: day(1)}, {URL: "undated-2"},
		{URL: "newest", Published: day(26)}, {URL: "middle", Modified: day(10), Published: day(2)},
	}
	newestFirst(entries)
	var got []string
	for _, e := range entries {
		got = append(got, e.URL)
	}
	if want := []string{"newest", "middle", "old", "undated-1", "undated-2"}; !slices.Equal(got, want) {
		t.Errorf("order %v, want %v", got, want)
	}
}
