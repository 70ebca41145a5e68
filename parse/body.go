package parse

import (
	"net/url"

	"golang.org/x/net/html"
)

// body is the main content of a page.
type body struct {
	Text   string  // plain text, paragraphs separated by blank lines
	HTML   string  // sanitised HTML with absolute URLs
	Images []Image // figures of the body with their captions
}

// extractBody finds and cleans the main content. It may modify doc.
// STUB: to be replaced.
func extractBody(doc *html.Node, pageURL *url.URL, title string) (body, error) {
	return body{}, nil
}
