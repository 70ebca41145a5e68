package parse

import (
	"net/url"
	"regexp"
	"strings"
	"sync"

	"github.com/microcosm-cc/bluemonday"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// sanitizer is built once: a bluemonday policy is costly to build and safe
// for concurrent use once built.
var sanitizer = sync.OnceValue(newSanitizer)

// newSanitizer allows the markup of an article (text structure, links,
// images, tables) and nothing that runs, loads a frame, submits or
// redirects: no scripts, event handlers, javascript: URLs, <base>, <meta>,
// iframes, objects or forms.
func newSanitizer() *bluemonday.Policy {
	p := bluemonday.UGCPolicy()
	p.AllowURLSchemes("http", "https", "mailto")
	p.RequireParseableURLs(true)
	p.AllowElements("figure", "figcaption", "picture", "main", "section", "article", "header", "footer", "aside")
	p.AllowAttrs("srcset", "sizes").OnElements("img", "source")
	p.AllowAttrs("src", "type", "media").OnElements("source")
	p.AllowAttrs("src", "poster", "controls").OnElements("video", "audio")
	p.AllowElements("video", "audio")
	// A list's numbering is content: "4." of a ranking continued from
	// another page, or a count-down.
	p.AllowAttrs("start").Matching(listNumber).OnElements("ol")
	p.AllowAttrs("reversed").Matching(emptyOrReversed).OnElements("ol")
	// An image's alt text and a title are words of the page, whatever
	// punctuation they hold ("The mayor’s car", "Rates up 5%"): the UGC
	// policy's pattern for them drops every one holding a curly quote, a
	// question mark or a per cent sign. Their values are escaped when
	// written, so any text is safe there.
	p.AllowAttrs("alt").Matching(attrText).OnElements("img")
	p.AllowAttrs("title").Matching(attrText).Globally()
	return p
}

// attrText matches an attribute holding text: anything but control
// characters.
var attrText = regexp.MustCompile(`^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F]*$`)

// listNumber matches where a list's numbering may start.
var listNumber = regexp.MustCompile(`^-?[0-9]{1,9}$`)

// emptyOrReversed matches the values a boolean reversed attribute takes.
var emptyOrReversed = regexp.MustCompile(`(?i)^(reversed)?$`)

// sanitizeHTML renders n and keeps only safe markup. The tree is serialised
// once and bluemonday tokenises that string once. It strips n's attributes.
func sanitizeHTML(n *html.Node) string {
	pruneAttrs(n)
	dropEmptyShells(n)
	var b strings.Builder
	if err := html.Render(&b, n); err != nil {
		return ""
	}
	return strings.TrimSpace(sanitizer().Sanitize(b.String()))
}

// dropEmptyShells removes, innermost first, the elements that show
// nothing without their content once the page's chrome is gone: a list
// item, a list, a figure or a link holding no text and no media (stray
// bullets, a tweet's empty frame, "[](url)" in Markdown), and a picture
// without a source.
func dropEmptyShells(n *html.Node) {
	forEachElementInnermostFirst(n, func(el *html.Node) {
		if emptyShell(el) {
			el.Parent.RemoveChild(el)
		}
	})
}

// emptyShell says whether el is such an element.
func emptyShell(el *html.Node) bool {
	switch el.DataAtom {
	case atom.Img:
		return strings.TrimSpace(attrVal(el, "src")) == "" && strings.TrimSpace(attrVal(el, "srcset")) == ""
	case atom.Li, atom.Ul, atom.Ol, atom.Figure, atom.Figcaption, atom.A:
		return !hasMedia(el) && !hasText(el)
	}
	return false
}

// hasText says whether any text under n is more than white space.
func hasText(n *html.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.TextNode && strings.TrimSpace(c.Data) != "" || c.Type == html.ElementNode && hasText(c) {
			return true
		}
	}
	return false
}

// urlAttrs are the attributes that hold one URL, by element.
var urlAttrs = map[atom.Atom][]string{
	atom.A:          {"href"},
	atom.Img:        {"src"},
	atom.Source:     {"src"},
	atom.Video:      {"src", "poster"},
	atom.Audio:      {"src"},
	atom.Area:       {"href"},
	atom.Q:          {"cite"},
	atom.Blockquote: {"cite"},
}

// keptAttrs are the attributes the sanitiser may keep; the others are
// dropped from the tree first so that less is rendered and re-tokenised.
var keptAttrs = wordSet("href", "src", "srcset", "sizes", "alt", "title", "width", "height",
	"poster", "controls", "type", "media", "cite", "colspan", "rowspan", "dir", "lang", "datetime", "start",
	"reversed", "value")

// pruneAttrs drops the attributes the sanitiser would refuse anyway.
func pruneAttrs(n *html.Node) {
	forEachElement(n, func(el *html.Node) {
		kept := el.Attr[:0]
		for _, a := range el.Attr {
			if a.Namespace == "" && keptAttrs[a.Key] {
				kept = append(kept, a)
			}
		}
		el.Attr = kept
	})
}

// absolutizeURLs rewrites every link and media URL under n against base and
// drops those that cannot be made absolute or run script.
func absolutizeURLs(n *html.Node, base *url.URL) {
	forEachElement(n, func(el *html.Node) {
		for _, key := range urlAttrs[el.DataAtom] {
			if v, ok := attr(el, key); ok {
				setOrRemoveAttr(el, key, resolveURL(base, v))
			}
		}
		if el.DataAtom == atom.Img || el.DataAtom == atom.Source {
			if v, ok := attr(el, "srcset"); ok {
				setOrRemoveAttr(el, "srcset", resolveSrcset(base, v))
			}
		}
	})
}

// resolveURL makes raw absolute against base. Script, data and unparseable
// URLs resolve to "".
func resolveURL(base *url.URL, raw string) string {
	raw = strings.TrimSpace(raw)
	if raw == "" || strings.HasPrefix(raw, "#") {
		return raw
	}
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	switch strings.ToLower(u.Scheme) {
	case "", "http", "https":
	case "mailto":
		return raw
	default:
		return ""
	}
	if base != nil && base.IsAbs() {
		u = base.ResolveReference(u)
	}
	return u.String()
}

// resolveSrcset resolves each candidate of a srcset ("url 2x, url 640w").
func resolveSrcset(base *url.URL, srcset string) string {
	var out []string
	for _, c := range strings.Split(srcset, ",") {
		f := strings.Fields(c)
		if len(f) == 0 {
			continue
		}
		u := resolveURL(base, f[0])
		if u == "" {
			continue
		}
		f[0] = u
		out = append(out, strings.Join(f, " "))
	}
	return strings.Join(out, ", ")
}

func setOrRemoveAttr(el *html.Node, key, val string) {
	if val == "" {
		removeAttr(el, key)
		return
	}
	setAttr(el, key, val)
}
