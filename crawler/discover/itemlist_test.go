package discover

import (
	"bytes"
	"slices"
	"testing"

	"golang.org/x/net/html"
)

// TestItemListLinks: a section page whose stories its scripts render
// lists them in JSON-LD for search engines; those addresses are its
// links, read from its bytes or its tree alike, in every form the lists
// take. JSON-LD that lists nothing adds none.
func TestItemListLinks(t *testing.T) {
	const story1, story2 = "https://news.example/world/2026/11/29/ferry-returns", "https://news.example/world/2026/11/29/port-strike-ends"
	tests := []struct {
		name, ld string
		want     []string
	}{
		{"list items with urls", `{"@context":"https://schema.org","@type":"ItemList","itemListElement":[
			{"@type":"ListItem","position":1,"url":"/world/2026/11/29/ferry-returns"},
			{"@type":"ListItem","position":2,"url":"https://news.example/world/2026/11/29/port-strike-ends"}]}`,
			[]string{story1, story2}},
		{"items as nodes", `{"@type":"ItemList","itemListElement":[
			{"@type":"ListItem","position":1,"item":{"@type":"NewsArticle","@id":"/world/2026/11/29/ferry-returns"}},
			{"@type":"ListItem","position":2,"item":"/world/2026/11/29/port-strike-ends"}]}`,
			[]string{story1, story2}},
		{"in a graph, as a page's main entity", `{"@graph":[{"@type":"WebSite","url":"/"},
			{"@type":"CollectionPage","mainEntity":{"@type":["ItemList"],"itemListElement":["/world/2026/11/29/ferry-returns"]}}]}`,
			[]string{story1}},
		{"breadcrumbs are no list of stories", `{"@type":"BreadcrumbList","itemListElement":[{"@type":"ListItem","item":"/world/"}]}`, nil},
		{"an article", `{"@type":"NewsArticle","headline":"Ferry returns","url":"/world/2026/11/29/ferry-returns"}`, nil},
		{"broken JSON", `{"@type":"ItemList","itemListElement":[`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page := []byte(`<!DOCTYPE html><html><head><title>World</title><script type="application/ld+json">` + tt.ld +
				`</script></head><body><div id="app"></div><script src="/app.js"></script></body></html>`)
			tokenised := Links(page, "https://news.example/world/")
			doc, err := html.Parse(bytes.NewReader(page))
			if err != nil {
				t.Fatal(err)
			}
			parsed := DocumentLinks(doc, "https://news.example/world/")
			if !slices.Equal(tokenised.Links, tt.want) || !slices.Equal(parsed.Links, tt.want) {
				t.Errorf("links %q (tokenised), %q (parsed), want %q", tokenised.Links, parsed.Links, tt.want)
			}
		})
	}
}

// TestNextPageLink: a list's next page named only by <link rel="next">,
// as pages of infinite scroll name it, is a link; a previous page's or a
// stylesheet's <link> is not.
func TestNextPageLink(t *testing.T) {
	page := []byte(`<!DOCTYPE html><html><head><title>World</title>
<link rel="stylesheet" href="/static/site.css"><link rel="prev" href="/world/page/1">
<link rel="next" href="/world/page/3"></head><body><div id="stories"></div></body></html>`)
	want := []string{"https://news.example/world/page/3"}
	tokenised := Links(page, "https://news.example/world/page/2")
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	parsed := DocumentLinks(doc, "https://news.example/world/page/2")
	if !slices.Equal(tokenised.Links, want) || !slices.Equal(parsed.Links, want) {
		t.Errorf("links %q (tokenised), %q (parsed), want %q", tokenised.Links, parsed.Links, want)
	}
}
