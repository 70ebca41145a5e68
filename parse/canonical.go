package parse

import (
	"net/url"
	"strings"
)

// canonicalURL picks the page's declared canonical address: <link
// rel=canonical>, then og:url, then the JSON-LD url. It returns "" when none
// is usable.
func canonicalURL(h *headTags, ldURL string, pageURL *url.URL) string {
	candidates := append([]string{}, h.links["canonical"]...)
	candidates = append(candidates, h.metas["og:url"]...)
	candidates = append(candidates, ldURL)
	for _, c := range candidates {
		u := absoluteURL(c, pageURL)
		if u == nil {
			continue
		}
		// A canonical pointing at a home page is a template default, not
		// this article's address.
		if isHomePage(u) && !isHomePage(pageURL) {
			continue
		}
		u.Fragment = ""
		return u.String()
	}
	return ""
}

// absoluteURL resolves raw against base and returns it when it is an
// http(s) URL with a host.
func absoluteURL(raw string, base *url.URL) *url.URL {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return nil
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil
	}
	return u
}

// absoluteString is absoluteURL as a string, "" when unusable.
func absoluteString(raw string, base *url.URL) string {
	if u := absoluteURL(raw, base); u != nil {
		return u.String()
	}
	return ""
}

func isHomePage(u *url.URL) bool {
	return u != nil && u.Host != "" && (u.Path == "" || u.Path == "/") && u.RawQuery == ""
}
