package parse

import (
	"regexp"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// lazySrcAttrs hold the real image URL on lazy-loaded images, most
// specific first; src then holds a placeholder or nothing.
var lazySrcAttrs = []string{"data-src", "data-lazy-src", "data-original", "data-lazy", "data-url", "data-hi-res-src", "data-full-src"}

var lazySrcsetAttrs = []string{"data-srcset", "data-lazy-srcset", "data-original-set"}

// captionWords mark the class of an element holding an image caption
// (the first three) or its credit.
var captionWords = []string{"caption", "legend", "image-desc", "photo-desc", "credit", "copyright"}

// isCaptionClass is true for the class of a caption or credit.
func isCaptionClass(class string) bool {
	return hasAnyWord(class, captionWords)
}

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

// earlyCaptionAttr holds on an image the caption it had before
// readability ran. The sanitiser drops it with every data attribute.
const earlyCaptionAttr = "data-newsarchive-caption"

// noteCaptions writes on each image of doc its caption, for
// collectImages: readability drops some caption blocks and keeps their
// pictures (a Hearst gallery's "caption" div, beside its list of photos),
// and the cleaning drops a credit line ("Photo: Hau Dinh, AP") as chrome.
func noteCaptions(doc *html.Node) {
	forEachElement(doc, func(el *html.Node) {
		if el.DataAtom != atom.Img {
			return
		}
		if c := captionOf(el); c != "" {
			setAttr(el, earlyCaptionAttr, c)
		}
	})
}

// captionOrAlt is an image's caption, completed by its alt text: the alt
// text stands in for a missing caption, and goes before a caption that
// only credits the picture ("Getty Images" says who took it, the alt text
// what it shows). An alt text that is a file name describes nothing.
func captionOrAlt(caption, alt string) string {
	if fileNameAlt(alt) {
		return caption
	}
	switch {
	case caption == "":
		return alt // the only description the page gives
	case creditOnly(caption) && len(strings.Fields(alt)) >= 2 && !strings.Contains(alt, caption):
		return alt + " (" + unbracketed(caption) + ")"
	}
	return caption
}

// unbracketed is s without the parentheses around it ("(Image: Getty
// Images)").
func unbracketed(s string) string {
	if strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") && strings.Count(s, "(") == 1 {
		return strings.TrimSpace(s[1 : len(s)-1])
	}
	return s
}

// cameraFileRx matches the names cameras give their files ("IMG_2953",
// "DSC01234").
var cameraFileRx = regexp.MustCompile(`(?i)\b(img|dsc|dscn|dscf|mg|pxl|p)_?\d{3,}\b`)

// fileNameAlt says whether an alt text is the picture's file name or slug
// ("Bike-&-Style-book__MG_2953", "ez-comwrap-dmexco", "hero.jpg"), which
// CMSs fill in when the editor wrote none: one word of several parts
// joined by underscores or hyphens, a file extension or a camera's name.
// A hyphenated word ("Covid-19", "Jean-Luc") is not one.
func fileNameAlt(alt string) bool {
	if alt == "" || strings.ContainsAny(alt, " \u00a0") {
		return false
	}
	return strings.Contains(alt, "_") || strings.Count(alt, "-") >= 2 ||
		imageExtRx.MatchString(alt) || cameraFileRx.MatchString(alt)
}

// agencyRx finds the name of a picture agency or a wire.
var agencyRx = regexp.MustCompile(`(?i)\b(getty|shutterstock|istock|istockphoto|alamy|reuters|afp|ap|epa|dpa|pa|anadolu|xinhua|bloomberg)\b`)

// creditOnly says whether a caption only credits the picture: "Getty
// Images", "Photo: Jane Doe", "AP Photo/John Roe", "(Image: Jane Doe /
// Getty Images)".
func creditOnly(caption string) bool {
	caption = unbracketed(caption)
	return isBoilerplateLine(caption) || len(strings.Fields(caption)) <= 3 && agencyRx.MatchString(caption)
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

// captionOf finds the caption of an image: the figcaption of its figure,
// else an element with a caption class beside it, else one with a credit
// or copyright class.
func captionOf(img *html.Node) string {
	for p, depth := img.Parent, 0; p != nil && depth < 4; p, depth = p.Parent, depth+1 {
		if p.DataAtom == atom.Figure {
			if fc := findElement(p, func(el *html.Node) bool { return el.DataAtom == atom.Figcaption }); fc != nil {
				return captionText(fc)
			}
			if fc := captionAfter(p); fc != nil {
				return captionText(fc)
			}
			break
		}
	}
	for _, words := range [][]string{captionWords[:4], captionWords} {
		if t := nearbyCaption(img, words); t != "" {
			return t
		}
	}
	return pictureBlockText(img)
}

// maxBlockCaption is the longest text of a picture block that is taken
// for its caption; a longer one is a story that holds a picture.
const maxBlockCaption = 400

// pictureBlockText is the text beside an image in the block that wraps
// it alone, which a template writes in a plain paragraph ("<div
// class="image top"><img><p>In this 2006 file photo...</p></div>"): the
// caption, though not named one. Chrome is none: a link or button of the
// block itself ("Enlarge image"), a line of boilerplate.
func pictureBlockText(img *html.Node) string {
	for p, depth := img.Parent, 0; p != nil && depth < 3; p, depth = p.Parent, depth+1 {
		if p.DataAtom == atom.Figure || countImages(p) > 1 || longerThan(p, maxBlockCaption) {
			return ""
		}
		if !isPictureBlock(attrVal(p, "class")) {
			continue
		}
		if t := squashSpace(joinTextWithout(p, blockControls(p))); t != "" && !isBoilerplateLine(t) {
			return t
		}
	}
	return ""
}

// blockControls are the links and buttons among a block's children.
func blockControls(block *html.Node) []*html.Node {
	var controls []*html.Node
	for c := block.FirstChild; c != nil; c = c.NextSibling {
		if c.DataAtom == atom.A || c.DataAtom == atom.Button {
			controls = append(controls, c)
		}
	}
	return controls
}

// captionAfter finds a <figcaption> a template put right after the
// figure, or after the element that holds the figure alone (Reuters, NBC
// News): the figure's caption, though outside it.
func captionAfter(figure *html.Node) *html.Node {
	for n, up := figure, 0; n != nil && up < 2; n, up = n.Parent, up+1 {
		if up > 0 && countImages(n) > 1 {
			return nil
		}
		sib := n.NextSibling
		for sib != nil && sib.Type != html.ElementNode {
			sib = sib.NextSibling
		}
		if sib != nil {
			if sib.DataAtom == atom.Figcaption {
				return sib
			}
			return nil
		}
	}
	return nil
}

// nearbyCaption looks in the image's ancestors, up to the one that holds
// another image, for an element whose class holds one of words.
func nearbyCaption(img *html.Node, words []string) string {
	for p, depth := img.Parent, 0; p != nil && depth < 4; p, depth = p.Parent, depth+1 {
		if p.DataAtom != atom.Figure && countImages(p) > 1 {
			break // a caption beside several images belongs to none of them
		}
		c := findElement(p, func(el *html.Node) bool {
			return el != img && hasAnyWord(attrVal(el, "class"), words)
		})
		if c != nil {
			if t := captionText(c); t != "" {
				return t
			}
		}
		if p.DataAtom == atom.Figure {
			break
		}
	}
	return ""
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

// captionText is the text of a caption with its parts spaced: a caption
// and its credit often sit in adjacent spans ("A hospital<span>Credit:
// EPA</span>"). A credit that does not say it is one ("AP", "Kathrin
// Ziegler/Getty") goes in parentheses, else it reads as the caption's
// last words.
func captionText(n *html.Node) string {
	return tidyCaption(creditedCaptionText(n))
}

// captionCounterRx matches a gallery's counter in front of a caption
// ("2 of 4 ").
var captionCounterRx = regexp.MustCompile(`^\d+ ?(of|/) ?\d+ `)

// captionToggleMarkRx matches the button a caption shows where it is cut
// until the reader expands it ("you can try one ... [+] with").
var captionToggleMarkRx = regexp.MustCompile(`\s*(\.\.\.|…)\s*\[\+\]`)

// spaceBeforePunctRx matches the space the joining of a caption's text
// nodes puts before punctuation ("<em>Yersinia pestis</em>, the") or
// after an opening parenthesis.
var spaceBeforePunctRx = regexp.MustCompile(`\( | ([,;:!?)]|\.\s|\.$)`)

// tidyCaption removes from a caption the gallery's counter, the cut's
// expand button and the spaces around punctuation that are no part of the
// text a reader sees.
func tidyCaption(s string) string {
	s = captionCounterRx.ReplaceAllString(s, "")
	s = captionToggleMarkRx.ReplaceAllString(s, "")
	return spaceBeforePunctRx.ReplaceAllStringFunc(s, func(m string) string {
		if m == "( " {
			return "("
		}
		return m[1:]
	})
}

// creditedCaptionText is the text of a caption and its credit.
func creditedCaptionText(n *html.Node) string {
	chrome := captionChrome(n)
	credits := creditParts(n)
	if len(credits) == 0 {
		return squashSpace(joinTextWithout(n, chrome))
	}
	caption := squashSpace(joinTextWithout(n, append(chrome, credits...)))
	var credit []string
	for _, c := range credits {
		if t := captionText(c); t != "" && !creditNamed(caption, t) {
			credit = append(credit, t)
		}
	}
	switch {
	case caption == "":
		return squashSpace(joinTextWithout(n, chrome))
	case len(credit) == 0:
		return caption
	case labelledCreditRx.MatchString(credit[0]):
		return caption + " " + strings.Join(credit, " ")
	}
	return caption + " (" + strings.Join(credit, " ") + ")"
}

// captionToggleRx matches the text of a link that shows more or less of
// a caption.
var captionToggleRx = regexp.MustCompile(`(?i)^[.…\s]*(more|less|read more|show more|show less|see more|see less|expand|collapse)$`)

// captionChrome are the parts of a caption that are no text of it: the
// shortened copy a template shows until the reader expands it
// ("caption-truncated", beside "caption-full") and the links that expand
// and collapse it ("... more", "less").
func captionChrome(n *html.Node) []*html.Node {
	var chrome []*html.Node
	forEachElement(n, func(el *html.Node) {
		if el == n {
			return
		}
		if slices.Contains(nameWords(attrVal(el, "class")), "truncated") ||
			(el.DataAtom == atom.A || el.DataAtom == atom.Button) && captionToggleRx.MatchString(squashSpace(textContent(el))) {
			chrome = append(chrome, el)
		}
	})
	return chrome
}

// creditLabelRx matches the label in front of a credit ("Photo: ").
var creditLabelRx = regexp.MustCompile(`(?i)^(photo\w*|image|picture|credit|foto\w*|source)\s*:\s*`)

// creditNamed says whether a caption already names who its credit
// credits, by a name of two words or more: "(AP Photo/Gene J. Puskar)"
// names the "Photo: Gene J. Puskar, AP" of the credit line under it.
func creditNamed(caption, credit string) bool {
	name := creditLabelRx.ReplaceAllString(credit, "")
	if i := strings.IndexAny(name, ",/"); i > 0 {
		name = name[:i]
	}
	name = strings.TrimSpace(name)
	return strings.Contains(caption, credit) || len(strings.Fields(name)) >= 2 && strings.Contains(caption, name)
}

// creditClassWords are the class words of the part of a caption that
// credits the picture.
var creditClassWords = wordSet("credit", "credits", "copyright", "source", "attribution", "photographer")

// labelledCreditRx matches a credit that says it is one: "Photo: NASA",
// "Photograph: Ann Lee", "(AP Photo)", "© Jane Doe".
var labelledCreditRx = regexp.MustCompile(`(?i)^([(\[©]|(photo\w*|image|picture|pic|credit|foto\w*|bild|source|copyright|courtesy|illustration|graphic)\b)`)

// creditParts are the elements under a caption whose class marks them as
// its credit; a part whose class also names it a caption
// ("caption-source") holds the caption, and is looked into.
func creditParts(n *html.Node) []*html.Node {
	var parts []*html.Node
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		class := attrVal(c, "class")
		if isCreditClass(class) && !hasAnyWord(class, captionWords[:4]) {
			parts = append(parts, c)
			continue
		}
		parts = append(parts, creditParts(c)...)
	}
	return parts
}

func isCreditClass(class string) bool {
	for _, w := range nameWords(class) {
		if creditClassWords[w] {
			return true
		}
	}
	return false
}

// joinTextWithout is joinText(n, " ") without the text under skip.
func joinTextWithout(n *html.Node, skip []*html.Node) string {
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch {
		case slices.Contains(skip, c):
		case c.Type == html.ElementNode:
			b.WriteString(" " + joinTextWithout(c, skip))
		default:
			b.WriteString(" " + joinText(c, " "))
		}
	}
	return b.String()
}
