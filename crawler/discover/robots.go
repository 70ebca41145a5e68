package discover

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/temoto/robotstxt"
)

// Robots are the rules of one host's robots.txt for one user agent.
type Robots struct {
	data  *robotstxt.RobotsData
	agent string
	delay time.Duration
}

// ParseRobots reads the robots.txt answer of a host: its final HTTP status
// (after redirects) and body, for the crawler whose User-Agent header is
// userAgent. It follows Google's reading: a 2xx body is parsed, any other 4xx
// allows everything, a 5xx or a 429 disallows everything for the run. A body
// that cannot be parsed whole is parsed leniently; the error, if any, is
// worth a log line but the returned Robots is always usable.
func ParseRobots(status int, body []byte, userAgent string) (*Robots, error) {
	agent := ProductToken(userAgent)
	if status == http.StatusTooManyRequests {
		status = http.StatusServiceUnavailable
	}
	if status < 200 || (status >= 300 && status < 400) {
		// Unfollowed redirects and odd statuses: as if there were no file.
		status = http.StatusNotFound
	}
	data, err := robotstxt.FromStatusAndBytes(status, body)
	if err != nil {
		data, err = lenientRobots(body, err)
	}
	r := &Robots{data: data, agent: agent}
	if g := data.FindGroup(agent); g != nil {
		r.delay = g.CrawlDelay
	}
	return r, err
}

// lenientRobots parses again without the lines that made the strict parse
// fail: rules before any User-agent line are taken as meant for everyone,
// unreadable Crawl-delay lines are dropped. If that fails too, everything is
// allowed, as for a missing file.
func lenientRobots(body []byte, cause error) (*robotstxt.RobotsData, error) {
	var kept [][]byte
	for _, line := range bytes.Split(body, []byte("\n")) {
		field, _, _ := bytes.Cut(bytes.TrimSpace(line), []byte(":"))
		if strings.EqualFold(string(bytes.TrimSpace(field)), "crawl-delay") {
			continue
		}
		kept = append(kept, line)
	}
	cleaned := bytes.Join(kept, []byte("\n"))
	// Prefixing a User-agent line would merge with a first group, so it is
	// only the second try.
	for _, fixed := range [][]byte{cleaned, append([]byte("User-agent: *\n"), cleaned...)} {
		if data, err := robotstxt.FromBytes(fixed); err == nil {
			return data, fmt.Errorf("robots.txt parsed leniently: %s", firstLine(cause))
		}
	}
	data, _ := robotstxt.FromStatusAndBytes(http.StatusNotFound, nil)
	return data, fmt.Errorf("robots.txt unreadable, all allowed: %s", firstLine(cause))
}

// firstLine keeps log lines single: the parser's errors span lines.
func firstLine(err error) string {
	s := strings.TrimSpace(err.Error())
	s = strings.ReplaceAll(s, "\n", "; ")
	return s
}

// Allowed reports whether the rules let the agent fetch u (its path and
// query).
func (r *Robots) Allowed(u *url.URL) bool {
	p := u.EscapedPath()
	if p == "" {
		p = "/"
	}
	if u.RawQuery != "" {
		p += "?" + u.RawQuery
	}
	return r.data.TestAgent(p, r.agent)
}

// CrawlDelay is the Crawl-delay of the agent's group, zero when unset.
func (r *Robots) CrawlDelay() time.Duration { return r.delay }

// Sitemaps are the addresses of the file's Sitemap: lines.
func (r *Robots) Sitemaps() []string {
	out := make([]string, 0, len(r.data.Sitemaps))
	seen := map[string]bool{}
	for _, s := range r.data.Sitemaps {
		if u, ok := Resolve(nil, s); ok {
			out = dedup(out, seen, u)
		}
	}
	return out
}

// ProductToken is the name robots.txt groups are matched against: the
// User-Agent's first product name, lowercased ("newsarchive" for
// "newsarchive/1.0 (+https://example.org/bot)").
func ProductToken(userAgent string) string {
	tok := strings.TrimSpace(userAgent)
	if i := strings.IndexAny(tok, "/ ("); i >= 0 {
		tok = tok[:i]
	}
	if tok == "" {
		return "*"
	}
	return strings.ToLower(tok)
}
