package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDBBackup: db backup writes an archive of its own, the crawl's pages
// waiting in the spool compacted into it: it exports the same articles,
// its pages read back whole, and it opens with no spool beside it. A
// second backup to the same file is refused and changes nothing.
func TestDBBackup(t *testing.T) {
	site := newTestNews(t, 4)
	dir := t.TempDir()
	db := filepath.Join(dir, "archive.db")
	mustRun(t, "crawl", "--no-compact", "--config", writeCrawlConfig(t, dir, siteConfig(site.srv.URL)))
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
