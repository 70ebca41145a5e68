package parse

import (
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// captionWords mark the class of an element holding an image caption
// (the first three) or its credit.
var captionWords = []string{"caption", "legend", "image-desc", "photo-desc", "credit", "copyright"}

// isCaptionClass is true for the class of a caption or credit.
func isCaptionClass(class string) bool {
	return hasAnyWord(class, captionWords)
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

// bracketPairs are the brackets a caption's credit or a byline is printed
// in whole: "(Image: Getty Images)", and the full-width ones of Chinese and
// Japanese pages, "（文／张三）", "【记者 李四】".
var bracketPairs = map[rune]rune{'(': ')', '（': '）', '【': '】', '「': '」'}

// unbracketed is s without the brackets that enclose it whole (see
// bracketPairs). Brackets that close a remark after a name ("张三（新华社）")
// or two pairs ("(a) b (c)") stay.
func unbracketed(s string) string {
	open, n := utf8.DecodeRuneInString(s)
	end, m := utf8.DecodeLastRuneInString(s)
	if bracketPairs[open] == 0 || bracketPairs[open] != end || len(s) <= n+m {
		return s
	}
	inner := s[n : len(s)-m]
	if strings.ContainsRune(inner, open) || strings.ContainsRune(inner, end) {
		return s
	}
	return strings.TrimSpace(inner)
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
				if credit := creditBeside(c); credit != nil {
					t = withCredits(t, []string{captionText(credit)})
				}
				return t
			}
		}
		if p.DataAtom == atom.Figure {
			break
		}
	}
	return ""
}

// captionText is the text of a caption with its parts spaced: a caption
// and its credit often sit in adjacent spans ("A hospital<span>Credit:
// EPA</span>"). A credit that does not say it is one ("AP", "Kathrin
// Ziegler/Getty") goes in parentheses, else it reads as the caption's
// last words.
func captionText(n *html.Node) string {
	return tidyCaption(endHeading(n, creditedCaptionText(n)))
}

// endHeading ends with a full stop the heading a caption opens with (a
// video's title above its description), which would otherwise run into
// the sentence after it.
func endHeading(n *html.Node, caption string) string {
	first := n.FirstChild
	for first != nil && (first.Type != html.ElementNode && strings.TrimSpace(first.Data) == "") {
		first = first.NextSibling
	}
	if first == nil || first.Type != html.ElementNode || !isHeading(first) {
		return caption
	}
	title := squashSpace(joinText(first, " "))
	rest, ok := strings.CutPrefix(caption, title+" ")
	if title == "" || !ok || strings.ContainsAny(title[len(title)-1:], ".!?:…") {
		return caption
	}
	return title + ". " + rest
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

// captionLabelRx matches the label a caption reads to screen readers
// before its text ("Image caption, ", the BBC's hidden span).
var captionLabelRx = regexp.MustCompile(`(?i)^(image|media|photo|video) caption\s*[,:]\s*`)

// captionLicensingRx matches the agency's licensing link at the end of a
// caption, or what a screen reader is told of it ("... REUTERS/Jane Doe
// Purchase Licensing Rights, opens new tab").
var captionLicensingRx = regexp.MustCompile(`(?i)\s*(purchase licensing rights|(purchase licensing rights)?,? opens (in )?(a )?new (tab|window))\s*$`)

// tidyCaption removes from a caption the gallery's counter, the label
// and licensing link read to screen readers, the cut's expand button and
// the spaces around punctuation that are no part of the text a reader
// sees.
func tidyCaption(s string) string {
	s = captionCounterRx.ReplaceAllString(s, "")
	s = captionLabelRx.ReplaceAllString(s, "")
	s = captionLicensingRx.ReplaceAllString(s, "")
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
	if caption == "" {
		return squashSpace(joinTextWithout(n, chrome))
	}
	texts := make([]string, len(credits))
	for i, c := range credits {
		texts[i] = captionText(c)
	}
	return withCredits(caption, texts)
}

// withCredits is a caption followed by its credits, but those it names
// already: after a space when they say they are credits ("Photo: Jane
// Doe"), in parentheses when not ("AP").
func withCredits(caption string, credits []string) string {
	var credit []string
	for _, t := range credits {
		if t != "" && !creditNamed(caption, t) {
			credit = append(credit, t)
		}
	}
	switch {
	case len(credit) == 0:
		return caption
	case labelledCreditRx.MatchString(credit[0]):
		return caption + " " + strings.Join(credit, " ")
	}
	return caption + " (" + strings.Join(credit, " ") + ")"
}

// creditBeside is the credit block that follows a caption block, its
// sibling (<div class="image-caption">...</div><div
// class="image-credit">...</div>), or nil.
func creditBeside(caption *html.Node) *html.Node {
	sib := caption.NextSibling
	for sib != nil && sib.Type != html.ElementNode {
		sib = sib.NextSibling
	}
	if sib == nil {
		return nil
	}
	class := attrVal(sib, "class")
	if !isCreditClass(class) || hasAnyWord(class, captionWords[:4]) {
		return nil
	}
	return sib
}

// captionToggleRx matches the text of a link that shows more or less of
// a caption.
var captionToggleRx = regexp.MustCompile(`(?i)^[.…\s]*(more|less|read more|show more|show less|see more|see less|expand|collapse|purchase licensing rights(,? opens new tab)?)$`)

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
