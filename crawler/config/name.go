package config

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/newsarchive/newsarchive/parse/urlnorm"
)

// AdHocName is the name of the source a crawl of start URLs given on the
// command line files its runs under: the URL's host, lowercased and in its
// ASCII form, followed by '_' and its port when that is not the scheme's
// ("127.0.0.1_8080"). Every spelling of the same site gives the same name,
// so each such crawl of a site continues the same source, and the name is
// one a configuration file accepts (see checkName), which "host:port" was
// not: such a source can be carried on from a config. Any other letter a
// name may not hold becomes '_'.
func AdHocName(rawURL string) (string, error) {
	n, err := urlnorm.Normalize(rawURL)
	if err != nil {
		return "", fmt.Errorf("source name of %q: %w", rawURL, err)
	}
	u, err := url.Parse(n)
	if err != nil {
		return "", fmt.Errorf("source name of %q: %w", rawURL, err)
	}
	host := u.Hostname() // in its ASCII form, as urlnorm writes it
	if port := u.Port(); port != "" {
		host += "_" + port
	}
	name := strings.Map(func(r rune) rune {
		if nameLetter(r) {
			return r
		}
		return '_'
	}, host)
	if !namePattern.MatchString(name) {
		name = "ip" + name // an IPv6 address: "::1" would start with '_'
	}
	return name, checkName(name)
}

// nameLetter reports whether r may stand in a source name.
func nameLetter(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-'
}
