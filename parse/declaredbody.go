package parse

import (
	"errors"
	"html"
	"strings"

	nethtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// A page whose scripts render the story (an app shell that fetches it as
// JSON), or whose template hides it from readability, often declares the
// whole text in its JSON-LD articleBody, for search engines. The page's
// own markup is the better source (its paragraphs, links and figures),
// so the declared text is taken only when the markup yields no article
// text, or much less than the page declares.

// declaredShare is the least part of the declared body's words the text
// extracted from the markup must hold to be kept: a teaser or a first
// paragraph, the rest behind a script, holds less.
const declaredShare = 0.5

// withDeclaredBody is content, extracted from the page's markup with err,
// or the article's declared body (see metadata.DeclaredBody) when the
// page declares an article and the markup gave no text (err tells too
// little to read: no content, an empty one) or less than declaredShare of
// the declared body's words. The extracted figures are kept.
func withDeclaredBody(content body, err error, meta metadata) (body, error) {
	if meta.DeclaredBody == "" || !isArticleType(meta.Type) {
		return content, err
	}
	var na *NotArticleError
	if err != nil && (!errors.As(err, &na) || !thinReason(na.Reason)) {
		return content, err
	}
	// Counted on the plain text first: most pages' markup holds the whole
	// story, and they are spared building and cleaning the declared one.
	declared := wordCount(ldText(meta.DeclaredBody))
	if declared < minPageWords || err == nil && float64(wordCount(content.Text)) >= declaredShare*float64(declared) {
		return content, err
	}
	node, text := cleanOrKeep(declaredNode(meta.DeclaredBody), meta.Title)
	if wordCount(text) < minPageWords {
		return content, err
	}
	absolutizeURLs(node, meta.Base)
	return body{Text: text, HTML: sanitizeHTML(node), Images: content.Images, LinkShare: linkShare(node)}, nil
}

// declaredNode is a declared body as an element to clean: markup as
// parsed (escaped markup unescaped first), plain text as a paragraph for
// each line.
func declaredNode(s string) *nethtml.Node {
	div := &nethtml.Node{Type: nethtml.ElementNode, Data: "div", DataAtom: atom.Div}
	if !strings.Contains(s, "<") && strings.Contains(s, "&lt;") {
		s = html.UnescapeString(s)
	}
	if looksLikeMarkup(s) {
		if nodes, err := nethtml.ParseFragment(strings.NewReader(s), div); err == nil {
			for _, n := range nodes {
				div.AppendChild(n)
			}
			return div
		}
	}
	for _, line := range strings.Split(s, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			p := &nethtml.Node{Type: nethtml.ElementNode, Data: "p", DataAtom: atom.P}
			p.AppendChild(&nethtml.Node{Type: nethtml.TextNode, Data: line})
			div.AppendChild(p)
		}
	}
	return div
}

// looksLikeMarkup reports whether a declared body is written in HTML: it
// holds a paragraph or a line break element.
func looksLikeMarkup(s string) bool {
	l := strings.ToLower(s)
	return strings.Contains(l, "<p>") || strings.Contains(l, "<p ") || strings.Contains(l, "</p>") ||
		strings.Contains(l, "<br") || strings.Contains(l, "<div")
}
