package parse

import (
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
