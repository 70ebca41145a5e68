package crawler

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gocolly/colly/v2"
)

// queuedFor serialises a request for rawURL as the crawl queues it.
func queuedFor(t *testing.T, rawURL string) []byte {
	t.Helper()
	c := colly.NewCollector()
	req, err := c.UnmarshalRequest([]byte(fmt.Sprintf(`{"URL":%q,"Method":"GET","Ctx":{}}`, rawURL)))
	if err != nil {
		t.Fatal(err)
	}
	raw, err := req.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

func TestDispatcherHandsOutFreeHostsFirst(t *testing.T) {
	tests := []struct {
		name     string
		queued   []string       // hosts, in queue order
		parallel map[string]int // absent: the rule is not known yet
		want     []string       // hosts handed out before every worker would wait
	}{
		// A host holds perHost (2) requests for each it may have in flight.
		{"busy host set aside", []string{"a", "a", "a", "a", "b", "b"}, map[string]int{"a": 1, "b": 1}, []string{"a", "a", "b", "b"}},
		{"unknown host gets one", []string{"a", "a", "b"}, map[string]int{}, []string{"a", "b"}},
		{"order kept within a host", []string{"a", "b", "a", "c", "a", "a"}, map[string]int{"a": 1, "b": 1, "c": 1}, []string{"a", "b", "a", "c"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			front := NewMemFrontier(100)
			if err := front.Init(); err != nil {
				t.Fatal(err)
			}
			parallel := func(h string) (int, bool) { n, ok := tt.parallel[strings.Split(h, ".")[0]]; return n, ok }
			d := newDispatcher(context.Background(), front, parallel)
			for i, h := range tt.queued {
				if err := d.add(queuedFor(t, fmt.Sprintf("http://%s.test/%d", h, i))); err != nil {
					t.Fatal(err)
				}
			}
			var got []string
			for range tt.want {
				w, ok := d.next()
				if !ok {
					t.Fatalf("run ended after %v", got)
				}
				got = append(got, strings.Split(w.host, ".")[0])
			}
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("handed out %v, want %v", got, tt.want)
			}
			// Every worker now waits: the rest is for busy hosts.
			d.mu.Lock()
			_, found, _ := d.pick()
			d.mu.Unlock()
			if found {
				t.Errorf("a request for a busy host was handed out")
			}
		})
	}
}

func TestDispatcherEndsWhenNothingWaitsOrCancelled(t *testing.T) {
	front := NewMemFrontier(10)
	if err := front.Init(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	d := newDispatcher(ctx, front, func(string) (int, bool) { return 0, false }) // one at a time
	defer d.wakeOnCancel()()
	for i := range 2 {
		if err := d.add(queuedFor(t, fmt.Sprintf("http://a.test/%d", i))); err != nil {
			t.Fatal(err)
		}
	}
	w, ok := d.next()
	if !ok {
		t.Fatal("nothing handed out")
	}
	ended := make(chan bool)
	go func() { _, ok := d.next(); ended <- ok }() // waits: a.test is busy
	cancel()
	if ok := <-ended; ok {
		t.Error("a request was handed out after the cancel")
	}
	d.done(w.host)
	if err := d.giveBack(); err != nil {
		t.Fatal(err)
	}
	if n, _ := front.QueueSize(); n != 1 {
		t.Errorf("%d requests in the frontier after the cancel, want the one set aside", n)
	}
}

// timedSite records when each of its pages is requested.
type timedSite struct {
	*httptest.Server
	mu       sync.Mutex
	requests map[string]time.Time
	silent   string // a path answered with nothing, until the client gives up
}

// requested is when the last request for path reached the site.
func (s *timedSite) requested(path string) time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests[path]
}

// newTimedSite serves a home page linking to n articles and to the extra
// links, and robots.txt.
func newTimedSite(t *testing.T, n int, robots string, extra ...string) *timedSite {
	t.Helper()
	s := &timedSite{requests: map[string]time.Time{}}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.requests[r.URL.Path] = time.Now()
		silent := r.URL.Path == s.silent
		s.mu.Unlock()
		switch {
		case silent:
			<-r.Context().Done()
		case r.URL.Path == "/robots.txt":
			fmt.Fprint(w, robots)
		case r.URL.Path == "/":
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, "<html><body>")
			for i := range n {
				fmt.Fprintf(w, `<a href="/news/2024/03/15/story-number-%d-of-the-day">s</a>`, i)
			}
			for _, e := range extra {
				fmt.Fprintf(w, `<a href="%s">more</a>`, e)
			}
			fmt.Fprint(w, "</body></html>")
		case strings.HasPrefix(r.URL.Path, "/news/"):
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, articleHTML(1, r.URL.Path))
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(s.Close)
	return s
}

// A host that asks for a Crawl-delay holds a few workers, not all: the
// pages of another host of the source, queued behind the slow host's, are
// fetched while the slow host waits between its requests. With one queue,
// the slow host's five articles would take the four workers and the other
// host's home page would wait for the slow host's second turn.
func TestSlowHostDoesNotHoldEveryWorker(t *testing.T) {
	fast := newTimedSite(t, 8, "")
	slow := newTimedSite(t, 5, "User-agent: *\nCrawl-delay: 5\n", fast.URL+"/")
	src := testSource(slow.URL + "/")
	src.Concurrency = 1 // four workers
	src.Allow = []*regexp.Regexp{regexp.MustCompile("^" + regexp.QuoteMeta(slow.URL)), regexp.MustCompile("^" + regexp.QuoteMeta(fast.URL))}
	store := newMemStore()
	opt := testOptions(src, store)
	opt.MaxCrawlDelay = time.Second // Crawl-delay 5s becomes 1s
	st := runCrawl(t, opt)
	if st.New != 13 {
		t.Fatalf("archived %d articles, want 13 (%+v)", st.New, st)
	}
	slow.mu.Lock()
	defer slow.mu.Unlock()
	fast.mu.Lock()
	defer fast.mu.Unlock()
	var slowTimes []time.Time
	for p, at := range slow.requests {
		if strings.HasPrefix(p, "/news/") {
			slowTimes = append(slowTimes, at)
		}
	}
	// The slow host's second article is due a second after its first; the
	// fast host's nine pages take a few ms each.
	second := nth(slowTimes, 1)
	for p, at := range fast.requests {
		if at.After(second) {
			t.Errorf("fast host's %s requested after the slow host's second article", p)
		}
	}
}

// nth returns the i-th earliest of times.
func nth(times []time.Time, i int) time.Time {
	sorted := slices.Clone(times)
	slices.SortFunc(sorted, time.Time.Compare)
	return sorted[i]
}
