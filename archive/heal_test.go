package archive

import (
	"bytes"
	"context"
	"testing"
	"time"
)

// TestRottenBodyHealedByANewFetch: bodies are kept once by their SHA-256,
// so a new fetch of the same bytes was taken for the copy already kept,
// even when the stored one had rotted: the archive could never get it
// back. A fetch of bytes already stored now checks the stored copy and,
// when it no longer reads back, stores them again whole.
func TestRottenBodyHealedByANewFetch(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name     string
		refetch  int    // which page is fetched again: 0 the rotten base, 1 the delta against it
		readable []bool // base, delta after the new fetch
	}{
		{"the rotten body fetched again", 0, []bool{true, true}},
		{"a body stored against the rotten one fetched again", 1, []bool{false, true}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := mustOpen(t)
			pages := [][]byte{sitePage(t, 1), sitePage(t, 2)}
			urls := []string{"https://news.example/a", "https://news.example/b"}
			for i, page := range pages {
				r := record(urls[i], "Story", "story", t0)
				r.Fetch.Body = page
				mustSave(t, s, r)
				mustCompact(t, s)
			}
			rot := hashBody(pages[0])
			if _, b := bodyRow(t, s, hashBody(pages[1])); b != rot {
				t.Fatalf("the second page is not a delta against the first (%q)", b)
			}
			if _, err := s.writer.Exec(`UPDATE bodies SET data = zeroblob(length(data)) WHERE sha256 = ?`, rot); err != nil {
				t.Fatal(err)
			}
			again := record(urls[c.refetch], "Story", "story", t0.Add(time.Hour))
			again.Fetch.Body = bytes.Clone(pages[c.refetch])
			mustSave(t, s, again)
			for i, page := range pages {
				got, err := s.Body(ctx, hashBody(page))
				if readable := err == nil && bytes.Equal(got, page); readable != c.readable[i] {
					t.Errorf("page %d reads back: %t (%v), want %t", i, readable, err, c.readable[i])
				}
			}
			if _, b := bodyRow(t, s, hashBody(pages[c.refetch])); b != "" {
				t.Errorf("the healed body is a delta against %s", b)
			}
			_, bad, err := s.VerifyBodies(ctx, nil)
			if wantBad := !c.readable[0]; err != nil || (len(bad) == 1) != wantBad || len(bad) > 1 {
				t.Errorf("VerifyBodies found %v, %v; want the rotten base named: %t", bad, err, wantBad)
			}
		})
	}
}

// TestSoundBodyNotRewrittenByANewFetch: a new fetch of bytes stored and
// sound leaves their row as it is.
func TestSoundBodyNotRewrittenByANewFetch(t *testing.T) {
	s := mustOpen(t)
	pages := [][]byte{sitePage(t, 1), sitePage(t, 2)}
	for i, page := range pages {
		r := record("https://news.example/"+string(rune('a'+i)), "Story", "story", t0)
		r.Fetch.Body = page
		mustSave(t, s, r)
		mustCompact(t, s)
	}
	stored, base := bodyRow(t, s, hashBody(pages[1]))
	again := record("https://news.example/b", "Story", "story", t0.Add(time.Hour))
	again.Fetch.Body = bytes.Clone(pages[1])
	mustSave(t, s, again)
	if s2, b2 := bodyRow(t, s, hashBody(pages[1])); s2 != stored || b2 != base {
		t.Errorf("a sound delta was rewritten: %d bytes against %q, was %d against %q", s2, b2, stored, base)
	}
}
