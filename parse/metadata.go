package parse

import (
	"net/url"
	"time"

	"golang.org/x/net/html"
)

// metadata is what the page says about itself, gathered from structured data
// and markup before the body is extracted.
type metadata struct {
	CanonicalURL string
	Title        string
	Byline       string
	Authors      []string
	Published    *time.Time
	Modified     *time.Time
	SiteName     string
	Language     string // from <html lang> or a meta tag; may be empty
	Description  string
	TopImage     string
	Tags         []string
	// Type is the page's declared type, lowercased: "article", "website", ...
	// from og:type or JSON-LD @type; empty when the page declares none.
	Type string
}

// extractMetadata reads doc without modifying it. STUB: to be replaced.
func extractMetadata(doc *html.Node, pageURL *url.URL, fetchedAt time.Time) metadata {
	return metadata{}
}
