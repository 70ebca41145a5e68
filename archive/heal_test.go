package archive

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"
)

// TestRottenBodyHealedByANewFetch: bodies are kept once by their SHA-256,
// so a new fetch of the same bytes was taken for a copy already kept even
// when the stored one had rotted: the archive could never get it back.
// A body this process found unreadable is stored again from the next
// fetch of it, whole, and the bodies stored as deltas against it read
// back again too.
func TestRottenBodyHealedByANewFetch(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name      string
		readFirst bool // the body was read, and found unreadable, before the new fetch
		healed    bool
	}{
		{"found unreadable, then fetched again", true, true},
		{"fetched again, never read: not looked at", false, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := mustOpen(t)
			base, later := sitePage(t, 1), sitePage(t, 2)
			for i, page := range [][]byte{base, later} {
				r := record("https://news.example/"+string(rune('a'+i)), "Story", "story", t0)
				r.Fetch.Body = page
				mustSave(t, s, r)
				mustCompact(t, s)
			}
			if _, b := bodyRow(t, s, hashBody(later)); b != hashBody(base) {
				t.Fatalf("the second page is not a delta against the first (%q)", b)
			}
			rot := hashBody(base)
			if _, err := s.writer.Exec(`UPDATE bodies SET data = zeroblob(length(data)) WHERE sha256 = ?`, rot); err != nil {
				t.Fatal(err)
			}
			if c.readFirst {
				if _, err := s.Body(ctx, rot); !errors.Is(err, ErrBodyUnreadable) {
					t.Fatalf("the rotten body reads back (%v)", err)
				}
			}
			again := record("https://news.example/a", "Story", "story", t0.Add(time.Hour))
			again.Fetch.Body = bytes.Clone(base)
			mustSave(t, s, again)
			for _, page := range [][]byte{base, later} {
				got, err := s.Body(ctx, hashBody(page))
				if readable := err == nil && bytes.Equal(got, page); readable != c.healed {
					t.Errorf("body reads back: %t (%v), want %t", readable, err, c.healed)
				}
			}
			if !c.healed {
				return
			}
			if _, b := bodyRow(t, s, rot); b != "" {
				t.Errorf("the healed body is a delta against %s", b)
			}
			if n, bad, err := s.VerifyBodies(ctx, nil); err != nil || len(bad) != 0 {
				t.Errorf("VerifyBodies = %d, %v, %v; want every body sound", n, bad, err)
			}
			if problems, err := s.Check(ctx); err != nil || len(problems) > 0 {
				t.Errorf("check: %v %v", problems, err)
			}
		})
	}
}
