package parse

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// markup is the metadata found in the visible page rather than its head:
// microdata, <time> elements and bylines.
type markup struct {
	Headline  string
	Authors   []string // from microdata itemprop=author
	Byline    string   // the visible byline, as shown
	ByAuthors []string // names in the visible byline
	Published []string // candidate dates, best first
	Modified  []string
	Image     string
	Tags      []string // rel=tag links (microformats), categories excluded
}

// bylineSelector finds elements that hold a visible byline, most specific
// first.
const bylineSelector = `.byline, .by-line, [class*="byline"], [class*="Byline"],
	[data-testid*="byline"], [rel~="author"], .author, .author-name, .authors,
	.post-author, .entry-author, .article-author, .article__author, .story-author`

var reByStart = regexp.MustCompile(`(?i)^(?:(?:written|words|reported|story)\s+)?by\s*:?\s+\S|^(?:von|par|por)\s+\p{Lu}|^(?:بقلم|كتب)\s*:?\s*\S|^(?:作者|记者|記者|文)\s*[:：]`)

func readMarkup(doc *html.Node) markup {
	d := goquery.NewDocumentFromNode(doc)
	var m markup
	m.Headline = firstNonBlank(propValues(d, "headline")...)
	d.Find(`[itemprop~="author"]`).EachWithBreak(func(_ int, s *goquery.Selection) bool {
		if inChrome(s.Nodes[0]) {
			return true
		}
		name := s.Find(`[itemprop~="name"]`).First()
		if name.Length() > 0 {
			s = name
		}
		m.Authors = append(m.Authors, authorNames(itemValue(s))...)
		return len(m.Authors) < 10
	})
	m.Published = append(propValues(d, "datePublished"), propValues(d, "dateCreated")...)
	m.Modified = propValues(d, "dateModified")
	m.Published = append(m.Published, timeDates(d)...)
	m.Published = append(m.Published, shownDates(d)...)
	if img := d.Find(`[itemprop~="image"]`).First(); img.Length() > 0 {
		m.Image = firstNonBlank(img.AttrOr("content", ""), img.AttrOr("src", ""), img.AttrOr("href", ""),
			img.Find(`[itemprop~="url"]`).AttrOr("content", ""), img.Find("img").AttrOr("src", ""))
	}
	m.Byline, m.ByAuthors = findByline(d)
	d.Find(`a[rel~="tag"]`).Each(func(_ int, s *goquery.Selection) {
		rel := s.AttrOr("rel", "")
		if t := squashSpace(s.Text()); t != "" && !strings.Contains(rel, "category") && !inChrome(s.Nodes[0]) {
			m.Tags = append(m.Tags, t)
		}
	})
	return m
}

// propValues returns the values of the microdata properties named prop.
func propValues(d *goquery.Document, prop string) []string {
	var out []string
	d.Find(`[itemprop~="` + prop + `"]`).Each(func(_ int, s *goquery.Selection) {
		if v := itemValue(s); v != "" {
			out = append(out, v)
		}
	})
	return out
}

// itemValue reads a microdata value as the spec says: from content,
// datetime, href or src attributes, else the element's text.
func itemValue(s *goquery.Selection) string {
	for _, a := range []string{"content", "datetime"} {
		if v, ok := s.Attr(a); ok && strings.TrimSpace(v) != "" {
			return squashSpace(v)
		}
	}
	return squashSpace(blockText(s.Nodes[0]))
}

// timeDates returns the datetime of <time pubdate> elements, then of <time>
// elements in the article header, skipping those marked as updates.
func timeDates(d *goquery.Document) []string {
	var out []string
	d.Find("time[pubdate]").Each(func(_ int, s *goquery.Selection) {
		out = append(out, firstNonBlank(s.AttrOr("datetime", ""), s.Text()))
	})
	d.Find("article time[datetime], header time[datetime], main time[datetime]").Each(func(_ int, s *goquery.Selection) {
		cls := strings.ToLower(s.AttrOr("class", "") + " " + s.Parent().AttrOr("class", "") + " " + s.AttrOr("itemprop", ""))
		if strings.Contains(cls, "updat") || strings.Contains(cls, "modif") || inChrome(s.Nodes[0]) {
			return
		}
		out = append(out, s.AttrOr("datetime", ""))
	})
	return out
}

// dateSelector finds elements that show a date as text, for pages without
// machine-readable dates.
const dateSelector = `.date, .dateline, .timestamp, .published, .pubdate, .post-date,
	.article-date, .entry-date, .story-date, .publish-date, [class*="publish-date"]`

// shownDates returns the text of short date elements outside page chrome.
func shownDates(d *goquery.Document) []string {
	var out []string
	d.Find(dateSelector).Each(func(_ int, s *goquery.Selection) {
		if t := squashSpace(s.Text()); t != "" && len(t) < 80 && !inChrome(s.Nodes[0]) {
			out = append(out, t)
		}
	})
	return out
}

// findByline returns the visible byline and the names in it: first from
// elements marked as bylines, then from a "By ..." line.
func findByline(d *goquery.Document) (string, []string) {
	var line string
	var names []string
	d.Find(bylineSelector).EachWithBreak(func(_ int, s *goquery.Selection) bool {
		n := s.Nodes[0]
		if inChrome(n) {
			return true
		}
		text := blockText(n)
		if utf8.RuneCountInString(text) > 300 {
			return true
		}
		if names = authorNames(text); len(names) > 0 {
			line = text
			return false
		}
		return true
	})
	if len(names) == 0 {
		line = byLine(d.Nodes[0])
		names = authorNames(line)
	}
	if len(names) == 0 {
		return "", nil
	}
	return bylineDisplay(line), names
}

// byLine finds the first short block whose text starts with "By".
func byLine(root *html.Node) string {
	var found string
	var walk func(n *html.Node) bool
	walk = func(n *html.Node) bool {
		if n.Type == html.ElementNode && isChromeElement(n) {
			return false
		}
		if n.Type == html.TextNode && reByStart.MatchString(strings.TrimSpace(n.Data)+" x") {
			if p := blockParent(n); p != nil {
				if t := blockText(p); utf8.RuneCountInString(t) < 200 && reByStart.MatchString(squashSpace(t)) {
					found = t
					return true
				}
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

// bylineDisplay turns the raw text of a byline into the line a reader
// sees: the "By ..." part without the dates and links around it.
func bylineDisplay(raw string) string {
	segs := bylineSegments(raw)
	var keep []string
	for _, s := range segs {
		s = reAuthorNoise.ReplaceAllString(s, "")
		s = reAuthorDate.ReplaceAllString(s, "")
		s = strings.Trim(squashSpace(reHandle.ReplaceAllString(s, "")), " ,;:-–—|·•")
		if s != "" && len(authorNames(s)) > 0 {
			keep = append(keep, s)
		}
	}
	return strings.Join(keep, ", ")
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

func blockParent(n *html.Node) *html.Node {
	for p := n.Parent; p != nil; p = p.Parent {
		if isBlock(p) {
			return p
		}
	}
	return nil
}

// inChrome says whether n sits in navigation, a sidebar, comments or the
// page footer, where names are not the article's authors.
func inChrome(n *html.Node) bool {
	for p := n; p != nil; p = p.Parent {
		if p.Type == html.ElementNode && isChromeElement(p) {
			return true
		}
	}
	return false
}

func isChromeElement(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Nav, atom.Aside, atom.Script, atom.Style, atom.Noscript, atom.Template:
		return true
	case atom.Footer:
		return !insideArticle(n)
	}
	key := strings.ToLower(attrOf(n, "class") + " " + attrOf(n, "id"))
	return strings.Contains(key, "comment") || strings.Contains(key, "related") ||
		strings.Contains(key, "sidebar") || strings.Contains(key, "newsletter")
}

func insideArticle(n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.DataAtom == atom.Article {
			return true
		}
	}
	return false
}
