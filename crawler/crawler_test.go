package crawler

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/crawler/config"
)

// testSource is a source over a local site with politeness delays off.
func testSource(start ...string) config.Source {
	s := config.Default().Defaults.Source("local", start...)
	s.Delay = 0
	return s
}

func testOptions(src config.Source, st Store) Options {
	return Options{
		Source:    src,
		UserAgent: "newsarchive-test/1.0",
		Store:     st,
		Logger:    slog.New(slog.NewTextHandler(io.Discard, nil)),
	}
}

func runCrawl(t *testing.T, opt Options) Stats {
	t.Helper()
	// A guard against a hung crawl, not a measure: the listings of 50,000
	// entries take 15-20 s under the race detector on two busy cores.
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	st, err := Run(ctx, opt)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	return st
}

// runRefused runs a crawl that must end with ErrNothingFetched naming
// why, and returns its counts.
func runRefused(t *testing.T, opt Options, why string) Stats {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	st, err := Run(ctx, opt)
	if !errors.Is(err, ErrNothingFetched) || !strings.Contains(err.Error(), why) {
		t.Errorf("Run: %v; want %v naming %q", err, ErrNothingFetched, why)
	}
	return st
}

func TestCrawlFindsEveryArticleOnce(t *testing.T) {
	site := newNewsSite(t)
	store := newMemStore()
	st := runCrawl(t, testOptions(testSource(site.URL+"/"), store))

	got := store.articleURLs()
	for _, p := range articlePaths {
		if !got[site.URL+p] {
			t.Errorf("article %s not archived", p)
		}
		if n := site.hitsOf(p); n != 1 {
			t.Errorf("article %s fetched %d times, want 1", p, n)
		}
	}
	if len(got) != len(articlePaths) {
		t.Errorf("archived %d articles, want %d: %v", len(got), len(articlePaths), got)
	}
	if st.New != int64(len(articlePaths)) {
		t.Errorf("stats.New = %d, want %d (%+v)", st.New, len(articlePaths), st)
	}
	for _, p := range []string{"/private/2024/03/15/secret-memo-leaks-to-press", "/calendar/2099/01/", "/login", "/search", "/static/logo.png"} {
		if n := site.hitsOf(p); n != 0 {
			t.Errorf("%s requested %d times; robots, traps and skip rules should refuse it", p, n)
		}
	}
	if n := site.hitsOf("/robots.txt"); n != 1 {
		t.Errorf("robots.txt fetched %d times, want 1", n)
	}
	if st.Skipped == 0 {
		t.Errorf("nothing skipped: %+v", st)
	}
}

func TestCrawlSecondRunFetchesOnlyWhatChanged(t *testing.T) {
	site := newNewsSite(t)
	store := newMemStore()
	opt := testOptions(testSource(site.URL+"/"), store)
	runCrawl(t, opt)
	st := runCrawl(t, opt)

	for _, p := range articlePaths {
		if n := site.hitsOf(p); n != 1 {
			t.Errorf("article %s fetched %d times over two runs, want 1", p, n)
		}
	}
	for _, p := range []string{"/", "/world/", "/feed.xml", "/sitemap.xml"} {
		if site.hitsOf(p) != 2 || site.condOf(p) != 1 {
			t.Errorf("%s: %d requests, %d conditional; want 2 and 1", p, site.hitsOf(p), site.condOf(p))
		}
	}
	if st.New != 0 || st.NotChanged == 0 {
		t.Errorf("second run stats %+v: want no new articles and some 304s", st)
	}
}

var contextDeadline = context.DeadlineExceeded

func contextWithTimeout(d time.Duration) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), d)
}

func TestCrawlDepthZeroStillReadsFeedsAndSitemaps(t *testing.T) {
	site := newNewsSite(t)
	store := newMemStore()
	src := testSource(site.URL + "/")
	src.MaxDepth = 0
	runCrawl(t, testOptions(src, store))
	if site.hitsOf("/world/") != 0 || site.hitsOf("/politics/") != 0 {
		t.Errorf("sections requested at max_depth 0")
	}
	got := store.articleURLs()
	// The feed announced by the home page lists 0 and 4; the sitemap named
	// by robots.txt lists 2 and 5.
	for _, i := range []int{0, 2, 4, 5} {
		if !got[site.URL+articlePaths[i]] {
			t.Errorf("listed article %s not archived", articlePaths[i])
		}
	}
	if len(got) != 4 {
		t.Errorf("archived %d articles, want the 4 listed", len(got))
	}
}

func TestRunRejectsWhatCannotRun(t *testing.T) {
	if _, err := Run(context.Background(), Options{Source: config.Source{Name: "empty"}, Store: newMemStore()}); !errors.Is(err, ErrNoStart) {
		t.Errorf("no start: err = %v, want ErrNoStart", err)
	}
	if _, err := Run(context.Background(), Options{Source: testSource("http://127.0.0.1:1/")}); err == nil {
		t.Errorf("no store: no error")
	}
}

func TestRunHandMadeSource(t *testing.T) {
	site := newNewsSite(t)
	store := newMemStore()
	// Zero concurrency and budget take the defaults instead of stalling.
	st := runCrawl(t, testOptions(config.Source{Name: "bare", Start: []string{site.URL + "/"}, MaxDepth: 2}, store))
	if st.New != int64(len(articlePaths)) {
		t.Errorf("archived %d articles, want %d", st.New, len(articlePaths))
	}
}

// TestStatsWaiting: the queued URLs not fetched yet, never below zero
// though robots.txt answers and retries count as fetched, and the child
// sitemaps waiting their turn.
func TestStatsWaiting(t *testing.T) {
	for _, tt := range []struct{ queued, fetched, children, want int64 }{
		{10, 4, 0, 6}, {10, 10, 0, 0}, {16, 17, 0, 0}, {0, 1, 0, 0}, {16, 17, 3, 3}, {10, 4, 2, 8},
	} {
		if got := (Stats{Queued: tt.queued, Fetched: tt.fetched, ChildSitemaps: tt.children}).Waiting(); got != tt.want {
			t.Errorf("%d queued, %d fetched, %d children: Waiting() = %d, want %d", tt.queued, tt.fetched, tt.children, got, tt.want)
		}
	}
}
