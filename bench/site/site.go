// Package site serves a news site for crawl benchmarks and demonstrations
// on the loopback interface: a home page linking sections, each section
// listing its share of the articles, an RSS feed of the latest articles, a
// sitemap of all of them and a robots.txt naming the sitemap. Articles are
// real news pages when given (the extraction benchmark's, about 169 KB each
// on average) or generated ones, each made unique by its own canonical link
// and a marker in every paragraph, so the archive files every article apart.
package site

import (
	"bufio"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Site is the news site; it is an http.Handler.
type Site struct {
	articles int
	sections int
	pages    [][][]byte // each page cut where the unique parts go
	mux      *http.ServeMux
	modified time.Time // of every page: the site never changes
}

// New makes a site of n articles over sections sections; article i is
// pages[i % len(pages)]. With no pages, articles are generated.
func New(pages [][]byte, n, sections int) *Site {
	if len(pages) == 0 {
		pages = Generated(min(n, 200))
	}
	s := &Site{articles: n, sections: max(sections, 1), mux: http.NewServeMux(),
		modified: time.Now().UTC().Truncate(time.Second)}
	for _, p := range pages {
		s.pages = append(s.pages, cut(p))
	}
	s.mux.HandleFunc("/{$}", s.home)
	s.mux.HandleFunc("/robots.txt", s.robots)
	s.mux.HandleFunc("/feed.xml", s.feed)
	s.mux.HandleFunc("/sitemap.xml", s.sitemap)
	s.mux.HandleFunc("/section/{n}/", s.section)
	s.mux.HandleFunc("/news/2024/03/15/{story}", s.article)
	return s
}

// ArticlePath is the path of article i.
func ArticlePath(i int) string { return fmt.Sprintf("/news/2024/03/15/story-%d", i) }

// Allow matches the site's own pages under base (scheme and host): the
// real pages link to their original sites' paths, which a crawl of this
// site must not follow.
func Allow(base string) *regexp.Regexp {
	return regexp.MustCompile("^" + regexp.QuoteMeta(base) +
		`/(section/\d+/|news/2024/03/15/story-\d+|feed\.xml|sitemap\.xml|robots\.txt)?$`)
}

// ServeHTTP serves the site. Every page carries a Last-Modified date, and
// a conditional request (If-Modified-Since) for an existing page is
// answered 304, as news sites answer a returning crawler.
func (s *Site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if _, pattern := s.mux.Handler(r); pattern != "" {
		w.Header().Set("Last-Modified", s.modified.Format(http.TimeFormat))
		if t, err := http.ParseTime(r.Header.Get("If-Modified-Since")); err == nil && !s.modified.After(t) {
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	s.mux.ServeHTTP(w, r)
}

const htmlType = "text/html; charset=utf-8"

func (s *Site) home(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", htmlType)
	bw := bufio.NewWriter(w)
	bw.WriteString(`<!DOCTYPE html><html><head><title>The Loopback Times</title>` +
		`<link rel="alternate" type="application/rss+xml" title="Latest" href="/feed.xml"></head><body><nav>`)
	for i := range s.sections {
		fmt.Fprintf(bw, `<a href="/section/%d/">Section %d</a> `, i, i)
	}
	bw.WriteString("</nav></body></html>")
	bw.Flush()
}

func (s *Site) robots(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain")
	fmt.Fprintf(w, "User-agent: *\nAllow: /\n\nSitemap: http://%s/sitemap.xml\n", r.Host)
}

func (s *Site) section(w http.ResponseWriter, r *http.Request) {
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil || n < 0 || n >= s.sections {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", htmlType)
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "<!DOCTYPE html><html><head><title>Section %d | The Loopback Times</title></head><body><ul>", n)
	for i := n; i < s.articles; i += s.sections {
		fmt.Fprintf(bw, `<li><a href="%s">Story %d</a></li>`, ArticlePath(i), i)
	}
	bw.WriteString("</ul></body></html>")
	bw.Flush()
}

func (s *Site) feed(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/rss+xml")
	bw := bufio.NewWriter(w)
	bw.WriteString(`<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>The Loopback Times</title>`)
	for i := range min(s.articles, 100) {
		fmt.Fprintf(bw, "<item><title>Story %d</title><link>http://%s%s</link></item>", i, r.Host, ArticlePath(i))
	}
	bw.WriteString("</channel></rss>")
	bw.Flush()
}

func (s *Site) sitemap(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/xml")
	bw := bufio.NewWriter(w)
	bw.WriteString(`<?xml version="1.0" encoding="utf-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
	for i := range s.articles {
		fmt.Fprintf(bw, "<url><loc>http://%s%s</loc></url>", r.Host, ArticlePath(i))
	}
	bw.WriteString("</urlset>")
	bw.Flush()
}

// article writes page i mod len(pages) with a canonical link to its own
// URL after <head> and the story's number before every </p>, streamed
// from the stored parts so serving allocates no page-sized buffers.
func (s *Site) article(w http.ResponseWriter, r *http.Request) {
	i, err := strconv.Atoi(strings.TrimPrefix(r.PathValue("story"), "story-"))
	if err != nil || i < 0 || i >= s.articles || !strings.HasPrefix(r.PathValue("story"), "story-") {
		http.NotFound(w, r)
		return
	}
	parts := s.pages[i%len(s.pages)]
	w.Header().Set("Content-Type", htmlType)
	bw := bufio.NewWriterSize(w, 32<<10)
	bw.Write(parts[0])
	fmt.Fprintf(bw, `<link rel="canonical" href="http://%s%s">`, r.Host, ArticlePath(i))
	marker := []byte(fmt.Sprintf(" (story %d)", i))
	for j, p := range parts[1:] {
		bw.Write(p)
		if j < len(parts)-2 {
			bw.Write(marker)
		}
	}
	bw.Flush()
}

var (
	headOpen  = regexp.MustCompile(`(?i)<head[^>]*>`)
	paraClose = regexp.MustCompile(`(?i)</p>`)
)

// cut splits a page after its <head> tag (or at its start) and before each
// </p>. article writes the canonical link after the first part and a
// marker after each later part but the last.
func cut(page []byte) [][]byte {
	at := 0
	if loc := headOpen.FindIndex(page); loc != nil {
		at = loc[1]
	}
	parts := [][]byte{page[:at]}
	prev := at
	for _, loc := range paraClose.FindAllIndex(page[at:], -1) {
		parts = append(parts, page[prev:at+loc[0]])
		prev = at + loc[0]
	}
	return append(parts, page[prev:])
}
