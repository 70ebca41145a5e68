package config

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// hostSource is a file of one source whose key holds url.
func hostSource(key, url string) []byte {
	return fmt.Appendf(nil, "sources:\n  - name: example\n    %s: [%q]\n", key, url)
}

// TestParseRefusesInvalidHosts: a start page, feed or sitemap whose host
// is no IP address and no valid DNS name is refused with one line that
// names the source, the key and what is wrong.
func TestParseRefusesInvalidHosts(t *testing.T) {
	tests := []struct{ key, url, want string }{
		{"start", "https://-.-/", `label "-" starts or ends with a hyphen`},
		{"start", "https://exa mple.com/", `invalid character " " in host name`},
		{"start", "http://.example/", "empty label"},
		{"feeds", "http://news..example.com/rss", "empty label"},
		{"sitemaps", "https://example.com../sitemap.xml", "empty label"},
		{"start", "https://a-.example.com/", `label "a-" starts or ends with a hyphen`},
		{"start", "https://-a.example.com/", `label "-a" starts or ends with a hyphen`},
		{"start", "https://exa!mple.com/", `label "exa!mple" holds '!'`},
		{"start", "https://" + strings.Repeat("a", 64) + ".com/", "is longer than 63 bytes"},
		{"sitemaps", "https://" + strings.Repeat(strings.Repeat("a", 60)+".", 5) + "com/s.xml", "longer than 253 bytes"},
		{"start", "http://999.1.1.1/", "999.1.1.1 is no IPv4 address"},
		{"start", "http://1.2.3/", "1.2.3 is no IPv4 address"},
		{"start", "https://bü_cher.example/", "idna: disallowed rune U+005F"},
	}
	for _, tt := range tests {
		t.Run(tt.key+" "+tt.url, func(t *testing.T) {
			_, err := Parse(hostSource(tt.key, tt.url))
			if err == nil {
				t.Fatalf("no error, want one with %q", tt.want)
			}
			msg := err.Error()
			prefix := fmt.Sprintf("config: source \"example\": %s[0]: invalid url %q: ", tt.key, tt.url)
			if !strings.HasPrefix(msg, prefix) || !strings.Contains(msg, tt.want) {
				t.Errorf("error\n got: %s\nwant: %s...%s", msg, prefix, tt.want)
			}
			if strings.Contains(msg, "\n") || !errors.Is(err, ErrInvalid) {
				t.Errorf("error is not one line matching ErrInvalid: %q", msg)
			}
		})
	}
}

// TestParseAcceptsValidHosts: names, internationalised names, fully
// qualified names, localhost and IP literals stay accepted.
func TestParseAcceptsValidHosts(t *testing.T) {
	for _, u := range []string{
		"https://example.com/", "https://News.Example.COM/", "https://example.com./",
		"https://r3---sn-abc.example.com/", "https://xn--bcher-kva.example/", "https://bücher.example/",
		"https://ｅｘａｍｐｌｅ．com/", "http://localhost:8080/", "http://127.0.0.1:8080/", "http://[::1]:8080/",
		"http://[2001:db8::1]/", "https://1password.com/", "https://a.b.c.d.e.f.example/",
		"https://" + strings.Repeat("a", 63) + ".com/", "https://exa_mple.com/feed",
	} {
		for _, key := range []string{"start", "feeds", "sitemaps"} {
			if _, err := Parse(hostSource(key, u)); err != nil {
				t.Errorf("%s %s: %v", key, u, err)
			}
		}
	}
}

// TestCheckURLHidesPasswords: a URL refused for whatever reason is quoted
// with its password as xxxxx, as one refused for holding it is.
func TestCheckURLHidesPasswords(t *testing.T) {
	for _, u := range []string{
		"https://reader:secret@exa mple.com/", "https://reader:secret@example.com/ x", "ftp://reader:secret@example.com/",
		"https://reader:secret@[::1/", "https://reader:secret@-.-/", "https://reader:secret@example.com:99999/",
	} {
		err := CheckURL(u)
		if err == nil || strings.Contains(err.Error(), "secret") || !strings.Contains(err.Error(), "reader:xxxxx@") {
			t.Errorf("CheckURL(%q) = %v, want an error showing the password as xxxxx", u, err)
		}
	}
}
