package parse

import (
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// headTags is what one walk over the document gathers for metadata: meta
// tags, link relations, JSON-LD scripts, the <title>, the first headings and
// the declared language. Walking once keeps extraction cheap on big pages.
type headTags struct {
	// metas maps a lowercased meta name, property or http-equiv to the
	// contents declared for it, in document order.
	metas map[string][]string
	// links maps a lowercased rel value to the hrefs declared for it.
	links  map[string][]string
	jsonLD []string
	title  string
	h1s    []string
	// logos are the <h1>s that link to the site's home page: its name or
	// logo, not a headline (see linksHome).
	logos   []string
	htmlLan string
	// baseHref is the href of the first <base> that has one (see
	// documentBase); hasBase tells an empty one from none.
	baseHref string
	hasBase  bool
	// publisher holds what else names the site's publisher, for a page
	// whose tags name no site (see declaredPublisher).
	publisher publisherMentions
}

// collectHeadTags walks doc once, reading it without modification.
func collectHeadTags(doc *html.Node) *headTags {
	h := &headTags{metas: map[string][]string{}, links: map[string][]string{}}
	var walk func(n *html.Node, inSVG bool)
	walk = func(n *html.Node, inSVG bool) {
		if n.Type == html.ElementNode {
			if n.DataAtom == atom.Svg {
				inSVG = true
			}
			if !inSVG {
				h.element(n)
				h.publisher.element(n)
			}
		}
		if n.Type == html.TextNode {
			h.publisher.text(n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inSVG)
		}
	}
	walk(doc, false)
	return h
}

func (h *headTags) element(n *html.Node) {
	switch n.DataAtom {
	case atom.Html:
		h.htmlLan = firstNonBlank(attrOf(n, "lang"), attrOf(n, "xml:lang"))
	case atom.Meta:
		h.meta(n)
	case atom.Link:
		href := strings.TrimSpace(attrOf(n, "href"))
		for _, rel := range strings.Fields(strings.ToLower(attrOf(n, "rel"))) {
			h.links[rel] = append(h.links[rel], href)
		}
	case atom.Base:
		if href, ok := attrOfOK(n, "href"); ok && !h.hasBase {
			h.baseHref, h.hasBase = strings.TrimSpace(href), true
		}
	case atom.Title:
		if h.title == "" {
			h.title = squashSpace(textUnder(n))
		}
	case atom.H1:
		t, home := squashSpace(textUnder(n)), linksHome(n)
		if t == "" && home {
			t = imageAlt(n) // a logo drawn as an image names the site in its alt text
		}
		switch {
		case t == "" || len(h.h1s)+len(h.logos) >= 8:
		case home:
			h.logos = append(h.logos, t)
		default:
			h.h1s = append(h.h1s, t)
		}
	case atom.Script:
		// "application/ld+json; charset=utf-8" happens too.
		if strings.HasPrefix(strings.ToLower(strings.TrimSpace(attrOf(n, "type"))), "application/ld+json") {
			h.jsonLD = append(h.jsonLD, textUnder(n))
		}
	}
}

func (h *headTags) meta(n *html.Node) {
	content, ok := attrOfOK(n, "content")
	if !ok {
		return
	}
	content = squashSpace(html.UnescapeString(content))
	if content == "" {
		return
	}
	seen := ""
	for _, key := range []string{"property", "name", "http-equiv", "itemprop"} {
		k := strings.ToLower(strings.TrimSpace(attrOf(n, key)))
		if k == "" || k == seen {
			continue
		}
		seen = k
		h.metas[k] = append(h.metas[k], content)
	}
}

// first returns the first content declared under any of keys, trying the
// keys in order.
func (h *headTags) first(keys ...string) string {
	for _, k := range keys {
		for _, v := range h.metas[k] {
			if v != "" {
				return v
			}
		}
	}
	return ""
}

// all returns every content declared under any of keys, in key order.
func (h *headTags) all(keys ...string) []string {
	var out []string
	for _, k := range keys {
		out = append(out, h.metas[k]...)
	}
	return out
}

// attrOf returns the value of the attribute key of n, or "".
func attrOf(n *html.Node, key string) string {
	v, _ := attrOfOK(n, key)
	return v
}

func attrOfOK(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Namespace == "" && strings.EqualFold(a.Key, key) {
			return a.Val, true
		}
	}
	return "", false
}

// textUnder concatenates the text under n, as the browser would show it
// ignoring CSS; scripts and styles count only when n itself is one.
func textUnder(n *html.Node) string {
	if n.Type == html.TextNode {
		return n.Data
	}
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && (c.DataAtom == atom.Style || c.DataAtom == atom.Script) {
			continue
		}
		b.WriteString(textUnder(c))
	}
	return b.String()
}

// squashSpace trims s and turns every run of white space into one space.
func squashSpace(s string) string {
	if isSquashed(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for w := range strings.FieldsSeq(s) {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(w)
	}
	return b.String()
}

// isSquashed reports text squashSpace would return unchanged: ASCII
// spaces alone between words, one at a time, none at either end.
func isSquashed(s string) bool {
	prevSpace := true
	for _, r := range s {
		space := r == ' '
		if space && prevSpace || !space && unicode.IsSpace(r) {
			return false
		}
		prevSpace = space
	}
	return !prevSpace || s == ""
}

// appendSquashed appends the words of s to dst, one space between each:
// the words strings.Fields finds. Every content hash is computed over it,
// and an export checks each text against its hash, so a run of words with
// single spaces between them, most of a text, is copied as it stands
// rather than word by word.
func appendSquashed(dst []byte, s string) []byte {
	start := len(dst)
	for i := skipSpace(s, 0); i < len(s); i = skipSpace(s, i) {
		j := i
		for j < len(s) {
			switch byteClass[s[j]] {
			case wordByte:
				j++
				continue
			case spaceByte:
				if j+1 < len(s) && byteClass[s[j+1]] == wordByte {
					j += 2 // one space between two words stays
					continue
				}
			case otherByte:
				if r, size := utf8.DecodeRuneInString(s[j:]); !unicode.IsSpace(r) {
					j += size
					continue
				}
			}
			break
		}
		if len(dst) > start {
			dst = append(dst, ' ')
		}
		dst = append(dst, s[i:j]...)
		i = j
	}
	return dst
}

// skipSpace returns the index of the first byte from i on that does not
// begin a white space character (unicode.IsSpace), len(s) if none.
func skipSpace(s string, i int) int {
	for i < len(s) {
		switch byteClass[s[i]] {
		case wordByte:
			return i
		case spaceByte, controlSpace:
			i++
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			if !unicode.IsSpace(r) {
				return i
			}
			i += size
		}
	}
	return i
}

// The classes of byteClass.
const (
	wordByte     = iota // ASCII, not white space
	spaceByte           // ' '
	controlSpace        // '\t', '\n', '\v', '\f', '\r'
	otherByte           // beyond ASCII: the rune it begins tells
)

// byteClass sorts bytes for appendSquashed.
var byteClass = func() (c [256]uint8) {
	for b := range c {
		switch {
		case b >= utf8.RuneSelf:
			c[b] = otherByte
		case b == ' ':
			c[b] = spaceByte
		case b >= '\t' && b <= '\r':
			c[b] = controlSpace
		}
	}
	return c
}()

func firstNonBlank(vals ...string) string {
	for _, v := range vals {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}

// linksHome reports whether a heading is a link to a site's home page, in
// a link or holding one: the site's name or logo, which templates put in
// an <h1> on every page, not a story's headline.
func linksHome(h1 *html.Node) bool {
	for p, up := h1.Parent, 0; p != nil && up < 3; p, up = p.Parent, up+1 {
		if p.DataAtom == atom.A {
			return homeHref(attrOf(p, "href"))
		}
	}
	for c := range h1.Descendants() {
		if c.DataAtom == atom.A && homeHref(attrOf(c, "href")) {
			return true
		}
	}
	return false
}

// homeHref reports whether an href names a site's home page: its root
// path, absolute or not, without a query.
func homeHref(href string) bool {
	u, err := url.Parse(strings.TrimSpace(href))
	if err != nil || u.RawQuery != "" || u.Fragment != "" {
		return false
	}
	switch u.Path {
	case "/", "./", "/index.html", "/index.php":
		return true
	case "":
		return u.Host != ""
	}
	return false
}

// imageAlt is the alt text of the first image under n, "" when it has
// none.
func imageAlt(n *html.Node) string {
	for c := range n.Descendants() {
		if c.DataAtom == atom.Img {
			return squashSpace(attrOf(c, "alt"))
		}
	}
	return ""
}
