package parse

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParse checks that no input makes Parse panic, and that what it
// returns holds together: an article with valid UTF-8 text and its hash,
// or an error of one line. Seeds are the committed pages and the corpus in
// testdata/fuzz/FuzzParse.
func FuzzParse(f *testing.F) {
	for _, dir := range []string{"article", "notarticle"} {
		paths, _ := filepath.Glob(filepath.Join("testdata", dir, "*.html"))
		for _, p := range paths {
			if b, err := os.ReadFile(p); err == nil {
				f.Add(b, "text/html")
			}
		}
	}
	f.Fuzz(func(t *testing.T, body []byte, contentType string) {
		a, err := Parse(Page{URL: "https://news.example/a/1", Body: body, ContentType: contentType})
		if err != nil {
			if a != nil {
				t.Errorf("article and error both returned: %v", err)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error spans lines: %q", err)
			}
			if !errors.Is(err, ErrNotArticle) && !errors.Is(err, ErrNotHTML) {
				t.Errorf("error matches neither ErrNotArticle nor ErrNotHTML: %v", err)
			}
			return
		}
		if a == nil {
			t.Fatal("nil article without an error")
		}
		for name, s := range map[string]string{"text": a.Text, "html": a.HTML, "title": a.Title, "byline": a.Byline} {
			if !utf8.ValidString(s) {
				t.Errorf("%s is not valid UTF-8: %q", name, s)
			}
		}
		if strings.TrimSpace(a.Text) == "" {
			t.Error("article without text")
		}
		if a.ContentHash != ContentHash(a.Text) {
			t.Error("content hash does not match the text")
		}
	})
}
