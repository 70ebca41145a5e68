package parse

import "strings"

// dropControls removes control characters from s: C0 but tab and newline
// (carriage return included: it rewrites a terminal's line), DEL and C1.
// Pages carry them as stray bytes or as character references (&#x1b;);
// a browser shows none of them, and printed as they are they drive the
// reader's terminal (escape sequences change its title, clear its screen).
// s is returned as it is when it holds none, as almost every page.
func dropControls(s string) string {
	i := firstControl(s)
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	for _, r := range s[i:] {
		if !isControl(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// firstControl is the byte offset of s's first control character, or -1.
// It skips eight bytes at a time while none of them can start one: it runs
// over every article's text and HTML.
func firstControl(s string) int {
	i := 0
	for ; i+8 <= len(s); i += 8 {
		if mayHoldControl(word(s, i)) {
			if j := firstControlByte(s, i, i+8); j >= 0 {
				return j
			}
		}
	}
	return firstControlByte(s, i, len(s))
}

// firstControlByte looks for a control character starting in s[from:to].
func firstControlByte(s string, from, to int) int {
	for i := from; i < to; i++ {
		c := s[i]
		switch {
		case c < 0x20 && c != '\t' && c != '\n', c == 0x7f:
			return i
		case c == 0xc2 && i+1 < len(s) && s[i+1] >= 0x80 && s[i+1] <= 0x9f: // U+0080-U+009F
			return i
		}
	}
	return -1
}

// word is s[i:i+8] as a little-endian integer.
func word(s string, i int) uint64 {
	return uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
		uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
}

const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

// mayHoldControl reports whether a word of eight bytes holds a byte under
// 0x20 (tab and newline included), DEL (0x7f) or 0xc2 (the first byte of
// U+0080-U+009F in UTF-8), by the bit tricks that find a zero byte.
func mayHoldControl(x uint64) bool {
	below := (x - 0x20*ones) & ^x & highs
	return below|hasZeroByte(x^0x7f*ones)|hasZeroByte(x^0xc2*ones) != 0
}

func hasZeroByte(x uint64) uint64 { return (x - ones) & ^x & highs }

func isControl(r rune) bool {
	return (r < 0x20 && r != '\t' && r != '\n') || (r >= 0x7f && r <= 0x9f)
}

// dropArticleControls removes control characters from every text of a.
func dropArticleControls(a *Article) {
	for _, s := range []*string{&a.URL, &a.CanonicalURL, &a.Title, &a.Byline, &a.SiteName,
		&a.Section, &a.Description, &a.Text, &a.HTML, &a.TopImage} {
		*s = dropControls(*s)
	}
	for _, list := range [][]string{a.Authors, a.Tags} {
		for i := range list {
			list[i] = dropControls(list[i])
		}
	}
	for i := range a.Images {
		img := &a.Images[i]
		img.URL, img.Alt, img.Caption = dropControls(img.URL), dropControls(img.Alt), dropControls(img.Caption)
	}
}
