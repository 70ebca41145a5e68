package parse

import (
	"net/url"
	"regexp"
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
		if templateCanonical(u, pageURL) {
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

// templateCanonical tells a canonical URL that a site's template gives
// its pages rather than this page's own address: a home page (also as
// /index.html, or with a query such as ?lang=en) above a deeper page, or
// a one-word section front such as /news/ that is not the start of the
// page's own path. Different articles declaring one such URL would be
// taken for versions of one article.
func templateCanonical(u, page *url.URL) bool {
	segs := pathSegments(u.Path)
	if len(segs) == 1 && indexFile.MatchString(segs[0]) {
		segs = nil
	}
	if page == nil {
		return len(segs) == 0 && u.RawQuery == ""
	}
	pageSegs := pathSegments(page.Path)
	switch {
	case len(segs) == 0:
		return len(pageSegs) > 0 || u.RawQuery == "" && page.RawQuery != ""
	case len(segs) == 1 && len(pageSegs) > 1 && sectionWord.MatchString(segs[0]):
		return !strings.EqualFold(segs[0], pageSegs[0])
	}
	return false
}

var (
	indexFile   = regexp.MustCompile(`(?i)^(index|default|home)\.(html?|php|aspx?|jsp)$`)
	sectionWord = regexp.MustCompile(`^\pL{2,20}(-\pL{2,20})?$`)
)

// pathSegments splits a URL path into its non-empty segments.
func pathSegments(p string) []string {
	return strings.FieldsFunc(p, func(r rune) bool { return r == '/' })
}
