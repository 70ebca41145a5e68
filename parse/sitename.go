package parse

import (
	"net/url"
	"slices"
	"strings"
)

// siteLabels are names pages declare for their site that name none: a
// hosting platform's own label ("Hosted" on AP's pages for its member
// papers), a section ("U.S." on Reuters), a CMS default.
var siteLabels = wordSet(
	"hosted", "home", "homepage", "home page", "index", "default", "untitled", "website", "site",
	"blog", "wordpress", "news", "latest news", "article", "articles",
	"u.s.", "world", "politics", "business", "sport", "sports", "opinion", "local",
)

// siteName is the name a page declares for its site: og:site_name, else
// JSON-LD's publisher or website, else application-name, skipping URLs,
// handles and labels (siteLabels). A declared name that the host does not
// spell gives way to another source that does and that it does not
// contain: "U.S." gives way to "Reuters" on reuters.com, whose <title>
// ends "- Reuters", while "The Real Deal New York" stays.
func siteName(h *headTags, ld *ldData, hosts []string) string {
	var names []string
	for _, n := range []string{h.first("og:site_name"), ld.Publisher, ld.SiteName,
		h.first("application-name", "apple-mobile-web-app-title", "dc.publisher", "publisher")} {
		n = withoutHostName(squashSpace(n), hosts)
		if n != "" && !looksLikeURL(n) && !strings.HasPrefix(n, "@") && !siteLabels[strings.ToLower(n)] {
			names = append(names, n)
		}
	}
	if len(names) == 0 {
		return ""
	}
	name := names[0]
	if !spellsHost(withoutTagline(name, hosts), hosts) {
		_, fromTitle := splitTitle(h.title, siteSeparators, func(part string) bool { return spellsHost(part, hosts) })
		for _, n := range append(append(names[1:], fromTitle), staffCredits(h)...) {
			if spellsHost(n, hosts) && !strings.Contains(nameKey(name), nameKey(n)) {
				name = n
				break
			}
		}
	}
	return spelledOut(name, names)
}

// staffSuffixes end the credit a publication gives its own staff.
var staffSuffixes = []string{" editorial staff", " staff", " editors", " newsroom", " staff report", " staff reports"}

// staffCredits are the publications the page's author tags credit with
// their staff ("Practical Horseman Editorial Staff" credits "Practical
// Horseman"): where a site's tags give a tagline for its name, its
// byline still names it.
func staffCredits(h *headTags) []string {
	var out []string
	for _, a := range h.all("author", "article:author", "parsely-author", "sailthru.author") {
		a = squashSpace(a)
		for _, suffix := range staffSuffixes {
			if len(a) > len(suffix) && strings.EqualFold(a[len(a)-len(suffix):], suffix) {
				out = append(out, a[:len(a)-len(suffix)])
				break
			}
		}
	}
	return out
}

// spellsHost reports whether name is the site's name as a label of its
// host spells it ("Los Angeles Times" and latimes.com do not match;
// "Reuters" and reuters.com do).
func spellsHost(name string, hosts []string) bool {
	for _, h := range hosts {
		if sameName(name, h) {
			return true
		}
	}
	return false
}

// withoutTagline drops what follows a site's name in a declared name that
// carries a tagline or a list of topics ("LinkNaija | Nigeria's popular
// news platform"), when the host spells the first part. It is applied
// after the title is cleaned, as titles carry the whole declared name.
func withoutTagline(name string, hosts []string) string {
	for _, sep := range []string{" | ", " - ", " – ", " — "} {
		if i := strings.Index(name, sep); i > 0 && spellsHost(name[:i], hosts) {
			return strings.TrimSpace(name[:i])
		}
	}
	return name
}

// withoutHostName drops the host name that a declared name gives beside
// the name in words ("The Jerusalem Post | JPost.com" is "The Jerusalem
// Post"): both name the site, and the words are its name.
func withoutHostName(name string, hosts []string) string {
	for _, sep := range []string{" | ", " - ", " – ", " — "} {
		first, second, ok := strings.Cut(name, sep)
		switch {
		case !ok || strings.Contains(second, sep):
		case isHostName(second, hosts):
			return strings.TrimSpace(first)
		case isHostName(first, hosts):
			return strings.TrimSpace(second)
		}
	}
	return name
}

// isHostName reports whether s is a host name that the page's host
// spells ("JPost.com" on www.jpost.com).
func isHostName(s string, hosts []string) bool {
	s = strings.TrimSpace(s)
	return isDomainName(s) && spellsHost(s[:strings.LastIndexByte(s, '.')], hosts)
}

// spelledOut is the name another source gives in words for a name written
// as one ("usatoday", "USA TODAY"; "livescience.com", "Live Science";
// "TheHill", "The Hill"):
// some CMSs fill og:site_name with the site's slug.
func spelledOut(name string, names []string) string {
	if strings.Contains(name, " ") {
		return name
	}
	slug := name
	if isDomainName(slug) {
		slug = slug[:strings.LastIndexByte(slug, '.')]
	}
	for _, n := range names {
		joined := strings.ReplaceAll(n, " ", "") // "TheHill" and "The Hill", whose key drops "The"
		if strings.Contains(n, " ") && (nameKey(n) == nameKey(slug) || strings.EqualFold(joined, slug)) {
			return n
		}
	}
	return name
}

// publisherSite is site, the name the page's tags declare, completed by
// what else the page says of its publisher (publisherMentions). A page
// whose tags name none gets its microdata publisher's name, else the
// holder of its copyright or the name in its logo's alt text when its
// host spells it ("Hawaii News Now" on hawaiinewsnow.com). A name in
// lower case that is only its host's label ("cleveland") gets the
// spelling the page prints ("© 2019 Cleveland.com").
func publisherSite(site string, p publisherMentions, hosts []string) string {
	var spelled []string
	for _, c := range p.copyrights {
		spelled = append(spelled, copyrightHolder(c))
	}
	for _, alt := range p.logoAlts {
		spelled = append(spelled, logoName(alt))
	}
	if site != "" {
		return capitalizedSlug(site, spelled)
	}
	for _, n := range p.microdata {
		if isSiteName(n) {
			return n
		}
	}
	for _, n := range spelled {
		if n = withoutTagline(n, hosts); isSiteName(n) && spellsHost(n, hosts) {
			return n
		}
	}
	return ""
}

// isSiteName is false for what names no site: a URL, a handle, a label.
func isSiteName(n string) bool {
	return n != "" && !looksLikeURL(n) && !strings.HasPrefix(n, "@") && !siteLabels[strings.ToLower(n)]
}

// capitalizedSlug is the first of names that spells slug, a name written
// as a host's label in lower case ("nj"), with capitals ("NJ.com").
func capitalizedSlug(slug string, names []string) string {
	if strings.ContainsAny(slug, " .") || strings.ToLower(slug) != slug {
		return slug
	}
	for _, n := range names {
		base := n
		if isDomainName(base) {
			base = base[:strings.LastIndexByte(base, '.')]
		}
		if strings.EqualFold(base, slug) && strings.ToLower(n) != n {
			return n
		}
	}
	return slug
}

// ownerSite is the name of an organisation of the page's JSON-LD whose
// address shares a label with the page's host ("Prefeitura Municipal de
// Jaraguá do Sul" at www.jaraguadosul.sc.gov.br for jaraguadosul.com.br):
// the site's owner, for a page that names its site nowhere else. An
// organisation elsewhere (the agency that built the site) is not taken.
func ownerSite(orgs []ldOrganization, hosts []string) string {
	for _, o := range orgs {
		u, err := url.Parse(o.URL)
		if err != nil || !isSiteName(o.Name) {
			continue
		}
		if sharesHostLabel(u, hosts) {
			return o.Name
		}
	}
	return ""
}

// sharesHostLabel reports whether a label of u's host, its top-level
// domain aside, is one of the page's host labels.
func sharesHostLabel(u *url.URL, hosts []string) bool {
	labels := hostLabels(u)
	if len(labels) > 0 && strings.HasSuffix(strings.ToLower(u.Hostname()), "."+labels[len(labels)-1]) {
		labels = labels[:len(labels)-1] // a top-level domain of four letters or more ("info")
	}
	return slices.ContainsFunc(labels, func(l string) bool { return slices.Contains(hosts, l) })
}
