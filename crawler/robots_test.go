package crawler

import (
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/internal/logbuf"
)

// robotsSite serves robots.txt and a home page with no links, and notes
// when each request arrived. gate, when set, runs before robots.txt is
// answered.
type robotsSite struct {
	*httptest.Server
	mu       sync.Mutex
	arrivals map[string][]time.Time
	gate     func()
}

func newRobotsSite(t *testing.T, robots string) *robotsSite {
	t.Helper()
	s := &robotsSite{arrivals: map[string][]time.Time{}}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.arrivals[r.URL.Path] = append(s.arrivals[r.URL.Path], time.Now())
		gate := s.gate
		s.mu.Unlock()
		if r.URL.Path == "/robots.txt" {
			if gate != nil {
				gate()
			}
			fmt.Fprint(w, robots)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, "<html><body><p>Home</p></body></html>")
	}))
	t.Cleanup(s.Close)
	return s
}

// requests returns when the requests for path arrived.
func (s *robotsSite) requests(path string) []time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Time(nil), s.arrivals[path]...)
}

// TestRobotsTakesTheHostsTurn: robots.txt is a request of its host: the
// first page waits the source's delay, or the Crawl-delay robots.txt
// sets, after it.
func TestRobotsTakesTheHostsTurn(t *testing.T) {
	const delay = 150 * time.Millisecond
	tests := []struct {
		name, robots string
		sourceDelay  time.Duration
	}{
		{"source delay", "User-agent: *\nAllow: /\n", delay},
		{"crawl-delay", "User-agent: *\nCrawl-delay: 0.15\n", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			site := newRobotsSite(t, tt.robots)
			src := testSource(site.URL + "/")
			src.Delay = tt.sourceDelay
			opt := testOptions(src, newMemStore())
			opt.MaxCrawlDelay = time.Second
			runCrawl(t, opt)
			robots, home := site.requests("/robots.txt"), site.requests("/")
			if len(robots) != 1 || len(home) != 1 {
				t.Fatalf("robots.txt asked %d times, the home page %d; want once each", len(robots), len(home))
			}
			// The page leaves no sooner than delay after robots.txt's answer,
			// which came after its request arrived: no jitter can shorten it.
			if gap := home[0].Sub(robots[0]); gap < delay {
				t.Errorf("home page %v after robots.txt; want at least %v", gap, delay)
			}
		})
	}
}

// TestRunsSharingAHostReadRobotsOnce: two sources crawled at once on one
// site with a shared Hosts read its robots.txt once between them, and
// each run's first page waits the delay after it.
func TestRunsSharingAHostReadRobotsOnce(t *testing.T) {
	const delay = 100 * time.Millisecond
	site := newRobotsSite(t, "User-agent: *\nDisallow: /private/\n")
	hosts := NewHosts()
	// robots.txt is answered once both runs use the host (or, as before,
	// once both asked for it), so the second cannot come after the first
	// run ended.
	site.gate = func() {
		for end := time.Now().Add(10 * time.Second); time.Now().Before(end); time.Sleep(time.Millisecond) {
			hosts.mu.Lock()
			users := 0
			for _, sh := range hosts.hosts {
				users += sh.users
			}
			hosts.mu.Unlock()
			if users == 2 || len(site.requests("/robots.txt")) == 2 {
				return
			}
		}
	}
	var wg sync.WaitGroup
	for _, name := range []string{"world", "politics"} {
		src := testSource(site.URL + "/")
		src.Name, src.Delay, src.Concurrency = name, delay, 1
		opt := testOptions(src, newMemStore())
		opt.Hosts = hosts
		wg.Go(func() { runCrawl(t, opt) })
	}
	wg.Wait()
	robots, home := site.requests("/robots.txt"), site.requests("/")
	if len(robots) != 1 {
		t.Fatalf("robots.txt asked %d times by two runs sharing the host, want once", len(robots))
	}
	if len(home) != 2 {
		t.Fatalf("home page asked %d times, want once a run", len(home))
	}
	if gap := home[0].Sub(robots[0]); gap < delay {
		t.Errorf("first page %v after robots.txt; want at least %v", gap, delay)
	}
	// The second page starts a delay after the first started, which
	// itself left a delay after robots.txt's answer.
	if gap := home[1].Sub(robots[0]); gap < 2*delay {
		t.Errorf("second run's page %v after robots.txt; want at least %v", gap, 2*delay)
	}
}

// TestConfiguredURLsRobotsRefuses: a start page, feed or sitemap the
// source lists and robots.txt disallows is not fetched, and the run warns,
// naming it and the key that lists it.
func TestConfiguredURLsRobotsRefuses(t *testing.T) {
	for _, key := range []string{"start", "feeds", "sitemaps"} {
		t.Run(key, func(t *testing.T) {
			site := newRobotsSite(t, "User-agent: *\nDisallow: /private/\n")
			src := testSource(site.URL + "/")
			refused := site.URL + "/private/listed-under-" + key
			switch key {
			case "start":
				src.Start = append(src.Start, refused)
			case "feeds":
				src.Feeds = []string{refused}
			case "sitemaps":
				src.Sitemaps = []string{refused}
			}
			opt := testOptions(src, newMemStore())
			var logged logbuf.Buffer
			opt.Logger = slog.New(slog.NewTextHandler(&logged, &slog.HandlerOptions{Level: slog.LevelWarn}))
			runCrawl(t, opt)
			if n := len(site.requests("/private/listed-under-" + key)); n != 0 {
				t.Errorf("%s asked %d times; robots.txt disallows it", refused, n)
			}
			var warned bool
			for _, line := range strings.Split(logged.String(), "\n") {
				warned = warned || strings.Contains(line, "level=WARN") && strings.Contains(line, "url="+refused) &&
					strings.Contains(line, "listed_under="+key) && strings.Contains(line, "disallowed by robots.txt")
			}
			if !warned {
				t.Errorf("no warning naming %s, listed under %s, and robots.txt:\n%s", refused, key, logged.String())
			}
		})
	}
}

// TestCrawlUnderAHostileRobotsFile: a robots.txt of 10 MiB of wildcard
// rules (under the body cap) costs the crawl no more than its first 500
// KiB, read as any other: a rule there is kept, one past it ignored, and
// a sitemap of hundreds of articles is crawled in seconds. Each link's
// check took the whole file, more than half a second a link.
func TestCrawlUnderAHostileRobotsFile(t *testing.T) {
	const listed = 300
	story := func(i int) string { return fmt.Sprintf("/news/2024/03/15/listed-story-number-%d", i) }
	var robots strings.Builder
	robots.WriteString("User-agent: *\nDisallow: " + story(1) + "$\n")
	for i := 0; robots.Len() < 10<<20; i++ {
		fmt.Fprintf(&robots, "Disallow: /*%d*x*y*z$\n", i)
	}
	robots.WriteString("Disallow: " + story(2) + "$\n")
	var site *hostileSite
	site = newListingSite(t, map[string]http.HandlerFunc{
		"/robots.txt": func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, robots.String())
		},
		"/sitemap.xml": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/xml")
			fmt.Fprint(w, `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
			for i := range listed {
				fmt.Fprintf(w, "<url><loc>%s%s</loc><lastmod>2024-03-15</lastmod></url>", site.URL, story(i))
			}
			fmt.Fprint(w, `</urlset>`)
		},
	})
	store := newMemStore()
	opt := listingOptions(site, store)
	opt.Source.Sitemaps = []string{site.URL + "/sitemap.xml"}
	opt.Fetch.MaxBodyBytes = 11 << 20
	var logged logbuf.Buffer
	opt.Logger = slog.New(slog.NewTextHandler(&logged, &slog.HandlerOptions{Level: slog.LevelWarn}))
	runCrawl(t, opt)
	if n := site.hitsOf(story(1)); n != 0 {
		t.Errorf("%s asked %d times; the file's first rule disallows it", story(1), n)
	}
	if n := site.hitsOf(story(2)); n != 1 {
		t.Errorf("%s asked %d times, want 1: its rule lies past the 500 KiB read", story(2), n)
	}
	if n := len(store.articleURLs()); n != listed-1 {
		t.Errorf("%d of the %d allowed articles archived", n, listed-1)
	}
	if !strings.Contains(logged.String(), "robots.txt over 500 KiB") {
		t.Errorf("no warning of the file's size:\n%s", logged.String())
	}
}

// TestRobotsHoldsASlotOfItsHost: robots.txt is one of its host's requests
// in flight: with the host's pages on the wire (a run sharing the host
// that reads no robots.txt here; the pages of the host's other scheme,
// http links on an https site, in a crawl) it waits for a slot, and the
// host never has more requests in flight than the source's concurrency.
// A run alone reads robots.txt before any page of the host.
func TestRobotsHoldsASlotOfItsHost(t *testing.T) {
	const pause = 60 * time.Millisecond
	slowSite := func(t *testing.T, n int) *politeSite {
		site := newPoliteSite(t, n, "User-agent: *\nDisallow: /private/\n", http.StatusOK)
		site.answerAfter.Store(int64(pause))
		site.robotsAfter.Store(int64(pause))
		return site
	}
	for _, concurrency := range []int{1, 2} {
		t.Run(fmt.Sprintf("one run, concurrency %d", concurrency), func(t *testing.T) {
			site := slowSite(t, 4)
			src := testSource(site.URL + "/")
			src.Concurrency = concurrency
			runCrawl(t, testOptions(src, newMemStore()))
			if most := site.all.most.Load(); most > int32(concurrency) {
				t.Errorf("%d requests in flight at once, robots.txt included; want at most %d", most, concurrency)
			}
		})
	}
	// Two runs share the host, the owner's reading no robots.txt. The
	// second starts once the first has a request on the wire: the
	// owner's article, or robots.txt asked before the host had a rule,
	// and so slots (the rule the owner makes then counts it).
	shared := []struct {
		name, first, second string
		robotsAfter         time.Duration
		firstOnTheWire      func(*testing.T, *politeSite)
	}{
		{"a run sharing the host", "owner", "world", pause, func(t *testing.T, s *politeSite) { s.awaitArticle(t) }},
		{"a run sharing the host, robots.txt first", "world", "owner", 5 * pause, func(_ *testing.T, s *politeSite) {
			for s.all.cur.Load() == 0 {
				time.Sleep(time.Millisecond)
			}
		}},
	}
	for _, tt := range shared {
		t.Run(tt.name, func(t *testing.T) {
			site := slowSite(t, 4)
			site.robotsAfter.Store(int64(tt.robotsAfter))
			hosts := NewHosts()
			var wg sync.WaitGroup
			for i, name := range []string{tt.first, tt.second} {
				src := testSource(site.URL + "/")
				src.Name, src.Concurrency = name, 1
				opt := testOptions(src, newMemStore())
				opt.Hosts, opt.IgnoreRobots = hosts, name == "owner"
				if i == 1 {
					tt.firstOnTheWire(t, site)
				}
				wg.Go(func() { runCrawl(t, opt) })
			}
			wg.Wait()
			if most := site.all.most.Load(); most > 1 {
				t.Errorf("%d requests in flight at once, robots.txt included; want the host's one", most)
			}
		})
	}
}

// TestCrawlFollowsRobotsRedirectsWithinReach: a robots.txt redirect is
// followed on its own host, and at most five times, never to a host the
// source may not request; a chain that ends short of the file reads as
// no file, as RFC 9309 reads an unavailable one. A loop shut the host
// for every run, and a redirect to another host was followed there.
func TestCrawlFollowsRobotsRedirectsWithinReach(t *testing.T) {
	const story, barred = "/news/2024/03/15/listed-story-number-1", "/news/2024/03/15/barred-story-number-2"
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("a host outside the scope was requested: %s", r.URL)
		fmt.Fprint(w, "User-agent: *\nAllow: /\n")
	}))
	defer other.Close()
	hops := func(n int) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			hop := len(r.URL.Query().Get("hop"))
			if hop == n {
				fmt.Fprint(w, "User-agent: *\nDisallow: "+barred+"\n")
				return
			}
			http.Redirect(w, r, "/robots.txt?hop="+strings.Repeat("x", hop+1), http.StatusFound)
		}
	}
	tests := []struct {
		name   string
		robots http.HandlerFunc
		barred bool // whether the file's rule was read
	}{
		{"moved on its host", hops(1), true},
		{"five hops", hops(5), true},
		{"six hops", hops(6), false},
		{"a loop", func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "/robots.txt", http.StatusMovedPermanently)
		}, false},
		{"to another host", func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, other.URL+"/robots.txt", http.StatusFound)
		}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var site *hostileSite
			site = newListingSite(t, map[string]http.HandlerFunc{
				"/robots.txt": tt.robots,
				"/sitemap.xml": func(w http.ResponseWriter, r *http.Request) {
					w.Header().Set("Content-Type", "application/xml")
					fmt.Fprintf(w, `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`+
						`<url><loc>%[1]s%[2]s</loc></url><url><loc>%[1]s%[3]s</loc></url></urlset>`, site.URL, story, barred)
				},
			})
			store := newMemStore()
			opt := listingOptions(site, store)
			opt.Source.Sitemaps = []string{site.URL + "/sitemap.xml"}
			runCrawl(t, opt)
			if !store.articleURLs()[site.URL+story] {
				t.Errorf("%s not archived", story)
			}
			if got := site.hitsOf(barred) == 0; got != tt.barred {
				t.Errorf("%s refused: %v, want %v", barred, got, tt.barred)
			}
		})
	}
}
