package crawler

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
)

func TestCrawlUndatedListingDoesNotRefetchArchived(t *testing.T) {
	const story = "/news/2024/03/15/a-story-listed-without-a-date"
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/sitemap.xml":
			w.Header().Set("Content-Type", "application/xml")
			fmt.Fprintf(w, `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`+
				`<url><loc>%s</loc></url></urlset>`, story)
		case story:
			hits.Add(1)
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, articleHTML(1, story))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	src := testSource()
	src.Sitemaps = []string{srv.URL + "/sitemap.xml"}
	opt := testOptions(src, newMemStore())
	if first := runCrawl(t, opt); first.New != 1 {
		t.Fatalf("first run %+v, want the article archived", first)
	}
	runCrawl(t, opt)
	if n := hits.Load(); n != 1 {
		t.Errorf("article requested %d times over two runs; an undated sitemap entry is no sign of change", n)
	}
}
