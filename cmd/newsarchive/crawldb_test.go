package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsarchive/newsarchive/crawler/config"
	"github.com/newsarchive/newsarchive/internal/newstest"
)

func TestCrawlDBPrecedence(t *testing.T) {
	dir := t.TempDir()
	cfgPath := filepath.Join(dir, "newsarchive.yaml")
	builtin := &config.Config{Database: filepath.Join(dir, config.DefaultDatabase)}
	named := &config.Config{Database: filepath.Join(dir, "news.db")}
	for _, tc := range []struct {
		name string
		f    crawlFlags
		cfg  *config.Config
		env  string
		want string
	}{
		{"flag wins", crawlFlags{db: "flag.db", config: cfgPath}, named, "env.db", "flag.db"},
		{"config key", crawlFlags{config: cfgPath}, named, "env.db", named.Database},
		{"env over a config without the key", crawlFlags{config: cfgPath}, builtin, "env.db", "env.db"},
		{"config default without env", crawlFlags{config: cfgPath}, builtin, "", builtin.Database},
		{"urls take env", crawlFlags{urls: []string{"http://127.0.0.1/"}}, &config.Config{}, "env.db", "env.db"},
		{"urls default", crawlFlags{urls: []string{"http://127.0.0.1/"}}, &config.Config{}, "", defaultDBFile},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv(dbEnv, tc.env)
			if got := crawlDB(&tc.f, tc.cfg); got != tc.want {
				t.Errorf("crawlDB = %q, want %q", got, tc.want)
			}
		})
	}
}

// TestDBCheckBodies: `db check --bodies` reads every stored page back and
// fails naming one whose spooled bytes were altered.
func TestDBCheckBodies(t *testing.T) {
	site := newstest.NewSite(t, 3)
	dir := t.TempDir()
	cfg := writeCrawlConfig(t, dir, siteConfig(site.URL))
	db := filepath.Join(dir, "archive.db")
	mustRun(t, "crawl", "--no-compact", "--config", cfg)
	if r := mustRun(t, "db", "--db", db, "--bodies", "check"); !strings.Contains(r.stdout, ", 0 damaged (unreadable, or not matching their SHA-256)") {
		t.Errorf("db check --bodies of a sound archive:\n%s", r.stdout)
	}
	f, err := os.OpenFile(db+"-spool", os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteAt([]byte("bit rot"), 200); err != nil {
		t.Fatal(err)
	}
	f.Close()
	r := runCLI(t, nil, "db", "--db", db, "--bodies", "check")
	if r.code != 1 || !strings.Contains(r.stdout, ", 1 damaged") || !strings.Contains(r.stdout, "stored body unreadable") ||
		strings.Count(r.stderr, "\n") != 1 || !strings.Contains(r.stderr, "stored again when a crawl fetches the same bytes") {
		t.Errorf("db check --bodies after bit rot: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// The crawl after fetches the same bytes and stores them again.
	mustRun(t, "crawl", "--no-compact", "--config", cfg)
	if r := mustRun(t, "db", "--db", db, "--bodies", "check"); !strings.Contains(r.stdout, ", 0 damaged") {
		t.Errorf("db check --bodies after a crawl fetched the rotten page again:\n%s", r.stdout)
	}
	if r := mustRun(t, "db", "--db", db, "check"); strings.Contains(r.stdout, "body") {
		t.Errorf("db check without --bodies read the bodies:\n%s", r.stdout)
	}
}

// TestDBOfATruncatedArchive: db check and version of a file cut short say
// it is too damaged to open, without pointing at db check again; --bodies
// goes with check alone.
func TestDBOfATruncatedArchive(t *testing.T) {
	db := crawledArchive(t, 3)
	fi, err := os.Stat(db)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(db, fi.Size()/2); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"check"}, {"--bodies", "check"}, {"version"}} {
		r := runCLI(t, nil, append([]string{"db", "--db", db}, args...)...)
		if r.code != 1 || !strings.Contains(r.stderr, "too damaged to open") || strings.Contains(r.stderr, "db check") ||
			strings.Count(r.stderr, "\n") != 1 {
			t.Errorf("db %v of a truncated archive: exit %d, stderr %q", args, r.code, r.stderr)
		}
	}
	if r := runCLI(t, nil, "db", "--db", db, "--bodies", "version"); r.code != 2 || !strings.Contains(r.stderr, "--bodies goes with check") {
		t.Errorf("db --bodies version: exit %d, stderr %q", r.code, r.stderr)
	}
}

// TestReparseRefusesADamagedArchive: reparse of a database file whose
// pages are damaged changes nothing and says so, instead of writing into
// it and exiting 0.
func TestReparseRefusesADamagedArchive(t *testing.T) {
	db := crawledArchive(t, 6)
	damagePages(t, db)
	damaged, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	// db compact and optimize rewrite much of the file too (they wrote
	// into it and said "optimized").
	for _, args := range [][]string{{"reparse", "--db", db}, {"db", "--db", db, "compact"}, {"db", "--db", db, "optimize"}} {
		r := runCLI(t, nil, args...)
		if r.code != 1 || !strings.Contains(r.stderr, "database file is damaged") || !strings.Contains(r.stderr, "nothing was changed") {
			t.Errorf("%v of a damaged archive: exit %d\n%s%s", args, r.code, r.stdout, r.stderr)
		}
	}
	if now, err := os.ReadFile(db); err != nil || !bytes.Equal(now, damaged) {
		t.Errorf("a refused command changed the damaged file (%v)", err)
	}
}

// crawledArchive crawls a test site of that many articles into a new
// archive and returns the archive's path.
func crawledArchive(t *testing.T, articles int) string {
	t.Helper()
	site := newstest.NewSite(t, articles)
	dir := t.TempDir()
	mustRun(t, "crawl", "--config", writeCrawlConfig(t, dir, siteConfig(site.URL)))
	return filepath.Join(dir, "archive.db")
}

// damagePages overwrites part of every third page in the second half of a
// database file (table rows; the schema and the tables' first pages are
// in the first): the file opens, its checks fail.
func damagePages(t *testing.T, db string) {
	t.Helper()
	b, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	const page = 4096
	for off := len(b) / 2 / page * page; off+page <= len(b); off += 3 * page {
		copy(b[off+8:off+72], strings.Repeat("\xa5", 64))
	}
	if err := os.WriteFile(db, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestDBCheckOfADamagedArchive: db check of a file that opens but cannot be
// read through names the file and what to do, in one line.
func TestDBCheckOfADamagedArchive(t *testing.T) {
	db := crawledArchive(t, 6)
	damagePages(t, db)
	r := runCLI(t, nil, "db", "--db", db, "check")
	if r.code != 1 || strings.Count(r.stderr, "\n") != 1 || !strings.Contains(r.stdout+r.stderr, "archive.db") {
		t.Errorf("db check of a damaged archive: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r.code == 1 && strings.Contains(r.stderr, "malformed") && !strings.Contains(r.stderr, ".recover") {
		t.Errorf("db check names no way out: %s", r.stderr)
	}
}

// TestDBCheckComparesTheSearchIndex: db check exits 1 naming a search
// index that misses an article's text, holds a row of no version or
// other terms than a version's text, and passes one whose missing rows
// are a crawl's backlog, recorded as not indexed yet.
func TestDBCheckComparesTheSearchIndex(t *testing.T) {
	const first = `(SELECT MIN(indexed_version_id) FROM articles)`
	unindexFirst := `INSERT INTO search (search, rowid, title, byline, text)
		SELECT 'delete', id, title, byline, text FROM search_source WHERE id = ` + first
	tests := []struct {
		name   string
		damage []string
		want   string // on stdout; "" for a sound archive
	}{
		{"backlog", []string{unindexFirst, `UPDATE articles SET indexed_version_id = NULL WHERE indexed_version_id = ` + first}, ""},
		{"row deleted", []string{unindexFirst}, "search index misses the latest text of 1 article\n"},
		{"stray row", []string{`INSERT INTO search (rowid, title, byline, text) VALUES (999999, 'Ghost', '', 'no such text')`},
			"search index holds 1 row of versions that no longer exist\n"},
		{"text changed", []string{changedText("A text the index never saw.", first)},
			"search index does not match the texts of the versions it holds"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := damagedArchive(t, tt.damage)
			r := runCLI(t, nil, "db", "--db", db, "check")
			switch {
			case tt.want == "" && (r.code != 0 || !strings.HasSuffix(r.stdout, ": ok\n")):
				t.Errorf("db check of a sound archive: exit %d\n%s%s", r.code, r.stdout, r.stderr)
			case tt.want != "" && (r.code != 1 || !strings.Contains(r.stdout, tt.want) || !strings.Contains(r.stderr, "1 problem(s) found")):
				t.Errorf("db check: exit %d\n%s%s\nwant exit 1 and %q", r.code, r.stdout, r.stderr, tt.want)
			}
		})
	}
}

// damagedArchive crawls a site of three articles into a new archive and
// runs the damage's SQL on it behind the archive's back.
func damagedArchive(t *testing.T, damage []string) string {
	t.Helper()
	db := crawledArchive(t, 3)
	w := sqlWriter(t, db)
	defer w.Close()
	for _, q := range damage {
		if _, err := w.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	return db
}
