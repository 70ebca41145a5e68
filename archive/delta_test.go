package archive

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// bodyRow reads how a body is stored.
func bodyRow(tb testing.TB, s *Store, sha string) (stored int, base string) {
	tb.Helper()
	err := s.readers.QueryRow(`SELECT stored_size, COALESCE(base_sha256, '') FROM bodies WHERE sha256 = ?`, sha).Scan(&stored, &base)
	if err != nil {
		tb.Fatal(err)
	}
	return stored, base
}

func TestRefetchStoredAsDelta(t *testing.T) {
	page := benchPage(t)
	refetch := func(s *Store, url string, n int) (Saved, []byte) {
		r := record(url, "Title", "the same article text", t0.Add(time.Duration(n)*time.Hour))
		r.Fetch.Body = bytes.Replace(page, []byte("<body>"), fmt.Appendf(nil, "<body><!-- served %d token=%x -->", n, n*7919), 1)
		return mustSave(t, s, r), r.Fetch.Body
	}
	ctx := context.Background()
	t.Run("same url", func(t *testing.T) {
		s := mustOpen(t)
		var shas []string
		for n := range 3 {
			saved, raw := refetch(s, "https://news.example/a", n)
			f, err := s.FetchByID(ctx, saved.FetchID)
			if err != nil || !bytes.Equal(f.Body, raw) {
				t.Fatalf("fetch %d body differs from what was sent (%v)", n, err)
			}
			shas = append(shas, f.BodySHA256)
		}
		full, base := bodyRow(t, s, shas[0])
		if base != "" || full < len(page)/20 {
			t.Errorf("first body: %d bytes stored against %q, want a full body", full, base)
		}
		for _, sha := range shas[1:] {
			// Every delta is against the first, full body: reads never chain.
			if stored, base := bodyRow(t, s, sha); base != shas[0] || stored > full/20 {
				t.Errorf("refetch: %d bytes against %q, want a small delta against %s", stored, base, shas[0])
			}
		}
		if problems, err := s.Check(ctx); err != nil || len(problems) > 0 {
			t.Errorf("check: %v %v", problems, err)
		}
	})
	t.Run("other url or disabled", func(t *testing.T) {
		s := mustOpen(t)
		refetch(s, "https://news.example/a", 0)
		saved, _ := refetch(s, "https://news.example/b", 1)
		f, _ := s.FetchByID(ctx, saved.FetchID)
		if _, base := bodyRow(t, s, f.BodySHA256); base != "" {
			t.Errorf("body of another url stored against %s", base)
		}
		plain, err := Open(ctx, t.TempDir()+"/plain.db", Options{NoDelta: true})
		if err != nil {
			t.Fatal(err)
		}
		defer plain.Close()
		refetch(plain, "https://news.example/a", 0)
		saved, _ = refetch(plain, "https://news.example/a", 1)
		f, _ = plain.FetchByID(ctx, saved.FetchID)
		if _, base := bodyRow(t, plain, f.BodySHA256); base != "" {
			t.Errorf("NoDelta store made a delta against %s", base)
		}
	})
}

func TestDriftedPageStoredWhole(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	page := benchPage(t)
	first := record("https://news.example/live", "Live", "live blog", t0)
	first.Fetch.Body = page
	mustSave(t, s, first)
	// The same URL now serves a page of about the same size that shares
	// nothing with the first.
	redesigned := make([]byte, len(page)*4/5)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range redesigned {
		redesigned[i] = byte('a' + rng.IntN(26))
	}
	next := record("https://news.example/live", "Live", "live blog", t0.Add(time.Hour))
	next.Fetch.Body = redesigned
	saved := mustSave(t, s, next)
	f, err := s.FetchByID(ctx, saved.FetchID)
	if err != nil || !bytes.Equal(f.Body, redesigned) {
		t.Fatalf("redesigned body differs (%v)", err)
	}
	if _, base := bodyRow(t, s, f.BodySHA256); base != "" {
		t.Errorf("a page unlike its base was stored as a delta against %s", base)
	}
}
