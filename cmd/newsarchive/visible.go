package main

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// writeText runs render, a command's text output, through a visibleWriter
// to w. Titles, bylines, URLs and snippets are a page's own text: a
// hostile page's controls reached the terminal, where an escape sequence
// recolours or clears the screen and a bidi override reorders what a
// reader sees (a title reads otherwise than it is stored, Trojan-source
// style). JSON and the export formats keep the stored text untouched.
func writeText(w io.Writer, render func(io.Writer) error) error {
	vw := &visibleWriter{w: w}
	if err := render(vw); err != nil {
		return err
	}
	return vw.Flush()
}

// visible is s as a visibleWriter writes it, for a line printed apart
// from a command's text output: an error quoting a URL, a title or what a
// server sent.
func visible(s string) string {
	var b strings.Builder
	vw := &visibleWriter{w: &b}
	vw.Write([]byte(s)) // a strings.Builder does not fail
	vw.Flush()
	return b.String()
}

// visibleWriter writes text with each control character but newline and
// tab, each byte that is not UTF-8, and each bidi embedding, override or
// isolate, as an escape a reader sees (\x1b, \u202e); the bidi marks (LRM, RLM, ALM), common in
// right-to-left text and invisible, are dropped. A character split across
// writes (a bufio.Writer's flush can cut one) is held until it is whole,
// so that none passes through in pieces; Flush writes what is held.
type visibleWriter struct {
	w    io.Writer
	held []byte // the start of a character the next write completes
	out  []byte
}

func (v *visibleWriter) Write(p []byte) (int, error) {
	b := p
	if len(v.held) > 0 {
		b = append(v.held, p...)
		v.held = nil
	}
	v.out = v.out[:0]
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r == utf8.RuneError && size <= 1 && !utf8.FullRune(b) {
			v.held = append([]byte(nil), b...) // the rest comes in the next write
			break
		}
		if r == utf8.RuneError && size == 1 {
			// Not UTF-8: a lone 0x9b is CSI to a terminal reading bytes.
			v.out = fmt.Appendf(v.out, `\x%02x`, b[0])
		} else {
			v.out = appendVisible(v.out, r, b[:size])
		}
		b = b[size:]
	}
	if _, err := v.w.Write(v.out); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Flush writes the bytes held for a character never completed as escapes,
// as any other byte that is not UTF-8.
func (v *visibleWriter) Flush() error {
	if len(v.held) == 0 {
		return nil
	}
	v.out = v.out[:0]
	for _, c := range v.held {
		v.out = fmt.Appendf(v.out, `\x%02x`, c)
	}
	v.held = nil
	_, err := v.w.Write(v.out)
	return err
}

// appendVisible appends the character r, encoded as raw, as a reader is to
// see it (see visibleWriter).
func appendVisible(out []byte, r rune, raw []byte) []byte {
	switch {
	case r == '\n' || r == '\t':
		return append(out, raw...)
	case r < 0x20 || r >= 0x7f && r <= 0x9f:
		return fmt.Appendf(out, `\x%02x`, r)
	case r == 0x200e || r == 0x200f || r == 0x061c:
		return out
	case r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069:
		return fmt.Appendf(out, `\u%04x`, r)
	}
	return append(out, raw...)
}
