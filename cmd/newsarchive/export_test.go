package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// exportArchive fills a database through the real binary: the story saved,
// then saved again after the site corrected it, and the front page.
func exportArchive(t *testing.T) string {
	t.Helper()
	srv, _, edit := changingSite(t)
	db := filepath.Join(t.TempDir(), "news.db")
	mustRun(t, "scrape", "--save", "--db", db, srv.URL+storyPath)
	edit()
	mustRun(t, "scrape", "--save", "--db", db, srv.URL+storyPath)
	return db
}

func TestExportFormats(t *testing.T) {
	db := exportArchive(t)
	dir := t.TempDir()
	for _, tt := range []struct {
		format, file string
		magic        []byte // how the file starts
	}{
		{"jsonl", "a.jsonl", []byte(`{"id":1,`)},
		{"csv", "a.csv", []byte("id,source,version,")},
		{"parquet", "a.parquet", []byte("PAR1")},
		{"warc", "a.warc.gz", []byte{0x1f, 0x8b}},
	} {
		t.Run(tt.format, func(t *testing.T) {
			path := filepath.Join(dir, tt.file)
			r := mustRun(t, "export", "--db", db, "--format", tt.format, "--versions", "all", "-o", path)
			if r.stdout != "" || !strings.Contains(r.stderr, "2 rows") {
				t.Errorf("stdout %q stderr %q", r.stdout, r.stderr)
			}
			b, err := os.ReadFile(path)
			if err != nil || !bytes.HasPrefix(b, tt.magic) {
				t.Fatalf("%s starts %q (%v)", path, b[:min(len(b), 16)], err)
			}
			var m struct {
				Command []string `json:"command"`
				SHA256  string   `json:"sha256"`
				Rows    int      `json:"rows"`
				Version string   `json:"version"`
			}
			mb, err := os.ReadFile(path + ".manifest.json")
			if err != nil || json.Unmarshal(mb, &m) != nil {
				t.Fatalf("manifest: %v\n%s", err, mb)
			}
			if m.Rows != 2 || len(m.SHA256) != 64 || m.Version == "" || !strings.Contains(strings.Join(m.Command, " "), "--versions all") {
				t.Errorf("manifest %s", mb)
			}
		})
	}
}

func TestExportStdout(t *testing.T) {
	db := exportArchive(t)
	r := mustRun(t, "export", "--db", db, "--format", "jsonl", "--query", "twelve", "-o", "-")
	lines := 0
	sc := bufio.NewScanner(strings.NewReader(r.stdout))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var row map[string]any
		if err := json.Unmarshal(sc.Bytes(), &row); err != nil {
			t.Fatal(err)
		}
		if row["version"] != 2.0 || !strings.Contains(row["text"].(string), "twelve minutes") {
			t.Errorf("row is version %v", row["version"])
		}
		lines++
	}
	if lines != 1 || r.stderr != "" {
		t.Errorf("%d lines, stderr %q (no progress off a terminal)", lines, r.stderr)
	}
	if r := mustRun(t, "export", "--db", db, "--query", "twenty"); r.stdout != "" {
		t.Errorf("the old wording is not in the latest version, yet exported %q", r.stdout[:min(len(r.stdout), 80)])
	}
}

func TestExportErrors(t *testing.T) {
	db := exportArchive(t)
	dir := t.TempDir()
	for _, tt := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"missing directory", []string{"-o", filepath.Join(dir, "no", "x.jsonl")}, 1, "does not exist"},
		{"unknown format", []string{"--format", "xml"}, 2, `unknown format "xml"`},
		{"bad query", []string{"--query", `"flood`, "-o", filepath.Join(dir, "q.jsonl")}, 2, "invalid search query"},
		{"unknown source", []string{"--source", "nowhere", "-o", filepath.Join(dir, "s.jsonl")}, 2, "nowhere"},
		{"bad date", []string{"--since", "yesterday"}, 2, "not a date"},
		{"bad by", []string{"--by", "modified"}, 2, "--by"},
		{"bad versions", []string{"--versions", "some"}, 2, "--versions"},
		{"no database", []string{"--db", filepath.Join(dir, "none.db")}, 1, "does not exist"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"export", "--db", db}, tt.args...)
			r := runCLI(t, nil, args...)
			if r.code != tt.code || !strings.Contains(r.stderr, tt.want) || strings.Count(r.stderr, "\n") != 1 {
				t.Errorf("exit %d stderr %q, want %d and %q on one line", r.code, r.stderr, tt.code, tt.want)
			}
		})
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("failed exports left %d files", len(entries))
	}
}
