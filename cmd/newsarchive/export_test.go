package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/parse"
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
			// Without --format, the extension picks it.
			byName := filepath.Join(dir, "by-name-"+tt.file)
			mustRun(t, "export", "--db", db, "-o", byName)
			if b, err := os.ReadFile(byName); err != nil || !bytes.HasPrefix(b, tt.magic) {
				t.Errorf("%s starts %q (%v)", byName, b[:min(len(b), 16)], err)
			}
			// A format named in capitals, beside its extension.
			upper := filepath.Join(dir, "upper-"+tt.file)
			mustRun(t, "export", "--db", db, "--format", strings.ToUpper(tt.format), "-o", upper)
			if b, err := os.ReadFile(upper); err != nil || !bytes.HasPrefix(b, tt.magic) {
				t.Errorf("%s starts %q (%v)", upper, b[:min(len(b), 16)], err)
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

// TestExportToAFileOfProc: -o /proc/version, a file that is there but
// that an export cannot replace (root may write /proc, whose file system
// makes no new files), said "no such file or directory".
func TestExportToAFileOfProc(t *testing.T) {
	if _, err := os.Stat("/proc/version"); err != nil {
		t.Skip("no /proc/version here")
	}
	db := exportArchive(t)
	want := "newsarchive: export: /proc/version may not be written (permission denied)"
	if os.Geteuid() == 0 {
		want = "newsarchive: export: /proc/version cannot be replaced: its file system makes no new files in /proc"
	}
	for _, format := range []string{"jsonl", "parquet"} {
		r := runCLI(t, nil, "export", "--db", db, "--format", format, "-o", "/proc/version")
		if r.code != 1 || !strings.HasPrefix(r.stderr, want) || strings.Count(r.stderr, "\n") != 1 || strings.Contains(r.stderr, "no such file") {
			t.Errorf("%s: exit %d, stderr %q; want 1 and %q on one line", format, r.code, r.stderr, want)
		}
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
		{"empty -o", []string{"-o", ""}, 2, "export: -o: empty path"},
		{"bad by", []string{"--by", "modified"}, 2, "--by"},
		{"bad versions", []string{"--versions", "some"}, 2, "--versions"},
		{"no database", []string{"--db", filepath.Join(dir, "none.db")}, 1, "does not exist"},
		{"no database, to a file", []string{"--db", filepath.Join(dir, "none.db"), "-o", filepath.Join(dir, "n.jsonl")}, 1, "does not exist"},
		{"a source twice", []string{"--db", db, "--source", "a", "--source=b"}, 2, "--source given twice"},
		{"-o twice", []string{"-o", filepath.Join(dir, "a.jsonl"), "-o", filepath.Join(dir, "b.jsonl")}, 2, "export: -o given twice"},
		{"format against extension", []string{"--format", "csv", "-o", filepath.Join(dir, "x.parquet")}, 2, "names parquet"},
		{"a manifest's name", []string{"-o", filepath.Join(dir, "m.jsonl.manifest.json")}, 2, "names a manifest"},
		{"empty query", []string{"--query", ""}, 2, "--query: empty value"},
		{"blank query", []string{"--query", "  "}, 2, "--query: empty value"},
		{"empty source", []string{"--source="}, 2, "--source: empty value"},
		{"empty section", []string{"--section", ""}, 2, "--section: empty value"},
		{"blank language", []string{"--language", " "}, 2, "--language: empty value"},
		{"empty since", []string{"--since", ""}, 2, "--since: empty value"},
		{"gzipped parquet", []string{"-o", filepath.Join(dir, "x.parquet.gz")}, 2, "name the file .parquet"},
		{"warc not gzipped", []string{"-o", filepath.Join(dir, "x.warc")}, 2, "name the file .warc.gz"},
		{"gzip of no format", []string{"-o", filepath.Join(dir, "x.gz")}, 2, ".jsonl.gz"},
		{"format against a gzipped extension", []string{"--format", "jsonl", "-o", filepath.Join(dir, "y.csv.gz")}, 2, "names csv"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"export"}, tt.args...)
			if !slices.Contains(tt.args, "--db") {
				args = append([]string{"export", "--db", db}, tt.args...)
			}
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

// fillMany saves n copies of the test article under different URLs, each
// with its own text, through the archive's batch API: enough for an export
// that runs a second or more.
func fillMany(t *testing.T, db string, n int) {
	t.Helper()
	fillWith(t, db, n, func(s *archive.Store, rs []archive.Record) error {
		_, err := s.SaveBatch(context.Background(), rs)
		return err
	})
}

// fillUnindexed saves n articles as a crawl does, leaving them out of the
// search index until a compaction or the crawl's end adds them.
func fillUnindexed(t *testing.T, db string, n int) {
	t.Helper()
	fillWith(t, db, n, func(s *archive.Store, rs []archive.Record) error {
		ctx := context.Background()
		id, err := s.EnsureSource(ctx, "millbrook", "")
		if err != nil {
			return err
		}
		f, _, err := s.Frontier(ctx, id)
		if err != nil {
			return err
		}
		for i := range rs {
			rs[i].Fetch.SourceID = id
		}
		_, err = f.SaveBatch(ctx, rs)
		return err
	})
}

// fillWith saves n copies of the test article with save, 500 at a time.
func fillWith(t *testing.T, db string, n int, save func(*archive.Store, []archive.Record) error) {
	t.Helper()
	ctx := context.Background()
	page, err := os.ReadFile(filepath.Join("testdata", "site", "article.html"))
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC)
	a, err := parse.Parse(parse.Page{URL: "https://millbrook.example" + storyPath, Body: page, ContentType: "text/html", FetchedAt: at})
	if err != nil {
		t.Fatal(err)
	}
	s, err := archive.Open(ctx, db, archive.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var batch []archive.Record
	for i := range n {
		u := fmt.Sprintf("https://millbrook.example/news/%d", i)
		v := *a
		v.URL, v.CanonicalURL, v.Text = u, u, fmt.Sprintf("%s\n\nUpdate %d.", a.Text, i)
		v.ContentHash = parse.ContentHash(v.Text)
		batch = append(batch, archive.Record{Article: &v, Fetch: archive.Fetch{RequestedURL: u, FinalURL: u,
			Status: 200, Proto: "HTTP/1.1", FetchedAt: at.Add(time.Duration(i) * time.Second),
			Header: http.Header{"Content-Type": {"text/html"}}, Body: append(page, fmt.Sprintf("<!-- %d -->", i)...)}})
		if len(batch) == 500 || i == n-1 {
			if err := save(s, batch); err != nil {
				t.Fatal(err)
			}
			batch = batch[:0]
		}
	}
}

func TestExportInterrupted(t *testing.T) {
	db := filepath.Join(t.TempDir(), "many.db")
	fillMany(t, db, 1500)
	dir := t.TempDir()
	out := filepath.Join(dir, "many.warc.gz")
	cmd := exec.Command(binPath, "export", "--db", db, "--format", "warc", "-o", out)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Interrupt once the temporary file has something in it, as Ctrl-C
	// would in the middle of an export.
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if tmps, _ := filepath.Glob(filepath.Join(dir, ".many.warc.gz.*.tmp")); len(tmps) > 0 {
			if fi, err := os.Stat(tmps[0]); err == nil && fi.Size() > 0 {
				break
			}
		}
		time.Sleep(5 * time.Millisecond)
	}
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	if cmd.ProcessState.ExitCode() != 1 || !strings.Contains(stderr.String(), "interrupted, nothing written") {
		t.Fatalf("exit %v, stderr %q: want an interrupted export (did it finish first?)", err, stderr.String())
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("an interrupted export left %v", entries)
	}
}

// TestExportToAStream: -o naming a descriptor (/dev/stdout, a link to
// it), a pipe or a device writes to it as -o - does, without a manifest:
// -o /dev/stdout >> log replaced the log by rename, dropping its lines,
// and wrote log.manifest.json beside it.
func TestExportToAStream(t *testing.T) {
	db := exportArchive(t)
	dir := t.TempDir()
	link := filepath.Join(dir, "out.jsonl")
	if err := os.Symlink("/dev/stdout", link); err != nil {
		t.Fatal(err)
	}
	for _, out := range []string{"/dev/stdout", "/dev/fd/1", link} {
		log := filepath.Join(dir, "log.txt")
		if err := os.WriteFile(log, []byte("earlier line\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		f, err := os.OpenFile(log, os.O_WRONLY|os.O_APPEND, 0)
		if err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(binPath, "export", "--db", db, "-o", out)
		var stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = f, &stderr
		err = cmd.Run()
		f.Close()
		if err != nil {
			t.Fatalf("-o %s >> log: %v\n%s", out, err, stderr.Bytes())
		}
		got, _ := os.ReadFile(log)
		if !strings.HasPrefix(string(got), "earlier line\n{\"id\":1,") || strings.Count(string(got), "\n") != 2 {
			t.Errorf("-o %s >> log: the log holds %q; want its line, then the row", out, got)
		}
		if _, err := os.Stat(log + ".manifest.json"); err == nil {
			t.Errorf("-o %s wrote a manifest beside the file its descriptor has open", out)
		}
	}
	fifo := filepath.Join(dir, "pipe")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	read := make(chan []byte)
	go func() {
		b, _ := os.ReadFile(fifo)
		read <- b
	}()
	mustRun(t, "export", "--db", db, "-o", fifo)
	if b := <-read; !bytes.HasPrefix(b, []byte(`{"id":1,`)) {
		t.Errorf("read %q from the pipe", b)
	}
	mustRun(t, "export", "--db", db, "-o", os.DevNull)
	if entries, _ := os.ReadDir(dir); len(entries) != 3 { // log.txt, out.jsonl, pipe
		t.Errorf("exports to streams left %v", entries)
	}
}

// TestExportGzipped: -o x.jsonl.gz and x.csv.gz write the rows gzipped
// (they were written plain under a .gz name), the manifest saying so.
func TestExportGzipped(t *testing.T) {
	db := exportArchive(t)
	dir := t.TempDir()
	for _, name := range []string{"x.jsonl", "x.csv"} {
		mustRun(t, "export", "--db", db, "--versions", "all", "-o", filepath.Join(dir, name))
		path := filepath.Join(dir, name+".gz")
		mustRun(t, "export", "--db", db, "--versions", "all", "-o", path)
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		zr, err := gzip.NewReader(f)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		got, err := io.ReadAll(zr)
		f.Close()
		want, _ := os.ReadFile(filepath.Join(dir, name))
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s holds %d bytes unzipped (%v); want the %d of %s", path, len(got), err, len(want), name)
		}
		mb, _ := os.ReadFile(path + ".manifest.json")
		if !bytes.Contains(mb, []byte(`"compression": "gzip"`)) {
			t.Errorf("manifest of %s: %s", path, mb)
		}
	}
}

// TestExportQueryNotesUnindexedArticles: an export selected by a query
// says how many articles the search index does not hold yet, which the
// query cannot select (it left them out in silence), on stderr and in
// its manifest.
func TestExportQueryNotesUnindexedArticles(t *testing.T) {
	db := exportArchive(t)
	fillUnindexed(t, db, 3)
	out := filepath.Join(t.TempDir(), "flood.jsonl")
	type manifest struct {
		Rows      int   `json:"rows"`
		Unindexed int64 `json:"unindexed_articles"`
	}
	readManifest := func() manifest {
		var m manifest
		b, err := os.ReadFile(out + ".manifest.json")
		if err != nil || json.Unmarshal(b, &m) != nil {
			t.Fatalf("manifest: %v\n%s", err, b)
		}
		return m
	}
	r := mustRun(t, "export", "--db", db, "--query", "barrier", "-o", out)
	if !strings.Contains(r.stderr, "note: 3 articles are not in the search index yet, so --query cannot select them") {
		t.Errorf("no note of the unindexed articles: %q", r.stderr)
	}
	if m := readManifest(); m.Unindexed != 3 || m.Rows != 1 {
		t.Errorf("manifest %+v; want 1 row and 3 unindexed articles", m)
	}
	if r := mustRun(t, "export", "--db", db, "-o", out); strings.Contains(r.stderr, "note:") {
		t.Errorf("an export without a query notes the index: %q", r.stderr)
	}
	// Only the articles the other filters select count.
	r = mustRun(t, "export", "--db", db, "--query", "barrier", "--source", "millbrook", "-o", out)
	if !strings.Contains(r.stderr, "note: 3 articles are not in the search index yet") {
		t.Errorf("export of the unindexed articles' source: %q", r.stderr)
	}
	for _, other := range [][]string{{"--language", "fr"}, {"--until", "2020-01-01"}} {
		r = mustRun(t, append([]string{"export", "--db", db, "--query", "barrier", "-o", out}, other...)...)
		if m := readManifest(); strings.Contains(r.stderr, "note:") || m.Unindexed != 0 {
			t.Errorf("export %v, which selects none of them: stderr %q, manifest %+v", other, r.stderr, m)
		}
	}
	mustRun(t, "db", "compact", "--db", db)
	r = mustRun(t, "export", "--db", db, "--query", "barrier", "-o", out)
	if m := readManifest(); strings.Contains(r.stderr, "note:") || m.Unindexed != 0 || m.Rows != 4 {
		t.Errorf("after the index caught up: stderr %q, manifest %+v; want 4 rows and no note", r.stderr, m)
	}
}

// TestExportToAPipeInterrupted: an export to standard output stopped
// part-way says the output is incomplete and how many rows it holds: its
// first rows are out, each whole, as many as it says.
func TestExportToAPipeInterrupted(t *testing.T) {
	db := filepath.Join(t.TempDir(), "many.db")
	fillMany(t, db, 1500)
	for _, tc := range []struct {
		format string
		rows   func(out []byte) (int, error)
	}{
		{"jsonl", jsonLines},
		{"csv", csvRows},
	} {
		t.Run(tc.format, func(t *testing.T) {
			out, stderr, code := interruptExport(t, "export", "--db", db, "--format", tc.format)
			m := regexp.MustCompile(`interrupted after (\d+) rows; the output written so far is incomplete`).FindStringSubmatch(stderr)
			if code != 1 || m == nil || m[1] == "0" {
				t.Fatalf("exit %d, stderr %q: want an interrupted export, counting the rows out", code, stderr)
			}
			rows, err := tc.rows(out)
			if err != nil {
				t.Fatalf("the output does not end on a row's end: %v", err)
			}
			if strconv.Itoa(rows) != m[1] || rows >= 1500 {
				t.Errorf("%d rows out, the command says %s; want the first rows, as many as it says", rows, m[1])
			}
		})
	}
}

// interruptExport runs the binary with args, its standard output a pipe
// left unread until it has sent an interrupt: the full pipe holds the
// export part-way. It returns all the output, standard error and the
// exit code.
func interruptExport(t *testing.T, args ...string) ([]byte, string, int) {
	t.Helper()
	cmd := exec.Command(binPath, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	first := make([]byte, 1)
	if _, err := io.ReadFull(stdout, first); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	rest, _ := io.ReadAll(stdout)
	cmd.Wait()
	return append(first, rest...), stderr.String(), cmd.ProcessState.ExitCode()
}

// jsonLines counts the JSON objects of out, one a line, each whole.
func jsonLines(out []byte) (int, error) {
	if !bytes.HasSuffix(out, []byte("\n")) {
		return 0, fmt.Errorf("no line end after its last %d bytes", len(out)-bytes.LastIndexByte(out, '\n')-1)
	}
	lines := bytes.Split(bytes.TrimSuffix(out, []byte("\n")), []byte("\n"))
	for i, l := range lines {
		if !json.Valid(l) {
			return 0, fmt.Errorf("line %d is not JSON", i+1)
		}
	}
	return len(lines), nil
}

// csvRows counts the records of out after its header, each whole.
func csvRows(out []byte) (int, error) {
	recs, err := csv.NewReader(bytes.NewReader(out)).ReadAll()
	if err != nil {
		return 0, err
	}
	if !bytes.HasSuffix(out, []byte("\n")) {
		return 0, errors.New("no line end after its last record")
	}
	return len(recs) - 1, nil
}

// TestExportOnAFullDisk: an export the disk cannot hold fails with one
// line naming the file asked for, not the temporary file it is written
// to, and leaves nothing.
func TestExportOnAFullDisk(t *testing.T) {
	prlimit := mustPrlimit(t)
	db := crawledArchive(t, 3)
	dir := t.TempDir()
	out := filepath.Join(dir, "news.jsonl")
	res := runLimited(t, prlimit, "--fsize=4096", "export", "--db", db, "-o", out)
	if res.code != 1 || !strings.Contains(res.stderr, "write "+out+": ") || strings.Contains(res.stderr, ".tmp") ||
		strings.Count(res.stderr, "\n") != 1 {
		t.Errorf("export onto a full disk: exit %d, stderr %q; want 1 and one line naming %s", res.code, res.stderr, out)
	}
	if left, _ := os.ReadDir(dir); len(left) > 0 {
		t.Errorf("files left: %v", left)
	}
}

// TestExportSpreadsheetSafeCutsLongCells: under --spreadsheet-safe, a
// cell longer than Excel's 32,767 characters (a long report's text and
// HTML) was written whole, and Excel cut it unsaid on opening; it is now
// cut, said once on stderr and counted in the manifest. A plain export
// keeps it whole.
func TestExportSpreadsheetSafeCutsLongCells(t *testing.T) {
	page, err := os.ReadFile(filepath.Join("testdata", "site", "article.html"))
	if err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("The inquiry heard that the barrier's gates were tested in every season of the decade. ", 450) // 39,600 characters
	page = bytes.Replace(page, []byte("<p>The river authority blamed"), []byte("<p>"+long+"</p>\n<p>The river authority blamed"), 1)
	db := filepath.Join(t.TempDir(), "news.db")
	mustRun(t, "scrape", "--save", "--db", db, pageSite(t, page).URL+storyPath)
	dir := t.TempDir()
	for _, tt := range []struct {
		name    string
		flags   []string
		wantCut int
	}{
		{"plain", nil, 0},
		{"spreadsheet-safe", []string{"--spreadsheet-safe"}, 2}, // text and html
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, tt.name+".csv")
			r := mustRun(t, append([]string{"export", "--db", db, "-o", path}, tt.flags...)...)
			note := fmt.Sprintf("cut %d cells to a spreadsheet's limit of 32767 characters", tt.wantCut)
			if got := strings.Count(r.stderr, "note:"); (tt.wantCut > 0) != (got == 1) || tt.wantCut > 0 && !strings.Contains(r.stderr, note) {
				t.Errorf("stderr %q; want %q once", r.stderr, note)
			}
			f, err := os.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			recs, err := csv.NewReader(f).ReadAll()
			if err != nil || len(recs) != 2 {
				t.Fatalf("%d records, %v", len(recs), err)
			}
			longest, cut := 0, 0
			for _, cell := range recs[1] {
				longest = max(longest, utf8.RuneCountInString(cell))
				if utf8.RuneCountInString(cell) == 32767 {
					cut++
				}
			}
			if tt.wantCut > 0 && (longest > 32767 || cut != tt.wantCut) || tt.wantCut == 0 && longest < len(long) {
				t.Errorf("longest cell %d characters, %d of 32767; want %d cut", longest, cut, tt.wantCut)
			}
			var m struct {
				CellsCut int `json:"cells_cut_to_spreadsheet_limit"`
			}
			if mb, err := os.ReadFile(path + ".manifest.json"); err != nil || json.Unmarshal(mb, &m) != nil || m.CellsCut != tt.wantCut {
				t.Errorf("manifest counts %d cells cut (%v), want %d", m.CellsCut, err, tt.wantCut)
			}
		})
	}
}
