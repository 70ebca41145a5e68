package parse

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Lead figures are the pictures a page shows between its headline and its
// first paragraph of prose. Readability often leaves them out, because
// they sit beside the story's container rather than in it; readers and
// archives want them, with their captions.
const (
	maxLeadFigures = 2
	// leadProseLen is the length of the paragraph that ends the search: the
	// story has begun.
	leadProseLen = 80
)

// leadFigures copies the <figure> elements with a picture that follow the
// page's first h1 before a paragraph of prose starts. It must run before
// readability moves the nodes and after the furniture (teaser cards,
// galleries of other stories) is gone.
func leadFigures(doc *html.Node) []*html.Node {
	return figuresBeforeProse(doc, false)
}

// figuresBeforeProse is leadFigures within root, with the figures before
// the headline too when aboveHeadline is true.
func figuresBeforeProse(root *html.Node, aboveHeadline bool) []*html.Node {
	var figures []*html.Node
	afterHeadline, standfirst := false, false
	var walk func(n *html.Node) bool
	walk = func(n *html.Node) bool {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			switch {
			case c.DataAtom == atom.H1 && !afterHeadline:
				afterHeadline = true
				continue
			case (afterHeadline || aboveHeadline) && (c.DataAtom == atom.Figure || isCaptionedPicture(c)):
				if countImages(c) > 0 {
					figures = append(figures, cloneTree(c))
				}
				if len(figures) == maxLeadFigures {
					return false
				}
				continue
			case afterHeadline && c.DataAtom == atom.P && longerThan(c, leadProseLen):
				if standfirst || !isStandfirst(c) {
					return false
				}
				standfirst = true // the summary under the headline: the picture may follow it
				continue
			}
			if !walk(c) {
				return false
			}
		}
		return true
	}
	walk(root)
	return figures
}

// isCaptionedPicture is true for a <div> that is a figure in all but
// name: one picture, not a link, and its caption, with no other text
// (<div class="article-image"><img><p class="image-caption">...</p></div>).
func isCaptionedPicture(el *html.Node) bool {
	if el.DataAtom != atom.Div || countImages(el) != 1 || linksMedia(el) || longerThan(el, 400) ||
		findElement(el, func(c *html.Node) bool { return c.DataAtom == atom.Figure }) != nil {
		return false // a <figure> inside is the lead figure itself
	}
	captioned, otherText := false, false
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil && !otherText; c = c.NextSibling {
			switch {
			case c.Type == html.TextNode:
				otherText = strings.TrimSpace(c.Data) != ""
			case c.Type != html.ElementNode || skipTags[c.DataAtom]:
			case isCaptionClass(attrVal(c, "class")) || c.DataAtom == atom.Figcaption:
				captioned = true
			default:
				walk(c)
			}
		}
	}
	walk(el)
	return captioned && !otherText
}

// standfirstWords name the summary a page prints under its headline
// (Guardian's data-gu-name="standfirst", id="article-summary",
// "article-excerpt", "article__desc", "dek").
var standfirstWords = []string{"standfirst", "summary", "excerpt", "desc", "dek", "subtitle", "subhead", "sub-title"}

// isStandfirst says whether the paragraph p, or one of the two elements
// around it, is named as the summary under the headline.
func isStandfirst(p *html.Node) bool {
	for n, up := p, 0; n != nil && n.Type == html.ElementNode && up < 3; n, up = n.Parent, up+1 {
		names := strings.ToLower(attrVal(n, "class") + " " + attrVal(n, "id") + " " + attrVal(n, "data-gu-name") + " " + attrVal(n, "data-testid"))
		for _, w := range standfirstWords {
			if strings.Contains(names, w) {
				return true
			}
		}
	}
	return false
}

// headerLeadFigures copies the lead figures of the article header that
// holds the page's headline (<header class="article-header"> with the h1,
// the standfirst, the picture and the byline), which the furniture
// removal takes as chrome; it must run before it. A figure above the
// headline there (a theme's featured image) is one too.
func headerLeadFigures(doc *html.Node) []*html.Node {
	h1 := findElement(doc, func(el *html.Node) bool { return el.DataAtom == atom.H1 })
	if h1 == nil || linksHome(h1) {
		return nil // no headline, or the site's name
	}
	for p := h1.Parent; p != nil; p = p.Parent {
		if p.Type == html.ElementNode && furnitureWord(attrVal(p, "class")+" "+attrVal(p, "id")) == "header" && isFurniture(p) {
			return figuresBeforeProse(p, true)
		}
	}
	return nil
}

// addLeadFigures puts in front of content the lead figures whose pictures
// it does not show already, and returns their images.
func addLeadFigures(content *html.Node, figures []*html.Node, shown []Image) []Image {
	seen := make(map[string]bool, len(shown))
	for _, img := range shown {
		seen[img.URL] = true
	}
	var added []Image
	first := content.FirstChild
	for _, fig := range figures {
		imgs := collectImages(fig)
		if len(imgs) == 0 || seen[imgs[0].URL] {
			continue
		}
		for _, img := range imgs {
			seen[img.URL] = true
		}
		content.InsertBefore(fig, first)
		added = append(added, imgs...)
	}
	return added
}
