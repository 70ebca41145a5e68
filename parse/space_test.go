package parse

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

// spaceCases hold text whose runs of white space squashSpace and
// ContentHash must collapse exactly as strings.Fields does.
var spaceCases = []string{
	"",
	" ",
	"word",
	"two words",
	" leading",
	"trailing ",
	"double  space",
	"tab\tand\nnewline\r\n",
	"no\u00a0break\u00a0space",
	"ideographic\u3000space and\u2003em space",
	"next line\u0085here",
	"é composed and e\u0301 decomposed",
	"日本語の 文 章",
	"\u200bzero width is no space",
}

func TestSquashSpace(t *testing.T) {
	for _, s := range spaceCases {
		want := strings.Join(strings.Fields(s), " ")
		if got := squashSpace(s); got != want {
			t.Errorf("squashSpace(%q) = %q, want %q", s, got, want)
		}
	}
}

func TestContentHashCollapsesSpace(t *testing.T) {
	for _, s := range spaceCases {
		sum := sha256.Sum256([]byte(strings.Join(strings.Fields(norm.NFC.String(s)), " ")))
		if got, want := ContentHash(s), hex.EncodeToString(sum[:]); got != want {
			t.Errorf("ContentHash(%q) = %s, want %s", s, got, want)
		}
	}
	if ContentHash("a  b\n") != ContentHash(" a b") {
		t.Error("texts differing only in white space hash differently")
	}
}
