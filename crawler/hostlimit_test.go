package crawler

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// inFlight counts requests in flight and keeps the most seen at once.
type inFlight struct{ cur, most atomic.Int32 }

func (f *inFlight) enter() {
	cur := f.cur.Add(1)
	for old := f.most.Load(); cur > old && !f.most.CompareAndSwap(old, cur); old = f.most.Load() {
	}
}

func (f *inFlight) leave() { f.cur.Add(-1) }

// articleHost serves a robots.txt and articles, each answered after pause;
// it counts its page requests in flight, alone and with the other hosts
// sharing total, and records when each started.
type articleHost struct {
	*httptest.Server
	own    inFlight
	mu     sync.Mutex
	starts []time.Time
}

func newArticleHost(t *testing.T, robots string, pause time.Duration, total *inFlight) *articleHost {
	t.Helper()
	h := &articleHost{}
	h.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			fmt.Fprint(w, robots)
			return
		}
		h.own.enter()
		total.enter()
		defer h.own.leave()
		defer total.leave()
		h.mu.Lock()
		h.starts = append(h.starts, time.Now())
		h.mu.Unlock()
		time.Sleep(pause)
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, articleHTML(1, r.URL.Path))
	}))
	t.Cleanup(h.Close)
	return h
}

// startTimes returns when the host's page requests started.
func (h *articleHost) startTimes() []time.Time {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]time.Time(nil), h.starts...)
}

// linkingHome serves a home page linking to n articles on each of hosts,
// in turn.
func linkingHome(t *testing.T, n int, hosts ...*articleHost) *httptest.Server {
	t.Helper()
	var b strings.Builder
	b.WriteString("<html><body>")
	for i := range n {
		for _, h := range hosts {
			fmt.Fprintf(&b, `<a href="%s/news/2024/03/15/story-number-%d-of-the-day">s</a>`, h.URL, i)
		}
	}
	b.WriteString("</body></html>")
	home := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, b.String())
	}))
	t.Cleanup(home.Close)
	return home
}

// allowHosts builds the options of a crawl from home that may follow links
// to hosts, which are not start hosts.
func allowHosts(home string, store Store, hosts ...*articleHost) Options {
	src := testSource(home + "/")
	src.MaxDepth = 1
	for _, h := range hosts {
		src.Allow = append(src.Allow, regexp.MustCompile("^"+regexp.QuoteMeta(h.URL)+"/"))
	}
	return testOptions(src, store)
}

func TestCrawlLimitsEveryHostOnItsOwn(t *testing.T) {
	const n = 6
	var total inFlight
	a := newArticleHost(t, "", 30*time.Millisecond, &total)
	b := newArticleHost(t, "", 30*time.Millisecond, &total)
	home := linkingHome(t, n, a, b)
	store := newMemStore()
	opt := allowHosts(home.URL, store, a, b)
	opt.Source.Concurrency = 1
	st := runCrawl(t, opt)

	if st.New != 2*n {
		t.Errorf("archived %d articles, want %d (%+v)", st.New, 2*n, st)
	}
	for name, h := range map[string]*articleHost{"a": a, "b": b} {
		if m := h.own.most.Load(); m != 1 {
			t.Errorf("host %s had %d requests in flight at most, want 1", name, m)
		}
	}
	if m := total.most.Load(); m != 2 {
		t.Errorf("%d requests in flight over both hosts at most, want 2: each host has its own limit", m)
	}
}

func TestCrawlHonoursCrawlDelayOfEveryHost(t *testing.T) {
	const delay = 100 * time.Millisecond
	var total inFlight
	h := newArticleHost(t, "User-agent: *\nCrawl-delay: 1\n", 0, &total)
	home := linkingHome(t, 4, h)
	opt := allowHosts(home.URL, newMemStore(), h)
	opt.Source.Concurrency = 2
	// Crawl-delay is bounded by MaxCrawlDelay: 1s becomes 100ms.
	opt.MaxCrawlDelay = delay
	runCrawl(t, opt)

	starts := h.startTimes()
	if len(starts) != 4 {
		t.Fatalf("%d page requests, want 4", len(starts))
	}
	// The crawler sends each request a full delay after the one before,
	// however late its wait ended (see hostSlots.claim). The server
	// stamps a request when its handler runs, which its own scheduling
	// delays: up to 10ms at a load of 11 on 2 cores; twice that is
	// allowed, far below a request let go early.
	const stamp = 20 * time.Millisecond
	for i := 1; i < len(starts); i++ {
		if gap := starts[i].Sub(starts[i-1]); gap < delay-stamp {
			t.Errorf("request %d started %v after the one before, want %v", i, gap, delay)
		}
	}
	if span, want := starts[len(starts)-1].Sub(starts[0]), time.Duration(len(starts)-1)*delay; span < want-stamp {
		t.Errorf("%d requests within %v, want %v", len(starts), span, want)
	}
	if m := h.own.most.Load(); m != 1 {
		t.Errorf("%d requests in flight at most, want 1 under a Crawl-delay", m)
	}
}

// TestHostDelayCountsFromTheActualStart: a request whose wait for its
// booked start ended late (a loaded machine) holds the next a full delay
// after it went out, the next already booked included.
func TestHostDelayCountsFromTheActualStart(t *testing.T) {
	const delay = time.Hour
	now := time.Now()
	h := &hostSlots{}
	h.setRule(hostRule{parallel: 3, delay: delay})
	// The first request went out two delays ago; the second was booked
	// a delay ago, the third for now: the second's wait ended a delay
	// late, as the third's does.
	h.last, h.next = now.Add(-2*delay), now.Add(delay)
	if wait := h.claim(); wait > 0 {
		t.Fatalf("a request past its booked start waits %v more", wait)
	}
	if wait := h.claim(); wait < delay-time.Minute {
		t.Errorf("the next request waits %v after one that just went out, want the delay, %v", wait, delay)
	}
	if next := h.nextStart(); next.Before(now.Add(delay)) {
		t.Errorf("the next booking may start %v after the last request went out, want the delay", next.Sub(now))
	}
}

// limitedClient is a client whose every host has rule, with timeout for
// each fetch.
func limitedClient(t *testing.T, rule hostRule, timeout time.Duration) *http.Client {
	tr := &http.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	ruleFor := func(context.Context, *url.URL) hostRule { return rule }
	return &http.Client{Transport: newHostLimiter(tr, timeout, ruleFor)}
}

func get(ctx context.Context, c *http.Client, u string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	return c.Do(req)
}

func TestHostLimiterCancelWhileWaiting(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		fmt.Fprint(w, "ok")
	}))
	defer srv.Close()
	tests := []struct {
		name      string
		rule      hostRule
		closeBody bool // whether the first response is done before the second asks
	}{
		{"for a slot", hostRule{parallel: 1}, false},
		{"for the delay", hostRule{parallel: 1, delay: time.Hour}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hits.Store(0)
			c := limitedClient(t, tt.rule, 5*time.Second)
			first, err := get(context.Background(), c, srv.URL+"/first")
			if err != nil {
				t.Fatal(err)
			}
			if tt.closeBody {
				first.Body.Close()
			}
			ctx, cancel := context.WithCancel(context.Background())
			errc := make(chan error, 1)
			go func() {
				_, err := get(ctx, c, srv.URL+"/second")
				errc <- err
			}()
			time.Sleep(20 * time.Millisecond)
			cancel()
			select {
			case err := <-errc:
				if !errors.Is(err, context.Canceled) {
					t.Errorf("err = %v, want context.Canceled", err)
				}
			case <-time.After(5 * time.Second):
				t.Fatal("a cancelled request still waits for its turn")
			}
			first.Body.Close()
			if n := hits.Load(); n != 1 {
				t.Errorf("server saw %d requests, want the first alone", n)
			}
		})
	}
}

func TestHostLimiterGivesBackTurns(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/missing" {
			http.NotFound(w, r)
			return
		}
		fmt.Fprint(w, "ok")
	}))
	defer srv.Close()
	c := limitedClient(t, hostRule{parallel: 1}, 5*time.Second)
	// A cancelled wait, a failed request and a closed body each give the
	// one slot back; otherwise the last request would wait forever.
	resp, err := get(context.Background(), c, srv.URL+"/")
	if err != nil {
		t.Fatal(err)
	}
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := get(cancelled, c, srv.URL+"/"); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: err = %v", err)
	}
	resp.Body.Close()
	if _, err := get(context.Background(), c, "http://127.0.0.1:1/"); err == nil {
		t.Errorf("closed port: no error")
	}
	ctx, cancelWait := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancelWait()
	resp, err = get(ctx, c, srv.URL+"/missing")
	if err != nil {
		t.Fatalf("last request: %v", err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
}

func TestHostLimiterTimeout(t *testing.T) {
	t.Run("waiting for a turn is not timed", func(t *testing.T) {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, "ok")
		}))
		defer srv.Close()
		// The third request waits 2×80ms for its turn, longer than the
		// 100ms each fetch may take.
		c := limitedClient(t, hostRule{parallel: 1, delay: 80 * time.Millisecond}, 100*time.Millisecond)
		var wg sync.WaitGroup
		errs := make(chan error, 3)
		for range 3 {
			wg.Go(func() {
				resp, err := get(context.Background(), c, srv.URL+"/")
				if err == nil {
					_, err = io.ReadAll(resp.Body)
					resp.Body.Close()
				}
				errs <- err
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Errorf("request failed: %v", err)
			}
		}
	})
	t.Run("a redirect chain shares one deadline", func(t *testing.T) {
		var hops atomic.Int32
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			hops.Add(1)
			time.Sleep(40 * time.Millisecond)
			http.Redirect(w, r, r.URL.Path+"x", http.StatusFound)
		}))
		defer srv.Close()
		// Each hop alone is within the 100ms; five of them are not.
		c := limitedClient(t, hostRule{parallel: 1}, 100*time.Millisecond)
		c.CheckRedirect = func(_ *http.Request, via []*http.Request) error {
			if len(via) >= 5 {
				return errors.New("five hops")
			}
			return nil
		}
		_, err := get(context.Background(), c, srv.URL+"/")
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("err = %v after %d hops, want the deadline exceeded", err, hops.Load())
		}
	})
}

// nopTransport answers every request at once with an empty body.
type nopTransport struct{}

func (nopTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	return &http.Response{StatusCode: http.StatusOK, Body: http.NoBody, Request: req}, nil
}

// BenchmarkHostLimiter measures what the limiter adds to a request to a
// host with no delay: the wait for a turn aside, its own cost.
func BenchmarkHostLimiter(b *testing.B) {
	ruleFor := func(context.Context, *url.URL) hostRule { return hostRule{parallel: 4} }
	l := newHostLimiter(nopTransport{}, time.Minute, ruleFor)
	req := httptest.NewRequest(http.MethodGet, "http://127.0.0.1:1/page", nil)
	for b.Loop() {
		resp, err := l.RoundTrip(req)
		if err != nil {
			b.Fatal(err)
		}
		resp.Body.Close()
	}
}

// TestHostLimiterSpacesRequestsAfterAPause: requests that booked their
// start before a 503 paused the host go out a delay apart when the pause
// ends, not all together.
func TestHostLimiterSpacesRequestsAfterAPause(t *testing.T) {
	const delay = 100 * time.Millisecond
	var (
		mu     sync.Mutex
		starts []time.Time
		asked  atomic.Int32
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if asked.Add(1) == 1 {
			w.WriteHeader(http.StatusServiceUnavailable) // no Retry-After: firstBackoff
			return
		}
		mu.Lock()
		starts = append(starts, time.Now())
		mu.Unlock()
		fmt.Fprint(w, "ok")
	}))
	defer srv.Close()
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	l := newHostLimiter(tr, 5*time.Second, func(context.Context, *url.URL) hostRule {
		return hostRule{parallel: 4, delay: delay}
	})
	l.maxPause = time.Minute
	c := &http.Client{Transport: l}
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Go(func() {
			resp, err := get(context.Background(), c, fmt.Sprintf("%s/%d", srv.URL, i))
			if err != nil {
				t.Error(err)
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		})
	}
	wg.Wait()
	if len(starts) != 3 {
		t.Fatalf("%d requests answered after the pause, want 3", len(starts))
	}
	for i := 1; i < len(starts); i++ {
		// Timers never fire early; the margin is for the client's and
		// server's scheduling, far under the delay.
		if gap := starts[i].Sub(starts[i-1]); gap < delay*6/10 {
			t.Errorf("requests %d and %d after the pause %v apart, want about %v", i, i+1, gap, delay)
		}
	}
}

// TestRedirectGivesBackItsSlot: a redirect hop's slot is given back once
// its target is being judged, so robots.txt read then for the target's
// host (an http start page redirected to https, whose robots.txt is not
// read yet) gets a slot of a host allowed one request at a time instead
// of waiting for ever for the chain's own.
func TestRedirectGivesBackItsSlot(t *testing.T) {
	var flight inFlight
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		flight.enter()
		defer flight.leave()
		if r.URL.Path == "/old" {
			http.Redirect(w, r, "/new", http.StatusMovedPermanently)
			return
		}
		fmt.Fprint(w, "ok")
	}))
	defer srv.Close()
	c := limitedClient(t, hostRule{parallel: 1}, 5*time.Second)
	limiter := c.Transport.(*hostLimiter)
	c.CheckRedirect = func(req *http.Request, _ []*http.Request) error {
		giveBackHop(req)
		ctx, cancel := context.WithTimeout(req.Context(), 2*time.Second)
		defer cancel()
		release, err := limiter.joined(req.URL).robotsSlot(ctx)
		if err != nil {
			return fmt.Errorf("robots.txt's slot: %w", err)
		}
		defer release()
		// robots.txt, in the slot it took.
		resp, err := http.Get(srv.URL + "/robots.txt")
		if err != nil {
			return err
		}
		return resp.Body.Close()
	}
	resp, err := get(context.Background(), c, srv.URL+"/old")
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if most := flight.most.Load(); most > 1 {
		t.Errorf("%d requests in flight at once, want 1", most)
	}
}
