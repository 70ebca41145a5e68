package archive

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestMatchExpression(t *testing.T) {
	tests := []struct {
		typed, want string
	}{
		{"flood", "flood"},
		{"flood barrier", "flood barrier"},
		{`"old bridge" OR dam`, `"old bridge" OR dam`},
		{"(mayor OR council) NOT taxes", "(mayor OR council) NOT taxes"},
		{"mayor AND NOT taxes", "mayor NOT taxes"},
		{"(mayor AND NOT taxes) OR dam", "(mayor NOT taxes) OR dam"},
		// Inside quotes they are words.
		{`"jazz AND NOT rock"`, `"jazz AND NOT rock"`},
		{`mayor "AND NOT" taxes`, `mayor "AND NOT" taxes`},
		{"bridge*", "bridge*"},
		{`"old bri"*`, `"old bri"*`},
		{"^river", "^river"},
		{"AND", `"AND"`},
		// Symbols are no words: the index does not hold them.
		{"🚀 launch", "launch"},
		{"launch -🚀", "launch"},
		{"🚀launch", "🚀launch"},
		{"2² ½", "2² ½"},
		// Left out, as in web search engines.
		{"electric -Audi", "electric NOT Audi"},
		{"-Audi electric", "electric NOT Audi"},
		{"electric car -Audi -Tesla", "(electric car) NOT Audi NOT Tesla"},
		{`electric -"Audi e-tron"`, `electric NOT "Audi e-tron"`},
		{"electric AND -Audi", "electric NOT Audi"},
		{"electric -(Audi OR Tesla)", "electric NOT (Audi OR Tesla)"},
		{"(electric -Audi) OR diesel", "(electric NOT Audi) OR diesel"},
		{"electric -title:Audi", "electric NOT title:Audi"},
		{"electric title:-Audi", "electric NOT title:Audi"},
		{"electric (-Audi)", "electric NOT Audi"},
		{"electric (-Audi -Tesla)", "electric NOT (Audi OR Tesla)"},
		{"electric title:(-Audi)", "electric NOT title:Audi"},
		{`electric "" car`, "electric car"},
		{"electric -", "electric"},
		{"electric - car", "electric car"},
		// A hyphen inside a word keeps it a phrase.
		{"covid-19", `"covid-19"`},
		{"e-mail Jean-Luc", `"e-mail" "Jean-Luc"`},
		{"covid-19 -vaccine", `"covid-19" NOT vaccine`},
		// Column filters, and colons that are not.
		{"title:flood", "title:flood"},
		{"Title:flood", "title:flood"},
		{`title:"old bridge"`, `title:"old bridge"`},
		{"title:(flood OR dam)", "title:(flood OR dam)"},
		{"title:covid-19", `title:"covid-19"`},
		{"10:30", `"10:30"`},
		{"http://127.0.0.1", `"http://127.0.0.1"`},
		{"foo:bar", `"foo:bar"`},
		{"text:http://x.example", `text:"http://x.example"`},
		{"{title byline}:Audi", "{title byline}:Audi"},
		{"{Title  BYLINE}:Audi", "{title byline}:Audi"},
		{`{title byline}:"old bridge"`, `{title byline}:"old bridge"`},
		{"electric -{title byline}:Audi", "electric NOT {title byline}:Audi"},
		{"{title}:NEAR(flood barrier)", "{title}:NEAR(flood barrier)"},
		{"{title}", `"{title}"`},
		// Other signs FTS5 would read as syntax.
		{"a*b", `"a*b"`},
		{"*", ""},
		{"flood *", "flood"},
		{"^", ""},
		{"+flood", `"+flood"`},
		{"a + b", "a b"},
		{"U.S. flood", `"U.S." flood`},
		{"flood (barrier)", "flood AND (barrier)"},
		{"(flood) barrier", "(flood) AND barrier"},
		{"NEAR(flood barrier) dam", "NEAR(flood barrier) AND dam"},
		{"NEAR(flood barrier, 5)", "NEAR(flood barrier, 5)"},
		{"NEAR(flood barrier,5)", "NEAR(flood barrier, 5)"},
		{"NEAR (flood covid-19)", `NEAR(flood "covid-19")`},
		{"near(flood barrier)", `"near" AND (flood barrier)`},
		{"flood and barrier", `flood "and" barrier`},
		{"flood or not", `flood "or" "not"`},
		{"NEAR flood", `"NEAR" flood`},
		{"the the THE flood", "the flood"},
	}
	for _, tt := range tests {
		t.Run(tt.typed, func(t *testing.T) {
			got, err := matchExpression(tt.typed)
			if tt.want == "" {
				// Nothing to search for: FTS5 matches nothing, or refuses.
				if err == nil && got != "" {
					t.Errorf("matchExpression(%q) = %q, want nothing", tt.typed, got)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("matchExpression(%q) = %q, %v; want %q", tt.typed, got, err, tt.want)
			}
		})
	}
}

func TestMatchExpressionRefuses(t *testing.T) {
	tests := []struct{ typed, reason string }{
		{"-electric", "needs a word to search for"},
		{"-electric -Audi", "needs a word to search for"},
		{`-"electric car"`, "needs a word to search for"},
		{"NOT electric", "NOT needs a word before it"},
		{"electric AND", "AND needs a word after it"},
		{"electric OR -Audi", "cannot follow OR"},
		{"electric NOT -Audi", "cannot follow NOT"},
		{"NEAR(flood -dam)", "goes outside it"},
		{`NEAR(flood -"old dam")`, "goes outside it"},
		{"NEAR(^flood barrier)", "cannot hold ^word"},
		{`""`, "no searchable words"},
		{"🚀", "no searchable words (letters or digits; emoji and other symbols are not indexed)"},
		{"🚀 ★ © € ✓", "no searchable words"},
		{`"🚀"`, "no searchable words"},
		{"^🚀 🚀*", "no searchable words"},
		{"👨‍👩‍👧 👍🏽 🇺🇦", "no searchable words"},
		{"🚀 -launch", "needs a word to search for"},
		{`"..." -Audi`, "needs a word to search for"},
		{"electric -title:-Audi", "one - is enough"},
		{"electric -(-Audi)", "leaves out a word left out"},
		{"{title byline}: flood", "needs a word after it"},
		{"title:title:flood", "one column filter to a word"},
		{"{title byline}:{text}:flood", "one column filter to a word"},
		{"title:{byline}:flood", "one column filter to a word"},
		{"{title bogus}:Audi", `"bogus" is no column`},
		{"{title,byline}:Audi", "is no column"},
		{"{}:Audi", "names no column"},
		{"{ }:Audi", "names no column"},
		{"{title byline:Audi", "not closed"},
		{"{title byline}}:Audi", "a } closes no {"},
		{"NEAR(electric AND battery)", "AND goes outside it"},
		{"NEAR(electric OR battery)", "OR goes outside it"},
		{"NEAR(title:electric battery)", "goes before NEAR"},
		{"NEAR(electric {title}:battery)", "goes before NEAR"},
		{"electric AND OR car", "two operators in a row"},
		{`"electric car`, "not closed"},
		{"(electric", "( is not closed"},
		{"electric)", ") closes no bracket"},
		{"()", "holds no word"},
		{"title:", "title: needs a word after it"},
		{"NEAR(a b, x)", "number"},
	}
	for _, tt := range tests {
		t.Run(tt.typed, func(t *testing.T) {
			_, err := matchExpression(tt.typed)
			if !errors.Is(err, ErrBadQuery) || !strings.Contains(err.Error(), tt.reason) || !strings.Contains(err.Error(), fmt.Sprintf("%q", tt.typed)) {
				t.Errorf("matchExpression(%q): %v; want ErrBadQuery quoting it, saying %q", tt.typed, err, tt.reason)
			}
		})
	}
}

// TestSearchLeavesOutAndQuotes: search and export select the same
// articles for -word and for words FTS5 would read as syntax.
func TestSearchLeavesOutAndQuotes(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	mustSave(t, s, record("https://cars.example/audi", "Audi's electric saloon", "The electric Audi goes on sale at 10:30 on Monday.", t0))
	mustSave(t, s, record("https://cars.example/tesla", "Tesla cuts electric prices", "Electric cars are cheaper; see http://127.0.0.1 for details.", t0))
	mustSave(t, s, record("https://cars.example/diesel", "Diesel sales fall", "Covid-19 and the e-mail from Jean-Luc about diesel engines.", t0))
	if _, err := s.IndexPending(ctx); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		typed string
		want  []string
	}{
		{"electric -Audi", []string{"https://cars.example/tesla"}},
		{"-Audi electric", []string{"https://cars.example/tesla"}},
		{`electric -"electric Audi"`, []string{"https://cars.example/tesla"}},
		{"electric -title:Tesla", []string{"https://cars.example/audi"}},
		{"electric title:-Tesla", []string{"https://cars.example/audi"}},
		{"electric (-Audi)", []string{"https://cars.example/tesla"}},
		{"{title byline}:diesel", []string{"https://cars.example/diesel"}},
		{"{byline}:diesel", nil},
		{"sale -{title byline}:electric", nil},
		{"electric -{title byline}:Audi", []string{"https://cars.example/tesla"}},
		{"covid-19 e-mail Jean-Luc", []string{"https://cars.example/diesel"}},
		{"10:30", []string{"https://cars.example/audi"}},
		{"http://127.0.0.1", []string{"https://cars.example/tesla"}},
		{"title:diesel", []string{"https://cars.example/diesel"}},
		{"electric -", []string{"https://cars.example/audi", "https://cars.example/tesla"}},
	}
	for _, tt := range tests {
		t.Run(tt.typed, func(t *testing.T) {
			hits, err := s.Search(ctx, Query{Text: tt.typed})
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]bool{}
			for _, h := range hits {
				got[h.CanonicalURL] = true
			}
			if len(got) != len(tt.want) {
				t.Errorf("Search(%q) found %d: %v; want %v", tt.typed, len(got), got, tt.want)
			}
			for _, u := range tt.want {
				if !got[u] {
					t.Errorf("Search(%q) misses %s: %v", tt.typed, u, got)
				}
			}
			n, err := s.ExportCount(ctx, ExportFilter{Query: tt.typed})
			if err != nil || n != len(tt.want) {
				t.Errorf("export of %q: %d, %v; want %d", tt.typed, n, err, len(tt.want))
			}
		})
	}
	for _, q := range []string{"-electric", "-Audi -Tesla"} {
		if _, err := s.Search(ctx, Query{Text: q}); !errors.Is(err, ErrBadQuery) {
			t.Errorf("Search(%q): %v; want ErrBadQuery", q, err)
		}
		if _, err := s.ExportCount(ctx, ExportFilter{Query: q}); !errors.Is(err, ErrBadQuery) {
			t.Errorf("export of %q: %v; want ErrBadQuery", q, err)
		}
	}
}
