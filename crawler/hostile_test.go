package crawler

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/crawler/fetch"
	"github.com/newsarchive/newsarchive/internal/logbuf"
)

// hostileSite serves a home page linking to one good article and to the
// given hostile handlers, each under an article-like path.
type hostileSite struct {
	*httptest.Server
	mu   sync.Mutex
	hits map[string]int
}

const goodPath = "/news/2024/03/15/a-good-article-among-bad-ones"

func newHostileSite(t *testing.T, routes map[string]http.HandlerFunc) *hostileSite {
	t.Helper()
	s := &hostileSite{hits: map[string]int{}}
	mux := http.NewServeMux()
	var home strings.Builder
	home.WriteString(`<!DOCTYPE html><html><head><title>Home</title></head><body>`)
	fmt.Fprintf(&home, `<a href="%s">Good</a>`, goodPath)
	for p, h := range routes {
		fmt.Fprintf(&home, `<a href="%s">Bad</a>`, p)
		mux.HandleFunc(p, h)
	}
	home.WriteString(`</body></html>`)
	mux.HandleFunc("/{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, home.String())
	})
	mux.HandleFunc(goodPath, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, articleHTML(0, goodPath))
	})
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.hits[r.URL.Path]++
		s.mu.Unlock()
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *hostileSite) hitsOf(p string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[p]
}

// hostileOptions keep every limit small so each scenario ends in seconds.
func hostileOptions(site *hostileSite, store Store) Options {
	opt := testOptions(testSource(site.URL+"/"), store)
	opt.Fetch = fetch.Config{
		ConnectTimeout: time.Second,
		HeaderTimeout:  300 * time.Millisecond,
		TotalTimeout:   time.Second,
		MaxBodyBytes:   256 << 10,
	}
	opt.MaxRetryWait = 2 * time.Second
	return opt
}

// waitOrGone blocks until the client hangs up or d passes.
func waitOrGone(r *http.Request, d time.Duration) {
	select {
	case <-r.Context().Done():
	case <-time.After(d):
	}
}

// unavailable answers 503 asking to be left alone for retryAfter.
func unavailable(retryAfter string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", retryAfter)
		http.Error(w, "maintenance", http.StatusServiceUnavailable)
	}
}

func TestCrawlHostileServers(t *testing.T) {
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("a host outside the scope was requested: %s", r.URL)
	}))
	defer other.Close()
	const p = "/news/2024/03/15/"
	// 16 MiB of zeros compressed once: about 16 KiB on the wire.
	var bomb bytes.Buffer
	zw := gzip.NewWriter(&bomb)
	zw.Write(make([]byte, 16<<20))
	zw.Close()
	tests := []struct {
		name    string
		handler http.HandlerFunc
		wantErr string // substring of the recorded error; "" for a recorded success
		hits    int    // requests expected on the hostile path; 0 means any
	}{
		{"huge body", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.Write(bytes.Repeat([]byte("<p>big</p>"), 100_000))
		}, "size limit", 1},
		{"gzip bomb", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.Header().Set("Content-Encoding", "gzip")
			w.Write(bomb.Bytes())
		}, "size limit", 1},
		{"endless chunked body", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			chunk := bytes.Repeat([]byte("<p>more</p>"), 1000)
			for r.Context().Err() == nil {
				if _, err := w.Write(chunk); err != nil {
					return
				}
				w.(http.Flusher).Flush()
			}
		}, "size limit", 1},
		{"hangs up mid-body", func(w http.ResponseWriter, r *http.Request) {
			conn, _, err := w.(http.Hijacker).Hijack()
			if err != nil {
				return
			}
			defer conn.Close()
			fmt.Fprint(conn, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n<html><body><p>start")
		}, "closed the connection before the end of the body", 1},
		{"damaged gzip", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.Header().Set("Content-Encoding", "gzip")
			var page bytes.Buffer
			zw := gzip.NewWriter(&page)
			fmt.Fprint(zw, articleHTML(1, r.URL.Path))
			zw.Close()
			damaged := page.Bytes()
			damaged[len(damaged)/2] ^= 0xff
			w.Write(damaged)
		}, "decode gzip body", 1},
		{"silent before headers", func(w http.ResponseWriter, r *http.Request) {
			waitOrGone(r, 5*time.Second)
		}, "timeout", 1},
		{"silent after headers", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(http.StatusOK)
			w.Write([]byte("<html><body><p>start"))
			w.(http.Flusher).Flush()
			waitOrGone(r, 5*time.Second)
		}, "timeout", 1},
		{"redirect loop", func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, r.URL.Path+"?again=1", http.StatusFound)
		}, "redirect", 0},
		{"redirect chain over ten hops", func(w http.ResponseWriter, r *http.Request) {
			hop, _ := strconv.Atoi(r.URL.Query().Get("hop"))
			http.Redirect(w, r, fmt.Sprintf("%s?hop=%d", r.URL.Path, hop+1), http.StatusFound)
		}, "redirect", 11},
		{"redirect out of scope", func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, other.URL+"/2024/03/15/elsewhere-story-one-two", http.StatusMovedPermanently)
		}, "out of scope", 1},
		{"404 not retried", http.NotFound, "404", 1},
		{"410 not retried", func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, "gone", http.StatusGone)
		}, "410", 1},
		{"429 given up after three attempts", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", "0")
			http.Error(w, "slow down", http.StatusTooManyRequests)
		}, "429", 3},
		{"503 retry-after beyond patience", unavailable("3600"), "503", 1},
		{"503 retry-after past what a duration holds", unavailable("10000000000"), "503", 1}, // 317 years
		{"503 retry-after past int64", unavailable("99999999999999999999"), "503", 1},
		{"pdf not parsed", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/pdf")
			w.Write([]byte("%PDF-1.4 binary"))
		}, "", 1},
		{"malformed html", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=no-such-charset")
			w.Write([]byte("<html><body><p>unclosed <div><a href='/x'>\xff\xfe<table><td>"))
		}, "", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := p + strings.ReplaceAll(tt.name, " ", "-") + "-story"
			site := newHostileSite(t, map[string]http.HandlerFunc{path: tt.handler})
			store := newMemStore()
			start := time.Now()
			runCrawl(t, hostileOptions(site, store))
			if d := time.Since(start); d > 10*time.Second {
				t.Errorf("run took %v", d)
			}
			if !store.articleURLs()[site.URL+goodPath] {
				t.Errorf("the good article was not archived")
			}
			err, failed := store.failures()[site.URL+path]
			switch {
			case tt.wantErr == "" && failed:
				t.Errorf("unexpected failure recorded: %v", err)
			case tt.wantErr != "" && !failed:
				t.Errorf("no failure recorded, want one mentioning %q", tt.wantErr)
			case tt.wantErr != "" && !strings.Contains(strings.ToLower(err.Error()), tt.wantErr):
				t.Errorf("recorded error %q, want it to mention %q", err, tt.wantErr)
			}
			if n := site.hitsOf(path); tt.hits > 0 && n != tt.hits {
				t.Errorf("%d requests of the hostile path, want %d", n, tt.hits)
			}
		})
	}
}

func TestCrawlRetryAfterThenSuccess(t *testing.T) {
	for _, header := range []string{"0", time.Now().Add(-time.Minute).UTC().Format(http.TimeFormat)} {
		t.Run(header, func(t *testing.T) {
			var mu sync.Mutex
			calls := 0
			var at []time.Time
			path := "/news/2024/03/15/flaky-server-answers-eventually"
			site := newHostileSite(t, map[string]http.HandlerFunc{path: func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				calls++
				n := calls
				at = append(at, time.Now())
				mu.Unlock()
				if n == 1 {
					w.Header().Set("Retry-After", header)
					http.Error(w, "busy", http.StatusServiceUnavailable)
					return
				}
				w.Header().Set("Content-Type", "text/html")
				fmt.Fprint(w, articleHTML(1, path))
			}})
			store := newMemStore()
			runCrawl(t, hostileOptions(site, store))
			if !store.articleURLs()[site.URL+path] {
				t.Errorf("article not archived after the retry; failures %v", store.failures())
			}
			if n := site.hitsOf(path); n != 2 {
				t.Errorf("%d requests, want 2", n)
			}
			// The server asked for no wait: the crawler's backoff (500 ms
			// at least) still parts the attempts.
			mu.Lock()
			defer mu.Unlock()
			if len(at) == 2 && at[1].Sub(at[0]) < 400*time.Millisecond {
				t.Errorf("the retry came %v after the first attempt; want the backoff between", at[1].Sub(at[0]))
			}
		})
	}
}

func TestCrawlStopsOnCancel(t *testing.T) {
	site := newHostileSite(t, map[string]http.HandlerFunc{"/news/2024/03/15/never-ending-response": func(w http.ResponseWriter, r *http.Request) {
		waitOrGone(r, 10*time.Second)
	}})
	opt := hostileOptions(site, newMemStore())
	opt.Fetch.HeaderTimeout = 10 * time.Second
	opt.Fetch.TotalTimeout = 10 * time.Second
	ctx, cancel := contextWithTimeout(300 * time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := Run(ctx, opt)
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("Run took %v after cancel", d)
	}
	if !errors.Is(err, contextDeadline) {
		t.Errorf("err = %v, want the context's error", err)
	}
}

// A 429 with Retry-After pauses the whole host, not only the page that got
// it: the host's other pages wait out the pause too.
func TestRetryAfterPausesTheHost(t *testing.T) {
	const busy = "/news/2024/03/15/rate-limited-story-of-the-day"
	var answered, retried time.Time // when the 429 went out, when its page was asked again
	// The home page links to the rate-limited page first, then to three
	// others, fetched one at a time.
	site := newTimedSite(t, 0, "", busy, "/news/2024/03/15/story-one-of-the-day",
		"/news/2024/03/15/story-two-of-the-day", "/news/2024/03/15/story-three-of-the-day")
	var mu sync.Mutex
	limited := false
	wrapped := site.Config.Handler
	site.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		first := r.URL.Path == busy && !limited
		if first {
			limited, answered = true, time.Now()
		}
		mu.Unlock()
		if first {
			w.Header().Set("Retry-After", "1")
			http.Error(w, "slow down", http.StatusTooManyRequests)
			return
		}
		if r.URL.Path == busy {
			mu.Lock()
			retried = time.Now()
			mu.Unlock()
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, articleHTML(1, busy))
			return
		}
		wrapped.ServeHTTP(w, r)
	})
	src := testSource(site.URL + "/")
	src.Concurrency = 1
	st := runCrawl(t, testOptions(src, newMemStore()))
	if st.New != 4 {
		t.Fatalf("archived %d articles, want 4 (%+v)", st.New, st)
	}
	site.mu.Lock()
	defer site.mu.Unlock()
	mu.Lock()
	defer mu.Unlock()
	// The page asked again is one after the 429 however the others were
	// ordered (under load they could all go before it).
	requests := maps.Clone(site.requests)
	requests[busy] = retried
	after := 0
	for p, at := range requests {
		if !at.After(answered) {
			continue
		}
		after++
		if at.Sub(answered) < 900*time.Millisecond {
			t.Errorf("%s requested %v after the 429 that asked for 1s", p, at.Sub(answered))
		}
	}
	if after == 0 {
		t.Error("no page was requested after the 429: the test proves nothing")
	}
}

// TestDeadHostIsGivenUp: a host that stops answering mid-run (it hangs
// up on every article, or sends its headers and then its body too slowly
// to end within the fetch's time) is asked only until hostDownAfter
// requests in a row went unanswered, one in an outage (every page
// answered 500) until hostFailingAfter were answered so; its other pages
// are recorded as failed at once, and the run ends.
func TestDeadHostIsGivenUp(t *testing.T) {
	hangUp := func(w http.ResponseWriter, r *http.Request) {
		if conn, _, err := w.(http.Hijacker).Hijack(); err == nil {
			conn.Close()
		}
	}
	drip := func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte("<html><body><p>"))
		w.(http.Flusher).Flush()
		waitOrGone(r, 5*time.Second)
	}
	serverError := func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "internal server error", http.StatusInternalServerError)
	}
	tests := []struct {
		name        string
		answer      http.HandlerFunc
		concurrency int
		after       int // requests in a row that give the host up
	}{
		{"hangs up", hangUp, 2, hostDownAfter},
		{"drips its body", drip, 2, hostDownAfter},
		// Five requests time out together: the ones waiting for their turn
		// are not sent as each of the five gives its turn back.
		{"drips its body, five at a time", drip, 5, hostDownAfter},
		// An outage: every page answered 500 at once.
		{"answers every page with a server error", serverError, 2, hostFailingAfter},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkHostGivenUp(t, tt.answer, tt.concurrency, tt.after) })
	}
}

// checkHostGivenUp crawls a site whose articles all get answer, with
// concurrency requests in flight, and sees the host given up after the
// first after of them.
func checkHostGivenUp(t *testing.T, answer http.HandlerFunc, concurrency, after int) {
	const articles = 25
	var mu sync.Mutex
	asked := map[string]bool{}
	site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/":
			w.Header().Set("Content-Type", "text/html")
			for i := range articles {
				fmt.Fprintf(w, `<a href="/news/2024/03/15/story-from-a-dying-host-%d">s</a>`, i)
			}
		case strings.HasPrefix(r.URL.Path, "/news/"):
			mu.Lock()
			asked[r.URL.Path] = true // Go's transport may send a request twice over a closed connection
			mu.Unlock()
			answer(w, r)
		default:
			http.NotFound(w, r)
		}
	}))
	defer site.Close()
	store := newMemStore()
	opt := testOptions(testSource(site.URL+"/"), store)
	opt.Source.Concurrency = concurrency
	opt.Fetch.TotalTimeout = 300 * time.Millisecond
	var logged bytes.Buffer // the handler serialises its writes
	opt.Logger = slog.New(slog.NewTextHandler(&logged, &slog.HandlerOptions{Level: slog.LevelWarn}))
	runCrawl(t, opt)
	if n := strings.Count(logged.String(), "host down"); n != 1 {
		t.Errorf("%d warnings name the host down, want one for the event:\n%s", n, logged.String())
	}
	downs := 0
	for p, err := range store.failures() {
		if strings.Contains(p, "/news/") && strings.Contains(err.Error(), "host down") {
			downs++
		}
	}
	mu.Lock()
	defer mu.Unlock()
	// The requests already under way when the count was reached go out
	// too: at most one per other request in flight.
	if most := after + 1; len(asked) < after || len(asked) > most {
		t.Errorf("the dying host was asked for %d pages, want %d to %d", len(asked), after, most)
	}
	if downs != articles-len(asked) {
		t.Errorf("%d pages failed as host down, want the %d not asked", downs, articles-len(asked))
	}
	if n := len(store.failures()); n != articles {
		t.Errorf("%d failures recorded, want one per article", n)
	}
}

// newListingSite serves listings (routes) of the articles it serves under
// /news/2024/03/15/.
func newListingSite(t *testing.T, routes map[string]http.HandlerFunc) *hostileSite {
	routes["/news/2024/03/15/"] = func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, articleHTML(1, r.URL.Path))
	}
	return newHostileSite(t, routes)
}

// listingOptions crawls a listing site from its listings alone, with room
// for a thousand articles and time for them on a busy machine (no
// timeout is tested).
func listingOptions(site *hostileSite, store *memStore) Options {
	opt := hostileOptions(site, store)
	opt.Fetch.HeaderTimeout, opt.Fetch.TotalTimeout = 10*time.Second, 20*time.Second
	opt.Source.Start = nil
	opt.Source.MaxPages = 10_000
	opt.Source.Concurrency = 8
	return opt
}

// TestCrawlReadsAListingCutAtTheCap: a sitemap or feed past the body cap
// (the sitemap protocol allows 50 MB, pages get 10 MiB) is recorded as
// failed, and the articles it lists before the cut are fetched all the
// same.
func TestCrawlReadsAListingCutAtTheCap(t *testing.T) {
	const listed = 1000 // about 110 KB of entries, past a 64 KiB cap
	for _, tc := range []struct {
		name, path, head, entry, tail string
	}{
		{"sitemap", "/sitemap.xml", `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`,
			"<url><loc>%s/news/2024/03/15/listed-story-number-%d</loc><lastmod>2024-03-15</lastmod></url>", `</urlset>`},
		{"feed", "/feed.xml", `<?xml version="1.0"?><rss version="2.0"><channel><title>Feed</title>`,
			"<item><title>Story</title><link>%s/news/2024/03/15/listed-story-number-%d</link></item>", `</channel></rss>`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var site *hostileSite
			site = newListingSite(t, map[string]http.HandlerFunc{
				tc.path: func(w http.ResponseWriter, r *http.Request) {
					w.Header().Set("Content-Type", "application/xml")
					fmt.Fprint(w, tc.head)
					for i := range listed {
						fmt.Fprintf(w, tc.entry, site.URL, i)
					}
					fmt.Fprint(w, tc.tail)
				},
			})
			store := newMemStore()
			opt := listingOptions(site, store)
			if tc.name == "feed" {
				opt.Source.Feeds = []string{site.URL + tc.path}
			} else {
				opt.Source.Sitemaps = []string{site.URL + tc.path}
			}
			opt.Fetch.MaxBodyBytes, opt.Fetch.MaxSitemapBytes = 64<<10, 64<<10
			runCrawl(t, opt)
			err, failed := store.failures()[site.URL+tc.path]
			if !failed || !errors.Is(err, ErrTruncated) {
				t.Errorf("%s fetch recorded with error %v, want %v", tc.name, err, ErrTruncated)
			}
			got := 0
			for u := range store.articleURLs() {
				if strings.Contains(u, "/listed-story-number-") {
					got++
				}
			}
			if got < listed/2 || got >= listed {
				t.Errorf("%d of the %d listed articles archived; want those before the cut", got, listed)
			}
		})
	}
}

// TestCrawlReadsASitemapPastThePageCap: a sitemap larger than a page may
// be (a month of stories with their pictures), listed as a sitemap or as
// a feed, is read whole, up to its own cap, and its stories all fetched;
// it was cut at the page cap, and fetched again in full each run.
func TestCrawlReadsASitemapPastThePageCap(t *testing.T) {
	const listed = 400 // about 44 KB of entries
	var site *hostileSite
	site = newListingSite(t, map[string]http.HandlerFunc{
		"/sitemap.xml": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/xml")
			w.Header().Set("ETag", `"s1"`)
			if r.Header.Get("If-None-Match") == `"s1"` {
				w.WriteHeader(http.StatusNotModified)
				return
			}
			fmt.Fprint(w, `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
			for i := range listed {
				fmt.Fprintf(w, "<url><loc>%s/news/2024/03/15/listed-story-number-%d</loc><lastmod>2024-03-15</lastmod></url>", site.URL, i)
			}
			fmt.Fprint(w, `</urlset>`)
		},
		"/sitemap-moved.xml": func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "/sitemap.xml", http.StatusMovedPermanently)
		},
	})
	for _, key := range []string{"sitemaps", "feeds"} {
		t.Run("under "+key, func(t *testing.T) {
			store := newMemStore()
			opt := listingOptions(site, store)
			if key == "feeds" {
				opt.Source.Feeds = []string{site.URL + "/sitemap-moved.xml"}
			} else {
				opt.Source.Sitemaps = []string{site.URL + "/sitemap-moved.xml"}
			}
			opt.Fetch.MaxBodyBytes, opt.Fetch.MaxSitemapBytes = 16<<10, 1<<20
			if st := runCrawl(t, opt); st.Errors != 0 {
				t.Errorf("%d errors, want none", st.Errors)
			}
			if n := len(store.articleURLs()); n != listed {
				t.Errorf("%d of the %d listed articles archived", n, listed)
			}
			if st := runCrawl(t, opt); st.NotChanged == 0 {
				t.Errorf("second run: nothing answered 304; the sitemap's validators were not kept")
			}
		})
	}
}

// TestCrawlStoppedDuringRobotsIsNoSiteFailure: a run stopped while the
// host's robots.txt was being read counts no error and records no failed
// fetch: the host did not fail.
func TestCrawlStoppedDuringRobotsIsNoSiteFailure(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		waitOrGone(r, 10*time.Second)
	}))
	t.Cleanup(srv.Close)
	store := newMemStore()
	opt := testOptions(testSource(srv.URL+"/"), store)
	var logged logbuf.Buffer
	opt.Logger = slog.New(slog.NewTextHandler(&logged, &slog.HandlerOptions{Level: slog.LevelWarn}))
	ctx, cancel := contextWithTimeout(200 * time.Millisecond)
	defer cancel()
	st, _ := Run(ctx, opt)
	if st.Errors != 0 || len(store.failures()) != 0 || strings.Contains(logged.String(), "unreachable") {
		t.Errorf("%d errors, failures %v, log:\n%s\nwant no failure of the host", st.Errors, store.failures(), logged.String())
	}
}

// TestCrawlStoppedDuringRobotsResumesTheFeed: a feed refused because the
// run stopped while its host's robots.txt was read is asked for by the
// run that resumes the stopped one.
func TestCrawlStoppedDuringRobotsResumesTheFeed(t *testing.T) {
	var slow atomic.Bool
	slow.Store(true)
	var feedAsked atomic.Int32
	feeds := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/robots.txt":
			if slow.Load() {
				waitOrGone(r, 10*time.Second)
				return
			}
			fmt.Fprint(w, "User-agent: *\nAllow: /\n")
		case "/feed.xml":
			feedAsked.Add(1)
			fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>`)
		}
	}))
	t.Cleanup(feeds.Close)
	src := testSource()
	src.Feeds = []string{feeds.URL + "/feed.xml"}
	opt := testOptions(src, newMemStore())
	opt.Frontier = NewMemFrontier(100)
	ctx, cancel := contextWithTimeout(200 * time.Millisecond)
	defer cancel()
	Run(ctx, opt)
	slow.Store(false)
	runCrawl(t, opt)
	if feedAsked.Load() != 1 {
		t.Errorf("the feed was asked for %d times after the resume, want once", feedAsked.Load())
	}
}

// TestCrawlReadsPagesAsParseDoes: whether a page is read as HTML follows
// parse.IsHTML, the rule scrape and reparse apply: an HTML page served
// with a generic or a plain-text type is archived, a PDF or an image is
// not, whatever its declared type.
func TestCrawlReadsPagesAsParseDoes(t *testing.T) {
	const p = "/news/2024/03/15/"
	tests := []struct {
		name, contentType string
		pdf               bool
		archived          bool
	}{
		{"octet stream html", "application/octet-stream", false, true},
		{"plain text html", "text/plain; charset=utf-8", false, true},
		{"no type html", "", false, true},
		{"pdf as octet stream", "application/octet-stream", true, false},
		{"pdf as html", "text/html", true, false},
		{"image type html", "image/png", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := p + strings.ReplaceAll(tt.name, " ", "-") + "-story"
			site := newHostileSite(t, map[string]http.HandlerFunc{path: func(w http.ResponseWriter, r *http.Request) {
				w.Header()["Content-Type"] = []string{tt.contentType}
				if tt.pdf {
					fmt.Fprint(w, "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<</Type/Catalog>>endobj\n")
					return
				}
				fmt.Fprint(w, articleHTML(1, path))
			}})
			store := newMemStore()
			runCrawl(t, hostileOptions(site, store))
			if got := store.articleURLs()[site.URL+path]; got != tt.archived {
				t.Errorf("archived = %v, want %v", got, tt.archived)
			}
		})
	}
}
