package discover

import (
	"bytes"
	"fmt"
	"testing"

	"golang.org/x/net/html"

	"github.com/newsarchive/newsarchive/bench/site"
)

// TestLinksAgreeOnBenchmarkPages: on the extraction benchmark's real
// pages, the links and feeds read from a parsed tree are those the
// tokeniser reads from the bytes. Skipped without ../shared.
func TestLinksAgreeOnBenchmarkPages(t *testing.T) {
	for i, body := range site.PagesOrSkip(t) {
		pageURL := fmt.Sprintf("https://www.example.com/news/page-%d", i)
		doc, err := html.Parse(bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		tokens, tree := Links(body, pageURL), DocumentLinks(doc, pageURL)
		if fmt.Sprint(tokens) != fmt.Sprint(tree) {
			t.Errorf("page %d: tokens give %d links %d feeds, the tree %d links %d feeds",
				i, len(tokens.Links), len(tokens.Feeds), len(tree.Links), len(tree.Feeds))
		}
	}
}
