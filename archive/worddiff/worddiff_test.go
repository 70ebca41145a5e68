package worddiff

import "testing"

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
