package archive

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/klauspost/compress/s2"
)

// spoolOffset is where a spooled body starts in the spool.
func spoolOffset(tb testing.TB, s *Store, sha string) int64 {
	tb.Helper()
	var off int64
	if err := s.readers.QueryRow(`SELECT spool_offset FROM bodies WHERE sha256 = ? AND encoding = 'spool'`, sha).Scan(&off); err != nil {
		tb.Fatalf("spool offset of %s: %v", sha, err)
	}
	return off
}

// pages saves n pages of host with distinct bodies in one batch and
// returns their bodies.
func pages(tb testing.TB, s *Store, host string, from, n int) [][]byte {
	tb.Helper()
	var rs []Record
	var out [][]byte
	for i := from; i < from+n; i++ {
		r := record(fmt.Sprintf("https://%s/%d", host, i), "Story", fmt.Sprintf("story %d", i), t0)
		r.Fetch.Body = sitePage(tb, i)
		rs = append(rs, r)
		out = append(out, r.Fetch.Body)
	}
	if _, err := s.SaveBatch(context.Background(), rs); err != nil {
		tb.Fatal(err)
	}
	return out
}

// mustReadBack checks every body reads back as it was saved.
func mustReadBack(tb testing.TB, s *Store, bodies [][]byte) {
	tb.Helper()
	for i, raw := range bodies {
		if got, err := s.Body(context.Background(), hashBody(raw)); err != nil || !bytes.Equal(got, raw) {
			tb.Errorf("body %d reads back different (%v)", i, err)
		}
	}
}

func TestOldS2BodiesReadAndCompact(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	// A database as version 8 left it, with a body stored in S2 as that
	// version's ingest wrote it.
	db := openOldDB(t, path, 8)
	old := sitePage(t, 1)
	enc := s2.Encode(nil, old)
	if _, err := db.Exec(`INSERT INTO bodies (sha256, size, stored_size, encoding, data) VALUES (?, ?, ?, 's2', ?)`,
		hashBody(old), len(old), len(enc), enc); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	s := mustOpenAt(t, path)
	bodies := append([][]byte{old}, pages(t, s, "news.example", 2, 2)...)
	if n, err := s.Pending(ctx); err != nil || n != 3 {
		t.Errorf("Pending = %d, %v; want the S2 body and the 2 spooled ones", n, err)
	}
	mustReadBack(t, s, bodies)
	if done := mustCompact(t, s); done.Bodies != 3 || done.Before != int64(len(enc)+len(bodies[1])+len(bodies[2])) {
		t.Errorf("Compact = %+v, want 3 bodies, from S2 and from the spool", done)
	}
	mustReadBack(t, s, bodies)
	if problems, err := s.Check(ctx); err != nil || len(problems) > 0 {
		t.Errorf("check: %v %v", problems, err)
	}
}

func TestSpoolLostBehindTheStoresBack(t *testing.T) {
	cases := []struct {
		name string
		// lose breaks the spool of three saved bodies and returns how
		// many of them, from the last, it lost.
		lose func(t *testing.T, s **Store, bodies [][]byte) int
	}{
		{"truncated", func(t *testing.T, s **Store, bodies [][]byte) int {
			cut := spoolOffset(t, *s, hashBody(bodies[2])) + 10
			if err := os.Truncate((*s).spool.path, cut); err != nil {
				t.Fatal(err)
			}
			return 1
		}},
		{"deleted", func(t *testing.T, s **Store, _ [][]byte) int {
			path := (*s).path
			if err := (*s).Close(); err != nil {
				t.Fatal(err)
			}
			if err := os.Remove(path + spoolSuffix); err != nil {
				t.Fatal(err)
			}
			var err error
			if *s, err = Open(context.Background(), path, Options{}); err != nil {
				t.Fatal(err)
			}
			return 3
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ctx := context.Background()
			path := filepath.Join(t.TempDir(), "lost.db")
			s, err := Open(ctx, path, Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer func() { s.Close() }()
			bodies := pages(t, s, "news.example", 1, 3)
			lost := c.lose(t, &s, bodies)
			kept := bodies[:len(bodies)-lost]
			if _, err := s.Body(ctx, hashBody(bodies[2])); err == nil || !strings.Contains(err.Error(), s.spool.path) {
				t.Errorf("Body of a lost body = %v, want an error naming the spool", err)
			}
			if problems, err := s.Check(ctx); err != nil || !strings.Contains(strings.Join(problems, "\n"), "spool") {
				t.Errorf("Check = %q, %v; want the missing spool bytes reported", problems, err)
			}
			// Ingest and compaction go on for the other bodies.
			kept = append(kept, pages(t, s, "other.example", 10, 2)...)
			done, err := s.Compact(ctx)
			if err != nil || done.Bodies != len(kept) {
				t.Errorf("Compact = %+v, %v; want the %d sound bodies compacted", done, err, len(kept))
			}
			if st, err := s.Stats(ctx); err != nil || st.Damaged != int64(lost) {
				t.Errorf("stats = %+v, %v; want %d damaged bodies", st, err, lost)
			}
			mustReadBack(t, s, kept)
			if problems, err := s.Check(ctx); err != nil || !strings.Contains(strings.Join(problems, "\n"), "damaged") {
				t.Errorf("Check = %q, %v; want the damaged bodies reported", problems, err)
			}
		})
	}
}

func TestOrphanSpoolBytesAreHarmless(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	bodies := pages(t, s, "news.example", 1, 2)
	// What a process killed between its append and its commit leaves.
	f, err := os.OpenFile(s.spool.path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write(bytes.Repeat([]byte("orphan "), 1000)); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	bodies = append(bodies, pages(t, s, "news.example", 3, 2)...)
	mustReadBack(t, s, bodies)
	if problems, err := s.Check(ctx); err != nil || len(problems) > 0 {
		t.Errorf("check: %v %v", problems, err)
	}
	if done := mustCompact(t, s); done.Bodies != len(bodies) {
		t.Errorf("Compact = %+v, want %d bodies", done, len(bodies))
	}
	mustReadBack(t, s, bodies)
	if fi, err := os.Stat(s.spool.path); err != nil || fi.Size() != 0 {
		t.Errorf("spool after Compact: %v, want it emptied, orphans included", err)
	}
}

// TestBodyWhileAnotherStoreEmptiesTheSpool reads bodies from one store,
// its spool handle kept open, while another, as another process would,
// keeps spooling, compacting and emptying the spool under it. (A read
// landing between a row's lookup and the emptying, which Body retries, is
// too narrow a window to hit here on purpose.)
func TestBodyWhileAnotherStoreEmptiesTheSpool(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "two.db")
	reader, writer := mustOpenAt(t, path), mustOpenAt(t, path)
	rounds := make(chan struct{})
	compacted := make(chan error, 1)
	go func() {
		var err error
		for range rounds {
			if err == nil {
				_, err = writer.Compact(ctx)
			}
		}
		compacted <- err
	}()
	var all [][]byte
	func() {
		defer close(rounds)
		for round := range 10 {
			all = append(all, pages(t, writer, "news.example", 4*round, 4)...)
			rounds <- struct{}{} // compacts while the bodies are read
			mustReadBack(t, reader, all)
		}
	}()
	if err := <-compacted; err != nil {
		t.Fatal(err)
	}
	mustCompact(t, writer)
	mustReadBack(t, reader, all)
}

// allocated is the disk space a file takes, holes left out.
func allocated(tb testing.TB, path string) int64 {
	tb.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		tb.Fatal(err)
	}
	return fi.Sys().(*syscall.Stat_t).Blocks * 512
}

// TestCompactReleasesSpoolSpace: while a row still points into the spool
// (here a damaged body; in the daemon, the bodies of a crawl still
// running), the spool is not emptied, but the space of every body
// compaction moved into the table is freed.
func TestCompactReleasesSpoolSpace(t *testing.T) {
	s := mustOpen(t)
	bodies := pages(t, s, "news.example", 0, 6)
	probe, err := os.OpenFile(s.spool.path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer probe.Close()
	if err := punchHole(probe, 0, 0); errors.Is(err, errPunchUnsupported) {
		t.Skip("the file system cannot punch holes")
	}
	before := allocated(t, s.spool.path)
	// Corrupt the last body: it stays spooled, and keeps the spool.
	last := bodies[len(bodies)-1]
	if _, err := probe.WriteAt([]byte("garbage"), spoolOffset(t, s, hashBody(last))); err != nil {
		t.Fatal(err)
	}
	if done := mustCompact(t, s); done.Bodies != 5 {
		t.Fatalf("Compact = %+v, want the 5 sound bodies", done)
	}
	fi, err := os.Stat(s.spool.path)
	if err != nil || fi.Size() == 0 {
		t.Fatalf("spool emptied although a damaged body points into it (%v)", err)
	}
	after := allocated(t, s.spool.path)
	var freed int64
	for _, b := range bodies[:5] {
		freed += int64(len(b))
	}
	// Holes fall on whole blocks: allow a block at each end of each body.
	if slack := int64(5 * 2 * 4096); after > before-freed+slack {
		t.Errorf("spool takes %d bytes after compaction, %d before: want about %d freed", after, before, freed)
	}
	mustReadBack(t, s, bodies[:5])
	t.Logf("spool on disk: %d bytes before, %d after (size %d)", before, after, fi.Size())
}

// TestFailedBatchLeavesNoBytesInTheSpool: a batch that fails after some
// of its bodies were spooled (here on a record without its body, as a full
// disk fails one) is rolled back and its bodies cut off the spool, so the
// spool ends where it did; the next batch spools and reads back.
func TestFailedBatchLeavesNoBytesInTheSpool(t *testing.T) {
	s := mustOpen(t)
	kept := pages(t, s, "news.example", 0, 2)
	before := spoolSize(t, s)
	first := record("https://news.example/10", "Story", "story 10", t0)
	first.Fetch.Body = sitePage(t, 10)
	second := record("https://news.example/11", "Story", "story 11", t0)
	second.Fetch.Body = nil // an article without its body fails the batch
	if _, err := s.SaveBatch(context.Background(), []Record{first, second}); !errors.Is(err, ErrNoBody) {
		t.Fatalf("SaveBatch = %v, want ErrNoBody", err)
	}
	if after := spoolSize(t, s); after != before {
		t.Errorf("spool is %d bytes after the failed batch, %d before", after, before)
	}
	kept = append(kept, pages(t, s, "news.example", 20, 2)...)
	mustReadBack(t, s, kept)
	if n := count(t, s, "bodies"); n != 4 {
		t.Errorf("%d bodies stored, want the 4 of the saved batches", n)
	}
}

func spoolSize(t *testing.T, s *Store) int64 {
	t.Helper()
	fi, err := os.Stat(s.spool.path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Size()
}

// TestReleaseSkipsEmptyBodies: an empty body (a redirect's, say) spooled
// among others has no bytes to free; releasing it is not an error, as
// fallocate's EINVAL for a 0 length made it.
func TestReleaseSkipsEmptyBodies(t *testing.T) {
	s := mustOpen(t)
	pages(t, s, "news.example", 0, 1)
	if err := s.spool.release([]spoolRange{{offset: 0, size: 0}, {offset: 4096, size: 0}}); err != nil {
		t.Errorf("release of empty bodies: %v", err)
	}
}

// TestSpoolDeletedWhileOpenIsRestored: a spool deleted behind an open
// store (as one might a stray "-wal" file) is restored from the store's
// open handle at the next save, holes and offsets as they were, so no
// body is lost; one replaced by another file loses what it held, and
// later bodies go to the new file.
func TestSpoolDeletedWhileOpenIsRestored(t *testing.T) {
	t.Run("deleted", func(t *testing.T) {
		s := mustOpen(t)
		before := pages(t, s, "news.example", 0, 3)
		if err := os.Remove(s.spool.path); err != nil {
			t.Fatal(err)
		}
		after := pages(t, s, "news.example", 3, 2)
		mustReadBack(t, s, append(before, after...))
		path := s.path
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		s = mustOpenAt(t, path)
		mustReadBack(t, s, append(before, after...))
		if problems, err := s.Check(context.Background()); err != nil || len(problems) > 0 {
			t.Errorf("check: %v %v", problems, err)
		}
	})
	t.Run("replaced", func(t *testing.T) {
		s := mustOpen(t)
		lost := pages(t, s, "news.example", 0, 2)
		if err := os.Remove(s.spool.path); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(s.spool.path, []byte("someone else's file"), 0o644); err != nil {
			t.Fatal(err)
		}
		kept := pages(t, s, "news.example", 2, 2)
		mustReadBack(t, s, kept)
		for _, raw := range lost {
			if _, err := s.Body(context.Background(), hashBody(raw)); err == nil {
				t.Errorf("a body of the replaced spool read back")
			}
		}
	})
}

// TestCopySparseKeepsHoles: restoring a spool copies its data, not the
// holes compaction punched.
func TestCopySparseKeepsHoles(t *testing.T) {
	dir := t.TempDir()
	src, err := os.Create(filepath.Join(dir, "src"))
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	data := bytes.Repeat([]byte("x"), 8192)
	for _, off := range []int64{0, 4 << 20} { // 4 MiB of zeros between
		if _, err := src.WriteAt(data, off); err != nil {
			t.Fatal(err)
		}
	}
	size := int64(4<<20) + int64(len(data))
	dst, err := os.Create(filepath.Join(dir, "dst"))
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()
	if err := copySparse(dst, src, size); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(dst.Name())
	if err != nil {
		t.Fatal(err)
	}
	want, _ := os.ReadFile(src.Name())
	if !bytes.Equal(got, want) {
		t.Fatalf("copy differs: %d bytes against %d", len(got), len(want))
	}
	if used := allocated(t, dst.Name()); used > 1<<20 {
		t.Errorf("the copy takes %d bytes on disk, want the 16 KiB of data, not the zeros", used)
	}
}

// TestCompactWaitsForAMissingSpool: a database opened without its spool (a
// backup restored in the wrong order) is not compacted: none of its
// spooled bodies is marked damaged, and once the spool is back they are
// compacted.
func TestCompactWaitsForAMissingSpool(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "restored.db")
	s := mustOpenAt(t, path)
	bodies := pages(t, s, "news.example", 1, 3)
	aside := path + ".aside"
	if err := os.Rename(s.spool.path, aside); err != nil {
		t.Fatal(err)
	}
	done, err := s.Compact(ctx)
	if !errors.Is(err, ErrSpoolMissing) || done.Bodies != 0 || !strings.Contains(err.Error(), "3 bodies wait in") {
		t.Fatalf("Compact without the spool = %+v, %v; want ErrSpoolMissing naming the 3 bodies", done, err)
	}
	if st, err := s.Stats(ctx); err != nil || st.Damaged != 0 || st.Uncompacted != 3 {
		t.Errorf("stats = %+v, %v; want 3 bodies waiting, none damaged", st, err)
	}
	if err := os.Rename(aside, s.spool.path); err != nil {
		t.Fatal(err)
	}
	if done, err := s.Compact(ctx); err != nil || done.Bodies != 3 {
		t.Errorf("Compact with the spool back = %+v, %v; want the 3 bodies", done, err)
	}
	mustReadBack(t, s, bodies)
}

// TestCompactTakesBackBodiesReadableAgain: bodies found damaged (their
// spool cut short) are compacted once their bytes read back whole (the
// spool restored from a copy), and no longer counted damaged.
func TestCompactTakesBackBodiesReadableAgain(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	bodies := pages(t, s, "news.example", 1, 3)
	whole, err := os.ReadFile(s.spool.path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(s.spool.path, spoolOffset(t, s, hashBody(bodies[2]))+10); err != nil {
		t.Fatal(err)
	}
	if done, err := s.Compact(ctx); err != nil || done.Bodies != 2 {
		t.Fatalf("Compact of a cut spool = %+v, %v; want the 2 whole bodies", done, err)
	}
	if st, _ := s.Stats(ctx); st.Damaged != 1 {
		t.Fatalf("%d damaged bodies, want 1", st.Damaged)
	}
	if err := os.WriteFile(s.spool.path, whole, 0o644); err != nil {
		t.Fatal(err)
	}
	if done, err := s.Compact(ctx); err != nil || done.Bodies != 1 {
		t.Errorf("Compact with the spool restored = %+v, %v; want the body taken back", done, err)
	}
	if st, _ := s.Stats(ctx); st.Damaged != 0 || st.Uncompacted != 0 {
		t.Errorf("stats = %+v; want nothing damaged or waiting", st)
	}
	mustReadBack(t, s, bodies)
	if problems, err := s.Check(ctx); err != nil || len(problems) != 0 {
		t.Errorf("Check = %q, %v; want none", problems, err)
	}
}

// TestVerifyBodies: the fixity check reads back spooled and compacted
// bodies and names the one whose bytes were altered.
func TestVerifyBodies(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	bodies := pages(t, s, "news.example", 1, 3)
	if _, err := s.Compact(ctx); err != nil {
		t.Fatal(err)
	}
	bodies = append(bodies, pages(t, s, "news.example", 4, 2)...) // spooled
	if n, bad, err := s.VerifyBodies(ctx, nil); err != nil || n != 5 || len(bad) != 0 {
		t.Fatalf("VerifyBodies = %d, %v, %v; want 5 sound", n, bad, err)
	}
	alterSpooled(t, s, bodies[4])
	var seen []int
	n, bad, err := s.VerifyBodies(ctx, func(c int) { seen = append(seen, c) })
	if err != nil || n != 5 || len(bad) != 1 || bad[0].SHA256 != hashBody(bodies[4]) ||
		bad[0].URL != "https://news.example/5" || !errors.Is(bad[0].Err, ErrBodyUnreadable) {
		t.Errorf("VerifyBodies = %d, %+v, %v; want body 5 named", n, bad, err)
	}
	if len(seen) == 0 || seen[len(seen)-1] != 5 {
		t.Errorf("progress %v, want it to end at 5", seen)
	}
}

// alterSpooled overwrites a few bytes of a spooled body, as bit rot would.
func alterSpooled(t *testing.T, s *Store, raw []byte) {
	t.Helper()
	f, err := os.OpenFile(s.spool.path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteAt([]byte("bit rot"), spoolOffset(t, s, hashBody(raw))+100); err != nil {
		t.Fatal(err)
	}
}

// TestSaveRefusedOnceTheArchiveIsGone deletes an open archive's files and
// makes a new archive at the same path, as one might start afresh while a
// daemon still runs: the old store must refuse to save (its bodies would
// land in the new archive's spool, over the new archive's own), and the
// new archive keeps every body whole.
func TestSaveRefusedOnceTheArchiveIsGone(t *testing.T) {
	old := mustOpen(t)
	pages(t, old, "news.example", 0, 2)
	for _, suffix := range []string{"", "-wal", "-shm", spoolSuffix} {
		if err := os.Remove(old.path + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			t.Fatal(err)
		}
	}
	fresh := mustOpenAt(t, old.path)
	kept := pages(t, fresh, "other.example", 0, 3)
	_, err := old.Save(context.Background(), record("https://news.example/late", "Late", "A late page.", t0))
	if !errors.Is(err, ErrArchiveGone) || !Unwritable(err) {
		t.Errorf("save into a deleted archive: %v, want ErrArchiveGone", err)
	}
	// A daemon's health check and its next run see it too.
	if err := old.Ping(context.Background()); !errors.Is(err, ErrArchiveGone) || strings.Count(err.Error(), old.path) != 1 {
		t.Errorf("Ping of a deleted archive: %v, want ErrArchiveGone naming the file once", err)
	}
	if _, err := old.StartRun(context.Background(), 0); !errors.Is(err, ErrArchiveGone) {
		t.Errorf("StartRun in a deleted archive: %v, want ErrArchiveGone", err)
	}
	more := pages(t, fresh, "other.example", 3, 2)
	mustReadBack(t, fresh, append(kept, more...))
}

// TestLateReleaseSparesBodiesSpooledSince: a compaction frees the spool
// space of the bodies it stored after its commit. If another process has
// meanwhile emptied the spool and spooled new bodies over the same
// offsets, those must survive the late release.
func TestLateReleaseSparesBodiesSpooledSince(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "shared.db")
	x, y := mustOpenAt(t, path), mustOpenAt(t, path)
	first := mustSave(t, x, record("https://n.example/a", "First", "The first story of the day. "+strings.Repeat("Words of the first story. ", 200), t0))
	var size int64
	if err := x.writer.QueryRow(`SELECT size FROM bodies b JOIN fetches f ON f.body_sha256 = b.sha256 WHERE f.id = ?`, first.FetchID).Scan(&size); err != nil {
		t.Fatal(err)
	}
	// y compacts the first body and empties the spool; a new body is then
	// spooled at offset 0 again.
	if _, err := y.Compact(ctx); err != nil {
		t.Fatal(err)
	}
	second := record("https://n.example/b", "Second", "The second story of the day. "+strings.Repeat("Words of the second story. ", 200), t0.Add(time.Hour))
	mustSave(t, y, second)
	// x, slow, now releases the first body's range.
	x.releaseSpooled(ctx, []spoolRange{{offset: 0, size: size}})
	raw, err := y.Body(ctx, hashBody(second.Fetch.Body))
	if err != nil || !bytes.Equal(raw, second.Fetch.Body) {
		t.Fatalf("the body spooled after the emptying reads back %d bytes, %v; want it whole", len(raw), err)
	}
}
