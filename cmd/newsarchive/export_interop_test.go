package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// interopEnv names the directory into which the readers researchers use
// were installed from npm (@duckdb/node-api, nodejs-polars, warcio); .ci/run
// installs them. Without it the interop tests skip.
const interopEnv = "NEWSARCHIVE_INTEROP_DIR"

// interopFiles is one export of the same archive in every format, with the
// JSON lines decoded as the reference the other readers are checked against.
type interopFiles struct {
	parquet, csv, warc string
	rows               []interopRow
	manifest           struct{ Rows, Records, Snapshots int }
}

// interopRow is the part of an exported row the readers are compared on.
type interopRow struct {
	VersionID int64      `json:"version_id"`
	Title     string     `json:"title"`
	Text      string     `json:"text"`
	Authors   []string   `json:"authors"`
	Published *time.Time `json:"published"`
	FetchedAt time.Time  `json:"fetched_at"`
	Images    []struct {
		URL, Caption string
	} `json:"images"`
}

// interopDir returns the npm prefix of the readers, skipping the test when
// they were not installed.
func interopDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv(interopEnv)
	if dir == "" {
		t.Skipf("%s is not set: install the readers with npm (see .ci/run) to check exports with DuckDB, polars and warcio", interopEnv)
	}
	if _, err := exec.LookPath("node"); err != nil {
		t.Fatalf("%s is set but node is not on PATH: %v", interopEnv, err)
	}
	return dir
}

// interopExport archives real pages through the binary: a story saved,
// fetched again unchanged (a WARC revisit), then corrected; an article
// with quotes, commas, newlines and a captioned image; a section front
// that is no article. Then it exports every version in every format.
func interopExport(t *testing.T) *interopFiles {
	t.Helper()
	srv, _, edit := changingSite(t)
	council, err := os.ReadFile(filepath.Join("testdata", "interop", "council.html"))
	if err != nil {
		t.Fatal(err)
	}
	other := pageSite(t, council)
	db := filepath.Join(t.TempDir(), "news.db")
	mustRun(t, "scrape", "--save", "--db", db, srv.URL+storyPath)
	mustRun(t, "scrape", "--save", "--db", db, srv.URL+storyPath)
	edit()
	mustRun(t, "scrape", "--save", "--db", db, srv.URL+storyPath)
	mustRun(t, "scrape", "--save", "--db", db, other.URL+"/news/2026/03/16/old-mill-library-vote")
	runCLI(t, nil, "scrape", "--save", "--db", db, srv.URL+"/") // no article: archived, exits non-zero

	dir := t.TempDir()
	f := &interopFiles{parquet: filepath.Join(dir, "a.parquet"), csv: filepath.Join(dir, "a.csv"),
		warc: filepath.Join(dir, "a.warc.gz")}
	jsonl := filepath.Join(dir, "a.jsonl")
	for format, path := range map[string]string{"parquet": f.parquet, "csv": f.csv, "warc": f.warc, "jsonl": jsonl} {
		mustRun(t, "export", "--db", db, "--format", format, "--versions", "all", "-o", path)
	}
	b, err := os.ReadFile(jsonl)
	if err != nil {
		t.Fatal(err)
	}
	for line := range strings.Lines(string(b)) {
		var r interopRow
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("jsonl: %v", err)
		}
		f.rows = append(f.rows, r)
	}
	if b, err = os.ReadFile(f.warc + ".manifest.json"); err != nil || json.Unmarshal(b, &f.manifest) != nil {
		t.Fatalf("manifest: %v\n%s", err, b)
	}
	if len(f.rows) != 3 || f.manifest.Rows != 3 {
		t.Fatalf("archive holds %d rows (manifest %d), want 3", len(f.rows), f.manifest.Rows)
	}
	return f
}

// runNode runs one of the reader scripts under testdata/interop and
// decodes the JSON it prints into out.
func runNode(t *testing.T, dir string, out any, script string, args ...string) {
	t.Helper()
	cmd := exec.Command("node", append([]string{filepath.Join("testdata", "interop", script)}, args...)...)
	cmd.Env = append(os.Environ(), "NODE_PATH="+filepath.Join(dir, "node_modules"))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	b, err := cmd.Output()
	if err != nil {
		t.Fatalf("node %s: %v\n%s", script, err, stderr.Bytes())
	}
	if err := json.Unmarshal(b, out); err != nil {
		t.Fatalf("node %s printed %.300q: %v", script, b, err)
	}
}

func TestExportInterop(t *testing.T) {
	dir := interopDir(t)
	f := interopExport(t)
	t.Run("duckdb", func(t *testing.T) { checkDuckDB(t, dir, f) })
	t.Run("polars", func(t *testing.T) { checkPolars(t, dir, f) })
	t.Run("warcio", func(t *testing.T) { checkWarcio(t, dir, f) })
}

// wantParquetTypes are the column types DuckDB gives the Parquet columns
// whose type is more than a plain string or integer.
var wantParquetTypes = map[string]string{
	"version":    "INTEGER",
	"version_id": "BIGINT",
	"authors":    "VARCHAR[]",
	"tags":       "VARCHAR[]",
	"images":     "STRUCT(url VARCHAR, alt VARCHAR, caption VARCHAR)[]",
	"published":  "TIMESTAMP WITH TIME ZONE",
	"modified":   "TIMESTAMP WITH TIME ZONE",
	"first_seen": "TIMESTAMP WITH TIME ZONE",
	"fetched_at": "TIMESTAMP WITH TIME ZONE",
	"text":       "VARCHAR",
	"section":    "VARCHAR",
}

// duckRow is a row as the DuckDB script selects it; times are microseconds
// since the epoch, as strings so they survive JSON.
type duckRow struct {
	VersionID    int64    `json:"version_id"`
	Title        string   `json:"title"`
	Text         string   `json:"text"`
	Authors      any      `json:"authors"` // a list from Parquet, a JSON string from CSV
	Images       int      `json:"images"`
	FirstCaption *string  `json:"first_caption"`
	PublishedUS  *string  `json:"published_us"`
	FetchedAtUS  string   `json:"fetched_at_us"`
	Tags         []string `json:"tags"`
}

type duckTable struct {
	Types map[string]string `json:"types"`
	Count int               `json:"count"`
	Rows  []duckRow         `json:"rows"`
}

func checkDuckDB(t *testing.T, dir string, f *interopFiles) {
	var got struct {
		Version      string
		Parquet, CSV duckTable
	}
	runNode(t, dir, &got, "duckdb.cjs", f.parquet, f.csv)
	t.Logf("DuckDB %s", got.Version)
	for col, want := range wantParquetTypes {
		if got.Parquet.Types[col] != want {
			t.Errorf("parquet column %s: DuckDB type %q, want %q", col, got.Parquet.Types[col], want)
		}
	}
	if len(got.Parquet.Types) != 25 || len(got.CSV.Types) != 25 {
		t.Errorf("DuckDB sees %d Parquet and %d CSV columns, want 25", len(got.Parquet.Types), len(got.CSV.Types))
	}
	for _, col := range []string{"version_id", "published", "fetched_at"} {
		if ty := got.CSV.Types[col]; ty != wantParquetTypes[col] {
			t.Errorf("csv column %s: DuckDB detects %q, want %q", col, ty, wantParquetTypes[col])
		}
	}
	for name, tab := range map[string]duckTable{"parquet": got.Parquet, "csv": got.CSV} {
		if tab.Count != len(f.rows) || len(tab.Rows) != len(f.rows) {
			t.Fatalf("%s: DuckDB counts %d rows and reads %d, want %d", name, tab.Count, len(tab.Rows), len(f.rows))
		}
		for i, want := range f.rows {
			checkDuckRow(t, name, tab.Rows[i], want)
		}
	}
	for i, r := range got.Parquet.Rows {
		want := f.rows[i]
		if !slices.Equal(anyStrings(r.Authors), want.Authors) || r.Images != len(want.Images) ||
			r.FetchedAtUS != strconv.FormatInt(want.FetchedAt.UnixMicro(), 10) {
			t.Errorf("parquet row %d: authors %v images %d fetched_at %s, want %v %d %d",
				i, r.Authors, r.Images, r.FetchedAtUS, want.Authors, len(want.Images), want.FetchedAt.UnixMicro())
		}
		if len(want.Images) > 0 && (r.FirstCaption == nil || *r.FirstCaption != want.Images[0].Caption) {
			t.Errorf("parquet row %d: images[1].caption %v, want %q", i, r.FirstCaption, want.Images[0].Caption)
		}
	}
	if s, _ := got.CSV.Rows[2].Authors.(string); s != `["Sam O'Neill","Dana Kowalski"]` {
		t.Errorf("csv authors %q, want the JSON list", s)
	}
}

// checkDuckRow compares what DuckDB read from one format with the JSON
// lines export of the same row.
func checkDuckRow(t *testing.T, format string, got duckRow, want interopRow) {
	t.Helper()
	if got.VersionID != want.VersionID || got.Title != want.Title {
		t.Errorf("%s row: DuckDB reads version %d title %q, want %d %q", format, got.VersionID, got.Title, want.VersionID, want.Title)
	}
	if got.Text != want.Text {
		t.Errorf("%s version %d: DuckDB reads a different text: %s", format, want.VersionID, textDiff(got.Text, want.Text))
	}
	wantPub := ""
	if want.Published != nil {
		wantPub = strconv.FormatInt(want.Published.UnixMicro(), 10)
	}
	if gotPub := deref(got.PublishedUS); gotPub != wantPub {
		t.Errorf("%s version %d: published %s µs, want %s", format, want.VersionID, gotPub, wantPub)
	}
}

// textDiff shows where a text read back first departs from the text
// exported, or "same" when they are equal.
func textDiff(got, want string) string {
	if got == want {
		return "same"
	}
	i := 0
	for i < min(len(got), len(want)) && got[i] == want[i] {
		i++
	}
	from := max(0, i-20)
	return fmt.Sprintf("byte %d: read %q, exported %q", i, got[from:min(len(got), i+20)], want[from:min(len(want), i+20)])
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// anyStrings turns a decoded JSON array of strings back into []string.
func anyStrings(v any) []string {
	l, _ := v.([]any)
	out := make([]string, 0, len(l))
	for _, s := range l {
		str, _ := s.(string)
		out = append(out, str)
	}
	return out
}

type polarsTable struct {
	Types      map[string]string `json:"types"`
	Count      int               `json:"count"`
	VersionIDs []int64           `json:"version_ids"`
	Texts      []string          `json:"texts"`
}

func checkPolars(t *testing.T, dir string, f *interopFiles) {
	var got struct {
		Parquet, CSV polarsTable
		Authors      [][]string
	}
	runNode(t, dir, &got, "polars.cjs", f.parquet, f.csv)
	for col, want := range map[string]string{
		"authors":    "DataType(List(DataType(String)))",
		"published":  "DataType(Datetime(us,UTC))",
		"fetched_at": "DataType(Datetime(us,UTC))",
		"version_id": "DataType(Int64)",
		"images": `DataType(List(DataType(Struct(Field("url", DataType(String)),` +
			`Field("alt", DataType(String)),Field("caption", DataType(String))))))`,
	} {
		if got.Parquet.Types[col] != want {
			t.Errorf("parquet column %s: polars type %s, want %s", col, got.Parquet.Types[col], want)
		}
	}
	for name, tab := range map[string]polarsTable{"parquet": got.Parquet, "csv": got.CSV} {
		if tab.Count != len(f.rows) || len(tab.Texts) != len(f.rows) {
			t.Fatalf("%s: polars reads %d rows, want %d", name, tab.Count, len(f.rows))
		}
		for i, want := range f.rows {
			if tab.VersionIDs[i] != want.VersionID || tab.Texts[i] != want.Text {
				t.Errorf("%s row %d: polars reads version %d, want %d; text: %s",
					name, i, tab.VersionIDs[i], want.VersionID, textDiff(tab.Texts[i], want.Text))
			}
		}
	}
	for i, want := range f.rows {
		if !slices.Equal(got.Authors[i], want.Authors) {
			t.Errorf("row %d: polars authors %q, want %q", i, got.Authors[i], want.Authors)
		}
	}
}

// warcioRecord is a record as warcio.js parsed it, with the digests it
// recomputed from the bytes it read.
type warcioRecord struct {
	Offset        int64  `json:"offset"`
	Length        int64  `json:"length"`
	Type          string `json:"type"`
	URI           string `json:"uri"`
	BlockDigest   string `json:"block_digest"`
	BlockSHA1     string `json:"block_sha1"`
	PayloadDigest string `json:"payload_digest"`
	PayloadSHA1   string `json:"payload_sha1"`
	StatusLine    string `json:"status_line"`
}

// cdxLine is one line of warcio.js's CDXJ index, as JSON.
type cdxLine struct {
	URL    string `json:"url"`
	Status int    `json:"status"`
	Digest string `json:"digest"`
	Offset int64  `json:"offset"`
	Length int64  `json:"length"`
	Mime   string `json:"mime"`
}

func checkWarcio(t *testing.T, dir string, f *interopFiles) {
	var got struct {
		Records []warcioRecord
		CDX     []cdxLine
	}
	runNode(t, dir, &got, "warc.cjs", f.warc)
	members := gzipMembers(t, f.warc)
	if len(got.Records) != f.manifest.Records || len(members) != f.manifest.Records {
		t.Fatalf("warcio parses %d records, the file has %d gzip members, the manifest counts %d",
			len(got.Records), len(members), f.manifest.Records)
	}
	types := map[string]int{}
	for i, r := range got.Records {
		types[r.Type]++
		if r.Offset != members[i][0] || r.Length != members[i][1] {
			t.Errorf("record %d (%s): warcio offset %d length %d, gzip member at %d of %d bytes",
				i, r.Type, r.Offset, r.Length, members[i][0], members[i][1])
		}
		if r.BlockDigest != r.BlockSHA1 {
			t.Errorf("record %d (%s): WARC-Block-Digest %s, warcio's bytes hash to %s", i, r.Type, r.BlockDigest, r.BlockSHA1)
		}
		if (r.Type == "request" || r.Type == "response") && r.PayloadDigest != r.PayloadSHA1 {
			t.Errorf("record %d (%s): WARC-Payload-Digest %s, payload hashes to %s", i, r.Type, r.PayloadDigest, r.PayloadSHA1)
		}
	}
	want := map[string]int{"warcinfo": 1, "request": f.manifest.Snapshots, "response": f.manifest.Snapshots - 1,
		"revisit": 1, "metadata": len(f.rows)}
	for typ, n := range want {
		if types[typ] != n {
			t.Errorf("%d %s records, want %d (all: %v)", types[typ], typ, n, types)
		}
	}
	checkCDX(t, got.CDX, got.Records)
}

// checkCDX checks the CDXJ index of every record: one line per record at
// its offset and length, responses with their status and payload digest.
func checkCDX(t *testing.T, cdx []cdxLine, records []warcioRecord) {
	t.Helper()
	if len(cdx) != len(records) {
		t.Fatalf("warcio indexes %d records of %d", len(cdx), len(records))
	}
	for i, c := range cdx {
		r := records[i]
		if c.Offset != r.Offset || c.Length != r.Length || c.URL != r.URI {
			t.Errorf("cdx line %d: %s at %d+%d, record %s at %d+%d", i, c.URL, c.Offset, c.Length, r.URI, r.Offset, r.Length)
		}
		if r.Type != "response" {
			continue
		}
		if c.Status != 200 || c.Mime != "text/html" || "sha1:"+c.Digest != r.PayloadDigest {
			t.Errorf("cdx line %d: status %d mime %q digest %s, want 200 text/html %s", i, c.Status, c.Mime, c.Digest, r.PayloadDigest)
		}
	}
}

// gzipMembers returns the offset and compressed length of each gzip member
// of a file, found by decompressing one member at a time.
func gzipMembers(t *testing.T, path string) [][2]int64 {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out [][2]int64
	rd := bytes.NewReader(b)
	for rd.Len() > 0 {
		start := int64(len(b) - rd.Len())
		zr, err := gzip.NewReader(rd)
		if err != nil {
			t.Fatalf("gzip member at %d: %v", start, err)
		}
		zr.Multistream(false)
		if _, err := io.Copy(io.Discard, zr); err != nil {
			t.Fatalf("gzip member at %d: %v", start, err)
		}
		out = append(out, [2]int64{start, int64(len(b)-rd.Len()) - start})
	}
	return out
}
