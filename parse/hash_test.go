package parse

import (
	"strings"
	"testing"
)

// fieldsJoined is appendSquashed's reference: the words strings.Fields
// finds, one space between each, as content hashes were first computed.
func fieldsJoined(s string) string { return strings.Join(strings.Fields(s), " ") }

// TestAppendSquashed: the one-pass squash gives the words strings.Fields
// finds, so every content hash stored stays what it was.
func TestAppendSquashed(t *testing.T) {
	for _, s := range []string{
		"", " ", "one", " one ", "one two", "one  \t\n two\r\n\n three  ",
		"\u00a0nbsp\u00a0inside\u2003em\u3000ideographic\u0085nel\u2028line\u2029para",
		"zero\u200bwidth is no space", "\xff\xfe bad \xc3 utf-8 \xe2\x80", "東京 の\u3000ニュース",
		"\v\f vertical tab and form feed", "mixed\u00a0 \u00a0runs",
	} {
		got := string(appendSquashed([]byte("prefix:"), s))
		if want := "prefix:" + fieldsJoined(s); got != want {
			t.Errorf("appendSquashed(%q) = %q, want %q", s, got, want)
		}
	}
}

func FuzzAppendSquashed(f *testing.F) {
	f.Add("Council approves\u00a0plan\n\nParagraph two.\u3000")
	f.Add("\xff \xc2\xa0 \xc2")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := string(appendSquashed(nil, s)), fieldsJoined(s); got != want {
			t.Fatalf("appendSquashed(%q) = %q, want %q", s, got, want)
		}
	})
}

// BenchmarkContentHash hashes an article text of 4.6 KB (the average of
// bench/export's articles): exports check every text against its hash.
func BenchmarkContentHash(b *testing.B) {
	text := strings.Repeat("The council met on Tuesday evening and voted on the proposal after a long debate "+
		"about housing, transport and the future of the old market square.\n\n", 30)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		ContentHash(text)
	}
}
