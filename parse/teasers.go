package parse

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// A page of teasers gives each story a linked headline and a line or two
// of text. Readability drops the headlines, links as they are, and keeps
// the lines: prose enough to pass for an article, in blocks of a size
// real stories have too.
const (
	// minTeasers is how many linked headlines with a line of text under
	// them make a page of teasers, if their lines are most of its text.
	minTeasers = 6
	// teaserMaxWords bounds the line under a teaser's headline.
	teaserMaxWords = 60
)

// teaserLines are the lines of text under linked headlines of doc (an
// <h2>-<h4> that is all link, and the paragraph after it), or nil when
// there are fewer than minTeasers: the parts of a section front that read
// as prose.
func teaserLines(doc *html.Node) map[string]bool {
	lines := map[string]bool{}
	forEachElement(doc, func(el *html.Node) {
		if !isTeaserHeading(el) {
			return
		}
		if line := lineAfter(el); line != "" {
			lines[line] = true
		}
	})
	if len(lines) < minTeasers {
		return nil
	}
	return lines
}

// isTeaserHeading reports an <h2>, <h3> or <h4> whose text is a link's.
func isTeaserHeading(el *html.Node) bool {
	if el.DataAtom != atom.H2 && el.DataAtom != atom.H3 && el.DataAtom != atom.H4 {
		return false
	}
	text := squashSpace(textUnder(el))
	if text == "" {
		return false
	}
	linked := 0
	forEachElement(el, func(a *html.Node) {
		if a.DataAtom == atom.A && attrOf(a, "href") != "" {
			linked += len(squashSpace(textUnder(a)))
		}
	})
	return linked*10 >= len(text)*9
}

// lineAfter is the text of the paragraph that follows a teaser's heading,
// among its siblings or its parent's (a card wraps the heading in a
// link or a div of its own), "" when there is none or it is long.
func lineAfter(heading *html.Node) string {
	for n := heading; n != nil && n.DataAtom != atom.Body; n = n.Parent {
		if next := nextElement(n); next != nil {
			if next.DataAtom != atom.P && next.DataAtom != atom.Div {
				return ""
			}
			line := squashSpace(textUnder(next))
			if w := wordCount(line); w == 0 || w > teaserMaxWords {
				return ""
			}
			return line
		}
	}
	return ""
}

// mostlyTeasers reports whether the lines under teaser headlines make up
// most of an extracted text's words.
func mostlyTeasers(text string, lines map[string]bool) bool {
	if len(lines) == 0 {
		return false
	}
	total, teaser := 0, 0
	for _, block := range strings.Split(text, "\n\n") {
		block = squashSpace(block)
		w := wordCount(block)
		total += w
		if lines[block] {
			teaser += w
		}
	}
	return total > 0 && teaser*2 >= total
}
