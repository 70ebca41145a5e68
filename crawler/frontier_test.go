package crawler

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/internal/logbuf"
)

func TestCrawlResumesFromFrontier(t *testing.T) {
	site := newPoliteSite(t, 30, "", 404)
	store := newMemStore()
	front := NewMemFrontier(100)
	src := testSource(site.URL + "/")
	src.Concurrency = 1

	opt := testOptions(src, store)
	opt.Frontier = front
	ctx, cancel := cancelAfterNew(&opt, 5)
	defer cancel()
	first, err := Run(ctx, opt)
	if err == nil {
		t.Fatalf("cancelled run returned no error")
	}
	if pending, _ := front.QueueSize(); pending == 0 || first.New >= 30 {
		t.Fatalf("nothing left to resume: %d pending, %d archived", pending, first.New)
	}

	opt.Progress = nil
	ctx2, cancel2 := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel2()
	second, err := Run(ctx2, opt)
	if err != nil {
		t.Fatal(err)
	}
	// A request in flight at the cancel is given back to the frontier
	// (see TestCancelGivesBackOnlyUnfinishedRequests): none is lost.
	if got := len(store.articleURLs()); got != 30 {
		t.Errorf("%d articles archived over both runs, want all 30", got)
	}
	site.mu.Lock()
	defer site.mu.Unlock()
	perPath := map[string]int{}
	for _, r := range store.records {
		if r.Response != nil && r.Response.Status == 200 {
			perPath[r.URL]++
		}
	}
	for u, n := range perPath {
		if n > 1 {
			t.Errorf("%s fetched %d times across the resumed runs", u, n)
		}
	}
	t.Logf("first run %+v; second run %+v", first, second)
}

func TestProgressCounts(t *testing.T) {
	site := newPoliteSite(t, 5, "", 404)
	var mu sync.Mutex
	var last Stats
	calls := 0
	opt := testOptions(testSource(site.URL+"/"), newMemStore())
	opt.Progress = func(st Stats) {
		mu.Lock()
		defer mu.Unlock()
		calls++
		last = st
	}
	final := runCrawl(t, opt)
	mu.Lock()
	defer mu.Unlock()
	if calls < 6 || last.Fetched == 0 || final.Queued < 6 {
		t.Errorf("%d progress calls, last %+v, final %+v", calls, last, final)
	}
}

// cancelAfterNew returns a context that opt's crawl cancels, through its
// Progress callback, once n articles are new.
func cancelAfterNew(opt *Options, n int64) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(context.Background())
	var once sync.Once
	opt.Progress = func(st Stats) {
		if st.New >= n {
			once.Do(cancel)
		}
	}
	return ctx, cancel
}

// TestResumedRequestsKeepToTodaysRules: the requests a cancelled run left
// in the frontier were checked against that run's robots.txt and deny;
// the run that resumes them checks them again, against the robots.txt it
// reads and the deny it is given, and asks for none they now refuse.
func TestResumedRequestsKeepToTodaysRules(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(*politeSite, *Options)
		why    string
	}{
		{"robots.txt disallows them now", func(site *politeSite, _ *Options) {
			robots := "User-agent: *\nDisallow: /news/\n"
			site.robots.Store(&robots)
		}, "disallowed by robots.txt"},
		{"deny names them now", func(_ *politeSite, opt *Options) {
			opt.Source.Deny = []*regexp.Regexp{regexp.MustCompile(`/news/`)}
		}, denied},
		// Another source's run (in another process) fetched them
		// while the frontier waited.
		{"another run archived them since", func(site *politeSite, opt *Options) {
			m := opt.Store.(*memStore)
			m.mu.Lock()
			defer m.mu.Unlock()
			for i := range 30 {
				u := fmt.Sprintf("%s/news/2024/03/15/story-number-%d-of-the-day", site.URL, i)
				if _, ours := m.articles[u]; !ours {
					m.known[u] = Known{Article: true, Fetched: time.Now(), Checked: time.Now(), Settled: true}
				}
			}
		}, archivedSinceQueued},
	} {
		t.Run(tc.name, func(t *testing.T) {
			site := newPoliteSite(t, 30, "User-agent: *\nAllow: /\n", http.StatusOK)
			store := newMemStore()
			src := testSource(site.URL + "/")
			src.Concurrency = 1
			opt := testOptions(src, store)
			opt.Frontier = NewMemFrontier(100)
			ctx, cancel := cancelAfterNew(&opt, 5)
			defer cancel()
			if _, err := Run(ctx, opt); err == nil {
				t.Fatalf("cancelled run returned no error")
			}
			if pending, _ := opt.Frontier.QueueSize(); pending == 0 {
				t.Fatal("nothing left to resume")
			}
			before := len(store.articleURLs())

			tc.change(site, &opt)
			opt.Progress = nil
			logs := &logbuf.Buffer{}
			opt.Logger = slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
			st := runCrawl(t, opt)
			if after := len(store.articleURLs()); after != before || st.Skipped == 0 {
				t.Errorf("the resumed run archived %d more articles, skipped %d; want none archived, the left requests skipped",
					after-before, st.Skipped)
			}
			if !strings.Contains(logs.String(), tc.why) {
				t.Errorf("the log does not say why the left requests were skipped (%q):\n%s", tc.why, logs.String())
			}
		})
	}
}

// cancelAtKnown is a memStore that stops the run when the crawl looks up
// a URL ending in at: a stop that comes while a listing's links are
// being queued.
type cancelAtKnown struct {
	*memStore
	at     string
	cancel func()
}

func (c *cancelAtKnown) Known(ctx context.Context, url string) (Known, error) {
	if strings.HasSuffix(url, c.at) {
		c.cancel()
	}
	return c.memStore.Known(ctx, url)
}

// TestCrawlResumesAListingCutByTheStop: a run stopped while it queued
// the stories of a sitemap leaves the sitemap to be read again by the run
// that resumes it: saved as read, it was seen and done, and the stories
// after the stop were lost to the resumed run (the next whole run found
// them).
func TestCrawlResumesAListingCutByTheStop(t *testing.T) {
	const stories = 6
	story := func(i int) string { return fmt.Sprintf("/news/2024/03/15/harbour-story-%d", i) }
	srv, hits := countingServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, sectionHTML("Home"))
		case r.URL.Path == "/sitemap.xml":
			w.Header().Set("Content-Type", "application/xml")
			fmt.Fprint(w, `<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
			for i := range stories {
				fmt.Fprintf(w, "<url><loc>http://%s%s</loc></url>", r.Host, story(i))
			}
			fmt.Fprint(w, `</urlset>`)
		case strings.HasPrefix(r.URL.Path, "/news/"):
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, articleHTML(1, r.URL.Path))
		default:
			http.NotFound(w, r)
		}
	})
	src := testSource(srv.URL + "/")
	src.Sitemaps = []string{srv.URL + "/sitemap.xml"}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	store := &cancelAtKnown{memStore: newMemStore(), at: story(2), cancel: cancel}
	opt := testOptions(src, store)
	opt.Frontier = NewMemFrontier(100)
	if _, err := Run(ctx, opt); err == nil {
		t.Fatal("stopped run returned no error")
	}

	store.at = "never"
	ctx2, cancel2 := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel2()
	if _, err := Run(ctx2, opt); err != nil {
		t.Fatal(err)
	}
	if got := len(store.articleURLs()); got != stories {
		t.Errorf("%d stories archived over both runs, want all %d the sitemap lists", got, stories)
	}
	// A story in flight at the stop is asked again by the resumed run.
	for i := range stories {
		if n := hits(story(i)); n < 1 || n > 2 || i > 2 && n != 1 {
			t.Errorf("%s fetched %d times, want once (twice if in flight at the stop)", story(i), n)
		}
	}
}
