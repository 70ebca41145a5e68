package crawler

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"golang.org/x/net/html"

	"github.com/newsarchive/newsarchive/bench/site"
	"github.com/newsarchive/newsarchive/crawler/discover"
	"github.com/newsarchive/newsarchive/parse"
)

// An article above the maximum depth leads to the articles it links to,
// whether its links come from the tree extraction built (parse.Parse) or,
// with a parser that does not hand the tree over, from its bytes.
func TestArticleLinksAreFollowed(t *testing.T) {
	const first, second = "/news/2024/03/15/first-story-of-the-day", "/news/2024/03/15/second-story-linked-from-first"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		switch r.URL.Path {
		case "/":
			fmt.Fprintf(w, `<html><body><a href="%s">first</a></body></html>`, first)
		case first:
			page := articleHTML(1, first)
			fmt.Fprint(w, strings.Replace(page, "</aside>", fmt.Sprintf(`<a href="%s">next</a></aside>`, second), 1))
		case second:
			fmt.Fprint(w, articleHTML(2, second))
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	parsers := map[string]func(parse.Page) (*parse.Article, error){
		"parse.Parse": parse.Parse,
		"no tree handed over": func(p parse.Page) (*parse.Article, error) {
			p.OnDocument = nil
			return parse.Parse(p)
		},
	}
	for name, parser := range parsers {
		t.Run(name, func(t *testing.T) {
			store := newMemStore()
			opt := testOptions(testSource(srv.URL+"/"), store)
			opt.Source.MaxDepth = 2
			opt.Parse = parser
			st := runCrawl(t, opt)
			got := store.articleURLs()
			if st.New != 2 || !got[srv.URL+second] {
				t.Errorf("archived %v (%+v), want both articles", got, st)
			}
		})
	}
}

// BenchmarkArticleLinks measures what reading an article's links costs on
// top of its extraction, on the extraction benchmark's real pages: by
// tokenising the page again, or from the tree extraction builds. Skipped
// without ../shared.
func BenchmarkArticleLinks(b *testing.B) {
	pages := site.PagesOrSkip(b)
	const pageURL = "https://www.example.com/news/2024/03/15/story"
	ways := []struct {
		name string
		read func(body []byte) discover.PageLinks
	}{
		{"parse-only", func(body []byte) discover.PageLinks {
			_, _ = parse.Parse(parse.Page{URL: pageURL, Body: body})
			return discover.PageLinks{}
		}},
		{"parse-then-tokens", func(body []byte) discover.PageLinks {
			_, _ = parse.Parse(parse.Page{URL: pageURL, Body: body})
			return discover.Links(body, pageURL)
		}},
		{"parse-with-document", func(body []byte) discover.PageLinks {
			var links discover.PageLinks
			_, _ = parse.Parse(parse.Page{URL: pageURL, Body: body,
				OnDocument: func(doc *html.Node) { links = discover.DocumentLinks(doc, pageURL) }})
			return links
		}},
	}
	for _, way := range ways {
		b.Run(way.name, func(b *testing.B) {
			for b.Loop() {
				for _, p := range pages {
					way.read(p)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N*len(pages)), "ms/page")
		})
	}
}

// TestCrawlSendsNoCredentials: a redirect whose Location names a user and
// password (as a link may, where they are dropped first) is followed
// without them: no Authorization header goes out, and no stored address
// holds them.
func TestCrawlSendsNoCredentials(t *testing.T) {
	const from, to = "/news/2026/11/26/council-story-moved", "/news/2026/11/26/council-story-target"
	var mu sync.Mutex
	var auth []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		if a := r.Header.Get("Authorization"); a != "" {
			auth = append(auth, r.URL.Path+": "+a)
		}
		mu.Unlock()
		switch r.URL.Path {
		case "/":
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprintf(w, `<html><body><a href="%s">moved</a></body></html>`, from)
		case from:
			http.Redirect(w, r, "http://reader:secret@"+r.Host+to, http.StatusMovedPermanently)
		case to:
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, articleHTML(1, to))
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	store := newMemStore()
	runCrawl(t, testOptions(testSource(srv.URL+"/"), store))
	mu.Lock()
	defer mu.Unlock()
	if len(auth) > 0 {
		t.Errorf("credentials sent: %v", auth)
	}
	if len(store.articleURLs()) != 1 {
		t.Errorf("the story behind the redirect was not archived once: %v", store.articleURLs())
	}
	for _, r := range store.records {
		if r.Response != nil && (strings.Contains(r.Response.FinalURL, "secret") || strings.Contains(r.URL, "secret")) {
			t.Errorf("a stored address holds the password: %s -> %s", r.URL, r.Response.FinalURL)
		}
	}
}
