package config

import (
	"fmt"
	"net/netip"
	"strings"

	"golang.org/x/net/idna"
)

// DNS bounds a host name is held to (RFC 1035 2.3.4): longer ones are
// never looked up, so a source naming one would fail every run.
const (
	maxLabelLen = 63
	maxHostLen  = 253
)

// checkHost refuses a host that is no IP literal and no syntactically
// valid DNS name: url.Parse takes "-.-", ".example" and "a..b" as hosts,
// and the crawl would fail on them, run after run, for a typo that the
// file could have named. An internationalised name is checked in its
// ASCII form; one trailing dot (a fully qualified name) is allowed.
func checkHost(host string) error {
	if strings.Contains(host, ":") { // url.URL.Hostname strips the brackets
		if _, err := netip.ParseAddr(host); err != nil {
			return fmt.Errorf("host [%s] is no IPv6 address", host)
		}
		return nil
	}
	name := host
	if !isASCII(name) {
		ascii, err := idna.Lookup.ToASCII(name)
		if err != nil {
			return fmt.Errorf("host %q is no valid host name: %v", host, err)
		}
		name = ascii
	}
	if err := checkDNSName(strings.TrimSuffix(name, ".")); err != nil {
		return fmt.Errorf("host %q is no valid host name: %w", host, err)
	}
	return nil
}

// checkDNSName checks the letters, digits, hyphens and underscores of an ASCII name
// without its trailing dot.
func checkDNSName(name string) error {
	if len(name) > maxHostLen {
		return fmt.Errorf("longer than %d bytes", maxHostLen)
	}
	labels := strings.Split(name, ".")
	for _, l := range labels {
		if err := checkLabel(l); err != nil {
			return err
		}
	}
	// "999.1.1.1" reads as a mistyped IPv4 address, and no top-level
	// domain is all digits (RFC 3696 2).
	if last := labels[len(labels)-1]; isDigits(last) {
		if _, err := netip.ParseAddr(name); err != nil {
			return fmt.Errorf("%s is no IPv4 address, and a name's last label is not all digits", name)
		}
	}
	return nil
}

// checkLabel checks one label of a DNS name.
func checkLabel(l string) error {
	switch {
	case l == "":
		return fmt.Errorf("empty label")
	case len(l) > maxLabelLen:
		return fmt.Errorf("label %q is longer than %d bytes", l, maxLabelLen)
	case l[0] == '-' || l[len(l)-1] == '-':
		return fmt.Errorf("label %q starts or ends with a hyphen", l)
	}
	for i := 0; i < len(l); i++ {
		// '_' is no letter of a host name (RFC 952), but names holding
		// it resolve and browsers open them: a site under one is a site.
		if c := l[i]; !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return fmt.Errorf("label %q holds %q (letters, digits, hyphens and underscores only)", l, c)
		}
	}
	return nil
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
