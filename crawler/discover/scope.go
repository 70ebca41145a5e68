package discover

import (
	"net/netip"
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/idna"

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

// mustHost is the host (and port) of a normalised URL, as HostKey
// writes it.
func mustHost(normalised string) string {
	u, err := url.Parse(normalised)
	if err != nil {
		return ""
	}
	return HostKey(u)
}

// HostKey is u's host (and port) in its normal form (see urlnorm.Host),
// a name in letters beyond ASCII written in its ASCII form (IDNA), as it
// is looked up and asked for: "café.example" and "xn--caf-dma.example"
// are one host, whose pages a site links, and redirects to, under either
// spelling. They were two: one's redirects to the other left the scope,
// and the one server got two robots.txt reads and two delays.
//
// An IPv6 literal is written in its canonical form (RFC 5952, as
// netip.Addr.String writes it): [0:0::1] and [::1] are one server.
func HostKey(u *url.URL) string {
	host := urlnorm.Host(u)
	if strings.HasPrefix(host, "[") {
		return canonicalIPv6(host)
	}
	if ascii(host) {
		return host
	}
	h := &url.URL{Host: host}
	name, err := idna.Lookup.ToASCII(h.Hostname())
	if err != nil {
		return host // no valid name; requests to it fail as they did
	}
	if port := h.Port(); port != "" {
		return name + ":" + port
	}
	return name
}

// canonicalIPv6 rewrites the IPv6 literal of host ("[addr]" or
// "[addr]:port") in its canonical form, leaving one it cannot read as is.
func canonicalIPv6(host string) string {
	h := &url.URL{Host: host}
	addr, err := netip.ParseAddr(h.Hostname())
	if err != nil {
		return host
	}
	if port := h.Port(); port != "" {
		return "[" + addr.String() + "]:" + port
	}
	return "[" + addr.String() + "]"
}

// ascii reports whether s holds ASCII bytes alone.
func ascii(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
