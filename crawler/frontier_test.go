package crawler

import (
	"context"
	"sync"
	"testing"
	"time"
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
	if got := len(store.articleURLs()); got < 28 {
		t.Errorf("%d articles archived over both runs, want at least 28 of 30 (a request in flight at the cancel may be lost)", got)
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
