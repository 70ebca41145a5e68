package archive

import (
	"context"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestSnippetOf(t *testing.T) {
	long := strings.Repeat("filler ", 30)
	tests := []struct {
		name, text, expr string
		n                int
		want             string
	}{
		{"word at the start", "Council votes on the harbour bridge today.", "council", 4,
			"**Council** votes on the…"},
		{"window around the first match", long + "the harbour bridge was closed " + long, "bridge", 6,
			"…harbour **bridge** was closed filler filler…"},
		{"every match in the window marked", "a bridge and a bridge again", "bridge", 16,
			"a **bridge** and a **bridge** again"},
		{"phrase", long + "the old bridge and the bridge", `"old bridge"`, 5,
			"…the **old bridge** and the…"},
		{"prefix", "Councillors met.", "council*", 16, "**Councillors** met."},
		{"case and diacritics aside", "The Café in Zürich", "cafe zurich", 16, "The **Café** in **Zürich**"},
		{"column of the title left out", "words of the text", "title:text", 2, "words of…"},
		{"text column kept", "words of the text", "text:text", 16, "words of the **text**"},
		{"no match shows the opening", long, "volcano", 3, "filler filler filler…"},
		{"window at the end", long + "last bridge.", "bridge", 4, "…filler filler last **bridge**."},
		{"CJK in the index's form", "日本の首都である東京に新しい駅が開業しました。", "東\u200b京", 6,
			"…る\u200b**東\u200b京**\u200bに\u200b新\u200bし…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := snippetOf(tt.text, tt.expr, tt.n); got != tt.want {
				t.Errorf("snippetOf(%q, %q, %d) = %q, want %q", shortened(tt.text), tt.expr, tt.n, got, tt.want)
			}
		})
	}
}

func TestSnippetMatches(t *testing.T) {
	tests := []struct {
		name, text, expr string
		want             int
	}{
		{"words", "The bridge, the old bridge and the Bridge.", "bridge", 3},
		{"phrase", "the old bridge and the bridge", `"old bridge"`, 1},
		{"diacritics", "Café, cafe and CAFÉ", "cafe", 3},
		{"title filter", "bridge bridge", "title:bridge", 0},
		{"counted up to one past the bound", strings.Repeat("a ", 5000), "a", manySnippetMatches + 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := snippetMatches(tt.text, tt.expr); got != tt.want {
				t.Errorf("snippetMatches(%q, %q) = %d, want %d", shortened(tt.text), tt.expr, got, tt.want)
			}
		})
	}
}

// TestSearchLongTextManyMatches searches a word a long text repeats tens
// of thousands of times: FTS5's snippet() took minutes over it, and Ctrl-C
// could not stop it.
func TestSearchLongTextManyMatches(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	var text strings.Builder
	for i := range 1000 {
		text.WriteString("Paragraph " + strings.Repeat("tally ", 25) + "counted.\n\n")
		if i == 500 {
			text.WriteString("The recount ended.\n\n")
		}
	}
	mustSave(t, s, record("https://daily.example/transcript", "Full transcript of the count", text.String(), t0))
	mustSave(t, s, record("https://daily.example/short", "Short story", "A short tally of the votes.", t0))

	start := time.Now()
	hits, err := s.Search(ctx, Query{Text: "tally"})
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("search took %s", took.Round(time.Millisecond))
	}
	if err != nil || len(hits) != 2 {
		t.Fatalf("Search: %d hits, %v; want 2", len(hits), err)
	}
	for _, h := range hits {
		if !strings.Contains(h.Snippet, "**tally**") {
			t.Errorf("snippet of %s: %q; want the match marked", h.CanonicalURL, h.Snippet)
		}
	}
	hits, err = s.Search(ctx, Query{Text: "recount"})
	if err != nil || len(hits) != 1 || !strings.Contains(hits[0].Snippet, "The **recount** ended.") {
		t.Errorf("Search(recount) = %+v, %v; want the long text's match in its snippet", hits, err)
	}
}

// FuzzSnippet: the snippet cut in Go and the count of matches that
// chooses it take any stored text and any query the syntax accepts
// without panicking, the count stays within its bound, and a snippet of
// valid text is valid text whose words come from the text.
func FuzzSnippet(f *testing.F) {
	f.Add("The Café in Zürich, 東京の天気.", "cafe 東京", 8)
	f.Add("a bridge and a bridge again", `"a bridge" OR again*`, 3)
	f.Add("", "title:x", 0)
	f.Add("x\u0301\u200d y", "-text:x NEAR(y x, 2)", 1)
	f.Fuzz(func(t *testing.T, text, query string, n int) {
		expr, err := matchExpression(query)
		if err != nil {
			return
		}
		if c := snippetMatches(text, expr); c < 0 || c > manySnippetMatches+1 {
			t.Fatalf("snippetMatches = %d, want 0..%d", c, manySnippetMatches+1)
		}
		got := snippetOf(text, expr, n%64)
		if !utf8.ValidString(text) {
			return
		}
		if !utf8.ValidString(got) {
			t.Fatalf("snippetOf(%q, %q) = %q: not UTF-8", text, expr, got)
		}
		form := indexForm(text)
		for _, word := range strings.Fields(strings.NewReplacer("**", " ", "…", " ").Replace(got)) {
			if !strings.Contains(form, word) {
				t.Fatalf("snippetOf(%q, %q) = %q: %q is not in the text", text, expr, got, word)
			}
		}
	})
}
