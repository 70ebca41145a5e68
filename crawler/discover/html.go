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
	// Links are the targets of <a href> and <area href>, of <link
	// rel="next"> and of the page's JSON-LD ItemLists, the page itself
	// excluded.
	Links []string
	// Feeds are the RSS, Atom, RDF and JSON feeds the page announces with
	// <link rel="alternate" type="...">.
	Feeds []string
	// NoFollow is set when the page's robots <meta> asks that its links
	// not be followed (see noFollowDirectives); Links are listed anyway.
	NoFollow bool
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
	c, ok := newCollector(pageURL)
	if !ok {
		return PageLinks{}
	}
	c.tokens(html.NewTokenizer(bytes.NewReader(body)))
	return c.out
}

// DocumentLinks lists the links and feeds of a page already parsed, as
// Links does from its bytes, for a caller that parsed the page anyway.
func DocumentLinks(doc *html.Node, pageURL string) PageLinks {
	c, ok := newCollector(pageURL)
	if !ok || doc == nil {
		return PageLinks{}
	}
	for n := range doc.Descendants() {
		switch {
		case n.Type != html.ElementNode:
		case n.DataAtom == atom.Noscript:
			// A parser with scripting on (html.Parse) keeps its inside as text.
			if t := n.FirstChild; t != nil && t.Type == html.TextNode {
				c.noscriptText([]byte(t.Data))
			}
		case n.DataAtom == atom.Script:
			if t := n.FirstChild; t != nil && t.Type == html.TextNode && strings.Contains(t.Data, ldListType) &&
				isLDScript(nodeAttrs(n).typ) {
				c.ldScript([]byte(t.Data))
			}
		default:
			c.tag(n.DataAtom, func() tagAttrs { return nodeAttrs(n) })
		}
	}
	return c.out
}

// Forward returns the address a page sends its reader to: its Refresh
// header (refreshHeader, as browsers honour it), else its refresh <meta>
// (see Refresh); "" when it sends nowhere else.
func Forward(refreshHeader string, body []byte, pageURL string) string {
	if refreshHeader == "" {
		return Refresh(body, pageURL)
	}
	base, err := url.Parse(pageURL)
	if err != nil {
		return ""
	}
	return elsewhere(base, refreshURL(refreshHeader), pageURL)
}

// elsewhere resolves a refresh target against base, "" when there is none
// or it is the page itself.
func elsewhere(base *url.URL, target, pageURL string) string {
	if target == "" {
		return ""
	}
	u, ok := Resolve(base, target)
	if self, _ := Resolve(nil, pageURL); ok && u != self {
		return u
	}
	return ""
}

// Refresh returns the address a page's <meta http-equiv="refresh"> sends
// its reader to, resolved against pageURL, or "" when it sends nowhere
// else: stub pages forward to their story this way instead of with an
// HTTP redirect. Only the page's head, in its first 64 KiB, is read.
func Refresh(body []byte, pageURL string) string {
	base, err := url.Parse(pageURL)
	if err != nil {
		return ""
	}
	z := html.NewTokenizer(bytes.NewReader(body[:min(len(body), 64<<10)]))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return ""
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		name, hasAttr := z.TagName()
		switch atom.Lookup(name) {
		case atom.Body:
			return ""
		case atom.Meta:
			if target := refreshTarget(z, hasAttr); target != "" {
				return elsewhere(base, target, pageURL)
			}
		}
	}
}

// refreshTarget reads the address of a refresh <meta> (see refreshURL),
// "" for any other <meta>.
func refreshTarget(z *html.Tokenizer, more bool) string {
	var equiv, content string
	for more {
		var k, v []byte
		k, v, more = z.TagAttr()
		switch string(k) {
		case "http-equiv":
			equiv = string(v)
		case "content":
			content = string(v)
		}
	}
	if !strings.EqualFold(strings.TrimSpace(equiv), "refresh") {
		return ""
	}
	return refreshURL(content)
}

// refreshURL reads the address of a refresh's content: "0; url=/story"
// (the url= and quotes optional), "" when it names none.
func refreshURL(content string) string {
	_, target, ok := strings.Cut(content, ";")
	if !ok {
		if _, target, ok = strings.Cut(content, ","); !ok {
			return ""
		}
	}
	target = strings.TrimSpace(target)
	if len(target) > 4 && strings.EqualFold(target[:4], "url=") {
		target = strings.TrimSpace(target[4:])
	}
	return strings.Trim(target, `"'`)
}

// collector gathers a page's links and feeds in document order.
type collector struct {
	base    *url.URL
	baseSet bool
	// done holds the hrefs resolved so far: pages repeat their navigation
	// links, and each distinct href is resolved once.
	done           map[string]bool
	seen, feedSeen map[string]bool
	out            PageLinks
	inNoscript     bool // reading the text of a <noscript>
}

func newCollector(pageURL string) (*collector, bool) {
	base, err := url.Parse(pageURL)
	if err != nil {
		return nil, false
	}
	self, _ := Resolve(nil, pageURL)
	return &collector{base: base, done: map[string]bool{},
		seen: map[string]bool{self: true}, feedSeen: map[string]bool{}}, true
}

// tokens reads the tags of a tokeniser to its end.
func (c *collector) tokens(z *html.Tokenizer) {
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		name, hasAttr := z.TagName()
		switch a := atom.Lookup(name); {
		case a == atom.Noscript && tt == html.StartTagToken && !c.inNoscript:
			c.noscript(z)
		case a == atom.Script && hasAttr && tt == html.StartTagToken:
			if isLDScript(attrs(z).typ) && z.Next() == html.TextToken {
				c.ldScript(z.Raw())
			}
		case hasAttr:
			c.tag(a, func() tagAttrs { return attrs(z) })
		}
	}
}

// noscript reads the links inside a <noscript>, which the tokeniser hands
// over as one text: pages that load their lists of stories by script often
// give the same links there, for clients without it.
func (c *collector) noscript(z *html.Tokenizer) {
	if z.Next() == html.TextToken {
		c.noscriptText(z.Raw())
	}
}

// noscriptText reads the tags of a <noscript>'s text. A <noscript> in it
// is read as plain tags: its text runs to the first </noscript>, so
// reading each nested one again would scan a hostile page's thousands of
// unclosed <noscript> tags over and over.
func (c *collector) noscriptText(text []byte) {
	c.inNoscript = true
	c.tokens(html.NewTokenizer(bytes.NewReader(text)))
	c.inNoscript = false
}

// tag reads one element; its attributes are read only for the tags that
// matter.
func (c *collector) tag(a atom.Atom, attrsOf func() tagAttrs) {
	switch a {
	case atom.A, atom.Area:
		href := attrsOf().href
		if c.done[href] {
			return
		}
		c.done[href] = true
		c.link(href)
	case atom.Link:
		at := attrsOf()
		switch {
		case isFeedLink(at):
			if u, ok := Resolve(c.base, at.href); ok {
				c.out.Feeds = dedup(c.out.Feeds, c.feedSeen, u)
			}
		case hasToken(at.rel, "next"):
			// A list's next page, which a page of infinite scroll names
			// only so.
			c.link(at.href)
		}
	case atom.Meta:
		if at := attrsOf(); strings.EqualFold(strings.TrimSpace(at.name), metaRobotsName) && noFollowDirectives(at.content) {
			c.out.NoFollow = true
		}
	case atom.Base:
		// Only the first <base> with an href counts, as in browsers and in
		// parse: <base target="_blank"> before it changes no address.
		if c.baseSet {
			return
		}
		if at := attrsOf(); at.hasHref {
			c.baseSet = true
			if b, err := url.Parse(strings.TrimSpace(at.href)); err == nil {
				c.base = c.base.ResolveReference(b)
			}
		}
	}
}

// link adds href, resolved against the page's base, to its links.
func (c *collector) link(href string) {
	if u, ok := Resolve(c.base, href); ok {
		c.out.Links = dedup(c.out.Links, c.seen, u)
	}
}

// nodeAttrs reads an element's attributes that Links reads.
func nodeAttrs(n *html.Node) tagAttrs {
	var a tagAttrs
	for _, at := range n.Attr {
		if at.Namespace != "" {
			continue
		}
		if f := a.field([]byte(at.Key)); f != nil {
			*f = at.Val
		}
	}
	return a
}

// tagAttrs are the attributes Links reads: href, rel and type, and a
// <meta>'s name and content; the first of each name counts. hasHref
// tells an empty href from none.
type tagAttrs struct {
	href, rel, typ, name, content string
	hasHref                       bool
	got                           [5]bool
}

// field is where the value of the attribute key goes, nil when Links
// does not read it or one of that name came first. key is not kept: a
// conversion to it is not copied to the heap.
func (a *tagAttrs) field(key []byte) *string {
	var i int
	switch string(key) {
	case "href":
		i = 0
	case "rel":
		i = 1
	case "type":
		i = 2
	case "name":
		i = 3
	case "content":
		i = 4
	default:
		return nil
	}
	if a.got[i] {
		return nil
	}
	a.got[i], a.hasHref = true, a.hasHref || i == 0
	return [...]*string{&a.href, &a.rel, &a.typ, &a.name, &a.content}[i]
}

// attrs reads the current tag's attributes that Links reads; only their
// values are copied.
func attrs(z *html.Tokenizer) tagAttrs {
	var a tagAttrs
	for {
		k, v, more := z.TagAttr()
		if f := a.field(k); f != nil {
			*f = string(v)
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
	t = strings.ToLower(strings.TrimSpace(t))
	return feedTypes[t] || t == "application/json" && jsonFeedAddress(a.href)
}

// jsonFeedAddress reports whether a link typed application/json leads to
// a feed: JSON Feed 1.0 was announced with that type, but so is
// WordPress's REST API on every post (/wp-json/wp/v2/posts/1) and an
// article's JSON twin (/story/123.json). A JSON file whose address names
// a feed (/feed.json, /feeds/world.json) is one.
func jsonFeedAddress(href string) bool {
	u, err := url.Parse(strings.TrimSpace(href))
	if err != nil {
		return false
	}
	p := strings.ToLower(u.Path)
	return strings.HasSuffix(p, ".json") && strings.Contains(p, "feed") && !strings.Contains(p, "/wp-json/")
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
