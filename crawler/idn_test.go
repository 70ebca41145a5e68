package crawler

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/newsarchive/newsarchive/internal/newstest"
)

// TestCrawlTakesAHostInEitherSpelling: a site whose name is beyond ASCII,
// configured as a browser shows it (café.test), is one host with the
// ASCII spelling its pages link and redirect to (xn--caf-dma.test): its
// stories are in scope under both, and it has one robots.txt. The ASCII
// spelling was another host, outside the scope.
func TestCrawlTakesAHostInEitherSpelling(t *testing.T) {
	const linked, moved = "/news/2024/03/15/bakery-wins-regional-prize", "/news/2024/03/15/harbour-festival-returns"
	srv, hits := countingServer(t, func(w http.ResponseWriter, r *http.Request) {
		ascii := "http://xn--caf-dma.test:" + strings.Split(r.Host, ":")[1]
		switch r.URL.Path {
		case "/":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, sectionHTML("Home", ascii+linked, "/r/1"))
		case "/r/1":
			http.Redirect(w, r, ascii+moved, http.StatusMovedPermanently)
		case linked, moved:
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
	for _, p := range []string{linked, moved} {
		if n := hits(p); n != 1 {
			t.Errorf("%s fetched %d times, want once", p, n)
		}
	}
	if n := hits("/robots.txt"); n != 1 {
		t.Errorf("robots.txt fetched %d times, want once for the one host", n)
	}
}
