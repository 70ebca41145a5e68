// Package newstest holds what the tests of the crawl share: a small news
// site on 127.0.0.1 (Site) and readers of an archive's SQLite file that
// look past the archive's API, as a test wants to.
package newstest

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Site is a small news site on 127.0.0.1: a home page linking two
// sections and a feed, a robots.txt naming the sitemap, and articles that
// answer conditional requests. An article can be edited between crawls.
type Site struct {
	// URL is the site's base URL, without a trailing slash.
	URL      string
	Articles int // how many articles the site serves
	srv      *httptest.Server
	Delay    atomic.Int64 // nanoseconds before each article's answer
	Padding  atomic.Int64 // bytes of inline script in each article, as real pages carry
	Noisy    atomic.Bool  // padding of random base64 (compresses little) instead of one letter
	// OnArticle, when set, is called before each article's answer.
	OnArticle atomic.Pointer[func()]

	mu       sync.Mutex
	edited   map[int]time.Time
	removed  map[int]bool   // articles answering 404 now
	moved    map[int]string // articles redirecting elsewhere now
	sections map[int]string // articles' article:section, changed without their text
	retouch  map[int]time.Time
	requests map[string][]int // path → statuses answered
}

// old dates every unedited page, well before any crawl.
var old = time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC)

// NewSite serves a site of the given number of articles until the test ends.
func NewSite(t *testing.T, articles int) *Site {
	t.Helper()
	n := &Site{Articles: articles, edited: map[int]time.Time{}, removed: map[int]bool{}, moved: map[int]string{},
		sections: map[int]string{}, retouch: map[int]time.Time{}, requests: map[string][]int{}}
	n.srv = httptest.NewServer(http.HandlerFunc(n.serve))
	n.URL = n.srv.URL
	t.Cleanup(n.srv.Close)
	return n
}

// ArticlePath is the path of the site's article i.
func ArticlePath(i int) string { return fmt.Sprintf("/news/2026/01/05/council-story-%d", i) }

func (n *Site) serve(w http.ResponseWriter, r *http.Request) {
	if to := n.movedTo(r.URL.Path); to != "" {
		n.mu.Lock()
		n.requests[r.URL.Path] = append(n.requests[r.URL.Path], http.StatusMovedPermanently)
		n.mu.Unlock()
		http.Redirect(w, r, to, http.StatusMovedPermanently)
		return
	}
	body, ctype, modified := n.page(r.URL.Path)
	status := http.StatusOK
	switch {
	case body == "":
		status = http.StatusNotFound
	case r.Header.Get("If-None-Match") == ETag(body):
		status = http.StatusNotModified
	}
	n.mu.Lock()
	n.requests[r.URL.Path] = append(n.requests[r.URL.Path], status)
	n.mu.Unlock()
	if status == http.StatusNotFound {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("ETag", ETag(body))
	w.Header().Set("Last-Modified", modified.Format(http.TimeFormat))
	w.Header().Set("Content-Type", ctype)
	w.WriteHeader(status)
	if status == http.StatusOK {
		fmt.Fprint(w, body)
	}
}

// ETag is the entity tag the site answers with for body.
func ETag(body string) string { return fmt.Sprintf(`"%x"`, sha256.Sum256([]byte(body))) }

// page returns a path's body, type and modification time; "" for none.
func (n *Site) page(path string) (string, string, time.Time) {
	const html = "text/html; charset=utf-8"
	switch path {
	case "/robots.txt":
		return "User-agent: *\nAllow: /\nSitemap: " + n.URL + "/sitemap.xml\n", "text/plain", old
	case "/":
		return `<html><head><title>The Test Courier</title>
			<link rel="alternate" type="application/rss+xml" href="/feed.xml"></head>
			<body><nav><a href="/world/">World</a> <a href="/politics/">Politics</a></nav></body></html>`, html, old
	case "/world/", "/politics/":
		return n.section(path), html, old
	case "/feed.xml":
		return n.feed(), "application/rss+xml", old
	case "/sitemap.xml":
		return n.sitemap(), "application/xml", old
	}
	for i := range n.Articles {
		if path == ArticlePath(i) && !n.isRemoved(i) {
			if f := n.OnArticle.Load(); f != nil {
				(*f)()
			}
			time.Sleep(time.Duration(n.Delay.Load()))
			return n.article(i), html, n.modified(i)
		}
	}
	return "", "", time.Time{}
}

func (n *Site) modified(i int) time.Time {
	n.mu.Lock()
	defer n.mu.Unlock()
	if t, ok := n.edited[i]; ok {
		return t
	}
	if t, ok := n.retouch[i]; ok {
		return t
	}
	return old
}

func (n *Site) isEdited(i int) bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	_, ok := n.edited[i]
	return ok
}

// Reclassify files article i under another section, its headline and text
// unchanged; the sitemap dates the change.
func (n *Site) Reclassify(i int, section string) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.sections[i], n.retouch[i] = section, time.Now().UTC().Add(time.Second)
}

func (n *Site) sectionMeta(i int) string {
	n.mu.Lock()
	defer n.mu.Unlock()
	if s := n.sections[i]; s != "" {
		return fmt.Sprintf(`<meta property="article:section" content="%s">`, s)
	}
	return ""
}

func (n *Site) isRemoved(i int) bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.removed[i]
}

// Remove makes article i answer 404, still linked from every listing.
func (n *Site) Remove(i int) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.removed[i] = true
}

// Move makes article i redirect to another address, still linked from
// every listing.
func (n *Site) Move(i int, to string) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.moved[i] = to
}

// movedTo is where the article at path redirects to, "" when it does not.
func (n *Site) movedTo(path string) string {
	n.mu.Lock()
	defer n.mu.Unlock()
	for i, to := range n.moved {
		if ArticlePath(i) == path {
			return to
		}
	}
	return ""
}

// Edit changes article i: it gains a paragraph and a new date.
func (n *Site) Edit(i int) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.edited[i] = time.Now().UTC().Add(time.Second)
}

func (n *Site) section(path string) string {
	var sb strings.Builder
	sb.WriteString("<html><head><title>Section</title></head><body><ul>")
	for i := range n.Articles {
		if (i%2 == 0) == (path == "/world/") {
			fmt.Fprintf(&sb, `<li><a href="%s">Council story %d</a></li>`, ArticlePath(i), i)
		}
	}
	return sb.String() + "</ul></body></html>"
}

func (n *Site) feed() string {
	var sb strings.Builder
	sb.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>Courier</title>`)
	for i := range min(n.Articles, 3) {
		fmt.Fprintf(&sb, "<item><title>Story %d</title><link>%s%s</link><pubDate>%s</pubDate></item>",
			i, n.URL, ArticlePath(i), old.Format(time.RFC1123Z))
	}
	return sb.String() + "</channel></rss>"
}

// sitemap lists every article with its lastmod, to the nanosecond: two
// changes within a second are two dates (a listing that did not change
// dates nothing after its own fetch).
func (n *Site) sitemap() string {
	var sb strings.Builder
	sb.WriteString(`<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
	for i := range n.Articles {
		fmt.Fprintf(&sb, "<url><loc>%s%s</loc><lastmod>%s</lastmod></url>",
			n.URL, ArticlePath(i), n.modified(i).Format(time.RFC3339Nano))
	}
	return sb.String() + "</urlset>"
}

// article is a realistic news page; an edited article gains a paragraph.
func (n *Site) article(i int) string {
	var sb strings.Builder
	fmt.Fprintf(&sb, `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Council approves plan number %[1]d | The Test Courier</title>
<meta property="og:type" content="article">
<link rel="canonical" href="%[2]s%[3]s">
<meta property="article:published_time" content="2026-01-05T08:00:00Z">%[4]s
</head><body><nav><a href="/world/">World</a> <a href="/politics/">Politics</a></nav>
<article><h1>Council approves plan number %[1]d</h1><p class="byline">By Rita Penn</p>`, i, n.URL, ArticlePath(i), n.sectionMeta(i))
	for p := range 6 {
		fmt.Fprintf(&sb, "<p>Paragraph %d of story %d. The council met on Tuesday evening and voted on the "+
			"proposal after a long debate about housing, transport and the future of the old market square, "+
			"which residents have asked to keep open to the public for the weekly farmers market.</p>", p, i)
	}
	if n.isEdited(i) {
		fmt.Fprintf(&sb, "<p>Update: the mayor said the plan for story %d would be reviewed next spring.</p>", i)
	}
	sb.WriteString("</article><footer>© The Test Courier</footer>")
	if pad := int(n.Padding.Load()); pad > 0 {
		layout := strings.Repeat("x", pad)
		if n.Noisy.Load() {
			noise, seed := make([]byte, pad*3/4+3), [32]byte{byte(i), byte(i >> 8)}
			rand.NewChaCha8(seed).Read(noise)
			layout = base64.StdEncoding.EncodeToString(noise)[:pad]
		}
		fmt.Fprintf(&sb, "<script>var layout = %q;</script>", layout)
	}
	return sb.String() + "</body></html>"
}

// Statuses returns the statuses answered for each path since the last call.
func (n *Site) Statuses() map[string][]int {
	n.mu.Lock()
	defer n.mu.Unlock()
	out := n.requests
	n.requests = map[string][]int{}
	return out
}

// ArticlesRequested counts the article requests the site has answered.
func (n *Site) ArticlesRequested() int {
	n.mu.Lock()
	defer n.mu.Unlock()
	c := 0
	for p, st := range n.requests {
		if strings.HasPrefix(p, "/news/") {
			c += len(st)
		}
	}
	return c
}
