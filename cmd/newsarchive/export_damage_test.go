package main

import (
	"database/sql"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// misplaceKey damages the database at db the way a torn or overwritten
// page does, in a way SQLite's search cannot see: it lowers a divider key
// of table's root page, so that a search for the rows just below the old
// key goes to the wrong child and finds nothing, while a scan reads them
// all. It returns one id the search misses.
func misplaceKey(t *testing.T, db, table string) int64 {
	t.Helper()
	root := rootPage(t, db, table)
	b, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	pageSize := int64(binary.BigEndian.Uint16(b[16:18]))
	page := b[(root-1)*pageSize : root*pageSize]
	if page[0] != 0x05 {
		t.Fatalf("the root of %s is no interior page (type %#x): fill more rows", table, page[0])
	}
	for i := range int(binary.BigEndian.Uint16(page[3:5])) {
		cell := int(binary.BigEndian.Uint16(page[12+2*i:]))
		key := page[cell+4 : cell+6] // a two-byte varint holds 128 to 16383
		if key[0]&0x80 == 0 || key[1]&0x80 != 0 {
			continue
		}
		old := int64(key[0]&0x7f)<<7 | int64(key[1])
		if old < 128+10 {
			continue
		}
		low := old - 10
		key[0], key[1] = byte(low>>7)|0x80, byte(low&0x7f)
		if err := os.WriteFile(db, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return old - 5
	}
	t.Fatalf("no divider of %s to move", table)
	return 0
}

// rootPage is the number of the root page of table in db.
func rootPage(t *testing.T, db, table string) int64 {
	t.Helper()
	conn, err := sql.Open("sqlite", "file:"+db)
	if err != nil {
		t.Fatal(err)
	}
	var root int64
	err = conn.QueryRow(`SELECT rootpage FROM sqlite_schema WHERE type = 'table' AND name = ?`, table).Scan(&root)
	if cerr := conn.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// dangle makes a row of db name one that is not there, as a damaged page
// makes SQLite's search of it find nothing; foreign keys are off, as in a
// connection that does not ask for them.
func dangle(t *testing.T, db, update string) {
	t.Helper()
	conn, err := sql.Open("sqlite", "file:"+db)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.Exec(update); err != nil {
		t.Fatal(err)
	}
}

// TestExportOfDamagedArchive: rows a damaged page hid from SQLite's search
// were left out of exports that exited 0 (a WARC file of 488 of 491
// articles, its manifest silent), and show said the article was not
// there.
func TestExportOfDamagedArchive(t *testing.T) {
	for _, tt := range []struct {
		name, update string
		mustFail     []string // exports that lose a row here; the others may write all
	}{
		{"latest version", `UPDATE articles SET latest_version_id = latest_version_id + 100000 WHERE id = 20`,
			[]string{"a.jsonl", "a.csv", "a.parquet", "a.warc.gz"}},
		{"article of a version", `UPDATE versions SET article_id = 100000 WHERE article_id = 20`,
			[]string{"a.warc.gz"}},
		{"fetch of a version", `UPDATE fetches SET id = id + 100000 WHERE id = (SELECT fetch_id FROM versions WHERE article_id = 20)`,
			[]string{"a.jsonl", "a.csv", "a.parquet", "a.warc.gz"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "many.db")
			fillMany(t, db, 40)
			dangle(t, db, tt.update)
			dir := t.TempDir()
			for _, file := range []string{"a.jsonl", "a.csv", "a.parquet", "a.warc.gz"} {
				for _, filter := range [][]string{nil, {"--since", "2000-01-01"}, {"--versions", "all"}} {
					args := append([]string{"export", "--db", db, "-o", filepath.Join(dir, file)}, filter...)
					r := runCLI(t, nil, args...)
					failed := r.code == 1 && strings.Contains(r.stderr, "malformed")
					whole := r.code == 0 && strings.Contains(r.stderr, ": 40 rows")
					if !failed && (!whole || filter == nil && slices.Contains(tt.mustFail, file)) {
						t.Errorf("%s: exit %d, stderr %q; want 1 and the damage named", strings.Join(args[3:], " "), r.code, r.stderr)
					}
					if whole {
						os.Remove(filepath.Join(dir, file))
						os.Remove(filepath.Join(dir, file+".manifest.json"))
					}
				}
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 0 {
				t.Errorf("exports of a damaged archive left %v", entries)
			}
		})
	}
}

// TestShowOfDamagedArticles: an article a damaged page hides is reported
// as damage, not as an article the archive does not hold.
func TestShowOfDamagedArticles(t *testing.T) {
	db := filepath.Join(t.TempDir(), "many.db")
	fillMany(t, db, 3000)
	id := misplaceKey(t, db, "articles")
	r := runCLI(t, nil, "show", "--db", db, fmt.Sprint(id))
	if r.code != 1 || !strings.Contains(r.stderr, "malformed") || strings.Contains(r.stderr, "no article") {
		t.Errorf("show %d: exit %d, stderr %q; want the damage named", id, r.code, r.stderr)
	}
	dangle(t, db, `UPDATE articles SET latest_version_id = latest_version_id + 100000 WHERE id = 7`)
	r = runCLI(t, nil, "show", "--db", db, "7")
	if r.code != 1 || !strings.Contains(r.stderr, "malformed") {
		t.Errorf("show of an article whose version is missing: exit %d, stderr %q; want the damage named", r.code, r.stderr)
	}
}

// TestSearchOfADamagedVersionsTable: a search a damaged page of the
// versions table stops says the file is damaged, not the search index,
// whose rebuild would refuse the file (found by QA).
func TestSearchOfADamagedVersionsTable(t *testing.T) {
	db := exportArchive(t)
	root := rootPage(t, db, "versions")
	b, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	pageSize := int64(binary.BigEndian.Uint16(b[16:18]))
	for i := (root - 1) * pageSize; i < root*pageSize; i++ {
		b[i] = 0xee
	}
	if err := os.WriteFile(db, b, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"search", "--db", db, "barrier"}, {"export", "--db", db, "--query", "barrier"}} {
		r := runCLI(t, nil, args...)
		damaged := strings.Contains(r.stderr, "the archive's database file is damaged") ||
			(args[0] == "export" && strings.Contains(r.stderr, "database disk image is malformed"))
		if r.code != 1 || !damaged || strings.Contains(r.stderr, "search index is damaged") || strings.Count(r.stderr, "db check") != 1 {
			t.Errorf("%v: exit %d, stderr %q; want the file said damaged, db check named once", args[0], r.code, r.stderr)
		}
	}
}
