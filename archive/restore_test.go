package archive

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// articleCount opens the archive at path and counts its articles.
func articleCount(t *testing.T, path string) int64 {
	t.Helper()
	s, err := Open(context.Background(), path, Options{MustExist: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var n int64
	if err := s.readers.QueryRow(`SELECT COUNT(*) FROM articles`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// backedUpArchive makes an archive of 3 articles, backs it up, adds 2
// more, closes it, and returns its path and the backup's.
func backedUpArchive(t *testing.T) (path, backup string) {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	path = filepath.Join(dir, "news.db")
	s, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	savedPages(t, s, 3, 1)
	backup = filepath.Join(t.TempDir(), "backup.db")
	if _, err := s.Backup(ctx, backup); err != nil {
		t.Fatal(err)
	}
	for i := 10; i < 12; i++ {
		r := record("https://news.example/after-"+strconv.Itoa(i), "After", "story "+strconv.Itoa(i)+" after the backup", t0)
		r.Fetch.Body = sitePage(t, i)
		mustSave(t, s, r)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return path, backup
}

func TestRestoreReplacesTheArchive(t *testing.T) {
	path, backup := backedUpArchive(t)
	now := time.Date(2026, 11, 28, 4, 15, 0, 0, time.UTC)
	done, err := Restore(context.Background(), backup, path, now)
	if err != nil {
		t.Fatal(err)
	}
	if want := path + ".replaced-20261128T041500Z"; done.Aside != want || done.Articles != 3 {
		t.Errorf("Restore = %+v; want 3 articles and the archive aside at %s", done, want)
	}
	if n := articleCount(t, path); n != 3 {
		t.Errorf("the restored archive holds %d articles, want the backup's 3", n)
	}
	// The archive it replaced, its spool of 2 pages with it, is whole.
	if n := articleCount(t, done.Aside); n != 5 {
		t.Errorf("the archive moved aside holds %d articles, want 5", n)
	}
	aside := mustOpenAt(t, done.Aside)
	if _, bad, err := aside.VerifyBodies(context.Background(), nil); err != nil || len(bad) > 0 {
		t.Errorf("the archive moved aside reads back %+v, %v", bad, err)
	}
	if left := leftovers(t, filepath.Dir(backup), "backup.db"); len(left) > 0 {
		t.Errorf("reading the backup left %q beside it", left)
	}
}

func TestRestoreWhereNoArchiveIs(t *testing.T) {
	_, backup := backedUpArchive(t)
	path := filepath.Join(t.TempDir(), "new.db")
	done, err := Restore(context.Background(), backup, path, time.Now())
	if err != nil || done.Aside != "" || done.Articles != 3 {
		t.Fatalf("Restore = %+v, %v; want 3 articles and nothing replaced", done, err)
	}
}

// TestRestoreRefused: a restore refused leaves the archive as it was.
func TestRestoreRefused(t *testing.T) {
	cases := []struct {
		name    string
		prepare func(t *testing.T, path, backup string) (backupArg string, release func())
		want    string
	}{
		{"a daemon uses the archive", func(t *testing.T, path, backup string) (string, func()) {
			l, err := LockDaemon(path, "a test daemon")
			if err != nil {
				t.Fatal(err)
			}
			return backup, func() { l.Unlock() }
		}, "a daemon uses the archive"},
		{"a crawl uses the archive", func(t *testing.T, path, backup string) (string, func()) {
			s := mustOpenAt(t, path)
			l, err := s.LockSource("gazette")
			if err != nil {
				t.Fatal(err)
			}
			return backup, func() { l.Unlock() }
		}, "a crawl uses the archive"},
		{"not an archive", func(t *testing.T, path, backup string) (string, func()) {
			junk := filepath.Join(t.TempDir(), "junk.db")
			mustWrite(t, junk, "not a database")
			return junk, func() {}
		}, "not a sqlite database"},
		{"a backup with a log beside it", func(t *testing.T, path, backup string) (string, func()) {
			mustWrite(t, backup+"-wal", "frames")
			return backup, func() { os.Remove(backup + "-wal") }
		}, "write-ahead log"},
		{"the archive itself", func(t *testing.T, path, backup string) (string, func()) {
			return path, func() {}
		}, "is the archive itself"},
		{"a copy that cannot be made", func(t *testing.T, path, backup string) (string, func()) {
			if err := os.Mkdir(path+".restoring-"+strconv.Itoa(os.Getpid()), 0o755); err != nil {
				t.Fatal(err)
			}
			return backup, func() {}
		}, "the archive is as it was"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path, backup := backedUpArchive(t)
			arg, release := c.prepare(t, path, backup)
			_, err := Restore(context.Background(), arg, path, time.Now())
			release()
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("Restore = %v; want an error saying %q", err, c.want)
			}
			if n := articleCount(t, path); n != 5 {
				t.Errorf("the archive holds %d articles after the refused restore, want its 5", n)
			}
			if aside, _ := filepath.Glob(path + ".replaced-*"); len(aside) > 0 {
				t.Errorf("files left aside: %q", aside)
			}
		})
	}
}

func mustWrite(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestRestoreOfAnOlderReleasesBackup: a backup written by an older
// release is restored and upgraded in place.
func TestRestoreOfAnOlderReleasesBackup(t *testing.T) {
	backup := filepath.Join(t.TempDir(), "old.db")
	db := openOldDB(t, backup, SchemaVersion()-1)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "news.db")
	if _, err := Restore(context.Background(), backup, path, time.Now()); err != nil {
		t.Fatal(err)
	}
	s := mustOpenAt(t, path)
	var v int
	if err := s.readers.QueryRow(`SELECT COUNT(*) FROM schema_migrations`).Scan(&v); err != nil || v != SchemaVersion() {
		t.Errorf("the restored archive is at schema %d (%v), want %d", v, err, SchemaVersion())
	}
}
