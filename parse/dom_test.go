package parse

import (
	"strings"
	"testing"
)

// TestSquashedLonger: squashedLonger tells what squashing the text whole
// would, reading only as far as it needs.
func TestSquashedLonger(t *testing.T) {
	for _, s := range []string{"", "   ", "word", " word ", "two words", "two\u00a0\u2003 words\n\n", "  a  b  c  ",
		strings.Repeat(" ", 50) + "long" + strings.Repeat("\t", 50), strings.Repeat("word ", 30)} {
		for limit := range 40 {
			want := len(squashSpace(s)) > limit
			if got := squashedLonger([]byte(s), limit); got != want {
				t.Errorf("squashedLonger(%q, %d) = %v, want %v", s, limit, got, want)
			}
		}
	}
}
