package crawler

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/newsarchive/newsarchive/internal/newstest"
)

// The stories of spelledSite: one its home page links, one it redirects to.
const spelledLinked, spelledMoved = "/news/2024/03/15/bakery-wins-regional-prize", "/news/2024/03/15/harbour-festival-returns"

// spelledSite serves a home page that links one story, and redirects to
// another, under other(port), another spelling of the server's host. It
// returns the server's port and its hits by path.
func spelledSite(t *testing.T, other func(port string) string) (string, func(path string) int) {
	t.Helper()
	srv, hits := countingServer(t, func(w http.ResponseWriter, r *http.Request) {
		base := other(r.Host[strings.LastIndex(r.Host, ":")+1:])
		switch r.URL.Path {
		case "/":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, sectionHTML("Home", base+spelledLinked, "/r/1"))
		case "/r/1":
			http.Redirect(w, r, base+spelledMoved, http.StatusMovedPermanently)
		case spelledLinked, spelledMoved:
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, articleHTML(1, r.URL.Path))
		default:
			http.NotFound(w, r)
		}
	})
	return srv.URL[strings.LastIndex(srv.URL, ":")+1:], hits
}

// assertOneHost fails unless each story of spelledSite was fetched once
// and robots.txt once, as of one host.
func assertOneHost(t *testing.T, hits func(path string) int) {
	t.Helper()
	for _, p := range []string{spelledLinked, spelledMoved} {
		if n := hits(p); n != 1 {
			t.Errorf("%s fetched %d times, want once", p, n)
		}
	}
	if n := hits("/robots.txt"); n != 1 {
		t.Errorf("robots.txt fetched %d times, want once for the one host", n)
	}
}

// TestCrawlTakesAHostInEitherSpelling: a site whose name is beyond ASCII,
// configured as a browser shows it (café.test), is one host with the
// ASCII spelling its pages link and redirect to (xn--caf-dma.test): its
// stories are in scope under both, and it has one robots.txt. The ASCII
// spelling was another host, outside the scope.
func TestCrawlTakesAHostInEitherSpelling(t *testing.T) {
	port, hits := spelledSite(t, func(port string) string { return "http://xn--caf-dma.test:" + port })
	opt := testOptions(testSource("http://café.test:"+port+"/"), newMemStore())
	opt.Fetch.Resolver = newstest.Resolver(t, true)
	runCrawl(t, opt)
	assertOneHost(t, hits)
}

// TestCrawlTakesAnIPv6HostInAnySpelling: a server named by an IPv6 literal
// is one host whatever spelling of the address its links use
// ([::ffff:127.0.0.1] and [0:0:0:0:0:ffff:7f00:1]): its stories are in
// scope under both, and it has one robots.txt. Each spelling was a host
// of its own, the second outside the scope.
func TestCrawlTakesAnIPv6HostInAnySpelling(t *testing.T) {
	port, hits := spelledSite(t, func(port string) string { return "http://[0:0:0:0:0:ffff:7f00:1]:" + port })
	runCrawl(t, testOptions(testSource("http://[::ffff:127.0.0.1]:"+port+"/"), newMemStore()))
	assertOneHost(t, hits)
}

// TestCrawlFilesAHostBeyondASCIIOnce: a site that links one story under
// both spellings of its name (café.test and xn--caf-dma.test) has it
// fetched once and filed under the ASCII spelling, the address it is
// looked up by. It was filed as http://caf%C3%A9.test/..., a key lookups
// of the ASCII spelling missed (a later run reaching it so fetched it
// again as another article).
func TestCrawlFilesAHostBeyondASCIIOnce(t *testing.T) {
	srv, hits := countingServer(t, func(w http.ResponseWriter, r *http.Request) {
		port := r.Host[strings.LastIndex(r.Host, ":")+1:]
		switch r.URL.Path {
		case "/":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, sectionHTML("Home", "http://café.test:"+port+spelledLinked, "http://xn--caf-dma.test:"+port+spelledLinked))
		case spelledLinked:
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, articleHTML(1, r.URL.Path))
		default:
			http.NotFound(w, r)
		}
	})
	port := srv.URL[strings.LastIndex(srv.URL, ":")+1:]
	store := newMemStore()
	opt := testOptions(testSource("http://café.test:"+port+"/"), store)
	opt.Fetch.Resolver = newstest.Resolver(t, true)
	runCrawl(t, opt)
	if n := hits(spelledLinked); n != 1 {
		t.Errorf("%s fetched %d times, want once", spelledLinked, n)
	}
	want := "http://xn--caf-dma.test:" + port + spelledLinked
	if got := store.articleURLs(); len(got) != 1 || !got[want] {
		t.Errorf("articles filed under %v, want %s alone", got, want)
	}
}
