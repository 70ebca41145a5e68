package archive

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestSearch(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	daily, err := s.EnsureSource(ctx, "daily", "h1")
	if err != nil {
		t.Fatal(err)
	}
	weekly, err := s.EnsureSource(ctx, "weekly", "h2")
	if err != nil {
		t.Fatal(err)
	}
	add := func(url, title, text string, src int64, at time.Time) {
		r := record(url, title, text, at)
		r.Fetch.SourceID = src
		mustSave(t, s, r)
	}
	add("https://daily.example/flood", "River flood closes bridge", "The river rose overnight and the old bridge was closed to traffic.", daily, t0)
	add("https://daily.example/budget", "Council passes budget", "The council voted on the budget; the river bridge repairs are funded.", daily, t0.Add(24*time.Hour))
	add("https://weekly.example/essay", "On bridges", "An essay about bridges and what they connect.", weekly, t0.Add(48*time.Hour))

	tests := []struct {
		name string
		q    Query
		want []string // canonical URLs in rank order
	}{
		{"title beats body", Query{Text: "flood"}, []string{"https://daily.example/flood"}},
		{"ranked by title weight", Query{Text: "bridge"}, []string{"https://daily.example/flood", "https://daily.example/budget"}},
		{"prefix", Query{Text: "bridge*"}, []string{"https://weekly.example/essay", "https://daily.example/flood", "https://daily.example/budget"}},
		{"source filter", Query{Text: "bridge*", Source: "weekly"}, []string{"https://weekly.example/essay"}},
		{"since", Query{Text: "bridge*", DateBounds: DateBounds{Since: t0.Add(time.Hour)}}, []string{"https://weekly.example/essay", "https://daily.example/budget"}},
		{"until", Query{Text: "bridge*", DateBounds: DateBounds{Until: t0.Add(time.Hour)}}, []string{"https://daily.example/flood"}},
		{"limit", Query{Text: "bridge*", Limit: 1}, []string{"https://weekly.example/essay"}},
		{"phrase", Query{Text: `"old bridge"`}, []string{"https://daily.example/flood"}},
		{"no match", Query{Text: "volcano"}, []string{}},
		{"hyphenated words as a phrase", Query{Text: "river-rose"}, []string{"https://daily.example/flood"}},
		{"hyphenated words not side by side", Query{Text: "river-budget"}, []string{}},
		{"punctuated words as a phrase", Query{Text: "old-bridge traffic."}, []string{"https://daily.example/flood"}},
		{"bare operator is a word", Query{Text: "AND"}, []string{"https://weekly.example/essay", "https://daily.example/flood"}},
		{"AND NOT as people write it", Query{Text: "bridge AND NOT flood"}, []string{"https://daily.example/budget"}},
		{"operator beside a word FTS5 cannot parse", Query{Text: "bridge NOT river-rose"}, []string{"https://daily.example/budget"}},
		{"diacritics folded", Query{Text: "rivér"}, []string{"https://daily.example/flood", "https://daily.example/budget"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hits, err := s.Search(ctx, tt.q)
			if err != nil {
				t.Fatal(err)
			}
			got := []string{}
			for _, h := range hits {
				got = append(got, h.CanonicalURL)
			}
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("Search(%+v) = %v, want %v", tt.q, got, tt.want)
			}
		})
	}
	if n, err := s.ExportCount(ctx, ExportFilter{Query: "bridge AND NOT flood"}); err != nil || n != 1 {
		t.Errorf("export of bridge AND NOT flood: %d, %v; want the budget", n, err)
	}
	if _, err := s.ExportCount(ctx, ExportFilter{Query: "NOT bridge"}); !errors.Is(err, ErrBadQuery) {
		t.Errorf("export of NOT bridge: %v; want ErrBadQuery", err)
	}
	// The error quotes the query as typed, not as rewritten for FTS5.
	for _, q := range []string{"bridge AND NOT", "bridge AND NOT flood AND"} {
		if _, err := s.Search(ctx, Query{Text: q}); err == nil || !strings.Contains(err.Error(), `"`+q+`"`) {
			t.Errorf("Search(%q): %v; want an error quoting it", q, err)
		}
	}
	if _, err := s.Search(ctx, Query{Text: "bridge", Source: "dialy"}); !errors.Is(err, ErrNotFound) {
		t.Errorf("search of an unknown source: %v, want ErrNotFound", err)
	}
	hits, err := s.Search(ctx, Query{Text: "overnight"})
	if err != nil || len(hits) != 1 || !strings.Contains(hits[0].Snippet, "**overnight**") || hits[0].Source != "daily" {
		t.Errorf("snippet hit = %+v, %v", hits, err)
	}
}

func TestSearchBadQuery(t *testing.T) {
	s := mustOpen(t)
	mustSave(t, s, record("https://daily.example/a", "A", "words", t0))
	for _, q := range []string{`"unterminated`, `(`, `NEAR(`, `title:(`, `title:`, "   ",
		"NOT words", "words AND", "words AND OR words", "OR words", "words)", "()", strings.Repeat("(", 2000) + "x"} {
		t.Run(q, func(t *testing.T) {
			_, err := s.Search(context.Background(), Query{Text: q})
			if !errors.Is(err, ErrBadQuery) {
				t.Fatalf("Search(%q): %v, want ErrBadQuery", q, err)
			}
			if strings.Contains(err.Error(), "\n") || len(err.Error()) > 300 {
				t.Errorf("error spans lines or runs long: %.400q", err)
			}
			if strings.HasSuffix(err.Error(), `near ""`) || strings.Contains(err.Error(), "fts5") {
				t.Errorf("error names no place, or speaks of SQLite's module: %q", err)
			}
		})
	}
}

// FuzzSearch checks that any query text gives hits or ErrBadQuery: never
// another error, never a panic.
func FuzzSearch(f *testing.F) {
	s := mustOpen(f)
	mustSave(f, s, record("https://daily.example/a", "River flood", "The river rose overnight.", t0))
	mustSave(f, s, record("https://daily.example/b", "東京の洪水", "東京で川が氾濫した。서울에서도 비가 왔다.", t0))
	for _, seed := range []string{"river", `"river rose"`, "riv*", "title:flood", "a OR b", "NOT x", "covid-19", `"`, "NEAR(a b, 2)", "^river", "{title}:x", "-", "+", "*",
		"東京", `"東京 川"`, "東*", "title:東京", "NEAR(東京 川)", "서울", "東京-川", "^東",
		"electric -Audi", "-x", `-"a b"`, "10:30", "http://127.0.0.1", "a*b", "near(a b)", "NEAR(a b, 5)", "x -(a OR b)", "title:(a OR b)", "a)"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, q string) {
		_, err := s.Search(context.Background(), Query{Text: q})
		if err != nil && !errors.Is(err, ErrBadQuery) {
			t.Fatalf("Search(%q): %v", q, err)
		}
		// A query matchExpression translates, FTS5 reads: its errors
		// are SQLite's words, not the user's.
		if expr, xerr := matchExpression(q); xerr == nil && err != nil && strings.TrimSpace(q) != "" {
			t.Fatalf("Search(%q) as %q: %v", q, expr, err)
		}
	})
}

// TestSearchStoppedQuotesQueryShort stops a search of a long phrase: its
// error quotes the query shortened, as a bad query's does, not whole.
func TestSearchStoppedQuotesQueryShort(t *testing.T) {
	s := mustOpen(t)
	mustSave(t, s, record("https://daily.example/flood", "River flood closes bridge", "The river rose overnight.", t0))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	phrase := `"` + strings.Repeat("riverbanks ", maxQueryWords) + `"` // the longest a query may be
	_, searchErr := s.Search(ctx, Query{Text: phrase})
	_, exportErr := s.ExportCount(ctx, ExportFilter{Query: phrase})
	for name, err := range map[string]error{"search": searchErr, "export": exportErr} {
		if !errors.Is(err, context.Canceled) || len(err.Error()) > 200 {
			t.Errorf("%s stopped: %d characters: %.300v; want context.Canceled, the query shortened", name, len(fmt.Sprint(err)), err)
		}
	}
}
