package parse

import (
	"bytes"
	"fmt"
	"strings"

	"golang.org/x/net/html"
)

// flatDepth is the nesting kept when a page is too deep for the HTML
// parser, which refuses documents nested deeper than 512 elements. It
// leaves room for the elements the parser adds itself (html, body, tbody).
const flatDepth = 256

// parseHTML parses a UTF-8 document. A page nested too deep for the parser
// (broken markup with thousands of unclosed tags, or a hostile one) is
// parsed again with its deepest start and end tags dropped, their text kept.
func parseHTML(doc []byte) (*html.Node, error) {
	root, err := html.Parse(bytes.NewReader(doc))
	if err != nil && strings.Contains(err.Error(), "open stack of elements") {
		root, err = html.Parse(bytes.NewReader(flatten(doc, flatDepth)))
	}
	if err != nil {
		return nil, fmt.Errorf("parse html: %w", err)
	}
	return root, nil
}

// maxArticleElements is the most elements a page may have for its article
// to be extracted. The 181 pages of the extraction benchmark have at most
// 1,600; a page of hundreds of thousands of links (a hostile server, a
// listing gone wrong) is no article, and extracting it would hold several
// hundred MB for a document tree and its copy.
const maxArticleElements = 100_000

// checkElementCount refuses a document of more than maxArticleElements
// elements as no article.
func checkElementCount(doc *html.Node) error {
	n := 0
	for d := range doc.Descendants() {
		if d.Type != html.ElementNode {
			continue
		}
		if n++; n > maxArticleElements {
			return notArticle(fmt.Sprintf("more than %d elements", maxArticleElements))
		}
	}
	return nil
}

// flatten drops the tags of elements nested deeper than maxDepth, counting
// depth naively from start and end tags. The count over-estimates what the
// parser builds (it closes many elements implicitly), so the result parses.
func flatten(doc []byte, maxDepth int) []byte {
	z := html.NewTokenizer(bytes.NewReader(doc))
	out := bytes.NewBuffer(make([]byte, 0, len(doc)))
	depth := 0
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return out.Bytes()
		}
		raw := z.Raw()
		switch tt {
		case html.StartTagToken:
			name, _ := z.TagName()
			if isVoidElement(string(name)) {
				break
			}
			depth++
			if depth > maxDepth {
				continue
			}
		case html.EndTagToken:
			depth--
			if depth >= maxDepth {
				continue
			}
			depth = max(depth, 0)
		}
		out.Write(raw)
	}
}

// isVoidElement reports elements that never have content or an end tag.
func isVoidElement(name string) bool {
	switch name {
	case "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
		"param", "source", "track", "wbr":
		return true
	}
	return false
}
