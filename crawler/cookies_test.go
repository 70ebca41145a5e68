package crawler

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// cookieHungrySite serves a home page linking to n articles; every answer
// sets a cookie of a new name, and a request whose Cookie header passes
// 8 KB is refused with 431, as common servers refuse it.
type cookieHungrySite struct {
	*httptest.Server
	mu        sync.Mutex
	refused   int
	maxHeader int
}

func newCookieHungrySite(t *testing.T, n int) *cookieHungrySite {
	t.Helper()
	s := &cookieHungrySite{}
	var set int
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		header := len(r.Header.Get("Cookie"))
		s.mu.Lock()
		s.maxHeader = max(s.maxHeader, header)
		if header > 8<<10 {
			s.refused++
			s.mu.Unlock()
			http.Error(w, "request header fields too large", http.StatusRequestHeaderFieldsTooLarge)
			return
		}
		set++
		name := fmt.Sprintf("visit_%d", set)
		s.mu.Unlock()
		http.SetCookie(w, &http.Cookie{Name: name, Value: strings.Repeat("a1b2c3d4", 12), Path: "/"})
		w.Header().Set("Content-Type", "text/html")
		switch {
		case r.URL.Path == "/":
			fmt.Fprint(w, "<html><body>")
			for i := range n {
				fmt.Fprintf(w, `<a href="/news/2024/03/15/story-number-%d-of-the-day">s</a>`, i)
			}
			fmt.Fprint(w, "</body></html>")
		case strings.HasPrefix(r.URL.Path, "/news/"):
			fmt.Fprint(w, articleHTML(1, r.URL.Path))
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(s.Close)
	return s
}

// TestCrawlBoundsTheCookiesItSends: a site setting a new cookie on every
// page grew the Cookie header of every request until the server refused
// the rest of the run (431); the jar drops the oldest cookies instead.
func TestCrawlBoundsTheCookiesItSends(t *testing.T) {
	const articles = 120 // 120 cookies of ~110 bytes: 13 KB unbounded
	site := newCookieHungrySite(t, articles)
	src := testSource(site.URL + "/")
	src.Cookies = true
	src.Concurrency = 1
	st := runCrawl(t, testOptions(src, newMemStore()))
	site.mu.Lock()
	defer site.mu.Unlock()
	if site.refused != 0 || st.New != articles {
		t.Errorf("archived %d of %d articles; %d requests refused for a Cookie header up to %d bytes",
			st.New, articles, site.refused, site.maxHeader)
	}
	if site.maxHeader == 0 || site.maxHeader > maxCookieBytesPerHost {
		t.Errorf("largest Cookie header sent: %d bytes, want some and at most %d", site.maxHeader, maxCookieBytesPerHost)
	}
}
