package crawler

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestCrawlBudget(t *testing.T) {
	site := newPoliteSite(t, 20, "", http.StatusNotFound)
	src := testSource(site.URL + "/")
	src.MaxPages = 5
	st := runCrawl(t, testOptions(src, newMemStore()))
	site.mu.Lock()
	defer site.mu.Unlock()
	if len(site.requests) != 5 || st.Skipped == 0 {
		t.Errorf("%d page requests, %d skipped; want the budget of 5 and the rest skipped", len(site.requests), st.Skipped)
	}
}

func TestCrawlRobotsUnreachable(t *testing.T) {
	var pages atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			waitOrGone(r, 5*time.Second)
			return
		}
		pages.Add(1)
		fmt.Fprint(w, "<html><body>home</body></html>")
	}))
	defer srv.Close()
	opt := testOptions(testSource(srv.URL+"/"), newMemStore())
	opt.Fetch.HeaderTimeout = 200 * time.Millisecond
	start := time.Now()
	runRefused(t, opt, srv.URL+"/ refused: robots.txt unreachable, host disallowed for this run (")
	if pages.Load() != 0 {
		t.Errorf("%d pages requested from a host whose robots.txt never answered", pages.Load())
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("run took %v", d)
	}
}

// TestCrawlInfiniteCalendar runs against a site whose calendar links to the
// next month forever and whose pages link one level deeper forever: depth,
// trap rules and budget end the run.
func TestCrawlInfiniteCalendar(t *testing.T) {
	var requests atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		w.Header().Set("Content-Type", "text/html")
		p := r.URL.Path
		if strings.HasPrefix(p, "/calendar/") {
			parts := strings.Split(strings.Trim(p, "/"), "/")
			year, _ := strconv.Atoi(parts[1])
			fmt.Fprintf(w, `<a href="/calendar/%d/">next year</a><a href="/calendar/%d/">last year</a>`, year+1, year-1)
			return
		}
		fmt.Fprintf(w, `<a href="/calendar/2024/">calendar</a><a href="%smore/">deeper</a><a href="%s;jsessionid=ABCDEF0123456789">session</a>`, p, p)
	}))
	defer srv.Close()
	src := testSource(srv.URL + "/")
	src.MaxDepth = 50
	src.MaxPages = 200
	st := runCrawl(t, testOptions(src, newMemStore()))
	if n := requests.Load(); n >= 200 {
		t.Errorf("%d requests: the trap rules did not bound the crawl", n)
	}
	if st.Skipped == 0 {
		t.Errorf("nothing refused: %+v", st)
	}
}
