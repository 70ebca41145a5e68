// Package discover finds the addresses a crawl should visit: links in HTML
// pages, items of RSS, Atom and RDF feeds, entries of sitemaps and the rules
// of robots.txt. It also judges URLs by their shape: which look like
// articles, which lead into crawler traps, which a source may request.
//
// It is pure: bytes and URLs in, URLs out. Fetching is the crawler's job.
// Every URL it returns is absolute and normalised by parse/urlnorm, the
// normaliser the archive uses, so one page has one address throughout.
package discover

import (
	"net/url"
	"strings"

	"github.com/newsarchive/newsarchive/parse/urlnorm"
)

// Resolve makes href absolute against base and normalises it, without
// the user name and password a link may carry: a page's links are not to
// send credentials, nor to bring them into the archive's keys (and
// "http://site%2F@other/" is an address on other). It reports false for
// what is not an http(s) address (mailto:, javascript:, tel:, data:) and
// for unparsable references.
func Resolve(base *url.URL, href string) (string, bool) {
	href = strings.Map(dropTabOrNewline, strings.TrimSpace(href))
	if href == "" {
		return "", false
	}
	ref, err := url.Parse(href)
	if err != nil {
		return "", false
	}
	abs := ref
	if base != nil {
		abs = base.ResolveReference(ref)
	}
	abs.User = nil
	n, err := urlnorm.Normalize(abs.String())
	if err != nil {
		return "", false
	}
	return n, true
}

// dropTabOrNewline drops the tabs and line breaks of an address, as
// browsers do wherever they are (the WHATWG URL standard): a template
// that wraps a long href still links to its story, which url.Parse
// refused.
func dropTabOrNewline(r rune) rune {
	if r == '\t' || r == '\n' || r == '\r' {
		return -1
	}
	return r
}

// dedup appends s to list unless seen already holds it.
func dedup(list []string, seen map[string]bool, s string) []string {
	if seen[s] {
		return list
	}
	seen[s] = true
	return append(list, s)
}

// urlBase resolves references against a document's address.
type urlBase struct{ u *url.URL }

func parseBase(raw string) *urlBase {
	u, err := url.Parse(raw)
	if err != nil {
		return &urlBase{}
	}
	return &urlBase{u}
}

func (b *urlBase) resolve(ref string) (string, bool) { return Resolve(b.u, ref) }

// Beneath reports whether address u lies beneath page: on its host, its
// path the page's path (not the root) followed by more segments, as
// /2026/11/27/story/feed/ is beneath /2026/11/27/story/.
func Beneath(u, page string) bool {
	a, errU := url.Parse(u)
	p, errPage := url.Parse(page)
	if errU != nil || errPage != nil {
		return false
	}
	dir := strings.TrimSuffix(p.Path, "/")
	return dir != "" && strings.EqualFold(a.Host, p.Host) && strings.HasPrefix(a.Path, dir+"/") && len(a.Path) > len(dir)+1
}
