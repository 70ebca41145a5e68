package crawler

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
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

// TestBoundedJar: past its bounds the jar drops the cookies set least
// recently; one set again counts as new, and one the server deleted
// leaves room.
func TestBoundedJar(t *testing.T) {
	page, _ := url.Parse("http://news.example/world/story")
	big := strings.Repeat("v", 1000)
	cookie := func(name, value string) *http.Cookie { return &http.Cookie{Name: name, Value: value, Path: "/"} }
	tests := []struct {
		name string
		set  [][]*http.Cookie // the answers' cookies, one answer after the other
		want []string         // the names sent after them, as the jar orders them
	}{
		{
			name: "within bounds",
			set:  [][]*http.Cookie{{cookie("session", "abc")}, {cookie("consent", "yes")}},
			want: []string{"session", "consent"},
		},
		{
			name: "over the bytes, the oldest goes",
			set:  [][]*http.Cookie{{cookie("a", big)}, {cookie("b", big)}, {cookie("c", big)}, {cookie("d", big)}, {cookie("e", big)}},
			want: []string{"b", "c", "d", "e"},
		},
		{
			name: "one set again counts as new",
			set:  [][]*http.Cookie{{cookie("a", big)}, {cookie("b", big)}, {cookie("c", big)}, {cookie("a", big)}, {cookie("d", big)}, {cookie("e", big)}},
			want: []string{"a", "c", "d", "e"},
		},
		{
			name: "one deleted leaves room",
			set: [][]*http.Cookie{{cookie("a", big)}, {cookie("b", big)}, {cookie("c", big)}, {cookie("d", big)},
				{{Name: "c", Path: "/", MaxAge: -1}}, {cookie("e", big)}},
			want: []string{"a", "b", "d", "e"},
		},
		{
			name: "a default path is the cookie's own",
			set: [][]*http.Cookie{{{Name: "a", Value: big}}, {cookie("b", big)}, {cookie("c", big)}, {cookie("d", big)},
				{cookie("e", big)}},
			want: []string{"b", "c", "d", "e"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			jar := newBoundedJar()
			for _, cookies := range tt.set {
				jar.SetCookies(page, cookies)
			}
			var got []string
			for _, c := range jar.Cookies(page) {
				got = append(got, c.Name)
			}
			slices.Sort(got)
			want := slices.Sorted(slices.Values(tt.want))
			if !slices.Equal(got, want) {
				t.Errorf("cookies sent: %v, want %v", got, want)
			}
		})
	}
}

// TestBoundedJarCount: a host keeps maxCookiesPerHost small cookies at most.
func TestBoundedJarCount(t *testing.T) {
	page, _ := url.Parse("http://news.example/")
	jar := newBoundedJar()
	for i := range maxCookiesPerHost + 20 {
		jar.SetCookies(page, []*http.Cookie{{Name: fmt.Sprintf("c%d", i), Value: "1"}})
	}
	if n := len(jar.Cookies(page)); n != maxCookiesPerHost {
		t.Errorf("%d cookies sent, want %d", n, maxCookiesPerHost)
	}
}
