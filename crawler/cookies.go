package crawler

import (
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"sync"
	"time"
)

// Bounds of the cookies a host may keep in a run's jar, as browsers bound
// theirs (Chromium keeps 180 a domain). The byte bound keeps the Cookie
// header of a request well under the 8 KB most servers accept: a site that
// sets a new cookie on every page otherwise grows it on every request until
// the server refuses them all (431) for the rest of the run.
const (
	maxCookiesPerHost     = 180
	maxCookieBytesPerHost = 4 << 10 // name=value pairs and their "; "
)

// boundedJar is a cookie jar that keeps at most maxCookiesPerHost cookies
// and maxCookieBytesPerHost bytes of them for each host that set them,
// dropping those set least recently first.
type boundedJar struct {
	jar   *cookiejar.Jar
	mu    sync.Mutex
	hosts map[string]*hostCookies
}

var _ http.CookieJar = (*boundedJar)(nil)

// hostCookies are the cookies one host set, least recently set first.
type hostCookies struct {
	order []jarCookie
	bytes int
}

// jarCookie is what it takes to find a cookie in the jar again, to drop it.
type jarCookie struct {
	set                *url.URL // the URL whose answer set it
	name, domain, path string
	size               int
}

func newBoundedJar() *boundedJar {
	jar, _ := cookiejar.New(nil) // New never fails without options
	return &boundedJar{jar: jar, hosts: map[string]*hostCookies{}}
}

// Cookies returns the cookies to send in a request for u. It waits for a
// SetCookies under way: between its store and its drops the jar is over
// its bounds.
func (j *boundedJar) Cookies(u *url.URL) []*http.Cookie {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.jar.Cookies(u)
}

// SetCookies stores the cookies of an answer from u, then drops the
// host's least recently set cookies past the bounds.
func (j *boundedJar) SetCookies(u *url.URL, cookies []*http.Cookie) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.jar.SetCookies(u, cookies)
	h := j.hosts[u.Hostname()]
	if h == nil {
		h = &hostCookies{}
		j.hosts[u.Hostname()] = h
	}
	now := time.Now()
	for _, c := range cookies {
		jc := jarCookie{set: u, name: c.Name, domain: c.Domain, path: cookiePath(c, u), size: len(c.Name) + len(c.Value) + 3}
		h.remove(jc)
		if c.MaxAge >= 0 && (c.Expires.IsZero() || c.Expires.After(now)) {
			h.order = append(h.order, jc)
			h.bytes += jc.size
		}
	}
	var drop []jarCookie
	for len(h.order) > 0 && (len(h.order) > maxCookiesPerHost || h.bytes > maxCookieBytesPerHost) {
		drop = append(drop, h.order[0])
		h.bytes -= h.order[0].size
		h.order = h.order[1:]
	}
	for _, c := range drop {
		j.jar.SetCookies(c.set, []*http.Cookie{{Name: c.name, Domain: c.domain, Path: c.path, MaxAge: -1}})
	}
}

// remove forgets c, a cookie set again or deleted.
func (h *hostCookies) remove(c jarCookie) {
	for i, o := range h.order {
		if o.name == c.name && o.domain == c.domain && o.path == c.path {
			h.bytes -= o.size
			h.order = append(h.order[:i], h.order[i+1:]...)
			return
		}
	}
}

// cookiePath is the path the jar files c under: its Path attribute, or
// the directory of u's path when it has none (RFC 6265 section 5.1.4).
func cookiePath(c *http.Cookie, u *url.URL) string {
	if strings.HasPrefix(c.Path, "/") {
		return c.Path
	}
	p := u.Path
	if i := strings.LastIndex(p, "/"); i > 0 {
		return p[:i]
	}
	return "/"
}
