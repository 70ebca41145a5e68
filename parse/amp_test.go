package parse

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

func TestAMPImages(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{
			name: "attributes kept, noscript copy dropped",
			in:   `<amp-img src="a.jpg" alt="A" width="600" height="400"><noscript><img src="a.jpg"></noscript></amp-img>`,
			want: `<img src="a.jpg" alt="A" width="600" height="400"/>`,
		},
		{
			name: "placeholder and fallback dropped",
			in:   `<amp-img src="a.jpg"><amp-img placeholder src="blur.jpg"></amp-img><div fallback>offline</div></amp-img>`,
			want: `<img src="a.jpg"/>`,
		},
		{
			name: "text of an unclosed amp-img moves after it",
			in:   `<p><amp-img src="a.jpg">The story goes on.</p>`,
			want: `<p><img src="a.jpg"/>The story goes on.</p>`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := html.Parse(strings.NewReader(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			ampImages(doc)
			if got := renderBody(t, doc); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

// renderBody renders the children of doc's <body>.
func renderBody(t *testing.T, doc *html.Node) string {
	t.Helper()
	body := findElement(doc, func(el *html.Node) bool { return el.Data == "body" })
	if body == nil {
		t.Fatal("no body")
	}
	var b strings.Builder
	for c := body.FirstChild; c != nil; c = c.NextSibling {
		if err := html.Render(&b, c); err != nil {
			t.Fatal(err)
		}
	}
	return b.String()
}
