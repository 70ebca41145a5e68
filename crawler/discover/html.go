package discover

import (
	"bytes"
	"net/url"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// PageLinks are the addresses found in one HTML page, normalised and
// deduplicated, in document order.
type PageLinks struct {
	// Links are the targets of <a href> and <area href>, the page itself
	// excluded.
	Links []string
	// Feeds are the RSS, Atom, RDF and JSON feeds the page announces with
	// <link rel="alternate" type="...">.
	Feeds []string
}

// feedTypes are the <link type> values that announce a feed.
var feedTypes = map[string]bool{
	"application/rss+xml":   true,
	"application/atom+xml":  true,
	"application/rdf+xml":   true,
	"application/feed+json": true,
	"application/xml":       true,
	"text/xml":              true,
}

// Links lists the links and feeds of an HTML page fetched from pageURL. It
// tokenises rather than builds a tree, which keeps it cheap on large pages,
// and honours the first <base href>.
func Links(body []byte, pageURL string) PageLinks {
	base, err := url.Parse(pageURL)
	if err != nil {
		return PageLinks{}
	}
	self, _ := Resolve(nil, pageURL)
	var out PageLinks
	// Pages repeat their navigation links; each distinct href is resolved
	// once.
	done := map[string]bool{}
	seen, feedSeen := map[string]bool{self: true}, map[string]bool{}
	baseSet := false
	z := html.NewTokenizer(bytes.NewReader(body))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return out
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		name, hasAttr := z.TagName()
		if !hasAttr {
			continue
		}
		switch atom.Lookup(name) {
		case atom.A, atom.Area:
			href := attrs(z).href
			if done[href] {
				continue
			}
			done[href] = true
			if u, ok := Resolve(base, href); ok {
				out.Links = dedup(out.Links, seen, u)
			}
		case atom.Link:
			if a := attrs(z); isFeedLink(a) {
				if u, ok := Resolve(base, a.href); ok {
					out.Feeds = dedup(out.Feeds, feedSeen, u)
				}
			}
		case atom.Base:
			if b, err := url.Parse(strings.TrimSpace(attrs(z).href)); err == nil && !baseSet {
				base, baseSet = base.ResolveReference(b), true
			}
		}
	}
}

// tagAttrs are the attributes Links reads; the first of each name counts.
type tagAttrs struct{ href, rel, typ string }

// attrs reads the current tag's href, rel and type attributes.
func attrs(z *html.Tokenizer) tagAttrs {
	var a tagAttrs
	var got [3]bool
	for {
		k, v, more := z.TagAttr()
		switch {
		case string(k) == "href" && !got[0]:
			a.href, got[0] = string(v), true
		case string(k) == "rel" && !got[1]:
			a.rel, got[1] = string(v), true
		case string(k) == "type" && !got[2]:
			a.typ, got[2] = string(v), true
		}
		if !more {
			return a
		}
	}
}

// isFeedLink reports whether a <link> announces a feed of the page.
func isFeedLink(a tagAttrs) bool {
	if !hasToken(a.rel, "alternate") {
		return false
	}
	t, _, _ := strings.Cut(a.typ, ";")
	return feedTypes[strings.ToLower(strings.TrimSpace(t))]
}

// hasToken reports whether the space-separated list holds tok, ignoring case.
func hasToken(list, tok string) bool {
	for _, f := range strings.Fields(list) {
		if strings.EqualFold(f, tok) {
			return true
		}
	}
	return false
}
