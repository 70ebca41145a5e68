package parse

import (
	"fmt"
	"net/url"
	"strings"

	readability "codeberg.org/readeck/go-readability/v2"
	"golang.org/x/net/html"
)

// Reasons for a page whose main content is missing or thin.
const (
	reasonNoContent    = "no main content found"
	reasonEmptyContent = "main content is empty"
	reasonTooLittle    = "too little text"
)

// body is the main content of a page.
type body struct {
	Text   string  // plain text, paragraphs separated by blank lines
	HTML   string  // sanitised HTML with absolute URLs
	Images []Image // figures of the body with their captions
	// LinkShare is the part of the text that is link text.
	LinkShare float64
}

// extractBody finds and cleans the main content. It may modify doc.
// meta is what the page declares: its title, its main image (which
// replaces a lazy placeholder of the same picture that names no other
// source), and its site's and section's names (which mark the site's
// banners).
//
// Readability picks the content container; the steps around it remove the
// boilerplate it keeps (share bars, related links, newsletter boxes) and
// render the text, sanitised HTML and images from one cleaned tree.
func extractBody(doc *html.Node, pageURL *url.URL, meta metadata) (body, error) {
	ampImages(doc)
	fixLazyImages(doc)
	markHeadlines(doc)
	removeRelatedSections(doc) // before furniture takes their headings
	removeSignupBoxes(doc)     // before readability drops their forms
	lead := headerLeadFigures(doc)
	removeFurniture(doc)
	noteCaptions(doc)
	lead = append(lead, leadFigures(doc)...)
	lead = lead[:min(len(lead), maxLeadFigures)]
	shieldFromReadability(doc)
	art, err := readable(doc, meta.Base)
	if err != nil {
		return body{}, err
	}
	if art.Node == nil {
		return body{}, notArticle(reasonNoContent)
	}
	content := art.Node
	fixAtoms(content)
	title := meta.Title
	if title == "" {
		title = art.Title()
	}
	content, text := cleanOrKeep(content, title)
	if text == "" {
		return body{}, notArticle(reasonEmptyContent)
	}
	absolutizeURLs(content, meta.Base)
	page := imagePage{topImage: meta.TopImage, host: pageURL.Hostname(), names: []string{meta.SiteName, meta.Section}}
	removeJunkImages(content, page)
	images := collectImages(content)
	for _, fig := range lead {
		absolutizeURLs(fig, meta.Base)
		removeJunkImages(fig, page)
	}
	images = append(addLeadFigures(content, lead, images), images...)
	return body{Text: text, HTML: sanitizeHTML(content), Images: images, LinkShare: linkShare(content)}, nil
}

// linkShare is the part of content's text inside links.
func linkShare(content *html.Node) float64 {
	s := measure(content, nil)
	if s.text == 0 {
		return 0
	}
	return float64(s.linked) / float64(s.text)
}

// keptShare is the least part of readability's text the cleaning may
// leave before its result is distrusted.
const keptShare = 0.2

// cleanOrKeep cleans content and renders its text. Should the cleaning
// leave less than keptShare of a substantial text, a rule misfired on an
// unusual page: readability's own choice, headline and captions aside, is
// the better answer.
func cleanOrKeep(content *html.Node, title string) (*html.Node, string) {
	before := measure(content, nil).text
	var spare *html.Node
	if before >= 500 {
		spare = cloneTree(content)
	}
	cleanContent(content, title)
	text := strings.TrimSpace(renderText(content))
	if spare == nil || float64(len(text)) >= keptShare*float64(before) {
		return content, text
	}
	removeHeadline(spare, title)
	return spare, strings.TrimSpace(renderText(spare))
}

// readable runs readability on doc. A panic inside the library is
// returned as an error: one odd page must not bring down a crawl.
func readable(doc *html.Node, base *url.URL) (art readability.Article, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("extract body: readability failed: %v", r)
		}
	}()
	p := readability.NewParser()
	// Classes drive the cleaning after readability; the sanitiser drops them.
	p.KeepClasses = true
	// Metadata is read by extractMetadata; readability's own pass over
	// JSON-LD would only cost time.
	p.DisableJSONLD = true
	if !base.IsAbs() {
		// Resolved against no address, a relative URL only changes its
		// spelling ("img/a.jpg" to "/img/a.jpg"), and copies of one
		// picture would no longer match.
		base = nil
	}
	art, err = p.ParseAndMutate(doc, base)
	if err != nil {
		return art, notArticle(fmt.Sprintf("readability: %v", err))
	}
	return art, nil
}
