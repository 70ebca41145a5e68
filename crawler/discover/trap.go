package discover

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// ErrTrap is matched by every rejection of TrapRules.Check.
var ErrTrap = errors.New("crawler trap")

// Defaults of TrapRules.
const (
	// DefaultMaxURLLength is the longest URL old browsers accepted; longer
	// ones are generated, not linked by editors.
	DefaultMaxURLLength = 2083
	// DefaultMaxSegmentRepeats is how often one path segment may occur.
	DefaultMaxSegmentRepeats = 2
	// DefaultMaxSegments bounds the depth of a path.
	DefaultMaxSegments = 20
)

// TrapRules reject URLs that lead a crawler into endless spaces: generated
// paths that repeat, session ids that make every visit new, calendars that
// page on forever. Zero fields take their defaults.
type TrapRules struct {
	MaxURLLength      int
	MaxSegmentRepeats int
	MaxSegments       int
	// Now anchors the calendar rule: dates more than a year after it are
	// traps. The zero time disables that part of the rule.
	Now time.Time
}

func (r TrapRules) withDefaults() TrapRules {
	if r.MaxURLLength <= 0 {
		r.MaxURLLength = DefaultMaxURLLength
	}
	if r.MaxSegmentRepeats <= 0 {
		r.MaxSegmentRepeats = DefaultMaxSegmentRepeats
	}
	if r.MaxSegments <= 0 {
		r.MaxSegments = DefaultMaxSegments
	}
	return r
}

// Check returns an error matching ErrTrap that names the rule u breaks, or
// nil.
func (r TrapRules) Check(u *url.URL) error {
	r = r.withDefaults()
	if n := len(u.String()); n > r.MaxURLLength {
		return fmt.Errorf("%w: url of %d characters (limit %d)", ErrTrap, n, r.MaxURLLength)
	}
	segs := segments(u.EscapedPath())
	if len(segs) > r.MaxSegments {
		return fmt.Errorf("%w: %d path segments (limit %d)", ErrTrap, len(segs), r.MaxSegments)
	}
	if s, n := mostRepeated(segs); n > r.MaxSegmentRepeats {
		return fmt.Errorf("%w: path segment %q repeated %d times", ErrTrap, s, n)
	}
	if id := sessionID(u); id != "" {
		return fmt.Errorf("%w: session id %s", ErrTrap, id)
	}
	if why := r.calendar(u, segs); why != "" {
		return fmt.Errorf("%w: %s", ErrTrap, why)
	}
	return nil
}

// mostRepeated returns the segment that occurs most often and its count.
func mostRepeated(segs []string) (string, int) {
	counts := make(map[string]int, len(segs))
	best, n := "", 0
	for _, s := range segs {
		counts[s]++
		if counts[s] > n {
			best, n = s, counts[s]
		}
	}
	return best, n
}

// sessionParams carry a server session in the query.
var sessionParams = setOf("jsessionid", "phpsessid", "sid", "sessionid", "session_id",
	"sessid", "aspsessionid", "cfid", "cftoken", "zenid", "oscsid", "s_id", "sess")

// aspCookieless matches ASP.NET's cookieless session segment: /(S(abc...))/.
var aspCookieless = regexp.MustCompile(`^\([A-Za-z]\([a-z0-9]{20,}\)\)`)

// sessionID names the session id u carries, or returns "".
func sessionID(u *url.URL) string {
	lp := strings.ToLower(u.EscapedPath())
	if strings.Contains(lp, ";jsessionid=") || strings.Contains(lp, ";phpsessid=") || strings.Contains(lp, ";sid=") {
		return "in path"
	}
	for _, s := range segments(u.Path) {
		if aspCookieless.MatchString(s) {
			return "in path"
		}
	}
	for k, v := range u.Query() {
		lk := strings.ToLower(k)
		if sessionParams[lk] || strings.HasPrefix(lk, "aspsessionid") {
			if len(v) > 0 && len(v[0]) >= 8 && !(lk == "sid" && storyNumber(v[0])) {
				return "parameter " + k
			}
		}
	}
	return ""
}

// storyNumber tells a "sid" value that numbers a story in older news
// software (article.php?sid=20240315, Slash's article.pl?sid=04/11/28/1234567):
// digits, with slashes or not. A session token is not all digits.
func storyNumber(v string) bool {
	return strings.Trim(v, "0123456789/") == "" && strings.ContainsAny(v, "0123456789")
}

// pathSession matches a session id written as a path parameter:
// ;jsessionid=..., ;phpsessid=..., ;sid=..., up to the next / or the end.
var pathSession = regexp.MustCompile(`(?i);(jsessionid|phpsessid|sid)=[^/?#;]*`)

// WithoutSession returns the normalised URL u without the session id a
// cookieless server wrote into it (see sessionID), so that the page is
// fetched once, at the address every visitor shares, rather than refused
// or fetched once per session. A "sid" parameter is taken for a session
// only when it reads as a token (16 characters or more, not all digits):
// older news software numbers its stories with it.
func WithoutSession(u string) string {
	pu, err := url.Parse(u)
	if err != nil || sessionID(pu) == "" {
		return u
	}
	pu.RawPath = ""
	pu.Path = pathSession.ReplaceAllString(pu.Path, "")
	var kept []string
	for _, s := range segments(pu.Path) {
		if !aspCookieless.MatchString(s) {
			kept = append(kept, s)
		}
	}
	trailing := strings.HasSuffix(pu.Path, "/") && len(kept) > 0
	pu.Path = "/" + strings.Join(kept, "/")
	if trailing {
		pu.Path += "/"
	}
	q := pu.Query()
	for k, v := range q {
		if sessionToken(k, v, pu.Path) {
			q.Del(k)
		}
	}
	pu.RawQuery = q.Encode()
	if n, ok := Resolve(nil, pu.String()); ok {
		return n
	}
	return u
}

// sessionToken tells a query parameter of a URL with path that carries a
// session. "sid" is also a story id in older news software
// (story.php?sid=8f3a9c2b1d4e5f60a1): it is taken for a session only when
// it reads as a token (16 characters or more, not all digits) and the
// path names the page without it (a slug or a number in its last
// segment); otherwise the link stays refused as a trap.
func sessionToken(key string, v []string, path string) bool {
	lk := strings.ToLower(key)
	if !sessionParams[lk] && !strings.HasPrefix(lk, "aspsessionid") || len(v) == 0 || len(v[0]) < 8 {
		return false
	}
	if lk == "sid" {
		_, numeric := strconv.ParseUint(v[0], 10, 64)
		segs := segments(path)
		named := len(segs) > 0 && strings.ContainsAny(segs[len(segs)-1], "-0123456789")
		return len(v[0]) >= 16 && numeric != nil && named
	}
	return true
}

// calendarWords mark calendar and events-by-date pages.
var calendarWords = setOf("calendar", "calendars", "kalender", "calendrier", "calendario", "agenda",
	"cal", "ical", "tribe-bar-date", "eventdisplay", "month", "week", "day", "date", "ym", "year")

// yearIn finds four-digit years in a URL piece.
var yearIn = regexp.MustCompile(`(^|[^0-9])(1[0-9]{3}|2[0-9]{3}|3[0-9]{3})([^0-9]|$)`)

// calendar explains why u is an endless calendar, or returns "". A calendar
// word beside a date far from Now, or any year before 1990 or after Now's
// next year in a calendar, marks one: the pages exist for every month, past
// and future, and link to each other.
func (r TrapRules) calendar(u *url.URL, segs []string) string {
	marked := false
	for _, s := range segs {
		marked = marked || calendarWords[strings.ToLower(s)]
	}
	for k := range u.Query() {
		marked = marked || calendarWords[strings.ToLower(k)]
	}
	if !marked {
		return ""
	}
	for _, m := range yearIn.FindAllStringSubmatch(u.EscapedPath()+"?"+u.RawQuery, -1) {
		y, _ := strconv.Atoi(m[2])
		if y < 1990 {
			return fmt.Sprintf("calendar page of year %d", y)
		}
		if !r.Now.IsZero() && y > r.Now.Year()+1 {
			return fmt.Sprintf("calendar page of year %d", y)
		}
	}
	return ""
}
