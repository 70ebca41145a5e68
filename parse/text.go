package parse

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// blockTags break the text flow: their content starts a new paragraph.
var blockTags = map[atom.Atom]bool{
	atom.Address: true, atom.Article: true, atom.Aside: true, atom.Blockquote: true,
	atom.Dd: true, atom.Details: true, atom.Div: true, atom.Dl: true, atom.Dt: true,
	atom.Figcaption: true, atom.Figure: true, atom.Footer: true, atom.Form: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Header: true, atom.Hr: true, atom.Li: true, atom.Main: true, atom.Nav: true,
	atom.Ol: true, atom.P: true, atom.Pre: true, atom.Section: true, atom.Summary: true,
	atom.Table: true, atom.Tr: true, atom.Ul: true, atom.Caption: true,
}

// skipTags hold no readable text.
var skipTags = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Head: true, atom.Svg: true, atom.Math: true, atom.Iframe: true, atom.Object: true,
	atom.Button: true, atom.Select: true, atom.Textarea: true, atom.Input: true,
}

// textBuilder renders a node tree as plain text: words joined by single
// spaces, a line break for <br>, a blank line between blocks.
type textBuilder struct {
	b       strings.Builder
	space   bool // a space is owed before the next word
	breaks  int  // newlines owed before the next word (0, 1 or 2)
	started bool
}

// renderText is the plain text of n with paragraph breaks kept.
func renderText(n *html.Node) string {
	var tb textBuilder
	tb.walk(n)
	return tb.b.String()
}

func (tb *textBuilder) walk(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		tb.text(n.Data)
		return
	case html.ElementNode:
		if skipTags[n.DataAtom] || isCaption(n) {
			return
		}
		if n.DataAtom == atom.Br {
			tb.newline(1)
			return
		}
		if n.DataAtom == atom.Pre {
			tb.newline(2)
			tb.pre(textContent(n))
			tb.newline(2)
			return
		}
	case html.CommentNode, html.DoctypeNode:
		return
	}
	block := n.Type == html.ElementNode && blockTags[n.DataAtom]
	if block {
		tb.newline(2)
	} else if n.Type == html.ElementNode && (n.DataAtom == atom.Td || n.DataAtom == atom.Th) {
		tb.space = true
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		tb.walk(c)
	}
	if block {
		tb.newline(2)
	}
}

func (tb *textBuilder) newline(n int) {
	if tb.started && n > tb.breaks {
		tb.breaks = n
	}
}

// invisibles are characters that only steer layout (zero-width space,
// byte order mark, soft hyphen) and would split or glue words in the text.
var invisibles = strings.NewReplacer("\u200b", "", "\ufeff", "", "\u00ad", "")

func (tb *textBuilder) text(s string) {
	if strings.ContainsAny(s, "\u200b\ufeff\u00ad") {
		s = invisibles.Replace(s)
	}
	if s == "" {
		return
	}
	first, _ := utf8.DecodeRuneInString(s)
	if unicode.IsSpace(first) {
		tb.space = true
	}
	for w := range strings.FieldsSeq(s) {
		tb.word(w)
		tb.space = true
	}
	last, _ := utf8.DecodeLastRuneInString(s)
	if !unicode.IsSpace(last) {
		tb.space = false
	}
}

func (tb *textBuilder) word(w string) {
	switch {
	case tb.breaks > 0:
		tb.b.WriteString("\n\n"[:tb.breaks])
	case tb.space && tb.started:
		tb.b.WriteByte(' ')
	}
	tb.b.WriteString(w)
	tb.breaks, tb.space, tb.started = 0, false, true
}

// pre keeps the line structure of preformatted text, trimming only the
// ends of lines.
func (tb *textBuilder) pre(s string) {
	lines := strings.Split(strings.Trim(s, "\n"), "\n")
	for i, l := range lines {
		l = strings.TrimRight(l, " \t\r")
		if i > 0 {
			tb.b.WriteByte('\n')
		} else if tb.started && tb.breaks > 0 {
			tb.b.WriteString("\n\n"[:tb.breaks])
		}
		tb.b.WriteString(l)
		tb.started = true
	}
	tb.breaks = 0
}

// textContent is the raw text of n and its descendants, scripts excluded.
func textContent(n *html.Node) string { return joinText(n, "") }

// joinText is the text of n's text nodes, scripts excluded, joined by sep.
func joinText(n *html.Node, sep string) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			if b.Len() > 0 {
				b.WriteString(sep)
			}
			b.WriteString(n.Data)
			return
		}
		if n.Type == html.ElementNode && skipTags[n.DataAtom] {
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

// isCaption is true for picture captions, credits and the figures and
// picture blocks that hold them: they describe an image and stay out of
// the article text (the HTML and Images keep them).
func isCaption(el *html.Node) bool {
	switch el.DataAtom {
	case atom.Figcaption:
		return true
	case atom.Figure:
		return hasMedia(el) || !longerThan(el, 300)
	}
	c := attrVal(el, "class")
	switch {
	case c != "" && isCaptionClass(c):
		return !longerThan(el, 400)
	case c != "" && isPictureBlock(c):
		return !longerThan(el, 400) && !isProse(el)
	}
	return echoesAlt(el) || italicUnderPicture(el)
}

// isProse is true for a block of paragraphs and no picture: a gallery
// story's introduction ("gallery-intro"), which its class names after the
// pictures that follow, is the story's text, not their captions.
func isProse(el *html.Node) bool {
	if hasMedia(el) {
		return false
	}
	paragraphs := 0
	forEachElement(el, func(c *html.Node) {
		if c.DataAtom == atom.P {
			paragraphs++
		}
	})
	return paragraphs >= 2
}

// echoesAlt is true for a short line under a picture that repeats its alt
// text: a caption a template writes without naming it one ("<div><img
// alt="X"></div><br><span class="small gray">X</span>").
func echoesAlt(el *html.Node) bool {
	prev := elementBefore(el)
	if prev == nil {
		return false
	}
	img := prev
	if img.DataAtom != atom.Img {
		img = findElement(prev, func(c *html.Node) bool { return c.DataAtom == atom.Img })
	}
	if img == nil {
		return false
	}
	alt := squashSpace(attrVal(img, "alt"))
	if utf8.RuneCountInString(alt) < 10 || longerThan(el, 2*len(alt)) {
		return false
	}
	return squashSpace(joinText(el, " ")) == alt
}

// elementBefore is the element right before el, line breaks skipped, or
// nil when text comes between them.
func elementBefore(el *html.Node) *html.Node {
	prev := el.PrevSibling
	for prev != nil && (prev.Type != html.ElementNode || prev.DataAtom == atom.Br) {
		if prev.Type == html.TextNode && strings.TrimSpace(prev.Data) != "" {
			return nil
		}
		prev = prev.PrevSibling
	}
	return prev
}

// maxItalicCaption is the longest line in italics under a picture taken
// for its caption.
const maxItalicCaption = 100

// italicUnderPicture is true for a short block set wholly in italics
// right under a block that holds a picture and no text: a caption a
// blog's editor writes by hand ("<div><img></div><div><em>Kate
// Henshaw</em></div>"), which no class names. It names what the picture
// shows: a line that ends a sentence ("Average daily intake 1694
// kcal.") is the story's, set apart.
func italicUnderPicture(el *html.Node) bool {
	if el.DataAtom != atom.P && el.DataAtom != atom.Div {
		return false
	}
	// The line is judged first: it is short, and most blocks fail there.
	t, short := boundedText(el, maxItalicCaption)
	t = strings.TrimSpace(t)
	if !short || t == "" || strings.ContainsRune(".!?:…", lastRune(t)) || !allItalic(el) {
		return false
	}
	prev := elementBefore(el)
	return prev != nil && hasMedia(prev) && !longerThan(prev, 0)
}

// allItalic reports whether every word under n is inside <em> or <i>.
func allItalic(n *html.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch {
		case c.Type == html.TextNode && strings.TrimSpace(c.Data) != "":
			return false
		case c.Type != html.ElementNode || c.DataAtom == atom.Em || c.DataAtom == atom.I:
		case !allItalic(c):
			return false
		}
	}
	return true
}

// pictureWords name the blocks that wrap a picture and its caption.
var pictureWords = wordSet("image", "img", "photo", "picture", "gallery", "slideshow", "slider", "carousel")

func isPictureBlock(class string) bool {
	lower := strings.ToLower(class)
	if !strings.Contains(lower, "im") && !strings.Contains(lower, "photo") && !strings.Contains(lower, "pic") &&
		!strings.Contains(lower, "gallery") && !strings.Contains(lower, "slide") && !strings.Contains(lower, "carousel") {
		return false // spares the word split on most classes
	}
	for _, w := range nameWords(class) {
		if pictureWords[w] {
			return true
		}
	}
	return false
}

func hasMedia(el *html.Node) bool {
	return findElement(el, func(c *html.Node) bool {
		switch c.DataAtom {
		case atom.Img, atom.Picture, atom.Video, atom.Audio, atom.Iframe:
			return true
		}
		return false
	}) != nil
}

// plainText is a declared text (a description) as plain text: sites put
// markup in them (a JSON-LD description with its "read more" link) or
// escape them twice ("[&amp;hellip;]"), which shows as tags and entities.
// Only HTML's own elements count as tags: "<The Palace>", a title in
// angle brackets as Korean pages write them, stays.
// textBreaks are the elements whose tags part the words on either side.
var textBreaks = map[atom.Atom]bool{atom.P: true, atom.Div: true, atom.Br: true, atom.Li: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Section: true, atom.Article: true, atom.Blockquote: true, atom.Tr: true, atom.Td: true,
	atom.Th: true, atom.Ul: true, atom.Ol: true, atom.Dd: true, atom.Dt: true, atom.Hr: true}

func plainText(s string) string {
	if strings.Contains(s, "<") {
		var b strings.Builder
		z := html.NewTokenizer(strings.NewReader(s))
		for tt := z.Next(); tt != html.ErrorToken; tt = z.Next() {
			switch tt {
			case html.TextToken:
				b.Write(z.Text())
			case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
				name, _ := z.TagName()
				switch a := atom.Lookup(name); {
				case a == 0:
					b.Write(z.Raw())
				case textBreaks[a]:
					b.WriteByte(' ') // <p>Bob</p><p>Lee</p> is two words
				}
			}
		}
		s = b.String()
	}
	if strings.Contains(s, "&") {
		s = html.UnescapeString(s)
	}
	return squashSpace(s)
}
