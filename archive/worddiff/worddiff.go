// Package worddiff compares two texts word by word, the way `git diff
// --word-diff` does, to show how an article changed between versions.
package worddiff

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// Op says whether a Chunk was kept, removed or added.
type Op string

// Chunk operations.
const (
	Equal  Op = "equal"
	Delete Op = "delete"
	Insert Op = "insert"
)

// Chunk is a run of words with the same fate.
type Chunk struct {
	Op   Op     `json:"op"`
	Text string `json:"text"`
}

// Diff returns the word-level changes that turn a into b. Whitespace is
// not significant: words are compared as Words splits them.
func Diff(a, b string) []Chunk {
	dmp := diffmatchpatch.New()
	// Each word becomes one "line", so the line-mode diff works on words.
	wa := strings.Join(Words(a), "\n") + "\n"
	wb := strings.Join(Words(b), "\n") + "\n"
	ra, rb, lines := dmp.DiffLinesToRunes(wa, wb)
	diffs := dmp.DiffCharsToLines(dmp.DiffMainRunes(ra, rb, false), lines)
	var out []Chunk
	for _, d := range diffs {
		text := join(strings.Fields(d.Text))
		if text == "" {
			continue
		}
		op := Equal
		switch d.Type {
		case diffmatchpatch.DiffDelete:
			op = Delete
		case diffmatchpatch.DiffInsert:
			op = Insert
		}
		out = append(out, Chunk{Op: op, Text: text})
	}
	return out
}

// Changed reports whether any chunk adds or removes words.
func Changed(chunks []Chunk) bool {
	for _, c := range chunks {
		if c.Op != Equal {
			return true
		}
	}
	return false
}

// Format renders chunks as "[-removed-]{+added+}", shortening unchanged
// runs to context words on either side of a change.
func Format(chunks []Chunk, context int) string {
	var sb strings.Builder
	for i, c := range chunks {
		if sb.Len() > 0 {
			sb.WriteByte(' ')
		}
		switch c.Op {
		case Delete:
			sb.WriteString("[-" + c.Text + "-]")
		case Insert:
			sb.WriteString("{+" + c.Text + "+}")
		default:
			sb.WriteString(elide(c.Text, context, i > 0, i < len(chunks)-1))
		}
	}
	return sb.String()
}

// elide keeps context words after a preceding change and before a
// following one, replacing the middle with "…".
func elide(text string, context int, before, after bool) string {
	words := Words(text)
	keepHead, keepTail := 0, 0
	if before {
		keepHead = context
	}
	if after {
		keepTail = context
	}
	if context < 0 || len(words) <= keepHead+keepTail {
		return text
	}
	return strings.TrimSpace(join(words[:keepHead]) + " … " + join(words[len(words)-keepTail:]))
}

// Words splits text into the words a diff compares: the runs of
// characters between spaces, and each Chinese or Japanese letter on its
// own, since those scripts write words without spaces between them.
func Words(text string) []string {
	var out []string
	for _, field := range strings.Fields(text) {
		start := 0
		for i, r := range field {
			if !unspaced(r) {
				continue
			}
			if i > start {
				out = append(out, field[start:i])
			}
			size := utf8.RuneLen(r)
			out = append(out, field[i:i+size])
			start = i + size
		}
		if start < len(field) {
			out = append(out, field[start:])
		}
	}
	return out
}

// unspaced tells a letter of a script written without spaces between
// words: Han, Hiragana, Katakana.
func unspaced(r rune) bool {
	return r >= 0x2e80 && (unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r))
}

// join writes words back as text: a space between two, except where a
// script written without spaces meets its own letters or punctuation
// (東京, した。, 「東京」).
func join(words []string) string {
	var sb strings.Builder
	for i, w := range words {
		if i > 0 && !touching(words[i-1], w) {
			sb.WriteByte(' ')
		}
		sb.WriteString(w)
	}
	return sb.String()
}

// touching tells two words written without a space between them.
func touching(before, after string) bool {
	last, _ := utf8.DecodeLastRuneInString(before)
	first, _ := utf8.DecodeRuneInString(after)
	switch {
	case unspaced(last):
		return unspaced(first) || unicode.IsPunct(first)
	case unspaced(first):
		return cjkPunct(last)
	}
	return false
}

// cjkPunct tells the punctuation of Chinese and Japanese text: 。、「」
// and the full-width forms.
func cjkPunct(r rune) bool {
	return unicode.IsPunct(r) && (r >= 0x3000 && r <= 0x303f || r >= 0xff00 && r <= 0xffef)
}
