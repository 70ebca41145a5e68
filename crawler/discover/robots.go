package discover

import (
	"bytes"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/temoto/robotstxt"

	"github.com/newsarchive/newsarchive/parse/urlnorm"
)

// Robots are the rules of one host's robots.txt for one user agent.
type Robots struct {
	data  *robotstxt.RobotsData // Crawl-delay and Sitemap lines (see withoutPatterns)
	rules []robotsRule          // the agent's group's Allow and Disallow lines
	shut  bool                  // a 5xx or 429: nothing is allowed
	delay time.Duration
}

// ParseRobots reads the robots.txt answer of a host: its final HTTP status
// (after redirects) and body, for the crawler whose User-Agent header is
// userAgent. It follows Google's reading: a 2xx body is parsed, any other 4xx
// allows everything, a 5xx or a 429 disallows everything for the run. A body
// that cannot be parsed whole is parsed leniently; the error, if any, is
// worth a log line but the returned Robots is always usable.
func ParseRobots(status int, body []byte, userAgent string) (*Robots, error) {
	return parseRobots(status, body, userAgent, withoutPatterns)
}

// parseRobots is ParseRobots giving the robots.txt parser parserInput(text)
// for each text it would parse; the tests compare withoutPatterns with the
// whole text.
func parseRobots(status int, body []byte, userAgent string, parserInput func([]byte) []byte) (*Robots, error) {
	agent := ProductToken(userAgent)
	if status == http.StatusTooManyRequests {
		status = http.StatusServiceUnavailable
	}
	if status < 200 || (status >= 300 && status < 400) {
		// Unfollowed redirects and odd statuses: as if there were no file.
		status = http.StatusNotFound
	}
	body, cut := parseLimit(body)
	body = normalizeRules(body, agent)
	data, err := robotstxt.FromStatusAndBytes(status, parserInput(body))
	if err != nil {
		data, body, err = lenientRobots(body, err, parserInput)
	}
	if cut && status >= 200 && status < 300 {
		err = withCut(err)
	}
	r := &Robots{data: data, shut: status >= 500 && status < 600}
	if status >= 200 && status < 300 || err != nil {
		// The parser's own matching kept the first of two rules of one
		// length and measured wildcard rules by their regular expressions:
		// the rules are read again and matched here (see allowed).
		r.rules = groupRules(body, agent)
	}
	if g := data.FindGroup(agent); g != nil {
		r.delay = g.CrawlDelay
		if r.delay < 0 {
			// Seconds past what a Duration holds: the parser's product
			// overflowed (it refuses negative values), and the site that
			// asked to be left alone for centuries was not waited for.
			r.delay = math.MaxInt64
		}
	}
	return r, err
}

// RobotsParseLimit is how much of a robots.txt is read: RFC 9309, 2.5 lets
// a crawler stop at 500 KiB, as Google does. A file past it is no real
// site's list of rules but a way to make every link's check cost seconds.
const RobotsParseLimit = 500 << 10

// parseLimit cuts body at the last line that ends within RobotsParseLimit,
// and says whether it cut.
func parseLimit(body []byte) ([]byte, bool) {
	if len(body) <= RobotsParseLimit {
		return body, false
	}
	body = body[:RobotsParseLimit]
	if i := bytes.LastIndexByte(body, '\n'); i >= 0 {
		body = body[:i+1]
	}
	return body, true
}

// withCut adds to err, nil or not, that the file was read only in part.
func withCut(err error) error {
	const cut = "robots.txt over %d KiB: the lines past it are ignored"
	if err == nil {
		return fmt.Errorf(cut, RobotsParseLimit>>10)
	}
	return fmt.Errorf("%w; "+cut, err, RobotsParseLimit>>10)
}

// lenientRobots parses again without the lines that made the strict parse
// fail: rules before any User-agent line are taken as meant for everyone,
// unreadable Crawl-delay lines are dropped. If that fails too, everything is
// allowed, as for a missing file. It returns the text it parsed, nil for
// none.
func lenientRobots(body []byte, cause error, parserInput func([]byte) []byte) (*robotstxt.RobotsData, []byte, error) {
	cleaned := make([]byte, 0, len(body))
	for rest := body; len(rest) > 0; {
		var line, eol []byte
		line, eol, rest = cutLine(rest)
		field, value, _ := bytes.Cut(bytes.TrimSpace(line), []byte(":"))
		if strings.EqualFold(string(bytes.TrimSpace(field)), "crawl-delay") && !readableDelay(value) {
			continue
		}
		cleaned = append(append(cleaned, line...), eol...)
	}
	// Prefixing a User-agent line would merge with a first group, so it is
	// only the second try.
	for _, fixed := range [][]byte{cleaned, append([]byte("User-agent: *\n"), cleaned...)} {
		if data, err := robotstxt.FromBytes(parserInput(fixed)); err == nil {
			return data, fixed, fmt.Errorf("robots.txt parsed leniently: %s", firstLine(cause))
		}
	}
	data, _ := robotstxt.FromStatusAndBytes(http.StatusNotFound, nil)
	return data, nil, fmt.Errorf("robots.txt unreadable, all allowed: %s", firstLine(cause))
}

// readableDelay tells a Crawl-delay value the parser reads: a number of
// seconds.
func readableDelay(value []byte) bool {
	v := strings.TrimSpace(string(value))
	if i := strings.IndexAny(v, " \t#"); i >= 0 {
		v = v[:i]
	}
	f, err := strconv.ParseFloat(v, 64)
	return err == nil && f >= 0
}

// normalizeRules writes the paths of Allow and Disallow lines as request
// paths are compared with them (RFC 9309, 2.2.2): letters outside ASCII
// percent-encoded as UTF-8, and the hex digits of every escape in upper
// case. "Disallow: /café" and "/caf%c3%a9" did not match the request for
// /caf%C3%A9. And it names no group the parser would wrongly give agent
// (see groupName). A byte order mark is no part of the first line.
func normalizeRules(body []byte, agent string) []byte {
	body = bytes.TrimPrefix(body, []byte("\uFEFF"))
	out := make([]byte, 0, len(body)+len(body)/8)
	for len(body) > 0 {
		line, eol, rest := cutLine(body)
		out = append(appendNormalLine(out, line, agent), eol...)
		body = rest
	}
	return out
}

// appendNormalLine appends line to out as normalizeRules writes it.
func appendNormalLine(out, line []byte, agent string) []byte {
	field, value, ok := bytes.Cut(line, []byte(":"))
	// Spaces before the colon are allowed (RFC 9309, 2.2) but not
	// by the parser: "Disallow : /x" was a rule for "/:", "Sitemap : /s.xml"
	// no sitemap, and "Crawl-delay : 5" a file it refused whole, its
	// rules and all.
	field = bytes.TrimRight(field, " \t")
	switch name := strings.ToLower(strings.TrimSpace(string(field))); {
	case !ok:
		return append(out, line...)
	case name == "allow" || name == "disallow":
		return append(append(append(out, field...), ':'), encodePath(value)...)
	case name == "user-agent":
		return append(append(out, field...), ": "+groupName(string(value), agent)...)
	}
	return append(append(append(out, field...), ':'), value...)
}

// cutLine cuts the first line of body from the rest at its end, eol: LF,
// CR LF or CR alone (RFC 9309, 2.2), none for a last line without one. A
// file of CR-ended lines, split at LFs, was one User-agent line.
func cutLine(body []byte) (line, eol, rest []byte) {
	i := bytes.IndexAny(body, "\r\n")
	if i < 0 {
		return body, nil, nil
	}
	j := i + 1
	if body[i] == '\r' && j < len(body) && body[j] == '\n' {
		j++
	}
	return body[:i], body[i:j], body[j:]
}

// otherAgents replaces the names of groups meant for other crawlers.
const otherAgents = "x-other-crawlers"

// groupName is the name the parser is to see on a User-agent line: the
// line's product token ("newsarchive" for "newsarchive/1.0", as Google
// reads it) when it names agent's group ("*", agent's token, or a family
// it belongs to: "googlebot" for "googlebot-news"; letter case aside,
// RFC 9309, 2.2.1), otherAgents when not. The parser matched any prefix,
// so "User-agent: new" took in "newsarchive".
func groupName(value, agent string) string {
	v := strings.ToLower(strings.TrimSpace(value))
	if i := strings.IndexFunc(v, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' || r == '-' || r == '*')
	}); i >= 0 {
		v = v[:i]
	}
	if v == "*" || v == agent || strings.HasPrefix(agent, v+"-") {
		return v
	}
	return otherAgents
}

// encodePath percent-encodes the bytes outside ASCII, upper-cases the hex
// digits of escapes and unescapes letters, digits and "-._~" (RFC 9309,
// 2.2.2: /%7Ejoe and /~joe are one path; none of them is a wildcard).
func encodePath(p []byte) []byte {
	const hex = "0123456789ABCDEF"
	out := make([]byte, 0, len(p))
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case c >= 0x80:
			out = append(out, '%', hex[c>>4], hex[c&15])
		case c == '%' && i+2 < len(p) && isHex(p[i+1]) && isHex(p[i+2]):
			if v, _ := strconv.ParseUint(string(p[i+1:i+3]), 16, 8); urlnorm.Unreserved(byte(v)) {
				out = append(out, byte(v)) // as URLs are written (parse/urlnorm)
			} else {
				out = append(out, '%', upperHex(p[i+1]), upperHex(p[i+2]))
			}
			i += 2
		default:
			out = append(out, c)
		}
	}
	return out
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func upperHex(c byte) byte {
	if 'a' <= c && c <= 'f' {
		return c - 'a' + 'A'
	}
	return c
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
	p := string(encodePath([]byte(u.EscapedPath())))
	if p == "" {
		p = "/"
	}
	if u.RawQuery != "" {
		p += "?" + u.RawQuery
	}
	return !r.shut && allowed(r.rules, p)
}

// CrawlDelay is the Crawl-delay of the agent's group, zero when unset.
func (r *Robots) CrawlDelay() time.Duration { return r.delay }

// Sitemaps are the addresses of the file's Sitemap: lines, a relative one
// resolved against the address of the robots.txt, robotsURL.
func (r *Robots) Sitemaps(robotsURL *url.URL) []string {
	out := make([]string, 0, len(r.data.Sitemaps))
	seen := map[string]bool{}
	for _, s := range r.data.Sitemaps {
		if u, ok := Resolve(robotsURL, s); ok {
			out = dedup(out, seen, u)
		}
	}
	return out
}

// ProductToken is the name robots.txt groups are matched against: the
// User-Agent's first product name, lowercased ("newsarchive" for
// "newsarchive/1.0 (+https://example.org/bot)").
//
// A User-Agent that begins as browsers do names the crawler in its comment
// ("Mozilla/5.0 (compatible; newsarchive/1.0; +https://...)" is
// "newsarchive", as Googlebot's is "googlebot").
func ProductToken(userAgent string) string {
	tok := strings.ToLower(productName(userAgent))
	if tok == "mozilla" {
		if named := commentProduct(userAgent); named != "" {
			return named
		}
	}
	if tok == "" {
		return "*"
	}
	return tok
}

// productName is the name of the first product of a User-Agent.
func productName(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, "/ ();"); i >= 0 {
		s = s[:i]
	}
	return s
}

// commentProduct is the first "name/version" in the first comment of a
// User-Agent, lowercased; "" if none.
func commentProduct(userAgent string) string {
	_, comment, ok := strings.Cut(userAgent, "(")
	if !ok {
		return ""
	}
	comment, _, _ = strings.Cut(comment, ")")
	for _, part := range strings.Split(comment, ";") {
		part = strings.TrimSpace(part)
		if name := productName(part); name != "" && strings.HasPrefix(part[len(name):], "/") {
			return strings.ToLower(name)
		}
	}
	return ""
}
