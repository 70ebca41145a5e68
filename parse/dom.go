package parse

import (
	"bytes"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// attr returns the value of el's attribute key and whether it is present.
func attr(el *html.Node, key string) (string, bool) {
	for _, a := range el.Attr {
		if a.Namespace == "" && a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

func attrVal(el *html.Node, key string) string {
	v, _ := attr(el, key)
	return v
}

func setAttr(el *html.Node, key, val string) {
	for i, a := range el.Attr {
		if a.Namespace == "" && a.Key == key {
			el.Attr[i].Val = val
			return
		}
	}
	el.Attr = append(el.Attr, html.Attribute{Key: key, Val: val})
}

func removeAttr(el *html.Node, key string) {
	out := el.Attr[:0]
	for _, a := range el.Attr {
		if a.Namespace != "" || a.Key != key {
			out = append(out, a)
		}
	}
	el.Attr = out
}

// forEachElement calls fn for n and every element below it, in document
// order. fn must not remove the node it is given.
func forEachElement(n *html.Node, fn func(*html.Node)) {
	if n.Type == html.ElementNode {
		fn(n)
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		forEachElement(c, fn)
	}
}

// forEachElementInnermostFirst calls fn on every element under n, each
// after the elements inside it; fn may remove or unwrap the element it is
// given.
func forEachElementInnermostFirst(n *html.Node, fn func(*html.Node)) {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		if c.Type == html.ElementNode {
			forEachElementInnermostFirst(c, fn)
			fn(c)
		}
		c = next
	}
}

// removeMatching detaches every element under n for which drop is true,
// without descending into removed subtrees.
func removeMatching(n *html.Node, drop func(*html.Node) bool) {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		if c.Type == html.ElementNode && drop(c) {
			n.RemoveChild(c)
		} else {
			removeMatching(c, drop)
		}
		c = next
	}
}

// boundedText returns the text of n when it is at most limit bytes long;
// ok is false, and the walk stops early, when it is longer.
func boundedText(n *html.Node, limit int) (text string, ok bool) {
	return boundedJoin(n, "", limit)
}

// squashedLonger reports whether squashSpace(b) is longer than limit,
// reading b only as far as it takes to tell: a block of one text of
// megabytes was squashed whole to learn that it was longer than a line.
func squashedLonger(b []byte, limit int) bool {
	n := -1
	for w := range bytes.FieldsSeq(b) {
		if n += 1 + len(w); n > limit {
			return true
		}
	}
	return false
}

// boundedJoin is boundedText with the texts joined by sep.
func boundedJoin(n *html.Node, sep string, limit int) (text string, ok bool) {
	var b []byte
	var walk func(*html.Node) bool
	walk = func(n *html.Node) bool {
		if n.Type == html.TextNode {
			if len(b) > 0 {
				b = append(b, sep...)
			}
			b = append(b, n.Data...)
			return len(b) <= limit*2 || !squashedLonger(b, limit)
		}
		if n.Type == html.ElementNode && skipTags[n.DataAtom] {
			return true
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if !walk(c) {
				return false
			}
		}
		return true
	}
	if !walk(n) {
		return "", false
	}
	t := squashSpace(string(b))
	return t, len(t) <= limit
}

// longerThan reports whether the text of n is longer than limit bytes,
// without reading all of a large subtree.
func longerThan(n *html.Node, limit int) bool {
	_, ok := boundedText(n, limit)
	return !ok
}

// fixAtoms sets DataAtom from the tag name under n. Readability renames
// elements (a div of phrasing content becomes a p) by their Data alone,
// and every check here goes by DataAtom.
func fixAtoms(n *html.Node) {
	forEachElement(n, func(el *html.Node) {
		if el.Namespace == "" {
			el.DataAtom = atom.Lookup([]byte(el.Data))
		}
	})
}

// cloneTree returns a deep copy of n, detached from any parent.
func cloneTree(n *html.Node) *html.Node {
	c := &html.Node{Type: n.Type, DataAtom: n.DataAtom, Data: n.Data, Namespace: n.Namespace}
	c.Attr = append([]html.Attribute(nil), n.Attr...)
	for k := n.FirstChild; k != nil; k = k.NextSibling {
		c.AppendChild(cloneTree(k))
	}
	return c
}
