package parse

import (
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// ampImages turns the <amp-img> elements of an AMP page into <img>,
// attributes kept, so that readability and the image steps see its
// pictures. An img holds nothing: the <noscript> fallback and the
// placeholder an amp-img may hold repeat its picture and go (or it would
// be listed twice); anything else it holds, from a page that forgot to
// close it, moves after it.
func ampImages(doc *html.Node) {
	var amps []*html.Node
	forEachElement(doc, func(el *html.Node) {
		if el.Type == html.ElementNode && el.Namespace == "" && el.Data == "amp-img" {
			amps = append(amps, el)
		}
	})
	for _, el := range amps {
		el.Data, el.DataAtom = "img", atom.Img
		emptyAMPImage(el)
	}
}

// emptyAMPImage drops an amp-img's fallbacks and moves its other
// children out, after it.
func emptyAMPImage(el *html.Node) {
	for c := el.LastChild; c != nil; c = el.LastChild {
		el.RemoveChild(c)
		if isAMPFallback(c) || el.Parent == nil {
			continue
		}
		el.Parent.InsertBefore(c, el.NextSibling)
	}
}

// isAMPFallback is true for what AMP shows in place of a picture that did
// not load: a <noscript> copy, a placeholder or fallback element, an inner
// amp-img.
func isAMPFallback(n *html.Node) bool {
	if n.Type != html.ElementNode {
		return n.Type == html.TextNode && squashSpace(n.Data) == ""
	}
	_, placeholder := attr(n, "placeholder")
	_, fallback := attr(n, "fallback")
	return n.DataAtom == atom.Noscript || n.Data == "amp-img" || placeholder || fallback
}
