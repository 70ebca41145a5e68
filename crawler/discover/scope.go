package discover

import (
	"net/url"
	"regexp"
	"strings"

	"github.com/newsarchive/newsarchive/parse/urlnorm"
)

// Scope decides which URLs a source may request: those its allow patterns
// match (by default, those on the hosts of its start pages) and no deny
// pattern matches.
type Scope struct {
	allow []*regexp.Regexp
	deny  []*regexp.Regexp
	hosts map[string]bool
}

// NewScope builds the scope of a source. With no allow patterns the hosts of
// start are allowed, each with and without a leading "www.", since sites
// redirect between the two.
func NewScope(start []string, allow, deny []*regexp.Regexp) *Scope {
	s := &Scope{allow: allow, deny: deny, hosts: map[string]bool{}}
	for _, raw := range start {
		n, ok := Resolve(nil, raw)
		if !ok {
			continue
		}
		// The host keeps its port: two servers on one machine are two sites.
		h := strings.TrimPrefix(mustHost(n), "www.")
		s.hosts[h], s.hosts["www."+h] = true, true
	}
	return s
}

// Allows reports whether u, an absolute normalised URL, is in scope.
func (s *Scope) Allows(u string) bool {
	if s.Denies(u) {
		return false
	}
	if len(s.allow) == 0 {
		n, ok := Resolve(nil, u)
		return ok && s.hosts[mustHost(n)]
	}
	for _, re := range s.allow {
		if re.MatchString(u) {
			return true
		}
	}
	return false
}

// Denies reports whether a deny pattern matches u.
func (s *Scope) Denies(u string) bool {
	for _, re := range s.deny {
		if re.MatchString(u) {
			return true
		}
	}
	return false
}

// mustHost is the host (and port) of a normalised URL, as urlnorm.Host
// writes it.
func mustHost(normalised string) string {
	u, err := url.Parse(normalised)
	if err != nil {
		return ""
	}
	return urlnorm.Host(u)
}
