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
// parsed again with its deepest start and end tags dropped, their text kept:
// first those of containers only, its paragraphs, headings and list items
// kept apart; should those nest too deep too, every one.
func parseHTML(doc []byte) (*html.Node, error) {
	root, err := html.Parse(bytes.NewReader(doc))
	if tooDeep(err) {
		root, err = html.Parse(bytes.NewReader(flatten(doc, flatDepth, textBlock)))
	}
	if tooDeep(err) {
		root, err = html.Parse(bytes.NewReader(flatten(doc, flatDepth, nil)))
	}
	if err != nil {
		return nil, fmt.Errorf("parse html: %w", err)
	}
	return root, nil
}

// tooDeep reports the parser's refusal of a document nested too deep.
func tooDeep(err error) bool {
	return err != nil && strings.Contains(err.Error(), "open stack of elements")
}

// textBlock reports the elements whose tags flatten keeps past its depth
// on a first try: blocks of text, which the parser does not nest in
// themselves, so that paragraphs and headings stay apart.
func textBlock(name string) bool {
	switch name {
	case "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "figcaption", "pre":
		return true
	}
	return false
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
// depth naively from start and end tags; it keeps those keep names (nil:
// none). The count over-estimates what the parser builds (it closes many
// elements implicitly), so the result parses. The tags of raw-text
// elements (script, style...) stay wherever they are: dropped, their code
// would be read as the page's text.
func flatten(doc []byte, maxDepth int, keep func(name string) bool) []byte {
	z := html.NewTokenizer(bytes.NewReader(doc))
	out := bytes.NewBuffer(make([]byte, 0, len(doc)))
	depth := 0
	kept := func(name []byte) bool {
		return rawTextElement(string(name)) || keep != nil && keep(string(name))
	}
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
			if depth > maxDepth && !kept(name) {
				continue
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			depth--
			if depth >= maxDepth && !kept(name) {
				continue
			}
			depth = max(depth, 0)
		}
		out.Write(raw)
	}
}

// rawTextElement reports the elements whose content the tokenizer reads
// as raw text, not markup.
func rawTextElement(name string) bool {
	switch name {
	case "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript", "plaintext":
		return true
	}
	return false
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
