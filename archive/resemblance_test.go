package archive

import (
	"bytes"
	"slices"
	"testing"
)

func TestSketchShare(t *testing.T) {
	page := sitePage(t, 1)
	cases := []struct {
		name     string
		body     []byte
		base     []byte
		min, max float64
	}{
		{"the same page", page, page, 1, 1},
		{"another story on the same template", sitePage(t, 2), page, 0.8, 1},
		{"the page behind 10 KB of new markup", append(noisePage(10_000, 9), page...), page, 0.9, 1},
		{"the page with its first half cut", page[len(page)/2:], page, 0.95, 1},
		{"half of the page against the whole", page, page[:len(page)/2], 0.4, 0.6},
		{"a page unlike the base", noisePage(len(page), 5), page, 0, 0.05},
		{"a body too short for a feature", []byte("<p>hi</p>"), page, 0, 0},
		{"an empty base", page, nil, 0, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := sketchOf(c.base).shareOf(c.body)
			if got < c.min || got > c.max {
				t.Errorf("share %.3f, want %.2f to %.2f", got, c.min, c.max)
			}
		})
	}
}

func TestSketchIsSortedAndSparse(t *testing.T) {
	page := sitePage(t, 1)
	sk := sketchOf(page)
	for i := 1; i < len(sk); i++ {
		if sk[i] <= sk[i-1] {
			t.Fatalf("feature %d (%x) not above the one before (%x)", i, sk[i], sk[i-1])
		}
	}
	// About one position in 1<<sketchBits, fewer where the page repeats.
	if want := len(page) >> sketchBits; len(sk) < want/4 || len(sk) > want*2 {
		t.Errorf("%d features for %d bytes, want about %d", len(sk), len(page), want)
	}
	if !slices.Equal(sk, sketchOf(bytes.Clone(page))) {
		t.Error("two sketches of one page differ")
	}
}
