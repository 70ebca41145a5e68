package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/newsarchive/newsarchive/internal/newstest"
	"github.com/newsarchive/newsarchive/parse"
)

// TestDBReindexRepairsTheSearchIndex: db check exits 1 on a damaged search
// index and names db reindex; db reindex rebuilds the index, after which
// db check exits 0 and searches find every article again.
func TestDBReindexRepairsTheSearchIndex(t *testing.T) {
	const first = `(SELECT MIN(indexed_version_id) FROM articles)`
	tests := []struct {
		name   string
		damage []string
	}{
		{"row deleted", []string{`INSERT INTO search (search, rowid, title, byline, text)
			SELECT 'delete', id, title, byline, text FROM search_source WHERE id = ` + first}},
		{"stray row", []string{`INSERT INTO search (rowid, title, byline, text) VALUES (999999, 'Ghost', '', 'no such text')`}},
		{"text changed", []string{changedText("Council approves plan number 0, amended by hand.", first)}},
		{"structure overwritten", []string{`UPDATE search_data SET block = x'0102030405' WHERE id = 10`}},
		{"leaf blocks cut short", []string{`UPDATE search_data SET block = substr(block, 1, length(block) / 2) WHERE id > 10`}},
		// FTS5 refuses every use of an index without its format version,
		// SQLite's check of the file included.
		{"configuration emptied", []string{`DELETE FROM search_config`}},
		// A table of FTS5's own dropped by hand or by a tool: the index
		// is made again.
		{"term table dropped", []string{`DROP TABLE search_idx`}},
		{"data table dropped", []string{`DROP TABLE search_data`}},
		{"configuration table dropped", []string{`DROP TABLE search_config`}},
		{"sizes table dropped", []string{`DROP TABLE search_docsize`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := damagedArchive(t, tt.damage)
			r := runCLI(t, nil, "db", "--db", db, "check")
			if r.code != 1 || !strings.Contains(r.stdout, "search index") || !strings.Contains(r.stderr, "'newsarchive db reindex' rebuilds the search index") {
				t.Fatalf("db check of a damaged index: exit %d\n%s%s", r.code, r.stdout, r.stderr)
			}
			r = runCLI(t, nil, "db", "--db", db, "reindex")
			if r.code != 0 || !strings.Contains(r.stdout, ": search index rebuilt: 3 articles in ") {
				t.Fatalf("db reindex: exit %d\n%s%s", r.code, r.stdout, r.stderr)
			}
			if r := runCLI(t, nil, "db", "--db", db, "check"); r.code != 0 || !strings.HasSuffix(r.stdout, ": ok\n") {
				t.Fatalf("db check after db reindex: exit %d\n%s%s", r.code, r.stdout, r.stderr)
			}
			r = mustRun(t, "search", "--db", db, "council")
			for i := range 3 {
				if !strings.Contains(r.stdout, newstest.ArticlePath(i)) {
					t.Errorf("search after db reindex misses %s:\n%s", newstest.ArticlePath(i), r.stdout)
				}
			}
		})
	}
}

// TestDBReindexRefuses: db reindex changes nothing in a database file
// SQLite finds damaged, and db check's advice names no rebuild for
// damage that is not the search index's.
func TestDBReindexRefuses(t *testing.T) {
	db := crawledArchive(t, 6)
	damagePages(t, db)
	r := runCLI(t, nil, "db", "--db", db, "reindex")
	if r.code != 1 || !strings.Contains(r.stderr, "database file is damaged") || !strings.Contains(r.stderr, "nothing was changed") ||
		strings.Count(r.stderr, "\n") != 1 {
		t.Errorf("db reindex of a damaged file: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}

	db = crawledArchive(t, 3)
	w := sqlWriter(t, db)
	if _, err := w.Exec(`INSERT INTO damaged_bodies (sha256, found_at, error) SELECT body_sha256, '2026-01-01T00:00:00Z', 'test' FROM fetches LIMIT 1`); err != nil {
		t.Fatal(err)
	}
	w.Close()
	r = runCLI(t, nil, "db", "--db", db, "check")
	if r.code != 1 || strings.Contains(r.stderr, "reindex") {
		t.Errorf("db check of damage outside the index: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := runCLI(t, nil, "db", "--db", db, "rebuild"); r.code != 2 || !strings.Contains(r.stderr, "want backup, check, compact, optimize, reindex, restore or version") {
		t.Errorf("db rebuild: exit %d, stderr %q", r.code, r.stderr)
	}
}

// changedText sets the text of the version id selects to text, with its
// content hash: a text the search index does not hold, not a damaged one.
func changedText(text, id string) string {
	return fmt.Sprintf(`UPDATE versions SET text = '%s', content_hash = '%s' WHERE id = %s`, text, parse.ContentHash(text), id)
}

// TestDBCheckOfADamagedText: db check names a version text that no
// longer matches its content hash (a damaged page of a long text, which
// SQLite's own check passes), and warns against db reindex, which would
// index the damage.
func TestDBCheckOfADamagedText(t *testing.T) {
	db := damagedArchive(t, []string{`UPDATE versions SET text = 'Council appro\ufffd\ufffd' WHERE id = 1`})
	r := runCLI(t, nil, "db", "--db", db, "check")
	if r.code != 1 || !strings.Contains(r.stdout, "version texts not matching their content hash (damaged): 1 (versions 1)") ||
		!strings.Contains(r.stderr, "does not repair a damaged version text") || strings.Contains(r.stderr, "rebuilds the search index") {
		t.Errorf("db check of a damaged text: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}
