package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// tornText is how a damaged text ends in these tests: bytes no page held.
const tornText = "\ufffd\ufffd torn page"

// damagedTextArchive is a crawled archive of three articles whose second
// version's text was changed by SQL, its content hash left as it was: a
// damaged overflow page of a long text reads so, and SQLite's own check
// passes it. The text keeps its first words, which the search index holds.
func damagedTextArchive(t *testing.T) string {
	t.Helper()
	return damagedArchive(t, []string{`UPDATE versions SET text = substr(text, 1, 200) || '` + tornText + `' WHERE id = 2`})
}

// TestExportOfADamagedText: export wrote a version whose text no longer
// matches its content hash as if it were sound. It now leaves it out,
// writes the rest and says so in one line, exiting 1, as it does for a
// damaged stored page.
func TestExportOfADamagedText(t *testing.T) {
	db := damagedTextArchive(t)
	dir := t.TempDir()
	want := regexp.MustCompile(`^newsarchive: export: 1 version\(s\) left out, version 2 the first: text does not match its content hash \(newsarchive db check lists them\); the rest is written\n$`)
	for _, file := range []string{"a.jsonl", "a.csv", "a.parquet", "a.warc.gz"} {
		t.Run(file, func(t *testing.T) {
			path := filepath.Join(dir, file)
			r := runCLI(t, nil, "export", "--db", db, "-o", path)
			summary, rest, _ := strings.Cut(r.stderr, "\n")
			if r.code != 1 || !strings.HasPrefix(summary, path+": 2 rows, ") || !want.MatchString(rest) {
				t.Errorf("exit %d, stderr %q; want the file's 2 rows, then version 2 named left out", r.code, r.stderr)
			}
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(string(b), tornText) {
				t.Errorf("%s holds the damaged text", file)
			}
			if m, err := os.ReadFile(path + ".manifest.json"); err != nil || !strings.Contains(string(m), `"damaged_versions_left_out": 1`) {
				t.Errorf("manifest %s (%v): want damaged_versions_left_out 1", m, err)
			}
		})
	}
	for _, format := range []string{"jsonl", "csv"} {
		r := runCLI(t, nil, "export", "--db", db, "--format", format)
		if r.code != 1 || !want.MatchString(r.stderr) || strings.Contains(r.stdout, tornText) || r.stdout == "" {
			t.Errorf("%s to standard output: exit %d, stderr %q; want the rest written and version 2 named left out", format, r.code, r.stderr)
		}
	}
}
