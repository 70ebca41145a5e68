package main

import (
	"math"
	"reflect"
	"testing"
)

func TestTokenize(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Hello, world! It's 2019.", []string{"Hello", "world", "It", "s", "2019"}},
		{"snake_case and naïve café", []string{"snake_case", "and", "naïve", "café"}},
		{"Привет, мир", []string{"Привет", "мир"}},
		{"日本語のテキスト、です。", []string{"日本語のテキスト", "です"}},
		{"  \n\t ", nil},
	}
	for _, tt := range tests {
		if got := tokenize(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("tokenize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestShingles(t *testing.T) {
	if got := shingles(nil); len(got) != 0 {
		t.Errorf("no tokens: %v, want none", got)
	}
	if got := shingles([]string{"a", "b"}); len(got) != 1 || got[joinTokens([]string{"a", "b"})] != 1 {
		t.Errorf("two tokens: %v, want one shingle of both", got)
	}
	got := shingles([]string{"a", "b", "c", "d", "a", "b", "c", "d"})
	if n := got[joinTokens([]string{"a", "b", "c", "d"})]; n != 2 {
		t.Errorf("repeated 4-gram counted %d times, want 2 (a multiset)", n)
	}
	if len(got) != 4 {
		t.Errorf("got %d distinct shingles, want 4", len(got))
	}
}

func TestScorePage(t *testing.T) {
	const truth = "one two three four five six"
	tests := []struct {
		name           string
		truth, pred    string
		precision, rec float64
		exact          bool
	}{
		{"identical", truth, truth, 1, 1, true},
		{"empty prediction", truth, "", 0, 0, false},
		{"both empty", "", "", 1, 1, true},
		{"half extra", truth, truth + " seven eight nine", 3.0 / 6, 1, false},
		{"missing end", truth, "one two three four five", 1, 2.0 / 3, false},
		{"punctuation ignored", truth, "One two, three. four (five) six", 4.0 / 6, 4.0 / 6, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := scorePage(tt.truth, tt.pred)
			if !near(s.precision(), tt.precision) || !near(s.recall(), tt.rec) || s.Exact != tt.exact {
				t.Errorf("P %.3f R %.3f exact %v, want P %.3f R %.3f exact %v",
					s.precision(), s.recall(), s.Exact, tt.precision, tt.rec, tt.exact)
			}
		})
	}
}

func TestAggregate(t *testing.T) {
	scores := []pageScore{
		scorePage("a b c d e", "a b c d e"), // P 1, R 1
		scorePage("a b c d e", ""),          // counts for recall (0), not precision
		scorePage("", "x y z w"),            // counts for precision (0), not recall
	}
	m := aggregate(scores)
	if !near(m.Precision, 0.5) || !near(m.Recall, 0.5) || !near(m.F1, 0.5) || !near(m.Accuracy, 1.0/3) {
		t.Errorf("aggregate = %+v, want P 0.5 R 0.5 F1 0.5 accuracy 0.333", m)
	}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }
