package crawler

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

// TestSourcesShareAHost: two sources crawled at once on one site, with a
// shared Hosts, keep to the site's Crawl-delay and its one request at a
// time together, as one crawler, not each on its own, and ask for each
// article once between them (each asked for all). (They read robots.txt
// once between them, before their pages.)
func TestSourcesShareAHost(t *testing.T) {
	site := newPoliteSite(t, 3, "User-agent: *\nCrawl-delay: 5\n", http.StatusOK)
	hosts := NewHosts()
	var wg sync.WaitGroup
	for _, name := range []string{"world", "politics"} {
		src := testSource(site.URL + "/")
		src.Name = name
		opt := testOptions(src, newMemStore())
		opt.MaxCrawlDelay = 100 * time.Millisecond
		opt.Hosts = hosts
		wg.Go(func() { runCrawl(t, opt) })
	}
	wg.Wait()
	site.mu.Lock()
	defer site.mu.Unlock()
	// Each run asks for the home page, and the two section links of the
	// article template (404) if it fetched an article; the three articles
	// are asked once.
	for i := range 3 {
		if p := fmt.Sprintf("/news/2024/03/15/story-number-%d-of-the-day", i); site.paths[p] != 1 {
			t.Errorf("%s asked %d times, want once between the runs", p, site.paths[p])
		}
	}
	n := len(site.requests)
	if site.paths["/"] != 2 || n < 7 {
		t.Fatalf("%d page requests, %d of the home page: want both runs' home pages", n, site.paths["/"])
	}
	// n-1 delays of 100ms between the n starts; the two runs each on its
	// own would need half that. Arrivals jitter by a few milliseconds.
	if span, want := site.requests[n-1].Sub(site.requests[0]), time.Duration(n-1)*90*time.Millisecond; span < want {
		t.Errorf("%d requests within %v; one 100ms delay shared by both runs needs about %v", n, span, want)
	}
	if n := site.maxInFlight.Load(); n > 1 {
		t.Errorf("%d page requests in flight at once, want the site's one", n)
	}
	hosts.mu.Lock()
	defer hosts.mu.Unlock()
	if len(hosts.hosts) != 0 {
		t.Errorf("%d hosts still held after both runs ended", len(hosts.hosts))
	}
}

// TestHostPauseOutlivesTheRun: a host's pause (a Retry-After) and its
// delay after the last request hold for the process's next run of it,
// which started anew at once; a pause that has passed is forgotten.
func TestHostPauseOutlivesTheRun(t *testing.T) {
	hs := NewHosts()
	until := time.Now().Add(time.Hour)
	h := hs.join("news.example")
	h.mu.Lock()
	h.paused = until
	h.mu.Unlock()
	hs.join("gone.example").paused = time.Now().Add(-time.Second)
	hs.leave([]string{"news.example", "gone.example"})
	if got := hs.join("news.example").nextStart(); !got.Equal(until) {
		t.Errorf("next run's host may start at %v; want the pause's end %v", got, until)
	}
	if got := hs.join("gone.example").nextStart(); !got.IsZero() {
		t.Errorf("a passed pause held: %v", got)
	}
	if len(hs.held) != 0 {
		t.Errorf("held %v after the hosts were joined again", hs.held)
	}
}

// TestNextRunWaitsForAPausedHost: a server that answered 429 with a
// Retry-After is not asked again, robots.txt included, by the process's
// next run until the pause has passed.
func TestNextRunWaitsForAPausedHost(t *testing.T) {
	var mu sync.Mutex
	var throttledAt, robotsAt []time.Time
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		if r.URL.Path == "/robots.txt" {
			robotsAt = append(robotsAt, time.Now())
			fmt.Fprint(w, "User-agent: *\nAllow: /\n")
			return
		}
		throttledAt = append(throttledAt, time.Now())
		w.Header().Set("Retry-After", "1")
		w.WriteHeader(http.StatusTooManyRequests)
	}))
	t.Cleanup(srv.Close)
	hosts := NewHosts()
	for range 2 {
		opt := testOptions(testSource(srv.URL+"/"), newMemStore())
		opt.Hosts, opt.MaxAttempts = hosts, 1
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		Run(ctx, opt) // nothing fetched: both runs fail, by design
		cancel()
	}
	mu.Lock()
	defer mu.Unlock()
	if len(robotsAt) != 2 {
		t.Fatalf("robots.txt asked %d times, want once a run", len(robotsAt))
	}
	if gap := robotsAt[1].Sub(throttledAt[0]); gap < 900*time.Millisecond {
		t.Errorf("the next run asked robots.txt %v after a Retry-After of 1 s", gap)
	}
}
