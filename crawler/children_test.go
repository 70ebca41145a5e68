package crawler

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
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
	srv, hits := countingServer(t, func(w http.ResponseWriter, r *http.Request) {
		p := r.URL.Path
		s.mu.Lock()
		s.order = append(s.order, p)
		s.mu.Unlock()
		switch {
		case p == "/robots.txt":
			fmt.Fprintf(w, "User-agent: *\nAllow: /\nSitemap: http://%s/sitemap_index.xml\n", r.Host)
		case p == "/":
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, sectionHTML("Home"))
		case p == "/sitemap_index.xml":
			w.Header().Set("Content-Type", "application/xml")
			fmt.Fprint(w, `<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
			// Oldest first, as many sites list them.
			for c := children - 1; c >= 0; c-- {
				fmt.Fprintf(w, `<sitemap><loc>/sitemaps/day-%03d.xml</loc><lastmod>%s</lastmod></sitemap>`,
					c, today.AddDate(0, 0, -c).Format(time.RFC3339))
			}
			fmt.Fprint(w, `</sitemapindex>`)
		case strings.HasPrefix(p, "/sitemaps/day-"):
			var c int
			fmt.Sscanf(p, "/sitemaps/day-%03d.xml", &c)
			w.Header().Set("Content-Type", "application/xml")
			fmt.Fprint(w, `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
			for i := range perChild {
				fmt.Fprintf(w, `<url><loc>%s</loc><lastmod>%s</lastmod></url>`, dailyStory(c, i),
					today.AddDate(0, 0, -c).Add(-time.Duration(i)*time.Minute).Format(time.RFC3339))
			}
			fmt.Fprint(w, `</urlset>`)
		case strings.HasPrefix(p, "/news/"):
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, articleHTML(2, p))
		default:
			http.NotFound(w, r)
		}
	})
	s.URL, s.hits = srv.URL, hits
	return s
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
