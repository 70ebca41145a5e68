package parse

import (
	"regexp"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// pageText reads dates from a page's text and scripts, which the metadata
// sources do not cover. Walking the page costs, so it is done only for
// the dates that need it.
type pageText struct {
	doc  *html.Node
	lang string
}

// printedDates are the publication dates the page prints (textDates),
// slashed dates read in the page's language.
func (p pageText) printedDates() []string {
	if p.doc == nil {
		return nil
	}
	return slashDates(textDates(p.doc), p.lang)
}

// printedUpdates are the dates of the last update the page prints under
// its headline (headlineUpdates), read as printedDates are.
func (p pageText) printedUpdates() []string {
	if p.doc == nil {
		return nil
	}
	return slashDates(headlineUpdates(p.doc), p.lang)
}

// reZoneSuffix is an offset written right after a date and time.
var reZoneSuffix = regexp.MustCompile(`^(?:Z|[+-]\d{2}:?\d{2})\b`)

// maxScriptScan bounds the script text searched for a date, against a
// hostile page's megabytes of script.
const maxScriptScan = 1 << 20

// zonedCopies are the page's scripts' copies of src, a date and time
// that names no zone, followed by the zone they mean: a Spokesman-Review
// page gives JSON-LD "2019-11-19T18:18:25.828095" and its own script's
// "articlePublishTime": "2019-11-19T18:18:25.828095-08:00". The same wall
// time, to the fraction of a second, with an offset tells the zone better
// than any other date of the page. Empty when src needs none.
func (p pageText) zonedCopies(src string) []string {
	if p.doc == nil || len(src) < len("2006-01-02T15:04") || !strings.Contains(src, ":") || zoned(src) {
		return nil
	}
	var out []string
	scanned := 0
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.DataAtom == atom.Script {
			for c := n.FirstChild; c != nil && scanned < maxScriptScan; c = c.NextSibling {
				if c.Type == html.TextNode {
					scanned += len(c.Data)
					out = append(out, copiesIn(c.Data, src)...)
				}
			}
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(p.doc)
	return out
}

// copiesIn is each occurrence of src in text that an offset follows,
// with the offset.
func copiesIn(text, src string) []string {
	var out []string
	for i := strings.Index(text, src); i >= 0; {
		rest := text[i+len(src):]
		if z := reZoneSuffix.FindString(rest); z != "" {
			out = append(out, src+z)
		}
		j := strings.Index(rest, src)
		if j < 0 {
			break
		}
		i += len(src) + j
	}
	return out
}
