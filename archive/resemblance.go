package archive

import "slices"

// sketchBits sets how sparse a sketch is: a feature is kept at about one
// position in 1<<sketchBits, some 1,300 for a page of 169 KB.
const sketchBits = 7

// gear is the table of the rolling hash sketches are made with: a fixed
// pseudo-random word per byte value (splitmix64), so sketches of one page
// are the same in every process.
var gear = func() (t [256]uint64) {
	x := uint64(0x6e65777361726368)
	for i := range t {
		x += 0x9e3779b97f4a7c15
		z := x
		z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
		z = (z ^ z>>27) * 0x94d049bb133111eb
		t[i] = z ^ z>>31
	}
	return t
}()

// sketch is a sample of a page's content, sorted and without repeats:
// the hash of the 64 bytes before each position where that hash's top
// sketchBits bits are zero. The positions depend on the content alone, so
// what one page inserts or removes shifts no feature of what it shares
// with another, and the share of features two pages have in common follows
// the share of their bytes a delta of one against the other can copy.
type sketch []uint64

// sketchOf samples b.
func sketchOf(b []byte) sketch {
	out := make(sketch, 0, len(b)>>sketchBits+16)
	var h uint64
	for _, c := range b {
		h = h<<1 + gear[c]
		if h>>(64-sketchBits) == 0 {
			out = append(out, h)
		}
	}
	slices.Sort(out)
	return slices.Clip(slices.Compact(out))
}

// shareOf is the fraction of body's features that s holds too: near 1 for
// a page built on the template s was made from, near 0 for an unrelated
// one. A body too short to have a feature shares nothing. The body is not
// sketched: its features are looked up as they come.
func (s sketch) shareOf(body []byte) float64 {
	features, common := 0, 0
	var h uint64
	for _, c := range body {
		h = h<<1 + gear[c]
		if h>>(64-sketchBits) == 0 {
			features++
			if _, found := slices.BinarySearch(s, h); found {
				common++
			}
		}
	}
	if features == 0 {
		return 0
	}
	return float64(common) / float64(features)
}
