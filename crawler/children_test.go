package crawler

import (
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/crawler/discover"
)

// dailySitemapSite is a news site whose robots.txt names an index of one
// child sitemap a day going back children days, each listing perChild
// stories of its day. It records the paths asked for, in order.
type dailySitemapSite struct {
	URL  string
	hits func(path string) int

	mu    sync.Mutex
	order []string
}

func newDailySitemapSite(t *testing.T, children, perChild int) *dailySitemapSite {
	t.Helper()
	s := &dailySitemapSite{}
	today := time.Now().UTC().Truncate(time.Hour)
	serve := indexSite("day", func(w io.Writer) {
		// Oldest first, as many sites list them.
		for c := children - 1; c >= 0; c-- {
			fmt.Fprintf(w, `<sitemap><loc>/sitemaps/day-%03d.xml</loc><lastmod>%s</lastmod></sitemap>`,
				c, today.AddDate(0, 0, -c).Format(time.RFC3339))
		}
	}, func(w io.Writer, c int) {
		for i := range perChild {
			fmt.Fprintf(w, `<url><loc>%s</loc><lastmod>%s</lastmod></url>`, dailyStory(c, i),
				today.AddDate(0, 0, -c).Add(-time.Duration(i)*time.Minute).Format(time.RFC3339))
		}
	})
	srv, hits := countingServer(t, func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.order = append(s.order, r.URL.Path)
		s.mu.Unlock()
		serve(w, r)
	})
	s.URL, s.hits = srv.URL, hits
	return s
}

// indexSite serves a news site whose robots.txt names the sitemap index
// /sitemap_index.xml: index writes its <sitemap> entries, child the <url>
// entries of the child sitemap /sitemaps/<name>-<c>.xml, and every page
// under /news/ is a story.
func indexSite(name string, index func(w io.Writer), child func(w io.Writer, c int)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		p := r.URL.Path
		switch {
		case p == "/robots.txt":
			fmt.Fprintf(w, "User-agent: *\nAllow: /\nSitemap: http://%s/sitemap_index.xml\n", r.Host)
		case p == "/":
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, sectionHTML("Home"))
		case p == "/sitemap_index.xml":
			w.Header().Set("Content-Type", "application/xml")
			fmt.Fprint(w, `<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
			index(w)
			fmt.Fprint(w, `</sitemapindex>`)
		case strings.HasPrefix(p, "/sitemaps/"+name+"-"):
			var c int
			fmt.Sscanf(p, "/sitemaps/"+name+"-%03d.xml", &c)
			w.Header().Set("Content-Type", "application/xml")
			fmt.Fprint(w, `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
			child(w, c)
			fmt.Fprint(w, `</urlset>`)
		case strings.HasPrefix(p, "/news/"):
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, articleHTML(2, p))
		default:
			http.NotFound(w, r)
		}
	}
}

// dailyStory is the path of the i-th story of the child sitemap c days old.
func dailyStory(c, i int) string {
	return fmt.Sprintf("/news/day-%03d/daily-story-number-%d", c, i)
}

// asked counts the child sitemaps and the stories asked for since from,
// an index into the order of requests, and returns where it ended.
func (s *dailySitemapSite) asked(from int) (children, stories, end int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, p := range s.order[from:] {
		switch {
		case strings.HasPrefix(p, "/sitemaps/"):
			children++
		case strings.HasPrefix(p, "/news/"):
			stories++
		}
	}
	return children, stories, len(s.order)
}

// TestCrawlSpendsBudgetOnArticlesNotChildSitemaps: on a first run over an
// index of 200 daily child sitemaps, a budget of 50 goes to the stories of
// the newest children, not to 48 child sitemaps whose stories would all
// be over the budget; the next run goes on with the stories that follow.
func TestCrawlSpendsBudgetOnArticlesNotChildSitemaps(t *testing.T) {
	const children, perChild, budget = 200, 20, 50
	site := newDailySitemapSite(t, children, perChild)
	src := testSource(site.URL + "/")
	src.MaxPages = budget
	store, backlog := newMemStore(), &memBacklog{}
	opt := testOptions(src, store)
	opt.Backlog = backlog

	// The first run reads the newest two days' stories; the second the
	// rest of the third day's, over the first run's budget, and the
	// fourth day's.
	read := [][]int{{0, 1}, {2, 3}}
	from, total := 0, 0
	for run := range 2 {
		st := runCrawl(t, opt)
		kids, stories, end := site.asked(from)
		from = end
		t.Logf("run %d: %d child sitemaps, %d stories asked, %d archived", run, kids, stories, st.New)
		if kids > 4 {
			t.Errorf("run %d asked for %d child sitemaps within a budget of %d, want at most 4", run, kids, budget)
		}
		if min := budget - 10; st.New < int64(min) {
			t.Errorf("run %d archived %d stories within a budget of %d, want at least %d", run, st.New, budget, min)
		}
		total += int(st.New)
		for _, c := range read[run] {
			for i := range perChild {
				if n := site.hits(dailyStory(c, i)); n != 1 {
					t.Errorf("after run %d, story %d of day -%d asked %d times, want once", run, i, c, n)
				}
			}
		}
	}
	if got := len(store.articleURLs()); got != total {
		t.Errorf("%d stories archived, but the runs counted %d new", got, total)
	}
}

// TestCrawlBacklogOfChildSitemapsWaitsItsTurn: child sitemaps the last
// run left over its budget (as a build that queued an index's children
// all at once left them, by the thousand) are read one at a time with the
// index's, not queued at once to take the budget.
func TestCrawlBacklogOfChildSitemapsWaitsItsTurn(t *testing.T) {
	const children, perChild, budget = 200, 20, 50
	site := newDailySitemapSite(t, children, perChild)
	src := testSource(site.URL + "/")
	src.MaxPages = budget
	backlog := &memBacklog{}
	for c := 10; c < children; c++ {
		backlog.later = append(backlog.later, Later{URL: fmt.Sprintf("%s/sitemaps/day-%03d.xml", site.URL, c), Kind: string(kindSitemap)})
	}
	opt := testOptions(src, newMemStore())
	opt.Backlog = backlog
	st := runCrawl(t, opt)
	kids, stories, _ := site.asked(0)
	if kids > 4 || st.New < budget-10 {
		t.Errorf("%d child sitemaps and %d stories asked (%d archived) within a budget of %d; want at most 4 sitemaps, the rest stories",
			kids, stories, st.New, budget)
	}
	for i := range perChild {
		if n := site.hits(dailyStory(1, i)); n != 1 {
			t.Errorf("story %d of the day before asked %d times, want once", i, n)
		}
	}
}

func TestChildQueueNewestFirst(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2026, 11, d, 8, 0, 0, 0, time.UTC) }
	tests := []struct {
		name    string
		batches [][]discover.Entry
		want    []string
	}{
		{"one index", [][]discover.Entry{{{URL: "b", Modified: day(2)}, {URL: "a", Modified: day(1)}, {URL: "u"}}},
			[]string{"b", "a", "u"}},
		{"an index of indexes", [][]discover.Entry{
			{{URL: "2026-11", Modified: day(20)}, {URL: "2026-10", Modified: day(1)}},
			{{URL: "11-19", Modified: day(19)}, {URL: "11-02", Modified: day(2)}, {URL: "11-01", Modified: day(1)}},
		}, []string{"2026-11", "11-19", "11-02", "2026-10", "11-01"}},
		{"undated last, in the order found", [][]discover.Entry{
			{{URL: "old", Modified: day(1)}, {URL: "u1"}},
			{{URL: "new", Modified: day(9)}, {URL: "u2"}},
		}, []string{"new", "old", "u1", "u2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var q childQueue
			for _, b := range tt.batches {
				q.add(childTargets(b, 0))
			}
			var got []string
			for t, ok := q.take(); ok; t, ok = q.take() {
				got = append(got, t.url)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("order %v, want %v", got, tt.want)
			}
		})
	}
}

// undatedIndexSite serves an index of children child sitemaps without a
// lastmod, each listing two stories, every answer after latency. It
// counts the child sitemaps on the wire at once.
type undatedIndexSite struct {
	URL               string
	hits              func(path string) int
	inFlight, peak    atomic.Int32
	childrenRequested atomic.Int32
}

func newUndatedIndexSite(t *testing.T, children int, latency time.Duration) *undatedIndexSite {
	t.Helper()
	s := &undatedIndexSite{}
	serve := indexSite("part", func(w io.Writer) {
		for c := range children {
			fmt.Fprintf(w, `<sitemap><loc>/sitemaps/part-%03d.xml</loc></sitemap>`, c)
		}
	}, func(w io.Writer, c int) {
		for i := range 2 {
			fmt.Fprintf(w, `<url><loc>/news/part-%03d/undated-story-number-%d</loc></url>`, c, i)
		}
	})
	srv, hits := countingServer(t, func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/sitemaps/") {
			s.childrenRequested.Add(1)
			n := s.inFlight.Add(1)
			defer s.inFlight.Add(-1)
			for old := s.peak.Load(); n > old && !s.peak.CompareAndSwap(old, n); old = s.peak.Load() {
			}
		}
		time.Sleep(latency)
		serve(w, r)
	})
	s.URL, s.hits = srv.URL, hits
	return s
}

// TestCrawlReadsUndatedChildrenInParallel: an index whose children have
// no lastmod has every child asked again each run; with a concurrency of
// 2, the children read before are asked two at a time, not one after the
// other. A first run, whose children list new stories, still reads them
// one at a time, newest first (TestCrawlSpendsBudgetOnArticlesNotChildSitemaps).
func TestCrawlReadsUndatedChildrenInParallel(t *testing.T) {
	const children, concurrency = 20, 2
	site := newUndatedIndexSite(t, children, 20*time.Millisecond)
	src := testSource(site.URL + "/")
	src.Concurrency = concurrency
	opt := testOptions(src, newMemStore())
	for run, want := range []int32{1, concurrency, concurrency} {
		site.peak.Store(0)
		site.childrenRequested.Store(0)
		start := time.Now()
		runCrawl(t, opt)
		t.Logf("run %d: %d child sitemaps in %v, at most %d at once", run, site.childrenRequested.Load(),
			time.Since(start).Round(time.Millisecond), site.peak.Load())
		if n := site.childrenRequested.Load(); n != children {
			t.Errorf("run %d asked for %d child sitemaps, want all %d (undated)", run, n, children)
		}
		if p := site.peak.Load(); p != want {
			t.Errorf("run %d had at most %d child sitemaps in flight, want %d", run, p, want)
		}
	}
}

// TestProgressCountsChildSitemapsWaiting: the child sitemaps of an index
// waiting their turn count as waiting in the progress reports, so that a
// run reading them one at a time never reads "0 queued" while it has
// some to read; those a budget leaves are counted in the run's result.
func TestProgressCountsChildSitemapsWaiting(t *testing.T) {
	const children, perChild = 6, 2
	site := newDailySitemapSite(t, children, perChild)
	opt := testOptions(testSource(site.URL+"/"), newMemStore())
	var mu sync.Mutex
	// Reports of nothing waiting once the index was read (a child was
	// asked for) while two or more children were not asked for yet.
	var idle []string
	opt.Progress = func(st Stats) {
		asked, _, _ := site.asked(0)
		if asked >= 1 && asked <= children-2 && st.Waiting() == 0 {
			mu.Lock()
			idle = append(idle, fmt.Sprintf("%d of %d children asked for: %+v", asked, children, st))
			mu.Unlock()
		}
	}
	st := runCrawl(t, opt)
	if kids, _, _ := site.asked(0); kids != children || st.ChildSitemaps != 0 {
		t.Errorf("%d of %d child sitemaps read, %d left waiting; want all read", kids, children, st.ChildSitemaps)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(idle) > 0 {
		t.Errorf("%d progress reports showed nothing waiting while child sitemaps did, the first:\n%s", len(idle), idle[0])
	}

	// A budget of 5 reads the newest child and its stories, then one more
	// child; the other four wait in vain.
	site = newDailySitemapSite(t, children, perChild)
	src := testSource(site.URL + "/")
	src.MaxPages = 5
	st = runCrawl(t, testOptions(src, newMemStore()))
	if kids, _, _ := site.asked(0); st.ChildSitemaps != int64(children-kids) || kids == children {
		t.Errorf("%d of %d child sitemaps read, %d counted waiting at the end; want the rest counted", kids, children, st.ChildSitemaps)
	}
}
