package archive

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
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

// mustCompact re-encodes every body ingest stored and checks the archive.
func mustCompact(tb testing.TB, s *Store) Compacted {
	tb.Helper()
	done, err := s.Compact(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	if n, err := s.Pending(context.Background()); err != nil || n != 0 {
		tb.Fatalf("%d bodies still pending after Compact (%v)", n, err)
	}
	return done
}

func TestIngestSpoolsUntilCompacted(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	r := record("https://news.example/a", "Title", "text", t0)
	r.Fetch.Body = sitePage(t, 1)
	f, err := s.FetchByID(ctx, mustSave(t, s, r).FetchID)
	if err != nil {
		t.Fatal(err)
	}
	var enc string
	var stored int
	read := func() {
		t.Helper()
		if err := s.readers.QueryRow(`SELECT encoding, stored_size FROM bodies WHERE sha256 = ?`, f.BodySHA256).Scan(&enc, &stored); err != nil {
			t.Fatal(err)
		}
	}
	read()
	if enc != encodingSpool || stored != len(r.Fetch.Body) {
		t.Fatalf("ingest stored %s of %d bytes for %d raw, want it spooled raw", enc, stored, len(r.Fetch.Body))
	}
	spooled, err := os.ReadFile(s.spool.path)
	if err != nil || !bytes.Equal(spooled, r.Fetch.Body) {
		t.Fatalf("the spool holds %d bytes (%v), want the %d raw bytes of the body", len(spooled), err, len(r.Fetch.Body))
	}
	done := mustCompact(t, s)
	read()
	if enc != encodingZstd || stored >= len(r.Fetch.Body) || done.Bodies != 1 || done.After != int64(stored) {
		t.Errorf("after Compact: %s of %d bytes, counted %+v", enc, stored, done)
	}
	if fi, err := os.Stat(s.spool.path); err != nil || fi.Size() != 0 {
		t.Errorf("spool after Compact: %v, want it emptied to 0 bytes", err)
	}
	got, err := s.Body(ctx, f.BodySHA256)
	if err != nil || !bytes.Equal(got, r.Fetch.Body) {
		t.Errorf("compacted body reads back different (%v)", err)
	}
	if again := mustCompact(t, s); again.Bodies != 0 {
		t.Errorf("second Compact re-encoded %d bodies", again.Bodies)
	}
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
			if n == 0 {
				mustCompact(t, s)
			}
		}
		mustCompact(t, s)
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
		mustCompact(t, plain)
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
		mustCompact(t, s)
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
	// Pages of the host unlike its base are stored whole; once
	// rebaseAfterMisses of them came in a row, the last becomes the base
	// of the next pages: bases are always full bodies.
	noise := make([]byte, 60_000)
	rng := rand.New(rand.NewPCG(3, 4))
	for i := range noise {
		noise[i] = byte('a' + rng.IntN(26))
	}
	var redesign string
	for i := range rebaseAfterMisses {
		redesign = save(fmt.Sprintf("https://news.example/new/%d", i), 100+i, fmt.Appendf(slices.Clip(noise), "page %d", i))
		if _, base := bodyRow(t, s, redesign); base != "" {
			t.Errorf("a page unlike the host base was stored against %s", base)
		}
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
	mustCompact(t, s)
	f, err := s.FetchByID(ctx, saved.FetchID)
	if err != nil || !bytes.Equal(f.Body, redesigned) {
		t.Fatalf("redesigned body differs (%v)", err)
	}
	if _, base := bodyRow(t, s, f.BodySHA256); base != "" {
		t.Errorf("a page unlike its base was stored as a delta against %s", base)
	}
}

func TestNewHostCompactedAgainstItsFirstPage(t *testing.T) {
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
		if done := mustCompact(t, s); done.Bodies != 3 || done.Deltas != 2 || done.After >= done.Before {
			t.Errorf("compacted %+v, want 3 bodies, 2 deltas, fewer bytes", done)
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
	t.Run("two stores compacting at once", func(t *testing.T) {
		path := t.TempDir() + "/two.db"
		a, err := Open(ctx, path, Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer a.Close()
		b, err := Open(ctx, path, Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer b.Close()
		var want [][]byte
		for h := range 4 {
			rs := batch(fmt.Sprintf("h%d.example", h), 10*h+1, 10*h+2, 10*h+3)
			if _, err := a.SaveBatch(ctx, rs); err != nil {
				t.Fatal(err)
			}
			for _, r := range rs {
				want = append(want, r.Fetch.Body)
			}
		}
		errs := make(chan error, 2)
		for _, s := range []*Store{a, b} {
			go func() { _, err := s.Compact(ctx); errs <- err }()
		}
		for range 2 {
			if err := <-errs; err != nil {
				t.Fatal(err)
			}
		}
		if n, err := a.Pending(ctx); err != nil || n != 0 {
			t.Errorf("%d bodies pending (%v)", n, err)
		}
		for _, raw := range want {
			if got, err := b.Body(ctx, hashBody(raw)); err != nil || !bytes.Equal(got, raw) {
				t.Errorf("body reads back different (%v)", err)
			}
		}
		if problems, err := a.Check(ctx); err != nil || len(problems) > 0 {
			t.Errorf("check: %v %v", problems, err)
		}
	})
}

func TestHostBaseTriedOnlyForAlikeBodies(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	baseRaw := sitePage(t, 1)
	noise := noisePage(len(baseRaw), 5)
	cases := []struct {
		name     string
		misses   int
		rebased  bool // the base replaced one bodies kept missing
		stored   bool // the base is read from the archive, not at hand
		body     []byte
		wantBase bool
	}{
		{"base serving: tried unsketched", 0, false, false, noise, true},
		{"after a miss, page of the host's template", 1, false, false, sitePage(t, 2), true},
		{"after a miss, page unlike the base", 1, false, false, noise, false},
		{"new base after misses, page like it", 0, true, false, sitePage(t, 4), true},
		{"new base after misses, page unlike it", 0, true, false, noise, false},
		{"after misses, stored base, page of the template", 5, false, true, sitePage(t, 3), true},
		{"after misses, stored base, page unlike it", 5, false, true, noise, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			base := candidate{sha: hashBody(baseRaw), raw: baseRaw, ofHost: true}
			if c.stored {
				r := record("https://news.example/base", "Base", "base", t0)
				r.Fetch.Body = baseRaw
				mustSave(t, s, r)
				mustCompact(t, s)
				base.raw = nil
			}
			hosts := hostBases{misses: map[string]int{"news.example": c.misses},
				rebased: map[string]bool{"news.example": c.rebased}, sketches: map[string]sketch{}}
			got, err := s.hostBaseToTry(ctx, "news.example", &base, c.body, hosts)
			if err != nil {
				t.Fatal(err)
			}
			if (got == base.sha) != c.wantBase {
				t.Errorf("base to try %q, want the base: %t", got, c.wantBase)
			}
			if (c.misses > 0 || c.rebased) && !bytes.Equal(base.raw, baseRaw) {
				t.Error("the base's bytes read for its sketch are not kept for its encoder")
			}
		})
	}
}

// noisePage is n bytes of random letters, sharing nothing with a page.
func noisePage(n int, seed uint64) []byte {
	rng := rand.New(rand.NewPCG(seed, 4))
	out := make([]byte, n)
	for i := range out {
		out[i] = byte('a' + rng.IntN(26))
	}
	return out
}

func TestCompactLeavesACorruptBodyAndGoesOn(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	var rs []Record
	for n := range 3 {
		r := record(fmt.Sprintf("https://c.example/%d", n), "Story", fmt.Sprintf("story %d", n), t0)
		r.Fetch.Body = sitePage(t, n)
		rs = append(rs, r)
	}
	if _, err := s.SaveBatch(ctx, rs); err != nil {
		t.Fatal(err)
	}
	spool, err := os.OpenFile(s.spool.path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	_, err = spool.WriteAt([]byte{0, 1, 2, 3}, spoolOffset(t, s, hashBody(rs[1].Fetch.Body))+100)
	if err := errors.Join(err, spool.Close()); err != nil {
		t.Fatal(err)
	}
	done, err := s.Compact(ctx)
	if err != nil || done.Bodies != 2 {
		t.Fatalf("Compact = %+v, %v; want the 2 sound bodies compacted and no error", done, err)
	}
	if n, err := s.Pending(ctx); err != nil || n != 0 {
		t.Errorf("%d bodies pending (%v), want none: the damaged one is not retried", n, err)
	}
	if st, err := s.Stats(ctx); err != nil || st.Damaged != 1 || st.Uncompacted != 0 {
		t.Errorf("stats: %+v, %v; want 1 damaged body, none awaiting compaction", st, err)
	}
	problems, err := s.Check(ctx)
	if err != nil || len(problems) != 1 || !strings.Contains(problems[0], "damaged") {
		t.Errorf("Check = %q, %v; want the damaged body reported", problems, err)
	}
	var logged bytes.Buffer
	s.log = slog.New(slog.NewTextHandler(&logged, nil))
	if again, err := s.Compact(ctx); err != nil || again.Bodies != 0 || logged.Len() != 0 {
		t.Errorf("second Compact = %+v, %v, logged %q; want nothing done or reported again", again, err, logged.String())
	}
	for i, r := range rs {
		got, err := s.Body(ctx, hashBody(r.Fetch.Body))
		switch {
		case i == 1 && err == nil:
			t.Error("the corrupt body reads back without an error")
		case i != 1 && (err != nil || !bytes.Equal(got, r.Fetch.Body)):
			t.Errorf("body %d reads back different (%v)", i, err)
		}
	}
}

// TestCompactGoesOnPastAnUnreadableBase: a compacted body that later
// rotted on disk, the base of its host's or its URL's next pages, does
// not stop compaction (it stopped at that host for good, every body after
// it left in the spool): the next page is stored whole, becomes the host's
// base, and the fixity check names the rotten one.
func TestCompactGoesOnPastAnUnreadableBase(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name string
		next string // URL of the page compacted after its base rotted
	}{
		{"host base", "https://news.example/2"},
		{"the URL's earlier page", "https://news.example/1"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := mustOpen(t)
			var logged bytes.Buffer
			s.log = slog.New(slog.NewTextHandler(&logged, nil))
			first := pages(t, s, "news.example", 1, 1)[0]
			mustCompact(t, s)
			rot := hashBody(first)
			if _, err := s.writer.Exec(`UPDATE bodies SET data = substr(data, 1, 100) || zeroblob(50) || substr(data, 151) WHERE sha256 = ?`, rot); err != nil {
				t.Fatal(err)
			}
			r := record(c.next, "Story", "story 2", t0.Add(time.Hour))
			r.Fetch.Body = sitePage(t, 2)
			mustSave(t, s, r)
			if done, err := s.Compact(ctx); err != nil || done.Bodies != 1 {
				t.Fatalf("Compact = %+v, %v; want the new page compacted past its rotten base", done, err)
			}
			next := hashBody(r.Fetch.Body)
			if _, base := bodyRow(t, s, next); base != "" {
				t.Errorf("stored against %s, want whole", base)
			}
			if !strings.Contains(logged.String(), "delta base unreadable") || !strings.Contains(logged.String(), rot) {
				t.Errorf("log %q does not name the unreadable base", logged.String())
			}
			later := pages(t, s, "news.example", 3, 1)[0]
			mustCompact(t, s)
			if _, base := bodyRow(t, s, hashBody(later)); base != next {
				t.Errorf("a later page stored against %q, want the host's new base %s", base, next)
			}
			mustReadBack(t, s, [][]byte{r.Fetch.Body, later})
			_, bad, err := s.VerifyBodies(ctx, nil)
			if err != nil || len(bad) != 1 || bad[0].SHA256 != rot {
				t.Errorf("VerifyBodies = %+v, %v; want the rotten base named", bad, err)
			}
		})
	}
}

// TestCompactReportsEachBatch: CompactReporting tells its caller what it
// has done after every batch it writes, so a command can show how far a
// long compaction is.
func TestCompactReportsEachBatch(t *testing.T) {
	s := mustOpen(t)
	const n = 2*compactBatchSize + 10
	var rs []Record
	for i := range n {
		rs = append(rs, record(fmt.Sprintf("https://news.example/%d", i), "Story", fmt.Sprintf("story %d", i), t0))
	}
	if _, err := s.SaveBatch(context.Background(), rs); err != nil {
		t.Fatal(err)
	}
	var seen []int
	done, err := s.CompactReporting(context.Background(), func(so Compacted) { seen = append(seen, so.Bodies) })
	if err != nil {
		t.Fatal(err)
	}
	if want := []int{compactBatchSize, 2 * compactBatchSize, n}; !slices.Equal(seen, want) || done.Bodies != n {
		t.Errorf("reported %v, returned %d bodies; want %v and %d", seen, done.Bodies, want, n)
	}
}

// TestCompactBatchesBoundedInBytes: a compaction batch holds bodies up to
// compactBatchBytes of raw bytes (a larger body goes alone), so that the
// database and write-ahead log space a batch needs before it gives its
// spool space back stays small, and every body is still compacted.
func TestCompactBatchesBoundedInBytes(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	sizes := []int{3 << 20, 3 << 20, 3 << 20, compactBatchBytes + 1, 1 << 10}
	for i, n := range sizes {
		r := record(fmt.Sprintf("https://news.example/%d", i), "Title", "text", t0)
		r.Fetch.Body = bytes.Repeat([]byte(fmt.Sprintf("<p>page %d</p>", i)), n/12+1)[:n]
		mustSave(t, s, r)
	}
	var batches [][]int
	for after := int64(0); ; {
		pend, err := s.pendingBodies(ctx, encodingSpool, after)
		if err != nil {
			t.Fatal(err)
		}
		if len(pend) == 0 {
			break
		}
		var batch []int
		for _, p := range pend {
			batch = append(batch, p.size)
		}
		batches = append(batches, batch)
		after = pend[len(pend)-1].rowid
	}
	want := [][]int{{3 << 20, 3 << 20}, {3 << 20}, {compactBatchBytes + 1}, {1 << 10}}
	if fmt.Sprint(batches) != fmt.Sprint(want) {
		t.Errorf("batches of raw sizes %v, want %v", batches, want)
	}
	if done := mustCompact(t, s); done.Bodies != len(sizes) {
		t.Errorf("compacted %d bodies, want %d", done.Bodies, len(sizes))
	}
}
