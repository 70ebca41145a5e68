package crawler

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/newsarchive/newsarchive/parse"
)

// benchSite serves a home page linking to n articles of about 170 KB each,
// the size of the pages of real news sites, boilerplate included.
func benchSite(b *testing.B, n int) *httptest.Server {
	b.Helper()
	pad := strings.Repeat(`<li><a href="/world/">World</a><span class="promo">Subscribe for unlimited access to our journalism</span></li>`, 1500)
	pages := make(map[string]string, n)
	var home strings.Builder
	home.WriteString("<html><body>")
	for i := range n {
		p := fmt.Sprintf("/news/2024/03/15/benchmark-story-number-%d-today", i)
		pages[p] = strings.Replace(articleHTML(i, p), "<header>", "<header><ul>"+pad+"</ul>", 1)
		fmt.Fprintf(&home, `<a href="%s">story</a>`, p)
	}
	home.WriteString("</body></html>")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if r.URL.Path == "/" {
			fmt.Fprint(w, home.String())
			return
		}
		body, ok := pages[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		fmt.Fprint(w, body)
	}))
	b.Cleanup(srv.Close)
	return srv
}

// BenchmarkCrawl measures a crawl of one local site with politeness delays
// off: "fetch" skips extraction, "full" runs parse.Parse on every article.
// The difference is the extraction cost; "fetch" is the crawler's own.
func BenchmarkCrawl(b *testing.B) {
	const n = 200
	srv := benchSite(b, n)
	notArticle := func(parse.Page) (*parse.Article, error) { return nil, parse.ErrNotArticle }
	for _, bc := range []struct {
		name  string
		parse func(parse.Page) (*parse.Article, error)
	}{{"fetch", notArticle}, {"full", parse.Parse}} {
		b.Run(bc.name, func(b *testing.B) {
			src := testSource(srv.URL + "/")
			src.Concurrency = 4
			src.MaxPages = n + 10
			src.MaxDepth = 1
			pages := int64(0)
			for b.Loop() {
				opt := testOptions(src, newMemStore())
				opt.Parse = bc.parse
				opt.IgnoreRobots = true
				st, err := Run(context.Background(), opt)
				if err != nil {
					b.Fatal(err)
				}
				pages += st.Fetched
			}
			b.ReportMetric(float64(pages)/b.Elapsed().Seconds(), "pages/s")
		})
	}
}
