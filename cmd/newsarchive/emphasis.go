package main

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// CommonMark reads a * or ** as emphasis only where it flanks text: one
// that opens before punctuation with a letter before it, or closes after
// punctuation with a letter after it ("Station*,”*", "**"**The"), is
// printed as a literal asterisk. Pages emphasise such runs often (a
// quotation mark, a colon). fitEmphasis moves the punctuation at the
// edges of an emphasis out of it when text touches it there, and drops an
// emphasis of punctuation alone, so that what is left converts to
// emphasis a renderer reads as the page meant.
func fitEmphasis(n *html.Node) {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		if c.Type == html.ElementNode {
			fitEmphasis(c)
			if isEmphasis(c) {
				fitOne(c)
			}
		}
		c = next
	}
}

func isEmphasis(el *html.Node) bool {
	switch el.DataAtom {
	case atom.Em, atom.I, atom.Strong, atom.B:
		return true
	}
	return false
}

// fitOne fits one emphasis element (see fitEmphasis).
func fitOne(el *html.Node) {
	if first := el.FirstChild; first != nil && first.Type == html.TextNode && wordBefore(el) {
		lead := len(first.Data) - len(strings.TrimLeftFunc(first.Data, edgeRune))
		moveOut(el, first.Data[:lead], true)
		first.Data = first.Data[lead:]
	}
	if last := el.LastChild; last != nil && last.Type == html.TextNode && wordAfter(el) {
		trail := len(strings.TrimRightFunc(last.Data, edgeRune))
		moveOut(el, last.Data[trail:], false)
		last.Data = last.Data[:trail]
	}
	if !hasWords(el) {
		unwrap(el)
	}
}

// edgeRune is punctuation or space, which a delimiter may not flank
// between letters.
func edgeRune(r rune) bool {
	return unicode.IsPunct(r) || unicode.IsSymbol(r) || unicode.IsSpace(r)
}

// wordBefore and wordAfter say whether the text next to el ends or starts
// with a letter or digit.
func wordBefore(el *html.Node) bool {
	if p := el.PrevSibling; p != nil && p.Type == html.TextNode {
		r, _ := utf8.DecodeLastRuneInString(p.Data)
		return unicode.IsLetter(r) || unicode.IsDigit(r)
	}
	return false
}

func wordAfter(el *html.Node) bool {
	if n := el.NextSibling; n != nil && n.Type == html.TextNode {
		r, _ := utf8.DecodeRuneInString(n.Data)
		return unicode.IsLetter(r) || unicode.IsDigit(r)
	}
	return false
}

// moveOut puts text beside el, before or after it.
func moveOut(el *html.Node, text string, before bool) {
	if text == "" {
		return
	}
	if before {
		el.PrevSibling.Data += text // wordBefore found a text node there
		return
	}
	el.NextSibling.Data = text + el.NextSibling.Data
}

// hasWords says whether el holds a letter or digit.
func hasWords(el *html.Node) bool {
	for c := el.FirstChild; c != nil; c = c.NextSibling {
		switch c.Type {
		case html.TextNode:
			if strings.IndexFunc(c.Data, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0 {
				return true
			}
		case html.ElementNode:
			if c.DataAtom == atom.Img || hasWords(c) {
				return true
			}
		}
	}
	return false
}

// unwrap replaces el by its children.
func unwrap(el *html.Node) {
	p := el.Parent
	for c := el.FirstChild; c != nil; {
		next := c.NextSibling
		el.RemoveChild(c)
		p.InsertBefore(c, el)
		c = next
	}
	p.RemoveChild(el)
}
