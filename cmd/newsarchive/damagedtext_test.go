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

// TestShowOfADamagedText: show printed a text that no longer matches its
// content hash without a word. It still prints what is stored, then warns
// in one line and exits 1; the sound articles print as before.
func TestShowOfADamagedText(t *testing.T) {
	db := damagedTextArchive(t)
	warning := regexp.MustCompile(`^newsarchive: show: article \d+: the text printed \(version 2\) does not match its content hash: damaged \(newsarchive db check lists such versions\)\n$`)
	damaged := 0
	for _, id := range []string{"1", "2", "3"} {
		for _, format := range []string{"text", "json"} {
			r := runCLI(t, nil, "show", "--db", db, "--format", format, id)
			switch {
			case !strings.Contains(r.stdout, "Paragraph 0 of story"):
				t.Errorf("show %s --format %s: exit %d, printed %q; want the article", id, format, r.code, r.stdout)
			case strings.Contains(r.stdout, tornText):
				damaged++
				if r.code != 1 || !warning.MatchString(r.stderr) {
					t.Errorf("show %s --format %s of the damaged text: exit %d, stderr %q; want it printed and a warning", id, format, r.code, r.stderr)
				}
				if format == "json" && !strings.Contains(r.stdout, `"text_damaged": true`) {
					t.Errorf("show %s --format json: no text_damaged in %s", id, r.stdout)
				}
			case r.code != 0 || r.stderr != "" || strings.Contains(r.stdout, "text_damaged"):
				t.Errorf("show %s --format %s of a sound text: exit %d, stderr %q", id, format, r.code, r.stderr)
			}
		}
	}
	if damaged != 2 {
		t.Errorf("the damaged text shown %d times, want 2 (text and json)", damaged)
	}
}

// TestSearchOfADamagedText: a result whose version text no longer matches
// its content hash (its snippet read from the damage) was listed as any
// other. It is now marked, and search warns in one line and exits 1.
func TestSearchOfADamagedText(t *testing.T) {
	db := damagedTextArchive(t)
	warning := regexp.MustCompile(`^newsarchive: search: 1 result\(s\) marked \[text damaged\], article \d+ the first: text does not match its content hash \(newsarchive db check lists them\)\n$`)
	r := runCLI(t, nil, "search", "--db", db, "council")
	if r.code != 1 || !warning.MatchString(r.stderr) || strings.Count(r.stdout, "[id ") != 3 || strings.Count(r.stdout, "[text damaged]") != 1 {
		t.Errorf("search: exit %d, stderr %q\n%s\nwant 3 results, one marked, and a warning", r.code, r.stderr, r.stdout)
	}
	r = runCLI(t, nil, "search", "--db", db, "--format", "json", "council")
	if r.code != 1 || !warning.MatchString(r.stderr) || strings.Count(r.stdout, `"text_damaged": true`) != 1 {
		t.Errorf("search --format json: exit %d, stderr %q\n%s\nwant one result with text_damaged", r.code, r.stderr, r.stdout)
	}
}

// TestHistoryOfADamagedText: history diffed a version whose text no longer
// matches its content hash as if it were sound. It marks the version, in
// text and JSON, and warns in one line, exiting 1; a sound article's
// history is as before.
func TestHistoryOfADamagedText(t *testing.T) {
	db := damagedTextArchive(t)
	warning := regexp.MustCompile(`^newsarchive: history: article \d+: the text of version\(s\) 2 does not match its content hash: damaged \(newsarchive db check lists such versions\)\n$`)
	damaged := 0
	for _, id := range []string{"1", "2", "3"} {
		for _, format := range []string{"text", "json"} {
			r := runCLI(t, nil, "history", "--db", db, "--format", format, id)
			marked := strings.Contains(r.stdout, "text damaged") || strings.Contains(r.stdout, `"text_damaged": true`)
			switch {
			case !strings.Contains(r.stdout, "version") && !strings.Contains(r.stdout, "version_id"):
				t.Errorf("history %s --format %s: exit %d, printed %q; want the versions", id, format, r.code, r.stdout)
			case marked:
				damaged++
				if r.code != 1 || !warning.MatchString(r.stderr) {
					t.Errorf("history %s --format %s of the damaged text: exit %d, stderr %q; want it marked and a warning", id, format, r.code, r.stderr)
				}
			case r.code != 0 || r.stderr != "":
				t.Errorf("history %s --format %s of a sound text: exit %d, stderr %q", id, format, r.code, r.stderr)
			}
		}
	}
	if damaged != 2 {
		t.Errorf("the damaged version marked %d times, want 2 (text and json)", damaged)
	}
}
