package parse

import (
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// lazySrcAttrs hold the real image URL on lazy-loaded images, most
// specific first; src then holds a placeholder or nothing.
var lazySrcAttrs = []string{"data-src", "data-lazy-src", "data-original", "data-lazy", "data-url", "data-hi-res-src", "data-full-src"}

var lazySrcsetAttrs = []string{"data-srcset", "data-lazy-srcset", "data-original-set"}

// hasAnyWord reports whether s, lowercased, contains one of words.
func hasAnyWord(s string, words []string) bool {
	s = strings.ToLower(s)
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// fixLazyImages moves the real URL of lazy-loaded images into src and
// srcset so readability and the renderers see the picture, not the
// placeholder, and keeps one of such a picture and its <noscript> copy.
func fixLazyImages(doc *html.Node) {
	pictureFills(doc)
	var placeholders, noscripts []*html.Node
	lazy := map[*html.Node]bool{}
	forEachElement(doc, func(el *html.Node) {
		if el.DataAtom == atom.Noscript {
			noscripts = append(noscripts, el)
		}
		if el.DataAtom != atom.Img && el.DataAtom != atom.Source {
			if lazyPlaceholderURL(el) != "" {
				placeholders = append(placeholders, el)
			}
			return
		}
		lazySrc := moveLazyAttr(el, lazySrcAttrs, "src")
		lazySrcset := moveLazyAttr(el, lazySrcsetAttrs, "srcset")
		if el.DataAtom == atom.Img && (lazySrc || lazySrcset) {
			lazy[el] = true
		}
		// With a lazy srcset and no lazy src, src is what shows until the
		// script runs: a loader or a blurred preview, not the picture.
		placeholder := el.DataAtom == atom.Img && lazySrcset && !lazySrc
		if src := attrVal(el, "src"); (strings.HasPrefix(src, "data:") || placeholder) && attrVal(el, "srcset") != "" {
			setAttr(el, "src", bestSrcsetURL(attrVal(el, "srcset")))
		}
	})
	for _, el := range placeholders {
		img := &html.Node{Type: html.ElementNode, Data: "img", DataAtom: atom.Img}
		setAttr(img, "src", lazyPlaceholderURL(el))
		if alt := firstNonBlank(attrVal(el, "data-alt"), attrVal(el, "alt"), attrVal(el, "aria-label")); alt != "" {
			setAttr(img, "alt", alt)
		}
		el.AppendChild(img)
	}
	for _, ns := range noscripts {
		if twin := lazyTwin(ns, lazy); twin != nil {
			useNoscriptCopy(ns, twin)
		}
	}
}

// pictureFills replaces each picturefill block (<span data-picture
// data-alt="..."><span data-src="small.jpg"></span><span
// data-src="large.jpg" data-media="(min-width: 600px)"></span>
// <noscript>...</noscript></span>), a script's list of one picture's
// sizes, by that picture at its largest size, the last: each size taken
// for a lazy image, the picture would be listed once for each.
func pictureFills(doc *html.Node) {
	var fills []*html.Node
	forEachElement(doc, func(el *html.Node) {
		if _, ok := attr(el, "data-picture"); ok {
			fills = append(fills, el)
		}
	})
	for _, el := range fills {
		var largest string
		for c := el.FirstChild; c != nil; c = c.NextSibling {
			if src := strings.TrimSpace(attrVal(c, "data-src")); c.Type == html.ElementNode && src != "" {
				largest = src
			}
		}
		if largest == "" {
			continue
		}
		img := &html.Node{Type: html.ElementNode, Data: "img", DataAtom: atom.Img}
		setAttr(img, "src", largest)
		if alt := attrVal(el, "data-alt"); alt != "" {
			setAttr(img, "alt", alt)
		}
		for c := el.FirstChild; c != nil; c = el.FirstChild {
			el.RemoveChild(c)
		}
		el.AppendChild(img)
	}
}

// lazyTwin is the lazy image beside a <noscript> that holds nothing but a
// copy of it, the one shown to clients without scripts, often at another
// size or with another query ("?w=800"); nil when there is none. Both
// left in, the picture would be listed twice.
func lazyTwin(ns *html.Node, lazy map[*html.Node]bool) *html.Node {
	if ns.Parent == nil {
		return nil
	}
	for _, sib := range adjacentElements(ns) {
		if lazy[sib] {
			return sib
		}
		// A <picture> or a link around the image, not a container that
		// merely holds one: a tracking pixel's <noscript> sits beside the
		// page's main <div>.
		if sib.DataAtom != atom.Picture && sib.DataAtom != atom.A {
			continue
		}
		var imgs []*html.Node
		for c := range sib.Descendants() {
			if c.Type == html.ElementNode && c.DataAtom == atom.Img {
				imgs = append(imgs, c)
			}
		}
		if len(imgs) == 1 && lazy[imgs[0]] {
			return imgs[0]
		}
	}
	return nil
}

// useNoscriptCopy keeps one of a lazy image and its <noscript> copy: the
// copy, written for clients without scripts, when it names a source (a
// lazy attribute sometimes holds a broken one, "&is-pending-load=1#038;"),
// as readability would choose; else the lazy image. The <noscript> goes.
func useNoscriptCopy(ns, lazyImg *html.Node) {
	img := noscriptImage(ns)
	if img == nil || attrVal(img, "width") == "1" || attrVal(img, "height") == "1" {
		return // not a copy: something else is in it, or a tracking pixel
	}
	ns.Parent.RemoveChild(ns)
	if src := attrVal(img, "src"); src == "" || strings.HasPrefix(src, "data:") {
		return
	}
	if img.Parent != nil {
		img.Parent.RemoveChild(img)
	}
	if alt := attrVal(lazyImg, "alt"); alt != "" && attrVal(img, "alt") == "" {
		setAttr(img, "alt", alt)
	}
	lazyImg.Parent.InsertBefore(img, lazyImg)
	lazyImg.Parent.RemoveChild(lazyImg)
}

// noscriptImage parses the markup of a <noscript> (which the parser keeps
// as text) and returns its image when it holds one <img> and no text, nil
// otherwise.
func noscriptImage(ns *html.Node) *html.Node {
	nodes, err := html.ParseFragment(strings.NewReader(textUnder(ns)), &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div})
	if err != nil {
		return nil
	}
	var img *html.Node
	ok := true
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch {
		case n.Type == html.TextNode:
			ok = ok && strings.TrimSpace(n.Data) == ""
		case n.Type != html.ElementNode:
		case n.DataAtom == atom.Img:
			ok = ok && img == nil
			img = n
		case n.DataAtom != atom.Picture && n.DataAtom != atom.Source && n.DataAtom != atom.A:
			ok = false
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	for _, n := range nodes {
		walk(n)
	}
	if !ok {
		return nil
	}
	return img
}

// adjacentElements are the elements just before and after n, when it has
// them.
func adjacentElements(n *html.Node) []*html.Node {
	var out []*html.Node
	for s := n.PrevSibling; s != nil; s = s.PrevSibling {
		if s.Type == html.ElementNode {
			out = append(out, s)
			break
		}
	}
	for s := n.NextSibling; s != nil; s = s.NextSibling {
		if s.Type == html.ElementNode {
			out = append(out, s)
			break
		}
	}
	return out
}

// moveLazyAttr copies into key the first of lazyKeys that el holds a URL
// in, and reports whether it found one.
func moveLazyAttr(el *html.Node, lazyKeys []string, key string) bool {
	for _, k := range lazyKeys {
		if v := strings.TrimSpace(attrVal(el, k)); v != "" && !strings.HasPrefix(v, "data:") {
			setAttr(el, key, v)
			return true
		}
	}
	return false
}

// imageExtRx matches the path of a picture file.
var imageExtRx = regexp.MustCompile(`(?i)\.(jpe?g|png|webp|gif|avif)([?#]|$)`)

// lazyPlaceholderURL is the picture URL a script would load into a
// placeholder element (<div class="delayed-image" data-src="a.jpg">) that
// holds no image yet, or "".
func lazyPlaceholderURL(el *html.Node) string {
	switch el.DataAtom {
	case atom.Div, atom.Span, atom.Figure, atom.A, atom.P:
	default:
		return ""
	}
	for _, k := range lazySrcAttrs {
		v := strings.TrimSpace(attrVal(el, k))
		if v == "" || !imageExtRx.MatchString(v) {
			continue
		}
		if findElement(el, func(c *html.Node) bool { return c.DataAtom == atom.Img || c.DataAtom == atom.Picture }) != nil {
			return ""
		}
		return v
	}
	return ""
}

// collectImages lists the pictures of the article body with their
// captions, in document order, each URL once. URLs must already be
// absolute, and junk images (pixels, icons, ads) already removed.
func collectImages(n *html.Node) []Image {
	var out []Image
	seen := map[string]bool{}
	forEachElement(n, func(el *html.Node) {
		if el.DataAtom != atom.Img {
			return
		}
		src := imageURL(el)
		if src == "" || seen[src] {
			return
		}
		seen[src] = true
		alt := squashSpace(attrVal(el, "alt"))
		caption := captionOf(el)
		if early := attrVal(el, earlyCaptionAttr); strings.HasPrefix(early, caption) {
			caption = early // what readability and the cleaning took from it put back
		}
		out = append(out, Image{URL: src, Alt: alt, Caption: captionOrAlt(caption, alt)})
	})
	return out
}

// imageURL picks the src of an image, or the largest srcset candidate when
// src is missing or inline data.
func imageURL(img *html.Node) string {
	src := strings.TrimSpace(attrVal(img, "src"))
	if src == "" || strings.HasPrefix(src, "data:") {
		src = bestSrcsetURL(attrVal(img, "srcset"))
	}
	if src == "" && img.Parent != nil && img.Parent.DataAtom == atom.Picture {
		for c := img.Parent.FirstChild; c != nil && src == ""; c = c.NextSibling {
			if c.DataAtom == atom.Source {
				src = bestSrcsetURL(attrVal(c, "srcset"))
			}
		}
	}
	if strings.HasPrefix(src, "data:") {
		return ""
	}
	return src
}

// bestSrcsetURL returns the widest candidate of a srcset, or the last one
// when no width is given.
func bestSrcsetURL(srcset string) string {
	best, bestW := "", -1.0
	for _, c := range strings.Split(srcset, ",") {
		f := strings.Fields(c)
		if len(f) == 0 {
			continue
		}
		w := 0.0
		if len(f) > 1 {
			w, _ = strconv.ParseFloat(strings.TrimRight(f[1], "wx"), 64)
		}
		if w >= bestW {
			best, bestW = f[0], w
		}
	}
	return best
}

// findElement returns the first element under n (n excluded) for which
// match is true.
func findElement(n *html.Node, match func(*html.Node) bool) *html.Node {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		if match(c) {
			return c
		}
		if found := findElement(c, match); found != nil {
			return found
		}
	}
	return nil
}

func countImages(n *html.Node) int {
	count := 0
	forEachElement(n, func(el *html.Node) {
		if el.DataAtom == atom.Img {
			count++
		}
	})
	return count
}
