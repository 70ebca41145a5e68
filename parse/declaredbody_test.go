package parse

import (
	"errors"
	"strings"
	"testing"
)

// TestDeclaredBody reads pages whose markup holds less of the story than
// their JSON-LD articleBody: an app shell its scripts fill, a first
// paragraph with the rest behind a script. The declared text, plain or in
// escaped markup, is the article's, a paragraph each; a page whose markup
// holds the whole story keeps it, and a declared body too short to be an
// article makes none.
func TestDeclaredBody(t *testing.T) {
	tests := []struct {
		name, file, url string
		edit            *strings.Replacer // applied to the page, when set
		paragraphs      int
		has             string // in the text
		notArticle      bool
	}{
		{"an app shell", "app-shell.html", "https://www.tidewaterdaily.example/news/port-dredging-approved", nil,
			4, "Fishermen and environmental groups asked the board", false},
		{"a first paragraph, the rest behind a script", "teaser-then-script.html", "https://www.northerncourier.example/transport/late-trains", nil,
			4, "Councillors along the line had campaigned", false},
		{"the markup's whole story beside a short declared one", "full-text-short-declared.html", "https://www.mesasentinel.example/news/cooling-centers", nil,
			4, "Hospitals reported 43 visits", false},
		{"an app shell declaring a line", "app-shell.html", "https://www.tidewaterdaily.example/news/port-dredging-approved",
			strings.NewReplacer(`"articleBody":"The port authority voted`, `"articleBody":"The port authority voted.", "x":"`),
			0, "", true},
		{"an app shell declaring no article", "app-shell.html", "https://www.tidewaterdaily.example/news/port-dredging-approved",
			strings.NewReplacer(`"NewsArticle"`, `"WebPage"`, `content="article"`, `content="website"`),
			0, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page := fixture(t, "declared", tt.file)
			if tt.edit != nil {
				page = []byte(tt.edit.Replace(string(page)))
			}
			a, err := Parse(Page{URL: tt.url, Body: page, ContentType: "text/html"})
			if tt.notArticle {
				if !errors.Is(err, ErrNotArticle) {
					t.Fatalf("err = %v, want not an article", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := len(strings.Split(a.Text, "\n\n")); got != tt.paragraphs {
				t.Errorf("%d paragraphs, want %d:\n%s", got, tt.paragraphs, a.Text)
			}
			if got := strings.Count(a.HTML, "<p>"); got != tt.paragraphs {
				t.Errorf("%d <p> in the HTML, want %d:\n%s", got, tt.paragraphs, a.HTML)
			}
			if !strings.Contains(a.Text, tt.has) {
				t.Errorf("text lacks %q:\n%s", tt.has, a.Text)
			}
			if strings.Contains(a.Text, "<") || strings.Contains(a.Text, "&lt;") {
				t.Errorf("markup in the text:\n%s", a.Text)
			}
		})
	}
}
