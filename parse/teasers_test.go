package parse

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// TestPageOfTeasers: a section front that declares nothing, whose teasers
// carry a line of text each, is no article; a story with a box of related
// stories, or one written in headed short sections, is.
func TestPageOfTeasers(t *testing.T) {
	cards := func(n int, markup string) string {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, markup, i, i, i)
		}
		return b.String()
	}
	const (
		card = `<li><div class="card"><h3><a href="/2024/03/15/story-%d">Story %d of the week in the region</a></h3>
<p class="card-description">Officials in the county said on Friday that the plans for number %d would go ahead after a long consultation with residents and local businesses.</p>
<time datetime="2024-03-15T08:00:00Z">15 March 2024</time></div></li>`
		linkedCard = `<div class="teaser"><a href="/2024/03/15/story-%d"><h2>Story %d: the council's plans for the harbour</h2></a>
<p>The council said on Friday that the plans for number %d would go ahead after a long consultation with residents, traders and the harbour board.</p></div>`
		prose = `<p>The harbour wall at Millbrook will be rebuilt over the next two years after the council approved
a plan on Tuesday that engineers say will protect the town from the storms that breached it twice last winter.
Work starts in the spring, and the harbour will stay open throughout, the council's head of engineering said.</p>`
	)
	story := `<h1>Harbour wall to be rebuilt</h1>` + strings.Repeat(prose, 6)
	tests := []struct {
		name, body string
		article    bool
	}{
		{"cards with a line each", `<h1>World</h1><ul>` + cards(10, card) + `</ul>`, false},
		{"headings inside their links", `<h1>Latest</h1>` + cards(8, linkedCard), false},
		{"a story with a box of related stories", `<article>` + story + `</article><aside><h2>Related</h2><ul>` + cards(6, card) + `</ul></aside>`, true},
		{"a story in headed sections", `<article><h1>What the budget means for you</h1>` +
			strings.Repeat(`<h2>Pensions</h2>`+prose, 7) + `</article>`, true},
		{"too few teasers", `<h1>World</h1><ul>` + cards(3, card) + `</ul>` + strings.Repeat(prose, 2), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page := `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Page | The Local Times</title></head><body><main>` +
				tt.body + `</main></body></html>`
			_, err := Parse(Page{URL: "https://news.example/news/world", Body: []byte(page), ContentType: "text/html"})
			switch {
			case tt.article && err != nil:
				t.Errorf("not an article: %v", err)
			case !tt.article && !errors.Is(err, ErrNotArticle):
				t.Errorf("Parse = %v, want a section front", err)
			}
		})
	}
}
