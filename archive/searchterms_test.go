package archive

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestQueryTerms(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"flood barrier", []string{"flood", "barrier"}},
		{`"flood barrier" OR dam`, []string{`"flood barrier"`, "dam"}},
		{"(mayor OR council) NOT taxes", []string{"mayor", "council", "taxes"}},
		{`title:flood bar* "unclosed phrase`, []string{"title:flood", "bar*", `"unclosed phrase`}},
		{`a"b"`, []string{"a", `"b"`}},
		{"", nil},
	}
	for _, tt := range tests {
		if got := queryTerms(tt.text); !slices.Equal(got, tt.want) {
			t.Errorf("queryTerms(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestBoundedQuery(t *testing.T) {
	many := func(sep string, n int) string {
		words := make([]string, n)
		for i := range words {
			words[i] = "w" + strings.Repeat("x", i%7) + string(rune('a'+i%26)) + string(rune('a'+i/26))
		}
		return strings.Join(words, sep)
	}
	phrase := func(n int) string { return `"` + many(" ", n) + `"` }
	tests := []struct {
		name, text, want string
		bad              string // the bound the error names
	}{
		{"repeats of a word dropped", strings.Repeat("the ", 150), "the", ""},
		{"repeats differing in case", "Flood flood FLOOD barrier", "Flood barrier", ""},
		{"operators keep their repeats", "a OR a OR b", "a OR a OR b", ""},
		{"64 words", many(" ", 64), many(" ", 64), ""},
		{"65 words", many(" ", 65), "", "65 words or phrases, at most 64"},
		{"65 words in OR", many(" OR ", 65), "", "at most 64"},
		{"a long phrase is one term", phrase(100), phrase(100), ""},
		{"a phrase of 256 words", phrase(256), phrase(256), ""},
		{"a phrase of 257 words", phrase(257), "", "257 words, at most 256"},
		{"a phrase of 5,000 words", phrase(5000), "", "5000 words, at most 256"},
		{"words of phrases add up", phrase(200) + " " + phrase(57), "", "257 words, at most 256"},
		{"the words of a phrase's words", `"covid-19 ` + many(" ", 255) + `"`, "", "257 words, at most 256"},
		{"CJK letters are words", `"` + strings.Repeat("東\u200b", 257) + `"`, "", "257 words, at most 256"},
		{"column filters are no words", "title:" + phrase(255) + " text:a", "title:" + phrase(255) + " text:a", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := boundedQuery(tt.text, tt.text)
			if tt.bad != "" {
				if !errors.Is(err, ErrBadQuery) || !strings.Contains(err.Error(), tt.bad) {
					t.Errorf("err = %v, want a bad query naming %q", err, tt.bad)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("= %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

// TestSearchOfRepeatedWords: a query repeating one word finds what the
// word finds, at once (150 repeats took 15 s in snippets), and a query of
// too many words is refused with the bound, by search and export alike.
func TestSearchOfRepeatedWords(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	mustSave(t, s, record("https://news.example/flood", "Flood barrier opens", "The flood barrier at the river opened on the day the council met.", t0))
	if _, err := s.IndexPending(ctx); err != nil {
		t.Fatal(err)
	}
	hits, err := s.Search(ctx, Query{Text: strings.Repeat("the ", 150) + "flood"})
	if err != nil || len(hits) != 1 {
		t.Errorf("search of 150 repeats of the: %d hits, %v; want the article", len(hits), err)
	}
	long := strings.Repeat("river council ", 20) + strings.Join(strings.Fields("a b c d e f g h i j k l m n o p q r s t u v w x y z aa bb cc dd ee ff gg hh ii jj kk ll mm nn oo pp qq rr ss tt uu vv ww xx yy zz ab ac ad ae af ag ah ai aj ak al am an"), " ")
	if _, err := s.Search(ctx, Query{Text: long}); !errors.Is(err, ErrBadQuery) {
		t.Errorf("search of 67 distinct words: %v, want a bad query", err)
	}
	if err := s.ExportRows(ctx, ExportFilter{Query: long}, func(*ExportRow) error { return nil }); !errors.Is(err, ErrBadQuery) {
		t.Errorf("export of 67 distinct words: %v, want a bad query", err)
	}
}

// TestSearchLongPhrase: a phrase of more words than a query may hold is
// refused before FTS5 sees it, by search and export alike (5,000 words
// over a text of 120,000 held a search 13 s, Ctrl-C for seconds); a
// phrase of as many as it may hold is found.
func TestSearchLongPhrase(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	words := strings.Fields(strings.Repeat("the council met and the river rose over the old bridge ", 600))
	mustSave(t, s, record("https://news.example/long", "A long report", strings.Join(words, " "), t0))
	if _, err := s.IndexPending(ctx); err != nil {
		t.Fatal(err)
	}
	quoted := func(n int) string { return `"` + strings.Join(words[100:100+n], " ") + `"` }
	if hits, err := s.Search(ctx, Query{Text: quoted(maxQueryWords)}); err != nil || len(hits) != 1 {
		t.Errorf("search of a phrase of %d words: %d hits, %v; want the article", maxQueryWords, len(hits), err)
	}
	start := time.Now()
	if _, err := s.Search(ctx, Query{Text: quoted(5000)}); !errors.Is(err, ErrBadQuery) || !strings.Contains(err.Error(), "5000 words, at most 256") {
		t.Errorf("search of a phrase of 5,000 words: %v, want a bad query naming the bound", err)
	}
	if err := s.ExportRows(ctx, ExportFilter{Query: quoted(5000)}, func(*ExportRow) error { return nil }); !errors.Is(err, ErrBadQuery) {
		t.Errorf("export of a phrase of 5,000 words: %v, want a bad query", err)
	}
	if took := time.Since(start); took > time.Second {
		t.Errorf("refusing took %v", took)
	}
}
