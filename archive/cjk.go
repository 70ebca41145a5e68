package archive

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// wordBreak is the zero-width space put between CJK letters for the
// full-text index: FTS5's unicode61 tokenizer takes it for a separator,
// and a reader does not see it.
const wordBreak = '\u200b'

// cjkLetters are the letters of scripts written without spaces between
// words (Han, Hiragana, Katakana; Thai, Lao, Burmese, Khmer) and of
// Hangul, whose words carry their particles (서울에서, "in Seoul"): each
// is indexed as a token of its own, with the marks that follow it. "CJK"
// in this file's names stands for all of them.
var cjkLetters = &unicode.RangeTable{
	R16: []unicode.Range16{
		{Lo: 0x0e00, Hi: 0x0eff, Stride: 1}, // Thai, Lao
		{Lo: 0x1000, Hi: 0x109f, Stride: 1}, // Myanmar
		{Lo: 0x1100, Hi: 0x11ff, Stride: 1}, // Hangul Jamo
		{Lo: 0x1780, Hi: 0x17ff, Stride: 1}, // Khmer
		{Lo: 0x3005, Hi: 0x3007, Stride: 1}, // 々 〆 〇
		{Lo: 0x3031, Hi: 0x3035, Stride: 1}, // kana repeat marks
		{Lo: 0x3041, Hi: 0x30ff, Stride: 1}, // Hiragana, Katakana
		{Lo: 0x3131, Hi: 0x318e, Stride: 1}, // Hangul compatibility Jamo
		{Lo: 0x31f0, Hi: 0x31ff, Stride: 1}, // Katakana phonetic extensions
		{Lo: 0x3400, Hi: 0x4dbf, Stride: 1}, // CJK extension A
		{Lo: 0x4e00, Hi: 0x9fff, Stride: 1}, // CJK unified ideographs
		{Lo: 0xa960, Hi: 0xa97f, Stride: 1}, // Hangul Jamo extended A
		{Lo: 0xac00, Hi: 0xd7ff, Stride: 1}, // Hangul syllables, Jamo extended B
		{Lo: 0xf900, Hi: 0xfaff, Stride: 1}, // CJK compatibility ideographs
		{Lo: 0xff66, Hi: 0xffdc, Stride: 1}, // halfwidth Katakana and Hangul
	},
	R32: []unicode.Range32{
		{Lo: 0x20000, Hi: 0x3ffff, Stride: 1}, // CJK extensions B and later
	},
}

// hasCJK reports whether s holds a CJK letter. Text in other scripts is
// passed over a byte at a time: every CJK letter is three bytes or more,
// led by 0xE0 or above.
func hasCJK(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0xe0 {
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if unicode.Is(cjkLetters, r) {
			return true
		}
		i += size - 1
	}
	return false
}

// anyIndexForm reports whether any of fields is indexed in another form
// than its own (see indexForm).
func anyIndexForm(fields ...string) bool {
	for _, f := range fields {
		if hasCJK(f) || hasWideForm(f) {
			return true
		}
	}
	return false
}

// indexForm is s as the full-text index holds it and a query looks for it:
// a text holding fullwidth Latin letters, digits or signs (ＮＨＫ, ２０２４,
// common in Japanese text) or halfwidth katakana in NFKC, which writes
// them at their usual width (so that NHK finds ＮＨＫ, テレビ finds ﾃﾚﾋﾞ);
// then CJK letters split (see splitCJK).
func indexForm(s string) string {
	if hasWideForm(s) {
		s = norm.NFKC.String(s)
	}
	return splitCJK(s)
}

// hasWideForm reports whether s holds a fullwidth ASCII form or a
// halfwidth katakana (U+FF01 to U+FF9F, all led by the bytes EF BC to
// EF BE in UTF-8).
func hasWideForm(s string) bool {
	for i := 0; i+2 < len(s); i++ {
		if s[i] != 0xef || s[i+1] < 0xbc || s[i+1] > 0xbe {
			continue
		}
		if r, _ := utf8.DecodeRuneInString(s[i:]); r >= 0xff01 && r <= 0xff9f {
			return true
		}
	}
	return false
}

// splitCJK puts a word break between a CJK letter and a letter or digit
// next to it, so that the index holds each CJK letter as a token and a
// query's CJK word becomes a phrase of them (FTS5 makes a word that
// tokenises into several tokens a phrase). Text without CJK letters is
// returned as it is.
func splitCJK(s string) string {
	if !hasCJK(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + len(s)/2)
	prevWord, prevCJK := false, false
	for _, r := range s {
		word := unicode.IsLetter(r) || unicode.IsNumber(r)
		if unicode.Is(unicode.M, r) {
			// A combining mark belongs to the letter before it.
			b.WriteRune(r)
			continue
		}
		cjk := word && unicode.Is(cjkLetters, r)
		if word && prevWord && (cjk || prevCJK) {
			b.WriteRune(wordBreak)
		}
		b.WriteRune(r)
		prevWord, prevCJK = word, cjk
	}
	return b.String()
}

// joinCJK takes the word breaks splitCJK added out of a snippet of the
// indexed text, joining the marks FTS5 put around each letter of a match
// (**東**​**京** reads **東京**).
func joinCJK(snippet string) string {
	if !strings.ContainsRune(snippet, wordBreak) {
		return snippet
	}
	snippet = strings.ReplaceAll(snippet, "**"+string(wordBreak)+"**", "")
	return strings.ReplaceAll(snippet, string(wordBreak), "")
}
