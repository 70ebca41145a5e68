package archive

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

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

// TestUndatedArticleDatedByFirstSighting: --since and --until date an
// article without a publication date by its first sighting, for all its
// versions alike, in exports and in search (they used each version's own
// first sighting, which split an edited article across the bound).
func TestUndatedArticleDatedByFirstSighting(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	const u = "https://n.example/news/river-works"
	mustSave(t, s, record(u, "River works begin", floodText, t0))
	mustSave(t, s, record(u, "River works begin", floodText+" Work stopped at noon.", t0.Add(2*time.Hour)))
	bound := t0.Add(time.Hour)
	tests := []struct {
		name   string
		filter ExportFilter
		want   int
	}{
		{"until, latest", ExportFilter{DateBounds: DateBounds{Until: bound}}, 1},
		{"until, all versions", ExportFilter{DateBounds: DateBounds{Until: bound}, AllVersions: true}, 2},
		{"since, latest", ExportFilter{DateBounds: DateBounds{Since: bound}}, 0},
		{"since, all versions", ExportFilter{DateBounds: DateBounds{Since: bound}, AllVersions: true}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if n, err := s.ExportCount(ctx, tt.filter); err != nil || n != tt.want {
				t.Errorf("ExportCount = %d, %v; want %d", n, err, tt.want)
			}
		})
	}
	for q, want := range map[Query]int{{Text: "noon", DateBounds: DateBounds{Until: bound}}: 1, {Text: "noon", DateBounds: DateBounds{Since: bound}}: 0} {
		if hits, err := s.Search(ctx, q); err != nil || len(hits) != want {
			t.Errorf("Search(%+v) = %d hits, %v; want %d", q, len(hits), err, want)
		}
	}
}

// TestSectionStoredExportedAndRefreshed: the section a page declares is
// kept with its version, exported, and brought to a stored version by a
// reparse that reads one (versions stored before it have none).
func TestSectionStoredExportedAndRefreshed(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	r := record("https://news.example/vote", "Council vote", "The council voted on the budget late on Tuesday night.", t0)
	saved := mustSave(t, s, r)
	sectionNow := func() (stored, exported string) {
		t.Helper()
		v, err := s.Latest(ctx, saved.ArticleID)
		if err != nil {
			t.Fatal(err)
		}
		err = s.ExportRows(ctx, ExportFilter{}, func(row *ExportRow) error {
			exported = row.Section
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return v.Article.Section, exported
	}
	if stored, exported := sectionNow(); stored != "" || exported != "" {
		t.Fatalf("section before reparse = %q / %q, want none", stored, exported)
	}
	withSection := func(p parse.Page) (*parse.Article, error) {
		a := *r.Article
		a.Section = "Politics"
		return &a, nil
	}
	if _, err := s.Reparse(ctx, "", withSection); err != nil {
		t.Fatal(err)
	}
	if stored, exported := sectionNow(); stored != "Politics" || exported != "Politics" {
		t.Errorf("section after reparse = %q stored, %q exported; want Politics", stored, exported)
	}
	if vs, err := s.Versions(ctx, saved.ArticleID); err != nil || len(vs) != 1 {
		t.Errorf("versions after reparse = %d, %v; want the one refreshed in place", len(vs), err)
	}
}

// TestSectionAndLanguageFilters: exports and searches keep the articles
// whose latest version declares the section (case aside, in any script:
// SQLite's NOCASE folds ASCII only) or the language, a tag or its prefix
// ("en" takes "en-GB", not "eng"; "e_" is no pattern; "en_gb" is en-GB).
func TestSectionAndLanguageFilters(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	for _, a := range []struct{ path, section, language string }{
		{"/uk-vote", "Politics", "en-GB"},
		{"/us-vote", "politics", "en"},
		{"/match", "Sport", "de"},
		{"/ballad", "", "eng"},
		{"/budget", "Économie", "fr"},
		{"/duma", "Политика", "ru"},
	} {
		r := record("https://news.example"+a.path, "Report "+a.path, "A report filed from the county about "+a.path+" today.", t0)
		r.Article.Section, r.Article.Language = a.section, a.language
		mustSave(t, s, r)
	}
	if _, err := s.IndexPending(ctx); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		section, language string
		want              []string
	}{
		{"POLITICS", "", []string{"/uk-vote", "/us-vote"}},
		{"", "en", []string{"/uk-vote", "/us-vote"}},
		{"", "EN-gb", []string{"/uk-vote"}},
		{"politics", "de", nil},
		{"Sport", "de", []string{"/match"}},
		{"", "e_", nil},
		{"", "eng", []string{"/ballad"}},
		{"", "en_gb", []string{"/uk-vote"}},
		{"économie", "", []string{"/budget"}},
		{"ÉCONOMIE", "FR", []string{"/budget"}},
		{"политика", "", []string{"/duma"}},
	}
	for _, tt := range tests {
		var exported []string
		err := s.ExportRows(ctx, ExportFilter{Section: tt.section, Language: tt.language}, func(row *ExportRow) error {
			exported = append(exported, strings.TrimPrefix(row.URL, "https://news.example"))
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		hits, err := s.Search(ctx, Query{Text: "county", Section: tt.section, Language: tt.language, Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		var found []string
		for _, h := range hits {
			found = append(found, strings.TrimPrefix(h.CanonicalURL, "https://news.example"))
			if tt.section != "" && foldCase(h.Section) != foldCase(tt.section) {
				t.Errorf("hit %s: section %q, want %q", h.CanonicalURL, h.Section, tt.section)
			}
			if tt.language == "de" && h.Language != "de" {
				t.Errorf("hit %s: language %q, want de", h.CanonicalURL, h.Language)
			}
		}
		slices.Sort(found)
		if !slices.Equal(exported, tt.want) || !slices.Equal(found, tt.want) {
			t.Errorf("section %q language %q: exported %q, searched %q; want %q",
				tt.section, tt.language, exported, found, tt.want)
		}
	}
}
