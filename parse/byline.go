package parse

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// reByStart is the start of a byline's line in a page's text: "By",
// its kin in other languages, or a Chinese or Japanese writer's label
// (cjkBylineLabels) with a colon or a slash after it ("本报记者：张三",
// "文／张三"). Prose opens with those letters too ("记者从市交通局获悉",
// "著名作家", "文化部"), but never with a colon or a slash after them.
var reByStart = regexp.MustCompile(`(?i)^(?:(?:written|words|reported|story|posted|published)\s+)?by\s*:?\s+\S|` +
	`^(?:(?:publicado|escrito|postado|publié|écrit|rédigé|veröffentlicht|geschrieben)\s+)?(?:von|par|por)\s*:?\s+\p{Lu}|` +
	`^(?:بقلم|كتب|מאת)\s*:?\s*\S|^(?:` + cjkBylineLabels + `)\s*[:：／/]`)

// reLeadingDate is a numeric date, and the time after it, that a template
// prints before the credit on the byline's line: "05/10/2018 - Publicado
// por: Clarissa Borba".
var reLeadingDate = regexp.MustCompile(`^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}(?:,?\s+\d{1,2}[:h]\d{2})?\s*[-–—|·•]\s*`)

// bylineLead is what may come before a credit in its text node: the
// separator after a date printed in an element of its own.
const bylineLead = " \t\r\n-–—|·•"

// creditStart is s without a numeric date that leads it.
func creditStart(s string) string {
	if s != "" && s[0] >= '0' && s[0] <= '9' {
		return reLeadingDate.ReplaceAllString(s, "")
	}
	return s
}

// findByline returns the visible byline and the names in it: first from
// elements marked as bylines, then from a "By ..." line.
func findByline(doc *html.Node, candidates []*html.Node) (line string, names []string, byPrefix bool) {
	for i, n := range candidates {
		text, ok := candidateText(n)
		if !ok {
			continue
		}
		if names = authorNames(text); len(names) > 0 {
			line, names = creditOfLine(n, candidates[i+1:], text, names)
			break
		}
	}
	if len(names) == 0 {
		line = byLine(doc)
		names = authorNames(line)
	}
	if len(names) == 0 {
		return "", nil, false
	}
	return bylineDisplay(line), names, byFirstLine(line)
}

// candidateText is the text of an element marked as a byline, unless it
// is a container (<body class="author">) or too long for a credit.
func candidateText(n *html.Node) (string, bool) {
	if !textShorter(n, 1200) {
		return "", false
	}
	text := blockText(n)
	return text, utf8.RuneCountInString(text) <= 300
}

// maxCreditLine bounds the text of the line a byline's names are gathered
// from, in bytes.
const maxCreditLine = 600

// creditOfLine is the byline of the first element marked as one, n, with
// text naming names, widened to its line when later ones, rest, are on
// the same line: each name is in an element of its own ("By <a
// rel="author">A</a>, <a rel="author">B</a> and <a rel="author">C</a>"),
// and n gave only the first. The names are those the elements give; the
// line is the block's text when it names them all, else their list.
func creditOfLine(n *html.Node, rest []*html.Node, text string, names []string) (string, []string) {
	p := blockParent(n)
	if p == nil || !textShorter(p, maxCreditLine) {
		return text, names
	}
	all := names
	for _, c := range rest {
		if !within(c, p) || within(c, n) {
			continue
		}
		if t, ok := candidateText(c); ok {
			all = append(all, authorNames(t)...)
		}
	}
	if all = dedupeFold(all); len(all) == len(names) {
		return text, names
	}
	if line := blockText(p); sameFold(authorNames(line), all) {
		return line, all
	}
	return strings.Join(all, ", "), all
}

// within reports whether n is root or lies under it.
func within(n, root *html.Node) bool {
	for ; n != nil; n = n.Parent {
		if n == root {
			return true
		}
	}
	return false
}

// byFirstLine says whether the byline's first line is a "By ..." credit
// naming someone, so that its names can be trusted as a full list.
func byFirstLine(line string) bool {
	first, _, _ := strings.Cut(line, "\n")
	return reByStart.MatchString(creditStart(first)) && len(authorNames(first)) > 0
}

// byLine finds the first short block whose text starts with "By".
func byLine(root *html.Node) string {
	var found string
	tries := 0
	var walk func(n *html.Node) bool
	walk = func(n *html.Node) bool {
		if n.Type == html.ElementNode && isChromeElement(n) {
			return false
		}
		if n.Type == html.TextNode && mayStartByline(n.Data) && reByStart.MatchString(strings.TrimLeft(n.Data, bylineLead)+" x") {
			if t, ok := creditLine(n); ok {
				// "By March, the council..." opens a sentence, not a
				// byline: look on, but not forever.
				tries++
				if len(authorNames(t)) > 0 {
					found = t
					return true
				}
				return tries >= 5
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if walk(c) {
				return true
			}
		}
		return false
	}
	walk(root)
	return found
}

// mayStartByline is a cheap test that spares the regexp most text nodes:
// reByStart needs a short text starting with one of these letters or a
// non-ASCII one.
func mayStartByline(s string) bool {
	s = strings.TrimLeft(s, bylineLead)
	if s == "" || len(s) > 400 {
		return false
	}
	c := s[0] | 0x20
	return s[0] >= utf8.RuneSelf || strings.IndexByte("bwrsvpeg", c) >= 0
}

// bylineDisplay turns the raw text of a byline into the line a reader
// sees: the "By ..." part, with its credits for pictures and editing,
// without the dates and links around it.
func bylineDisplay(raw string) string {
	names := map[string]bool{}
	for _, n := range creditNames(raw, true) {
		names[strings.ToLower(n)] = true
	}
	var keep []string
	for _, s := range bylineSegments(raw) {
		s = strings.Trim(squashSpace(stripBylineNoise(s)), " ,;:-–—|·•")
		s = strings.TrimRight(reDanglingWord.ReplaceAllString(s, ""), " ,;:")
		for _, n := range creditNames(s, true) {
			if names[strings.ToLower(n)] {
				keep = append(keep, s)
				break
			}
		}
	}
	return reByComma.ReplaceAllString(strings.Join(keep, ", "), "$1 ")
}

// reDanglingWord is what a removed date leaves at the end of a byline:
// "Jane Doe on", "Jane Doe | Updated at".
var reDanglingWord = regexp.MustCompile(`(?i)(\s+(on|at|le|am|el|il|em|op))+$`)

// reByComma matches "By," and "By:" that templates leave when the name is
// a separate element.
var reByComma = regexp.MustCompile(`^(?i)(by)\s*[,:]\s*`)

// textShorter says whether the text under n is shorter than limit bytes,
// stopping as soon as it is not, so that big containers cost little.
func textShorter(n *html.Node, limit int) bool {
	size := 0
	var walk func(n *html.Node) bool
	walk = func(n *html.Node) bool {
		if n.Type == html.TextNode {
			size += len(n.Data)
			return size < limit
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if !walk(c) {
				return false
			}
		}
		return true
	}
	return walk(n)
}

// blockText is the text under n with a line break at each block element,
// so that "<div>Jane Doe</div><div>Staff Writer</div>" keeps its parts apart.
func blockText(n *html.Node) string {
	var b strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch {
		case n.Type == html.TextNode:
			b.WriteString(n.Data)
		case n.Type != html.ElementNode && n.Type != html.DocumentNode:
			return
		case n.DataAtom == atom.Script || n.DataAtom == atom.Style || n.DataAtom == atom.Noscript:
			return
		case n.DataAtom == atom.Br:
			b.WriteString("\n")
			return
		}
		block := isBlock(n)
		if block {
			b.WriteString("\n")
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if block {
			b.WriteString("\n")
		}
	}
	walk(n)
	lines := strings.Split(b.String(), "\n")
	out := lines[:0]
	for _, l := range lines {
		if l = squashSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

var blockAtoms = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Li: true, atom.Ul: true, atom.Ol: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true,
	atom.H6: true, atom.Address: true, atom.Section: true, atom.Header: true,
	atom.Footer: true, atom.Article: true, atom.Figure: true, atom.Figcaption: true,
	atom.Blockquote: true, atom.Dd: true, atom.Dt: true, atom.Table: true, atom.Tr: true,
	atom.Td: true, atom.Aside: true, atom.Nav: true, atom.Main: true,
}

func isBlock(n *html.Node) bool { return n.Type == html.ElementNode && blockAtoms[n.DataAtom] }

// creditLine is the text of the line a credit starting in the text node
// n is on, when it is short and starts with the credit: its block's, or
// where the block holds more (the story's text beside an inline
// "<small>05/10/2018 - Publicado por: ...</small>"), the outermost inline
// element's holding n.
func creditLine(n *html.Node) (string, bool) {
	p := blockParent(n)
	if p == nil {
		return "", false
	}
	for _, u := range []*html.Node{p, inlineTop(n, p)} {
		if u == nil || !textShorter(u, 800) {
			continue
		}
		t := blockText(u)
		if utf8.RuneCountInString(t) < 200 && reByStart.MatchString(creditStart(squashSpace(t))) {
			return t, true
		}
	}
	return "", false
}

// inlineTop is the child of block that holds n, nil when n is that child.
func inlineTop(n, block *html.Node) *html.Node {
	u := n
	for u.Parent != block {
		u = u.Parent
	}
	if u == n {
		return nil
	}
	return u
}

func blockParent(n *html.Node) *html.Node {
	for p := n.Parent; p != nil; p = p.Parent {
		if isBlock(p) {
			return p
		}
	}
	return nil
}

// isChromeElement says whether n is navigation, a sidebar, comments, a
// page footer or a script: names and dates under it are not the article's.
func isChromeElement(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Nav, atom.Aside, atom.Script, atom.Style, atom.Noscript, atom.Template:
		return true
	case atom.Footer:
		return !insideArticle(n) && !isAuthorFooter(n)
	case atom.Html, atom.Body, atom.Main, atom.Article:
		// Their classes describe the page ("no-sidebar", "comments-open").
		return false
	}
	for _, key := range []string{"class", "id"} {
		for t := range strings.FieldsSeq(strings.ToLower(attrOf(n, key))) {
			if chromeToken(t) {
				return true
			}
		}
	}
	return false
}

// chromeToken says whether a class or id names comments, related links, a
// sidebar or a newsletter box.
func chromeToken(t string) bool {
	switch {
	case strings.HasPrefix(t, "comment"):
		return !strings.HasSuffix(t, "-open") && !strings.HasSuffix(t, "-closed") && !strings.HasSuffix(t, "-count")
	case strings.HasPrefix(t, "related"), strings.HasPrefix(t, "sidebar"), strings.HasPrefix(t, "newsletter"):
		return true
	}
	return false
}

// isAuthorFooter is true for a footer outside the <article> that its
// class calls the article's author block: some templates put the byline
// there (The Telegraph's "article-author"). The footer itself is no
// byline: beside the byline it holds lists of topics to follow ("Davis
// Cup").
func isAuthorFooter(n *html.Node) bool {
	return n.DataAtom == atom.Footer && !insideArticle(n) && bylineBlock(strings.ToLower(attrOf(n, "class")))
}

func insideArticle(n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.DataAtom == atom.Article {
			return true
		}
	}
	return false
}
