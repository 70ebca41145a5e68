package parse

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// OnDocument sees the page as parsed, before extraction strips it, once;
// it is not called for a page refused before parsing.
func TestOnDocument(t *testing.T) {
	article, err := os.ReadFile("testdata/article/short-brief.html")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, body, contentType string
		wantCalls               int
	}{
		{"article", string(article), "text/html; charset=utf-8", 1},
		{"page of too many links", linkFarm(maxArticleElements), "text/html", 1},
		{"section page", `<html><body><nav><a href="/a">a</a></nav><p>short</p></body></html>`, "text/html", 1},
		{"not html", "%PDF-1.7 binary", "application/pdf", 0},
		{"empty", "", "text/html", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			calls, anchors := 0, 0
			_, _ = Parse(Page{URL: "https://example.com/news/story", Body: []byte(tt.body), ContentType: tt.contentType,
				OnDocument: func(doc *html.Node) {
					calls++
					for n := range doc.Descendants() {
						if n.DataAtom == atom.A {
							anchors++
						}
					}
				}})
			if calls != tt.wantCalls {
				t.Errorf("OnDocument called %d times, want %d", calls, tt.wantCalls)
			}
			if want := strings.Count(strings.ToLower(tt.body), "<a "); calls > 0 && anchors < want {
				t.Errorf("the document held %d links of the page's %d: extraction changed it first", anchors, want)
			}
		})
	}
}

// linkFarm is a page of n links and a paragraph of text.
func linkFarm(n int) string {
	var b strings.Builder
	b.WriteString("<html><head><title>All stories</title></head><body><p>Every story we ran.</p>")
	for i := range n {
		fmt.Fprintf(&b, `<a href="/news/2024/05/%02d/story-%d">Story %d</a>`, i%28+1, i, i)
	}
	b.WriteString("</body></html>")
	return b.String()
}

// A page of more elements than an article page has is no article: it is
// refused after the crawler saw its document (and so its links), before
// extraction copies the tree.
func TestTooManyElementsIsNoArticle(t *testing.T) {
	article, err := os.ReadFile("testdata/article/short-brief.html")
	if err != nil {
		t.Fatal(err)
	}
	padded := func(n int) string {
		return strings.Replace(string(article), "</body>", strings.Repeat("<span></span>", n)+"</body>", 1)
	}
	tests := []struct {
		name, body string
		article    bool
	}{
		{"article", string(article), true},
		{"article padded to just under the limit", padded(maxArticleElements - 100), true},
		{"article padded over the limit", padded(maxArticleElements), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(Page{URL: "https://example.com/news/story", Body: []byte(tt.body), ContentType: "text/html"})
			if tt.article && err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if !tt.article && !errors.Is(err, ErrNotArticle) {
				t.Fatalf("Parse error %v, want ErrNotArticle", err)
			}
			if tt.name == "article padded over the limit" && !strings.Contains(err.Error(), "elements") {
				t.Errorf("error %q does not say why", err)
			}
		})
	}
}
