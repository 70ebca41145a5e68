package worddiff

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestFormat(t *testing.T) {
	tests := []struct {
		name, a, b string
		context    int
		want       string
	}{
		{"same", "one two three", "one  two\nthree", 2, "…"},
		{"word replaced", "the council voted on Tuesday", "the council voted on Wednesday", 2, "… voted on [-Tuesday-] {+Wednesday+}"},
		{"word added", "a b c d e f", "a b c X d e f", 1, "… c {+X+} d …"},
		{"word removed at start", "Breaking: storm hits coast", "storm hits coast", 1, "[-Breaking:-] storm …"},
		{"all context", "a b c", "a x c", -1, "a [-b-] {+x+} c"},
		{"from empty", "", "new text", 3, "{+new text+}"},
		// Chinese and Japanese are compared letter by letter.
		{"japanese", "東京は晴れです。明日も晴れるでしょう。", "東京は雨です。明日も晴れるでしょう。", 2, "… 京は [-晴れ-] {+雨+} です …"},
		{"chinese in english", "The 北京 summit", "The 上海 summit", -1, "The [-北京-] {+上海+} summit"},
		{"japanese punctuation", "公園が開園した。「東京」", "公園が閉園した。「東京」", -1, "公園が [-開-] {+閉+} 園した。「東京」"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			chunks := Diff(tt.a, tt.b)
			if got := Format(chunks, tt.context); got != tt.want {
				t.Errorf("Format(Diff(%q, %q)) = %q, want %q", tt.a, tt.b, got, tt.want)
			}
			if Changed(chunks) != (tt.name != "same") {
				t.Errorf("Changed = %v", Changed(chunks))
			}
		})
	}
}

// FuzzWords: splitting into words and joining them back keeps every
// character but the spaces, and a diff of any two texts neither panics
// nor loses a word.
func FuzzWords(f *testing.F) {
	for _, seed := range []string{"the council voted", "東京は晴れです。", "The 北京 summit", "「東京」と大阪、2026年", " \t\n", "ｶﾀｶﾅ ＡＢＣ"} {
		f.Add(seed, "the council met")
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		if !utf8.ValidString(a) || !utf8.ValidString(b) {
			return
		}
		squash := func(s string) string { return strings.Join(strings.Fields(s), "") }
		if got := join(Words(a)); squash(got) != squash(a) {
			t.Fatalf("join(Words(%q)) = %q", a, got)
		}
		var inserted, kept []string
		for _, c := range Diff(a, b) {
			if c.Op != Delete {
				inserted = append(inserted, c.Text)
			}
			if c.Op != Insert {
				kept = append(kept, c.Text)
			}
		}
		if squash(strings.Join(inserted, " ")) != squash(b) || squash(strings.Join(kept, " ")) != squash(a) {
			t.Fatalf("Diff(%q, %q) loses words", a, b)
		}
	})
}
