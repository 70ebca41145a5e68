package archive

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// savedPages saves n pages of one site, compacting the first compacted of
// them (the rest wait in the spool), and returns their records.
func savedPages(t *testing.T, s *Store, n, compacted int) []Record {
	t.Helper()
	var rs []Record
	for i := range n {
		r := record(fmt.Sprintf("https://news.example/story-%d", i), fmt.Sprintf("Story %d", i),
			fmt.Sprintf("story %d about the harbour bridge", i), t0.Add(time.Duration(i)*time.Minute))
		r.Fetch.Body = sitePage(t, i)
		mustSave(t, s, r)
		if i < compacted {
			mustCompact(t, s)
		}
		rs = append(rs, r)
	}
	return rs
}

// checkBackup opens the backup at path and checks that it holds every
// page of rs whole, its own and complete: nothing waiting for compaction,
// no spool beside it, the search index finding every article, and no
// problem for Check.
func checkBackup(t *testing.T, path string, rs []Record) *Store {
	t.Helper()
	ctx := context.Background()
	b := mustOpenAt(t, path)
	for i, r := range rs {
		got, err := b.Body(ctx, hashBody(r.Fetch.Body))
		if err != nil || !bytes.Equal(got, r.Fetch.Body) {
			t.Errorf("page %d of the backup reads back different (%v)", i, err)
		}
	}
	if n, err := b.Pending(ctx); err != nil || n != 0 {
		t.Errorf("%d bodies of the backup wait for compaction (%v)", n, err)
	}
	if _, err := os.Stat(path + spoolSuffix); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the backup has a spool beside it (%v)", err)
	}
	hits, err := b.Search(ctx, Query{Text: "harbour"})
	if err != nil || len(hits) != len(rs) {
		t.Errorf("search of the backup: %d hits (%v), want %d", len(hits), err, len(rs))
	}
	if problems, err := b.Check(ctx); err != nil || len(problems) > 0 {
		t.Errorf("Check of the backup: %q, %v", problems, err)
	}
	return b
}

// leftovers lists the files of dir other than those named.
func leftovers(t *testing.T, dir string, names ...string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), "test.db") && !slices.Contains(names, e.Name()) {
			out = append(out, e.Name())
		}
	}
	return out
}

func TestBackupIsTheWholeArchive(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	rs := savedPages(t, s, 6, 3)
	// A crawl's last articles wait for the search index.
	src, err := s.EnsureSource(ctx, "gazette", "h")
	if err != nil {
		t.Fatal(err)
	}
	f, _, err := s.Frontier(ctx, src)
	if err != nil {
		t.Fatal(err)
	}
	late := record("https://news.example/late", "Late", "a late story of the harbour", t0)
	late.Fetch.Body = sitePage(t, 7)
	if _, err := f.SaveBatch(ctx, []Record{late}); err != nil {
		t.Fatal(err)
	}
	rs = append(rs, late)
	if err := os.Chmod(s.Path(), 0o600); err != nil { // a private archive
		t.Fatal(err)
	}
	dest := filepath.Join(filepath.Dir(s.Path()), "backup.db")
	done, err := s.Backup(ctx, dest)
	if err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(dest); err != nil {
		t.Fatal(err)
	} else if fi.Mode().Perm() != 0o600 {
		t.Errorf("the backup of a private archive has mode %v", fi.Mode())
	}
	if done.Articles != 7 || done.Bodies != 7 || done.Compacted != 4 || done.Damaged != 0 || done.Bytes == 0 {
		t.Errorf("Backup = %+v; want 7 articles, 7 bodies, the 4 spooled ones compacted", done)
	}
	if left := leftovers(t, filepath.Dir(dest), "backup.db"); len(left) > 0 {
		t.Errorf("files left beside the backup: %q", left)
	}
	checkBackup(t, dest, rs)
	if n, err := s.Pending(ctx); err != nil || n != 4 {
		t.Errorf("the archive has %d bodies waiting (%v), want its 4: a backup only reads it", n, err)
	}
}

// TestBackupOfBodiesCompactedMeanwhile: the archive's compaction may store
// spooled bodies in the table and free their spool space between the
// backup's read transaction and its copy of their bytes; the backup reads
// them by hash wherever they are now.
func TestBackupOfBodiesCompactedMeanwhile(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	rs := savedPages(t, s, 4, 1)
	dest := filepath.Join(t.TempDir(), "backup.db")
	if err := s.snapshotInto(ctx, mustCreate(t, dest), dest); err != nil {
		t.Fatal(err)
	}
	mustCompact(t, s)
	if size, err := s.spool.size(); err != nil || size != 0 {
		t.Fatalf("the archive's spool holds %d bytes (%v) after its compaction", size, err)
	}
	b := mustOpenAt(t, dest)
	var done BackedUp
	if err := s.completeBackup(ctx, b, &done, nil); err != nil {
		t.Fatal(err)
	}
	if done.Compacted != 3 || done.Damaged != 0 {
		t.Errorf("completeBackup = %+v; want the 3 bodies spooled when copied compacted", done)
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	os.Remove(dest + spoolSuffix) // emptied; placeBackup removes it
	checkBackup(t, dest, rs)
}

// mustCreate creates an empty file at path and returns path.
func mustCreate(t *testing.T, path string) string {
	t.Helper()
	if err := os.WriteFile(path, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestBackupKeepsADamagedBodyDamaged: a spooled body that no longer reads
// back here is damaged in the backup too, named by its fixity check, and
// the backup's spool goes with it so that its compaction can run.
func TestBackupKeepsADamagedBodyDamaged(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	rs := savedPages(t, s, 3, 0)
	rotten := hashBody(rs[1].Fetch.Body)
	f, err := os.OpenFile(s.spool.path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.WriteAt([]byte("bit rot"), spoolOffset(t, s, rotten)+100)
	if err := errors.Join(err, f.Close()); err != nil {
		t.Fatal(err)
	}
	dest := filepath.Join(t.TempDir(), "backup.db")
	done, err := s.Backup(ctx, dest)
	if err != nil || done.Damaged != 1 || done.Compacted != 2 {
		t.Fatalf("Backup = %+v, %v; want 2 bodies compacted, 1 damaged", done, err)
	}
	b := mustOpenAt(t, dest)
	_, bad, err := b.VerifyBodies(ctx, nil)
	if err != nil || len(bad) != 1 || bad[0].SHA256 != rotten {
		t.Errorf("the backup's fixity check found %+v, %v; want the rotten body", bad, err)
	}
	if _, err := b.Compact(ctx); err != nil {
		t.Errorf("the backup's compaction: %v", err)
	}
	for _, i := range []int{0, 2} {
		if got, err := b.Body(ctx, hashBody(rs[i].Fetch.Body)); err != nil || !bytes.Equal(got, rs[i].Fetch.Body) {
			t.Errorf("page %d of the backup reads back different (%v)", i, err)
		}
	}
}

func TestBackupRefusesItsDestination(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	savedPages(t, s, 2, 1)
	dir := filepath.Dir(s.Path())
	taken := filepath.Join(dir, "taken.db")
	mustCreate(t, taken)
	mustCreate(t, filepath.Join(dir, "stale.db-wal"))
	cases := []struct{ name, dest, want string }{
		{"empty", "", "destination path is empty"},
		{"an existing file", taken, "taken.db exists"},
		{"the archive itself", s.Path(), "test.db exists"},
		{"a file beside a log", filepath.Join(dir, "stale.db"), "stale.db-wal exists"},
		{"the archive's journal", s.Path() + "-journal", "-journal file of the archive"},
		{"a missing directory", filepath.Join(dir, "no", "b.db"), "no such file"},
		{"a file as directory", filepath.Join(taken, "b.db"), "not a directory"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := s.Backup(ctx, c.dest)
			if err == nil || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "\n") {
				t.Errorf("Backup(%q) = %v; want one line with %q", c.dest, err, c.want)
			}
		})
	}
	if left := leftovers(t, dir, "taken.db", "stale.db-wal"); len(left) > 0 {
		t.Errorf("files left: %q", left)
	}
	if n, err := s.Pending(ctx); err != nil || n != 1 {
		t.Errorf("the archive has %d bodies waiting (%v), want 1", n, err)
	}
}

// TestBackupStoppedLeavesNothing: a backup cancelled leaves no file.
func TestBackupStoppedLeavesNothing(t *testing.T) {
	s := mustOpen(t)
	savedPages(t, s, 2, 1)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	dir := t.TempDir()
	if _, err := s.Backup(ctx, filepath.Join(dir, "backup.db")); err == nil {
		t.Fatal("a cancelled backup succeeded")
	}
	if left := leftovers(t, dir); len(left) > 0 {
		t.Errorf("files left: %q", left)
	}
}

// TestBackupOfAReadOnlyArchive: an archive opened read-only (a read-only
// mount, another user's) can be backed up.
func TestBackupOfAReadOnlyArchive(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "test.db")
	w, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	rs := savedPages(t, w, 3, 2)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	ro, err := Open(ctx, path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	dest := filepath.Join(t.TempDir(), "backup.db")
	if done, err := ro.Backup(ctx, dest); err != nil || done.Compacted != 1 {
		t.Fatalf("Backup = %+v, %v", done, err)
	}
	checkBackup(t, dest, rs)
}

// TestBackupWhileCrawlsWrite: saves and compactions go on during the
// backup; it is one consistent state of the archive.
func TestBackupWhileCrawlsWrite(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	rs := savedPages(t, s, 4, 2)
	w := mustOpenAt(t, s.Path()) // another process
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 100; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			r := record(fmt.Sprintf("https://news.example/late-%d", i), "Late", "late story of the harbour", t0)
			r.Fetch.Body = sitePage(t, i)
			if _, err := w.Save(ctx, r); err != nil {
				t.Errorf("save during the backup: %v", err)
				return
			}
			if i%3 == 0 {
				if _, err := w.Compact(ctx); err != nil {
					t.Errorf("compact during the backup: %v", err)
					return
				}
			}
		}
	}()
	dest := filepath.Join(t.TempDir(), "backup.db")
	done, err := s.Backup(ctx, dest)
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	b := mustOpenAt(t, dest)
	if n, err := b.Pending(ctx); err != nil || n != 0 {
		t.Errorf("%d bodies of the backup wait (%v)", n, err)
	}
	if problems, err := b.Check(ctx); err != nil || len(problems) > 0 {
		t.Errorf("Check of the backup: %q, %v", problems, err)
	}
	if _, bad, err := b.VerifyBodies(ctx, nil); err != nil || len(bad) > 0 {
		t.Errorf("fixity check of the backup: %+v, %v", bad, err)
	}
	if done.Articles < int64(len(rs)) {
		t.Errorf("the backup holds %d articles, fewer than the %d saved before it", done.Articles, len(rs))
	}
}
