package archive

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"
)

// FuzzCompactRoundTrip: whatever two pages of one site hold, and however
// they differ, each reads back exactly after compaction (stored whole, or
// as a delta against the other, or against the same URL's earlier page).
// The fuzzer's bytes are put into a real page, so that the pair shares a
// template and compaction tries its deltas.
func FuzzCompactRoundTrip(f *testing.F) {
	f.Add([]byte("flood barrier opens"), []byte("flood barrier opens late"), uint16(100), false)
	f.Add([]byte{}, []byte{0, 0, 0, 0xff}, uint16(0), true)
	f.Add(bytes.Repeat([]byte("x"), 9000), []byte("<p>"), uint16(30000), false)
	page := sitePage(f, 1)
	f.Fuzz(func(t *testing.T, a, b []byte, at uint16, sameURL bool) {
		ctx := context.Background()
		s, err := Open(ctx, filepath.Join(t.TempDir(), "fuzz.db"), Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		i := int(at) % (len(page) + 1)
		bodies := [][]byte{insert(page, i, a), insert(page, i, b)}
		urls := []string{"https://news.example/one", "https://news.example/two"}
		if sameURL {
			urls[1] = urls[0]
		}
		for n, body := range bodies {
			r := record(urls[n], "Story", "story", t0)
			r.Fetch.Body = body
			if _, err := s.Save(ctx, r); err != nil {
				t.Fatal(err)
			}
			if _, err := s.Compact(ctx); err != nil {
				t.Fatal(err)
			}
		}
		for n, body := range bodies {
			got, err := s.Body(ctx, hashBody(body))
			if err != nil || !bytes.Equal(got, body) {
				t.Fatalf("page %d reads back different after compaction (%v)", n, err)
			}
		}
	})
}

// insert returns page with extra put in at i.
func insert(page []byte, i int, extra []byte) []byte {
	out := make([]byte, 0, len(page)+len(extra))
	out = append(out, page[:i]...)
	out = append(out, extra...)
	return append(out, page[i:]...)
}
