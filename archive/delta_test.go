package archive

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
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
	t.Run("disabled", func(t *testing.T) {
		plain, err := Open(ctx, t.TempDir()+"/plain.db", Options{NoDelta: true})
		if err != nil {
			t.Fatal(err)
		}
		defer plain.Close()
		refetch(plain, "https://news.example/a", 0)
		saved, _ := refetch(plain, "https://news.example/a", 1)
		saved2, _ := refetch(plain, "https://news.example/b", 2)
		for _, id := range []int64{saved.FetchID, saved2.FetchID} {
			f, _ := plain.FetchByID(ctx, id)
			if _, base := bodyRow(t, plain, f.BodySHA256); base != "" {
				t.Errorf("NoDelta store made a delta against %s", base)
			}
		}
	})
}

// sitePage is a page of the bench site's template holding article n: the
// template is shared, the article text is not.
func sitePage(tb testing.TB, n int) []byte {
	tb.Helper()
	rng := rand.New(rand.NewPCG(uint64(n), 7))
	words := []string{"council", "budget", "river", "school", "vote", "mayor", "storm", "court", "rail", "market", "harbour", "museum"}
	var text bytes.Buffer
	for i := range 1500 {
		if i%60 == 0 {
			text.WriteString("</p>\n<p>")
		}
		text.WriteString(words[rng.IntN(len(words))])
		fmt.Fprintf(&text, "%d ", rng.IntN(1000))
	}
	return bytes.Replace(benchPage(tb), []byte("<article>"), fmt.Appendf(nil, "<article><h1>Story %d</h1><p>%s</p>", n, text.Bytes()), 1)
}

func TestHostPagesStoredAgainstHostBase(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	save := func(url string, n int, body []byte) string {
		r := record(url, fmt.Sprintf("Story %d", n), fmt.Sprintf("story %d", n), t0.Add(time.Duration(n)*time.Minute))
		r.Fetch.Body = body
		f, err := s.FetchByID(ctx, mustSave(t, s, r).FetchID)
		if err != nil || !bytes.Equal(f.Body, body) {
			t.Fatalf("page %d reads back different from what was sent (%v)", n, err)
		}
		return f.BodySHA256
	}
	first := save("https://News.example/1", 1, sitePage(t, 1))
	full, _ := bodyRow(t, s, first)
	cases := []struct {
		name, url string
		n         int
		body      []byte
		wantBase  string
	}{
		{"other page of the host", "https://news.example/2", 2, sitePage(t, 2), first},
		{"and another", "https://news.example/3?x=1", 3, sitePage(t, 3), first},
		{"page of another host", "https://other.example/7", 7, sitePage(t, 7), ""},
		{"host with another port", "https://news.example:8443/4", 4, sitePage(t, 4), ""},
		{"small page of the host", "https://news.example/brief", 8, sitePage(t, 8)[:4000], ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			stored, base := bodyRow(t, s, save(c.url, c.n, c.body))
			if base != c.wantBase {
				t.Errorf("stored against %q, want %q", base, c.wantBase)
			}
			if base != "" && stored > full/3 {
				t.Errorf("delta of %d bytes, the full body is %d", stored, full)
			}
		})
	}
	// A page of the host unlike its base is stored whole and becomes the
	// base of the next pages: bases are always full bodies.
	noise := make([]byte, 60_000)
	rng := rand.New(rand.NewPCG(3, 4))
	for i := range noise {
		noise[i] = byte('a' + rng.IntN(26))
	}
	redesign := save("https://news.example/new", 5, noise)
	if _, base := bodyRow(t, s, redesign); base != "" {
		t.Errorf("a page unlike the host base was stored against %s", base)
	}
	if _, base := bodyRow(t, s, save("https://news.example/6", 6, append(slices.Clip(noise), "more"...))); base != redesign {
		t.Errorf("next page stored against %q, want the new host base %s", base, redesign)
	}
	if problems, err := s.Check(ctx); err != nil || len(problems) > 0 {
		t.Errorf("check: %v %v", problems, err)
	}
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

func TestNewHostBatchStoredAgainstItsFirstPage(t *testing.T) {
	ctx := context.Background()
	batch := func(host string, ns ...int) []Record {
		var rs []Record
		for _, n := range ns {
			r := record(fmt.Sprintf("https://%s/%d", host, n), "Story", fmt.Sprintf("story %d", n), t0)
			r.Fetch.Body = sitePage(t, n)
			rs = append(rs, r)
		}
		return rs
	}
	t.Run("one batch", func(t *testing.T) {
		s := mustOpen(t)
		saved, err := s.SaveBatch(ctx, batch("new.example", 1, 2, 3))
		if err != nil {
			t.Fatal(err)
		}
		var shas []string
		for i, sv := range saved {
			f, err := s.FetchByID(ctx, sv.FetchID)
			if err != nil || !bytes.Equal(f.Body, sitePage(t, i+1)) {
				t.Fatalf("page %d reads back different (%v)", i+1, err)
			}
			shas = append(shas, f.BodySHA256)
		}
		for i, want := range []string{"", shas[0], shas[0]} {
			if _, base := bodyRow(t, s, shas[i]); base != want {
				t.Errorf("page %d stored against %q, want %q", i+1, base, want)
			}
		}
	})
	t.Run("batch base stored as a delta meanwhile", func(t *testing.T) {
		s := mustOpen(t)
		rs := batch("b.example", 1, 2)
		bodies, err := s.prepareBodies(ctx, rs)
		if err != nil {
			t.Fatal(err)
		}
		// Before the batch commits, page 1 is stored as a delta through
		// another host whose base page 9 is.
		mustSave(t, s, batch("a.example", 9)[0])
		mustSave(t, s, batch("a.example", 1)[0])
		tx, err := s.writer.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback()
		for i := range rs {
			if _, err := s.saveRecord(ctx, tx, &rs[i], bodies[i]); err != nil {
				t.Fatal(err)
			}
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		if _, base := bodyRow(t, s, bodies[1].sha256); base != "" {
			t.Errorf("page 2 stored against %s, a delta itself", base)
		}
		if problems, err := s.Check(ctx); err != nil || len(problems) > 0 {
			t.Errorf("check: %v %v", problems, err)
		}
	})
}
