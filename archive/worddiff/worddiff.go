// Package worddiff compares two texts word by word, the way `git diff
// --word-diff` does, to show how an article changed between versions.
package worddiff

import (
	"strings"

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
// not significant: words are compared as strings.Fields splits them.
func Diff(a, b string) []Chunk {
	dmp := diffmatchpatch.New()
	// Each word becomes one "line", so the line-mode diff works on words.
	wa := strings.Join(strings.Fields(a), "\n") + "\n"
	wb := strings.Join(strings.Fields(b), "\n") + "\n"
	ra, rb, words := dmp.DiffLinesToRunes(wa, wb)
	diffs := dmp.DiffCharsToLines(dmp.DiffMainRunes(ra, rb, false), words)
	var out []Chunk
	for _, d := range diffs {
		text := strings.Join(strings.Fields(d.Text), " ")
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
	words := strings.Fields(text)
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
	parts := append([]string{}, words[:keepHead]...)
	parts = append(parts, "…")
	parts = append(parts, words[len(words)-keepTail:]...)
	return strings.Join(parts, " ")
}
