package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/internal/newstest"
)

// TestDBBackup: db backup writes an archive of its own, the crawl's pages
// waiting in the spool compacted into it: it exports the same articles,
// its pages read back whole, and it opens with no spool beside it. A
// second backup to the same file is refused and changes nothing.
func TestDBBackup(t *testing.T) {
	site := newstest.NewSite(t, 4)
	dir := t.TempDir()
	db := filepath.Join(dir, "archive.db")
	mustRun(t, "crawl", "--no-compact", "--config", writeCrawlConfig(t, dir, siteConfig(site.URL)))
	dest := filepath.Join(t.TempDir(), "backup.db")
	r := mustRun(t, "db", "--db", db, "backup", dest)
	if want := fmt.Sprintf("%s: backed up to %s (4 articles, ", db, dest); !strings.HasPrefix(r.stdout, want) {
		t.Errorf("db backup said %q, want it to start %q", r.stdout, want)
	}
	if _, err := os.Stat(dest + "-spool"); !os.IsNotExist(err) {
		t.Errorf("the backup has a spool beside it (%v)", err)
	}
	if r := mustRun(t, "db", "--db", dest, "--bodies", "check"); !strings.Contains(r.stdout, ", 0 damaged") {
		t.Errorf("db check --bodies of the backup:\n%s", r.stdout)
	}
	if r := mustRun(t, "stats", "--db", dest); !strings.Contains(r.stdout, "(0 awaiting compaction)") {
		t.Errorf("stats of the backup:\n%s", r.stdout)
	}
	archived := mustRun(t, "export", "--db", db, "-o", "-").stdout
	if backedUp := mustRun(t, "export", "--db", dest, "-o", "-").stdout; backedUp != archived || strings.Count(archived, "\n") != 4 {
		t.Errorf("the backup exports\n%s\nthe archive\n%s", backedUp, archived)
	}
	before, err := os.Stat(dest)
	if err != nil {
		t.Fatal(err)
	}
	again := runCLI(t, nil, "db", "--db", db, "backup", dest)
	if again.code != 1 || !strings.Contains(again.stderr, "exists") || strings.Count(again.stderr, "\n") != 1 {
		t.Errorf("a second backup to %s: exit %d, stderr %q", dest, again.code, again.stderr)
	}
	if after, err := os.Stat(dest); err != nil || !after.ModTime().Equal(before.ModTime()) || after.Size() != before.Size() {
		t.Errorf("the refused backup changed the first (%v)", err)
	}
	if r := runCLI(t, nil, "db", "--db", db, "backup"); r.code != 2 || !strings.Contains(r.stderr, "want one destination") {
		t.Errorf("db backup without a destination: exit %d, stderr %q", r.code, r.stderr)
	}
}

// TestDBBackupIntoADirectory: a backup to a directory is named after the
// archive and the time, so that cron lines need no date command.
func TestDBBackupIntoADirectory(t *testing.T) {
	db := crawledArchive(t, 2)
	dir := t.TempDir()
	r := mustRun(t, "db", "--db", db, "backup", dir)
	made, err := filepath.Glob(filepath.Join(dir, "archive-*Z.db"))
	if err != nil || len(made) != 1 || !strings.Contains(r.stdout, "backed up to "+made[0]+" (2 articles") {
		t.Fatalf("db backup into a directory made %q (%v), said %q", made, err, r.stdout)
	}
	if r := mustRun(t, "db", "--db", made[0], "check"); !strings.HasSuffix(r.stdout, ": ok\n") {
		t.Errorf("db check of the backup: %q", r.stdout)
	}
}

func TestBackupName(t *testing.T) {
	dir := t.TempDir()
	now := time.Date(2026, 11, 28, 3, 55, 7, 0, time.FixedZone("CET", 3600))
	cases := []struct{ dest, archive, want string }{
		{filepath.Join(dir, "b.db"), "/srv/news.db", filepath.Join(dir, "b.db")},
		{dir, "/srv/news.db", filepath.Join(dir, "news-20261128T025507Z.db")},
		{dir, "/srv/archive", filepath.Join(dir, "archive-20261128T025507Z")},
	}
	for _, c := range cases {
		if got := backupName(c.dest, c.archive, now); got != c.want {
			t.Errorf("backupName(%q, %q) = %q, want %q", c.dest, c.archive, got, c.want)
		}
	}
}

// TestDBBackupOnAFullDisk: a backup the disk refuses (here the file size
// limit, as a full disk would) fails with one line naming where it wrote,
// leaves no file behind, and the archive is as it was.
func TestDBBackupOnAFullDisk(t *testing.T) {
	prlimit := mustPrlimit(t)
	db := crawledArchive(t, 3)
	fi, err := os.Stat(db)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	dest := filepath.Join(dir, "backup.db")
	res := runLimited(t, prlimit, fmt.Sprintf("--fsize=%d", fi.Size()/2), "db", "--db", db, "backup", dest)
	if res.code != 1 || !strings.Contains(res.stderr, "backup") || !strings.Contains(res.stderr, dest) ||
		strings.Count(res.stderr, "\n") != 1 {
		t.Errorf("db backup onto a full disk: exit %d, stderr %q", res.code, res.stderr)
	}
	if left, _ := os.ReadDir(dir); len(left) > 0 {
		t.Errorf("files left: %v", left)
	}
	if r := mustRun(t, "db", "--db", db, "--bodies", "check"); !strings.HasSuffix(r.stdout, ": ok\n") {
		t.Errorf("db check of the archive after the failed backup:\n%s", r.stdout)
	}
}

// TestDBRestore: db restore puts a backup in the archive's place: the
// archive exports what the backup held, the one it replaced lies aside
// whole, and a file that is no archive is refused with one line.
func TestDBRestore(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "archive.db")
	site := newstest.NewSite(t, 3)
	cfg := writeCrawlConfig(t, dir, siteConfig(site.URL))
	mustRun(t, "crawl", "--config", cfg)
	backup := filepath.Join(t.TempDir(), "backup.db")
	mustRun(t, "db", "--db", db, "backup", backup)
	backedUp := mustRun(t, "export", "--db", backup, "-o", "-").stdout
	site.Edit(2) // a new version after the backup
	mustRun(t, "crawl", "--config", cfg)
	versions := func(path string) int {
		return strings.Count(mustRun(t, "export", "--db", path, "--versions", "all", "-o", "-").stdout, "\n")
	}
	if n := versions(db); n != 4 {
		t.Fatalf("%d versions after the second crawl, want 4", n)
	}
	r := mustRun(t, "db", "--db", db, "restore", backup)
	if !strings.Contains(r.stdout, "restored from "+backup+" (3 articles)") {
		t.Errorf("db restore said %q", r.stdout)
	}
	if got := mustRun(t, "export", "--db", db, "-o", "-").stdout; got != backedUp {
		t.Errorf("the restored archive exports\n%s\nthe backup\n%s", got, backedUp)
	}
	aside, _ := filepath.Glob(db + ".replaced-*Z")
	if len(aside) != 1 {
		t.Fatalf("archives aside: %q", aside)
	}
	if n := versions(aside[0]); n != 4 {
		t.Errorf("the archive moved aside holds %d versions, want 4", n)
	}
	junk := filepath.Join(t.TempDir(), "junk.db")
	if err := os.WriteFile(junk, []byte("not an archive"), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := runCLI(t, nil, "db", "--db", db, "restore", junk); r.code != 1 || strings.Count(r.stderr, "\n") != 1 ||
		!strings.Contains(r.stderr, "not a sqlite database") {
		t.Errorf("db restore of a file that is no archive: exit %d, stderr %q", r.code, r.stderr)
	}
}

// TestTooDamagedToOpen: an archive whose first page is damaged cannot be
// opened by any command, db check included: each says so, and what is left
// to do, rather than send the reader to db check.
func TestTooDamagedToOpen(t *testing.T) {
	db := crawledArchive(t, 2)
	f, err := os.OpenFile(db, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteAt([]byte(strings.Repeat("\xff", 3000)), 100); err != nil {
		t.Fatal(err)
	}
	f.Close()
	for _, args := range [][]string{{"runs", "--db", db}, {"db", "--db", db, "check"}, {"export", "--db", db, "-o", "-"}, {"crawl", "--db", db, "http://127.0.0.1:1/"}} {
		r := runCLI(t, nil, args...)
		if r.code != 1 || !strings.Contains(r.stderr, "too damaged to open") || strings.Contains(r.stderr, "db check'") ||
			strings.Count(r.stderr, "\n") != 1 {
			t.Errorf("%v: exit %d, stderr %q", args, r.code, r.stderr)
		}
	}
}
