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
//
// A page that gives no date of its own is a story only by its text: a
// front of a few teasers, or of long ones, is one too.
const (
	// minTeasers is how many linked headlines with a line of text under
	// them make a page of teasers, if their lines are most of its text;
	// minUndatedTeasers on a page that gives no date.
	minTeasers        = 6
	minUndatedTeasers = 3
	// teaserMaxWords bounds the line under a teaser's headline;
	// undatedTeaserMaxWords on a page that gives no date.
	teaserMaxWords        = 60
	undatedTeaserMaxWords = 100
)

// teaserLines are the lines of text under linked headlines of doc (an
// <h2>-<h4> that is all link, and the paragraph after it), each with its
// words, or nil when there are fewer than minUndatedTeasers: the parts of
// a section front that read as prose.
func teaserLines(doc *html.Node) map[string]int {
	lines := map[string]int{}
	forEachElement(doc, func(el *html.Node) {
		if !isTeaserHeading(el) {
			return
		}
		if line := lineAfter(el); line != "" {
			lines[line] = wordCount(line)
		}
	})
	if len(lines) < minUndatedTeasers {
		return nil
	}
	return lines
}

// teasersOf keeps the lines that make a page of teasers: all of them on
// a page that gives no date, else those of teaserMaxWords at most, when
// there are minTeasers of them.
func teasersOf(lines map[string]int, dated bool) map[string]int {
	if !dated {
		return lines
	}
	short := map[string]int{}
	for line, w := range lines {
		if w <= teaserMaxWords {
			short[line] = w
		}
	}
	if len(short) < minTeasers {
		return nil
	}
	return short
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
			if w := wordCount(line); w == 0 || w > undatedTeaserMaxWords {
				return ""
			}
			return line
		}
	}
	return ""
}

// mostlyTeasers reports whether the lines under teaser headlines make up
// most of an extracted text's words.
func mostlyTeasers(text string, lines map[string]int) bool {
	if len(lines) == 0 {
		return false
	}
	total, teaser := 0, 0
	for _, block := range strings.Split(text, "\n\n") {
		block = squashSpace(block)
		w := wordCount(block)
		total += w
		if _, ok := lines[block]; ok {
			teaser += w
		}
	}
	return total > 0 && teaser*2 >= total
}
