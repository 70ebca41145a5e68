package crawler

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// newsSite is a small news site on a local server: a home page, sections,
// articles, a feed, a sitemap and a robots.txt. It counts the requests of
// every path, so tests can tell what the crawler fetched and how often.
type newsSite struct {
	*httptest.Server
	mu       sync.Mutex
	hits     map[string]int
	cond     map[string]int // requests that carried If-None-Match
	articles map[string]string
	mux      *http.ServeMux
}

// articlePaths are the site's articles; the last is listed only in the
// sitemap and the one before only in the feed.
var articlePaths = []string{
	"/world/2024/03/15/flood-defences-hold-as-river-peaks",
	"/world/2024/03/14/ministers-meet-over-border-dispute",
	"/politics/2024/03/15/parliament-passes-budget-after-long-night",
	"/politics/2024/03/13/opposition-leader-calls-for-inquiry",
	"/business/2024/03/12/markets-rally-on-rate-hopes-across-europe",
	"/science/2024/03/11/telescope-finds-water-on-distant-planet",
}

func newNewsSite(t *testing.T) *newsSite {
	t.Helper()
	s := &newsSite{hits: map[string]int{}, cond: map[string]int{}, articles: map[string]string{}, mux: http.NewServeMux()}
	for i, p := range articlePaths {
		s.articles[p] = articleHTML(i, p)
	}
	s.mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "User-agent: *\nDisallow: /private/\n\nSitemap: http://%s/sitemap.xml\n", r.Host)
	})
	s.mux.HandleFunc("/{$}", s.page(homeHTML()))
	s.mux.HandleFunc("/world/{$}", s.page(sectionHTML("World", articlePaths[0], articlePaths[1], "/world/page/2/", "/calendar/2099/01/", "/private/2024/03/15/secret-memo-leaks-to-press")))
	s.mux.HandleFunc("/world/page/2/", s.page(sectionHTML("World page 2", articlePaths[1])))
	s.mux.HandleFunc("/politics/{$}", s.page(sectionHTML("Politics", articlePaths[2], articlePaths[3], "https://elsewhere.invalid/2024/03/15/other-site-story-here")))
	s.mux.HandleFunc("/feed.xml", s.text(feedXML(articlePaths[0], articlePaths[4]), "application/rss+xml"))
	s.mux.HandleFunc("/sitemap.xml", s.text(sitemapXML(articlePaths[2], articlePaths[5]), "application/xml"))
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		body, ok := s.articles[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		s.page(body)(w, r)
	})
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.hits[r.URL.Path]++
		if r.Header.Get("If-None-Match") != "" {
			s.cond[r.URL.Path]++
		}
		s.mu.Unlock()
		s.mux.ServeHTTP(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

// page serves HTML with an ETag, answering 304 to a matching If-None-Match.
func (s *newsSite) page(body string) http.HandlerFunc {
	return s.text(body, "text/html; charset=utf-8")
}

func (s *newsSite) text(body, contentType string) http.HandlerFunc {
	etag := fmt.Sprintf(`"%x"`, len(body)*31+strings.Count(body, "a"))
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ETag", etag)
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Content-Type", contentType)
		fmt.Fprint(w, body)
	}
}

func (s *newsSite) hitsOf(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

func (s *newsSite) condOf(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cond[path]
}

func homeHTML() string {
	return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>The Local Times</title>
<link rel="alternate" type="application/rss+xml" href="/feed.xml"></head>
<body><nav><a href="/">Home</a> <a href="/world/">World</a> <a href="/politics/">Politics</a>
<a href="/login">Log in</a> <a href="/search?q=news">Search</a></nav>
<main><h1>Today</h1><p>Top stories of the day.</p>
<a href="/world/2024/03/15/flood-defences-hold-as-river-peaks?utm_source=home">Flood defences hold</a>
<a href="/world/2024/03/15/flood-defences-hold-as-river-peaks#comments">Comments</a>
<img src="/static/logo.png" alt=""></main></body></html>`
}

func sectionHTML(title string, links ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>%s | The Local Times</title></head><body><h1>%s</h1><ul>`, title, title)
	for _, l := range links {
		fmt.Fprintf(&b, `<li><a href="%s">A story</a></li>`, l)
	}
	b.WriteString(`</ul><footer><a href="/">Home</a></footer></body></html>`)
	return b.String()
}

// articleHTML builds an article page with enough distinct prose for the
// extractor to accept it.
func articleHTML(i int, path string) string {
	words := strings.Split(strings.Trim(path[strings.LastIndex(path, "/"):], "/"), "-")
	title := strings.ToUpper(words[0][:1]) + strings.Join(append([]string{words[0][1:]}, words[1:]...), " ")
	var b strings.Builder
	fmt.Fprintf(&b, `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>%s | The Local Times</title>
<meta property="og:type" content="article"><meta property="og:title" content="%s">
<meta property="article:published_time" content="2024-03-%02dT08:00:00Z"></head><body>
<header><a href="/">The Local Times</a> <a href="/world/">World</a></header>
<article><h1>%s</h1><p class="byline">By Staff Reporter %d</p>`, title, title, 15-i%5, title, i)
	for p := range 6 {
		fmt.Fprintf(&b, `<p>Paragraph %d of story %d about %s. Officials said on Friday that the situation
was being monitored closely, and residents were advised to follow local guidance while crews worked
through the night. The report number %d-%d describes events in considerable detail for readers.</p>`,
			p+1, i, strings.Join(words, " "), i, p)
	}
	b.WriteString(`</article><aside><a href="/politics/">More politics</a></aside></body></html>`)
	return b.String()
}

func feedXML(paths ...string) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>The Local Times</title><link>/</link>`)
	for _, p := range paths {
		fmt.Fprintf(&b, `<item><title>Story</title><link>%s</link><pubDate>Fri, 15 Mar 2024 08:00:00 GMT</pubDate></item>`, p)
	}
	b.WriteString(`</channel></rss>`)
	return b.String()
}

func sitemapXML(paths ...string) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
	for _, p := range paths {
		fmt.Fprintf(&b, `<url><loc>%s</loc><lastmod>2024-03-15T08:00:00Z</lastmod></url>`, p)
	}
	b.WriteString(`</urlset>`)
	return b.String()
}

// notModified gives the answer the validator etag, and answers 304 Not
// Modified, reporting true, to a request that holds it already.
func notModified(w http.ResponseWriter, r *http.Request, etag string) bool {
	w.Header().Set("ETag", etag)
	if r.Header.Get("If-None-Match") != etag {
		return false
	}
	w.WriteHeader(http.StatusNotModified)
	return true
}
