package parse

import "golang.org/x/net/html"

// pageText reads dates from a page's text, which the metadata
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
