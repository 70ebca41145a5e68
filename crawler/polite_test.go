package crawler

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// politeSite serves a home page linking to n articles, each answered after
// a short pause, and records the User-Agent, cookies and the most requests
// it had in flight at once.
type politeSite struct {
	*httptest.Server
	inFlight, maxInFlight atomic.Int32
	mu                    sync.Mutex
	agents                map[string]int
	cookies               int
	requests              []time.Time
	paths                 map[string]int // page requests by path
	answerAfter           atomic.Int64   // how long an article takes to answer
	robotsAfter           atomic.Int64   // how long robots.txt takes to answer
	robots                atomic.Pointer[string]
	all                   inFlight // every request in flight, robots.txt among them
}

func newPoliteSite(t *testing.T, n int, robots string, robotsStatus int) *politeSite {
	t.Helper()
	s := &politeSite{agents: map[string]int{}, paths: map[string]int{}}
	s.answerAfter.Store(int64(20 * time.Millisecond))
	s.robots.Store(&robots)
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.all.enter()
		defer s.all.leave()
		if r.URL.Path != "/robots.txt" { // fetched apart from the pages, before them
			cur := s.inFlight.Add(1)
			defer s.inFlight.Add(-1)
			for old := s.maxInFlight.Load(); cur > old && !s.maxInFlight.CompareAndSwap(old, cur); old = s.maxInFlight.Load() {
			}
		}
		s.mu.Lock()
		s.agents[r.UserAgent()]++
		if r.Header.Get("Cookie") != "" {
			s.cookies++
		}
		if r.URL.Path != "/robots.txt" {
			s.requests = append(s.requests, time.Now())
			s.paths[r.URL.Path]++
		}
		s.mu.Unlock()
		switch r.URL.Path {
		case "/robots.txt":
			time.Sleep(time.Duration(s.robotsAfter.Load()))
			w.WriteHeader(robotsStatus)
			fmt.Fprint(w, *s.robots.Load())
		case "/":
			http.SetCookie(w, &http.Cookie{Name: "session", Value: "abc"})
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, "<html><body>")
			for i := range n {
				fmt.Fprintf(w, `<a href="/news/2024/03/15/story-number-%d-of-the-day">s</a>`, i)
			}
			fmt.Fprint(w, "</body></html>")
		default:
			if !strings.HasPrefix(r.URL.Path, "/news/") {
				http.NotFound(w, r)
				return
			}
			time.Sleep(time.Duration(s.answerAfter.Load()))
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, articleHTML(1, r.URL.Path))
		}
	}))
	t.Cleanup(s.Close)
	return s
}

// awaitArticle waits until an article has been asked for.
func (s *politeSite) awaitArticle(t *testing.T) {
	t.Helper()
	for end := time.Now().Add(10 * time.Second); time.Now().Before(end); time.Sleep(time.Millisecond) {
		asked := false
		s.mu.Lock()
		for p := range s.paths {
			asked = asked || strings.HasPrefix(p, "/news/")
		}
		s.mu.Unlock()
		if asked {
			return
		}
	}
	t.Fatal("no article asked for in 10s")
}

func TestCrawlConcurrencyAndIdentity(t *testing.T) {
	site := newPoliteSite(t, 12, "", http.StatusNotFound)
	src := testSource(site.URL + "/")
	src.Concurrency = 2
	st := runCrawl(t, testOptions(src, newMemStore()))
	if st.New != 12 {
		t.Errorf("archived %d articles, want 12 (%+v)", st.New, st)
	}
	if m := site.maxInFlight.Load(); m > 2 {
		t.Errorf("%d requests in flight at once, want at most 2", m)
	}
	site.mu.Lock()
	defer site.mu.Unlock()
	if len(site.agents) != 1 || site.agents["newsarchive-test/1.0"] == 0 {
		t.Errorf("user agents seen: %v", site.agents)
	}
	if site.cookies != 0 {
		t.Errorf("%d requests sent cookies; cookies are off unless the source enables them", site.cookies)
	}
}

func TestCrawlCookiesWhenEnabled(t *testing.T) {
	site := newPoliteSite(t, 2, "", http.StatusNotFound)
	src := testSource(site.URL + "/")
	src.Cookies = true
	src.Concurrency = 1
	runCrawl(t, testOptions(src, newMemStore()))
	site.mu.Lock()
	defer site.mu.Unlock()
	if site.cookies == 0 {
		t.Errorf("no request sent the session cookie")
	}
}

// TestCrawlNothingFetchedSaysWhy: a run that gets no answer but robots.txt
// fails with ErrNothingFetched naming the first URL refused or failed and
// why, so the run's record and the crawl's summary say what to fix; a run
// that fetched its pages, robots.txt answered 404, does not.
func TestCrawlNothingFetchedSaysWhy(t *testing.T) {
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	for _, tc := range []struct {
		name, robots string
		status       int
		ignoreRobots bool
		want         string // "" for success
	}{
		{name: "robots.txt disallows everything", robots: "User-agent: *\nDisallow: /\n", status: http.StatusOK,
			want: "/ refused: disallowed by robots.txt"},
		{name: "robots.txt answers 429", status: http.StatusTooManyRequests,
			want: "/ refused: robots.txt answered 429, host disallowed for this run"},
		{name: "robots.txt missing", status: http.StatusNotFound},
		{name: "robots.txt ignored, server gone", ignoreRobots: true, want: "/ failed: "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			base := closed.URL
			if !tc.ignoreRobots {
				base = newPoliteSite(t, 2, tc.robots, tc.status).URL
			}
			opt := testOptions(testSource(base+"/"), newMemStore())
			opt.IgnoreRobots = tc.ignoreRobots
			if tc.want == "" {
				runCrawl(t, opt)
				return
			}
			runRefused(t, opt, base+tc.want)
		})
	}
}

func TestCrawlRobots(t *testing.T) {
	t.Run("5xx disallows everything", func(t *testing.T) {
		site := newPoliteSite(t, 3, "", http.StatusServiceUnavailable)
		st := runRefused(t, testOptions(testSource(site.URL+"/"), newMemStore()),
			site.URL+"/ refused: robots.txt answered 503, host disallowed for this run")
		site.mu.Lock()
		defer site.mu.Unlock()
		if len(site.requests) != 0 || st.Fetched != 1 {
			t.Errorf("%d page requests, %d fetches; want robots.txt alone", len(site.requests), st.Fetched)
		}
	})
	t.Run("unreachable robots.txt is a failed fetch", func(t *testing.T) {
		closed := httptest.NewServer(http.NotFoundHandler())
		closed.Close()
		store := newMemStore()
		st := runRefused(t, testOptions(testSource(closed.URL+"/"), store),
			closed.URL+"/ refused: robots.txt unreachable, host disallowed for this run")
		store.mu.Lock()
		defer store.mu.Unlock()
		if st.Fetched != 0 || st.Errors != 1 || len(store.records) != 1 || store.records[0].Err == nil {
			t.Errorf("stats %+v, %d records; want the failed robots.txt fetch recorded and counted as an error",
				st, len(store.records))
		}
	})
	t.Run("crawl-delay spaces requests", func(t *testing.T) {
		site := newPoliteSite(t, 3, "User-agent: *\nCrawl-delay: 5\n", http.StatusOK)
		opt := testOptions(testSource(site.URL+"/"), newMemStore())
		opt.MaxCrawlDelay = 100 * time.Millisecond
		runCrawl(t, opt)
		site.mu.Lock()
		defer site.mu.Unlock()
		// The home page, three articles, and the two section links of the
		// article template, answered 404.
		if len(site.requests) != 6 {
			t.Fatalf("%d page requests, want 6", len(site.requests))
		}
		// The delay spaces the starts of the requests; their arrivals at the
		// server jitter by a few milliseconds (the first opens the
		// connection, a loaded machine delays any), so the span may fall a
		// little short of 500ms; without the delay it would be a few ms.
		if span := site.requests[5].Sub(site.requests[0]); span < 450*time.Millisecond {
			t.Errorf("6 requests within %v; a 100ms delay needs about 500ms", span)
		}
	})
	t.Run("our group disallows a path", func(t *testing.T) {
		site := newPoliteSite(t, 3, "User-agent: *\nAllow: /\n\nUser-agent: newsarchive-test\nDisallow: /news/\n", http.StatusOK)
		st := runCrawl(t, testOptions(testSource(site.URL+"/"), newMemStore()))
		site.mu.Lock()
		defer site.mu.Unlock()
		if len(site.requests) != 1 || st.Skipped != 3 {
			t.Errorf("%d page requests, %d skipped; want the home page alone and 3 skipped", len(site.requests), st.Skipped)
		}
	})
}

// TestSlowAnswersPaceTheHost: with a delay set, a host waits after each
// answer as long as the answer took, so a server slowing down under the
// crawl gets more time; without a delay nothing is added.
func TestSlowAnswersPaceTheHost(t *testing.T) {
	const answer = 300 * time.Millisecond
	for _, tt := range []struct {
		name  string
		delay time.Duration
		paced bool
	}{
		{"with a delay", 20 * time.Millisecond, true},
		{"without a delay", 0, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			site := newPoliteSite(t, 3, "", http.StatusNotFound)
			site.answerAfter.Store(int64(answer))
			src := testSource(site.URL + "/")
			src.Concurrency, src.Delay, src.MaxDepth = 1, tt.delay, 1
			runCrawl(t, testOptions(src, newMemStore()))
			site.mu.Lock()
			defer site.mu.Unlock()
			if len(site.requests) < 4 {
				t.Fatalf("%d page requests, want the home page and 3 articles", len(site.requests))
			}
			// Between two article requests: the answer (300 ms), then, when
			// paced, as long again (600 ms); the line between is drawn at
			// 500 ms, for the jitter of a loaded machine.
			for i := 2; i < 4; i++ {
				gap := site.requests[i].Sub(site.requests[i-1])
				if paced := gap >= 2*answer-100*time.Millisecond; paced != tt.paced {
					t.Errorf("request %d came %v after the one before; paced = %v, want %v", i, gap, paced, tt.paced)
				}
			}
		})
	}
}

// TestCrawlOfAFailingServerFails: a site that answers 500 to every page,
// robots.txt aside, gave the run nothing: it fails with
// ErrNothingFetched naming the first failure (it was recorded ok, and the
// daemon's last-success metric went on advancing). One whose pages are
// gone (404) is answering: the run ends. A page past the body cap is a
// failure too, whatever its status.
func TestCrawlOfAFailingServerFails(t *testing.T) {
	for _, tc := range []struct {
		name   string
		status int
		bytes  int    // of the body, past the cap of 4 KiB when more
		want   string // "" for success
	}{
		{"500", http.StatusInternalServerError, 10, "/ failed: HTTP 500"},
		{"404", http.StatusNotFound, 10, ""},
		{"200 past the cap", http.StatusOK, 8 << 10, "/ failed: body exceeds the size limit"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/robots.txt" {
					fmt.Fprint(w, "User-agent: *\nAllow: /\n")
					return
				}
				w.Header().Set("Content-Type", "text/html")
				w.WriteHeader(tc.status)
				w.Write([]byte("<p>" + strings.Repeat("x", tc.bytes)))
			}))
			t.Cleanup(srv.Close)
			opt := testOptions(testSource(srv.URL+"/"), newMemStore())
			opt.Fetch.MaxBodyBytes = 4 << 10
			if tc.want == "" {
				runCrawl(t, opt)
				return
			}
			runRefused(t, opt, srv.URL+tc.want)
		})
	}
}

// TestFetchTimeIsWhenTheRequestLeft: a polite crawl queues a host's
// requests behind its delay; each fetch is dated when its request left
// for the server, and lasts as long as the server took, not from when
// colly queued it (a 304 of a local section page was recorded as lasting
// 4 s, dated 4 s before the server saw it).
func TestFetchTimeIsWhenTheRequestLeft(t *testing.T) {
	const delay = 300 * time.Millisecond
	srv := newTimedSite(t, 4, "")
	src := testSource(srv.URL + "/")
	src.Concurrency, src.Delay, src.MaxDepth = 1, delay, 1
	store := newMemStore()
	runCrawl(t, testOptions(src, store))
	checked := 0
	for _, rec := range store.records {
		resp := rec.Response
		if resp == nil || !strings.Contains(resp.FinalURL, "/news/") {
			continue
		}
		checked++
		at := srv.requested(strings.TrimPrefix(resp.FinalURL, srv.URL))
		// Sent before the server saw it, and well within the delay the
		// request would otherwise have been dated from.
		if lead := at.Sub(resp.FetchedAt); lead < -5*time.Millisecond || lead > delay/2 {
			t.Errorf("%s dated %v before the server saw it, want under %v", resp.FinalURL, lead, delay/2)
		}
		if resp.Duration > delay/2 {
			t.Errorf("%s lasted %v, want the server's time, under %v", resp.FinalURL, resp.Duration, delay/2)
		}
	}
	if checked != 4 {
		t.Fatalf("checked %d article fetches, want 4", checked)
	}
}

// TestUnansweredFetchIsDatedWhenItLeft: a request the server never
// answers fails at the header timeout; its failed fetch is dated when the
// request left for the server, after the host's politeness wait (it was
// dated when it failed, with no duration: the archive could not tell
// how long the server kept it waiting).
func TestUnansweredFetchIsDatedWhenItLeft(t *testing.T) {
	const delay, timeout = 300 * time.Millisecond, 400 * time.Millisecond
	silent := "/news/2024/03/15/story-number-2-of-the-day"
	srv := newTimedSite(t, 3, "")
	srv.mu.Lock()
	srv.silent = silent // until the client gives up
	srv.mu.Unlock()
	src := testSource(srv.URL + "/")
	src.Concurrency, src.Delay, src.MaxDepth = 1, delay, 1
	store := newMemStore()
	opt := testOptions(src, store)
	opt.Fetch.HeaderTimeout = timeout
	runCrawl(t, opt)
	for _, rec := range store.records {
		if !strings.HasSuffix(rec.URL, silent) || rec.Err == nil {
			continue
		}
		if lead := srv.requested(silent).Sub(rec.SentAt); lead < -5*time.Millisecond || lead > delay/2 {
			t.Fatalf("the unanswered fetch is dated %v before the server saw it (sent %v), want under %v",
				lead, rec.SentAt, delay/2)
		}
		return
	}
	t.Fatalf("no failed fetch of %s among %d records", silent, len(store.records))
}

// TestHostSpelledOtherwiseIsOneHost: a start URL and a redirect naming
// the host in capitals are the host the links name: one robots.txt, one
// delay between all its requests, and addresses stored with the host in
// its normal form.
func TestHostSpelledOtherwiseIsOneHost(t *testing.T) {
	const delay = 150 * time.Millisecond
	var (
		mu       sync.Mutex
		robots   int
		requests []time.Time
		paths    []string
	)
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		requests = append(requests, time.Now())
		paths = append(paths, r.URL.Path)
		if r.URL.Path == "/robots.txt" {
			robots++
		}
		mu.Unlock()
		switch {
		case r.URL.Path == "/robots.txt":
			http.NotFound(w, r)
		case r.URL.Path == "/":
			fmt.Fprint(w, `<html><body><a href="/news/2024/03/15/story-number-1-of-the-day">1</a>`+
				`<a href="/r/2">2</a></body></html>`)
		case r.URL.Path == "/r/2":
			http.Redirect(w, r, strings.Replace(srv.URL, "127.0.0.1", "LOCALHOST", 1)+"/news/2024/03/15/story-number-2-of-the-day", http.StatusMovedPermanently)
		case strings.HasPrefix(r.URL.Path, "/news/"):
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, articleHTML(1, r.URL.Path))
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	start := strings.Replace(srv.URL, "http://127.0.0.1", "HTTP://LocalHost", 1) + "/"
	src := testSource(start)
	src.Concurrency, src.Delay = 1, delay
	store := newMemStore()
	if st := runCrawl(t, testOptions(src, store)); st.New != 2 {
		t.Errorf("archived %d articles, want 2 (%+v)", st.New, st)
	}
	mu.Lock()
	defer mu.Unlock()
	if robots != 1 {
		t.Errorf("robots.txt asked %d times, want once", robots)
	}
	for i := 1; i < len(requests); i++ {
		// The delay parts the booked starts; a request reaches the server
		// a little after its start, so the line is drawn at half of it.
		if gap := requests[i].Sub(requests[i-1]); gap < delay/2 {
			t.Errorf("request %d (%s) came %v after the one before (%s); want the %v delay", i, paths[i], gap, paths[i-1], delay)
		}
	}
	store.mu.Lock()
	defer store.mu.Unlock()
	for _, r := range store.records {
		if r.Response != nil && strings.Contains(r.Response.FinalURL, "ocal") && !strings.Contains(r.Response.FinalURL, "://localhost:") {
			t.Errorf("stored %s; want the host in its normal form", r.Response.FinalURL)
		}
	}
}

// TestCrawlObeysNoFollow: a page whose robots <meta> or X-Robots-Tag asks
// that its links not be followed leads nowhere, its feed still read; a
// directive for another crawler, or a crawl told to ignore robots rules,
// follows them.
func TestCrawlObeysNoFollow(t *testing.T) {
	const section, feedStory = "/world/", "/news/2026/11/29/harbour-reopens-after-storm"
	tests := []struct {
		name         string
		meta, header string
		ignoreRobots bool
		followed     bool
	}{
		{"robots meta nofollow", `<meta name="robots" content="noindex, nofollow">`, "", false, false},
		{"X-Robots-Tag none", "", "none", false, false},
		{"X-Robots-Tag for this crawler", "", "newsarchive-test: nofollow", false, false},
		{"X-Robots-Tag for another crawler", "", "googlebot: nofollow", false, true},
		{"noindex alone", `<meta name="robots" content="noindex">`, "", false, true},
		{"robots rules ignored", `<meta name="robots" content="nofollow">`, "", true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, hits := countingServer(t, func(w http.ResponseWriter, r *http.Request) {
				switch r.URL.Path {
				case "/":
					if tt.header != "" {
						w.Header().Set("X-Robots-Tag", tt.header)
					}
					w.Header().Set("Content-Type", "text/html")
					fmt.Fprintf(w, `<!DOCTYPE html><html><head><title>The Local Times</title>%s
<link rel="alternate" type="application/rss+xml" href="/feed.xml"></head>
<body><nav><a href="%s">World</a></nav></body></html>`, tt.meta, section)
				case "/feed.xml":
					w.Header().Set("Content-Type", "application/rss+xml")
					fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
<item><title>Harbour</title><link>http://%s%s</link></item></channel></rss>`, r.Host, feedStory)
				case section:
					w.Header().Set("Content-Type", "text/html")
					fmt.Fprint(w, `<!DOCTYPE html><html><head><title>World</title></head><body><h1>World</h1></body></html>`)
				case feedStory:
					w.Header().Set("Content-Type", "text/html")
					fmt.Fprint(w, articleHTML(1, r.URL.Path))
				default:
					http.NotFound(w, r)
				}
			})
			opt := testOptions(testSource(srv.URL+"/"), newMemStore())
			opt.IgnoreRobots = tt.ignoreRobots
			runCrawl(t, opt)
			if got := hits(section) == 1; got != tt.followed {
				t.Errorf("the page's link followed: %v, want %v", got, tt.followed)
			}
			if hits("/feed.xml") != 1 || hits(feedStory) != 1 {
				t.Errorf("the feed read %d times, its story fetched %d times; want 1 and 1", hits("/feed.xml"), hits(feedStory))
			}
		})
	}
}
