package parse

import (
	"net/url"
	"regexp"
	"strings"
)

// canonicalURL picks the page's declared canonical address: <link
// rel=canonical>, then og:url, then the JSON-LD url, resolved against the
// page's base. It returns "" when none is usable.
func canonicalURL(h *headTags, ldURL string, base, pageURL *url.URL) string {
	candidates := append([]string{}, h.links["canonical"]...)
	candidates = append(candidates, h.metas["og:url"]...)
	candidates = append(candidates, ldURL)
	for _, c := range candidates {
		u := absoluteURL(c, base)
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

// templateCanonical tells a canonical URL that a site's template gives
// its pages rather than this page's own address: a home page (also as
// /index.html, or with nothing but a language or referrer in its query,
// such as ?lang=en) above a deeper page, or a one-word section front such
// as /news/ above a story. Different articles declaring one such URL would
// be taken for versions of one article. A story addressed by a query
// (/?p=123) or by a short slug (/budget for /2026/11/20/budget, /storm for
// /amp/storm) keeps its canonical, as does an AMP or print page of a
// one-segment story (/budget-vote/ for /budget-vote/amp/).
func templateCanonical(u, page *url.URL) bool {
	segs := pathSegments(u.Path)
	if len(segs) == 1 && indexFile.MatchString(segs[0]) {
		segs = nil
	}
	var pageSegs []string
	if page != nil {
		pageSegs = pathSegments(page.Path)
	}
	switch {
	case len(segs) == 0:
		return u.RawQuery == "" && (page == nil || len(pageSegs) > 0 || page.RawQuery != "") ||
			u.RawQuery != "" && onlyTemplateParams(u.Query()) && (len(pageSegs) > 0 || page.RawQuery != u.RawQuery)
	case len(segs) == 1 && len(pageSegs) > 1 && sectionWord.MatchString(segs[0]):
		return !strings.EqualFold(segs[0], pageSegs[len(pageSegs)-1]) && !variantOf(segs[0], pageSegs)
	}
	return false
}

// variantOf tells a page that is a variant of the one-segment page seg:
// /seg/amp/, /seg/print, /seg/2.
func variantOf(seg string, pageSegs []string) bool {
	if !strings.EqualFold(seg, pageSegs[0]) {
		return false
	}
	for _, s := range pageSegs[1:] {
		if !variantSegment.MatchString(s) {
			return false
		}
	}
	return true
}

// onlyTemplateParams tells a query that names a language, an edition or a
// referrer, not a page.
func onlyTemplateParams(q url.Values) bool {
	for k := range q {
		if !templateParams[strings.ToLower(k)] {
			return false
		}
	}
	return true
}

var templateParams = map[string]bool{"lang": true, "language": true, "hl": true, "locale": true, "lng": true,
	"edition": true, "region": true, "country": true, "ref": true, "from": true, "source": true}

var (
	indexFile      = regexp.MustCompile(`(?i)^(index|default|home)\.(html?|php|aspx?|jsp)$`)
	sectionWord    = regexp.MustCompile(`^\pL{2,20}(-\pL{2,20})?$`)
	variantSegment = regexp.MustCompile(`(?i)^(amp|amp\.html|print|comments|\d{1,3})$`)
)

// pathSegments splits a URL path into its non-empty segments.
func pathSegments(p string) []string {
	return strings.FieldsFunc(p, func(r rune) bool { return r == '/' })
}
