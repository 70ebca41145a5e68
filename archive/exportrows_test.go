package archive

import (
	"context"
	"testing"

	"github.com/newsarchive/newsarchive/parse"
)

func TestUnescapeHTMLChars(t *testing.T) {
	tests := []struct{ in, want string }{
		{`["plain"]`, `["plain"]`},
		{`["R\u0026D","\u003cb\u003e"]`, `["R&D","<b>"]`},
		{`["a backslash then u0026: \\u0026"]`, `["a backslash then u0026: \\u0026"]`},
		{`["\\\u0026"]`, `["\\&"]`},
		{`["\u00e9 stays", "\u2028"]`, `["\u00e9 stays", "\u2028"]`},
		{`["cut \u00`, `["cut \u00`},
	}
	for _, tt := range tests {
		if got := unescapeHTMLChars(tt.in); got != tt.want {
			t.Errorf("unescapeHTMLChars(%s) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

// TestExportListsKeepHTMLChars: authors, tags and image captions holding
// <, > or & are exported as they are, like the other fields, whether saved
// now or escaped by an older release.
func TestExportListsKeepHTMLChars(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	r := record("https://news.example/rd", "Lab budget", "The research and development budget grew again this year.", t0)
	r.Article.Authors = []string{"Smith & Jones"}
	r.Article.Tags = []string{"R&D", "<science>"}
	r.Article.Images = []parse.Image{{URL: "https://news.example/lab.jpg", Caption: "Lab <left> & office"}}
	mustSave(t, s, r)
	want := [3]string{`["Smith & Jones"]`, `[{"url":"https://news.example/lab.jpg","alt":"","caption":"Lab <left> & office"}]`,
		`["R&D","<science>"]`}
	check := func(when string) {
		t.Helper()
		err := s.ExportRows(ctx, ExportFilter{}, func(row *ExportRow) error {
			if got := [3]string{string(row.Authors), string(row.Images), string(row.Tags)}; got != want {
				t.Errorf("%s: lists %q, want %q", when, got, want)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	check("saved now")
	_, err := s.writer.ExecContext(ctx, `UPDATE versions SET authors = '["Smith \u0026 Jones"]',
		images = '[{"url":"https://news.example/lab.jpg","alt":"","caption":"Lab \u003cleft\u003e \u0026 office"}]',
		tags = '["R\u0026D","\u003cscience\u003e"]'`)
	if err != nil {
		t.Fatal(err)
	}
	check("saved escaped")
}
