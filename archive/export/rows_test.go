package export

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/parquet-go/parquet-go"

	"github.com/newsarchive/newsarchive/archive"
)

// jsonlRows decodes a JSON lines export.
func jsonlRows(t *testing.T, b []byte) []archive.ExportRow {
	t.Helper()
	var out []archive.ExportRow
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		var r archive.ExportRow
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("line %d: %v", len(out)+1, err)
		}
		out = append(out, r)
	}
	return out
}

func titles(rows []archive.ExportRow) []string {
	var out []string
	for _, r := range rows {
		out = append(out, r.Title)
	}
	slices.Sort(out)
	return out
}

func TestJSONLFilters(t *testing.T) {
	st, _ := fillArchive(t)
	day := func(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }
	frost, strike, glacier, market := "Late frost costs orchards half their apricot crop",
		"Port strike", "A summer on the shrinking Morteratsch glacier", "Le marché de la Croix-Rousse fête ses 150 ans"
	tests := []struct {
		name   string
		filter archive.ExportFilter
		want   []string // title prefixes, sorted
	}{
		{"everything", archive.ExportFilter{}, []string{glacier, frost, market, strike}},
		{"all versions", archive.ExportFilter{AllVersions: true}, []string{glacier, frost, market, strike, strike}},
		{"source", archive.ExportFilter{Source: "valley"}, []string{glacier, frost}},
		{"source all versions", archive.ExportFilter{Source: "harbor", AllVersions: true}, []string{market, strike, strike}},
		{"published since", archive.ExportFilter{DateBounds: archive.DateBounds{Since: day("2024-05-01")}}, []string{market, strike}},
		{"published until", archive.ExportFilter{DateBounds: archive.DateBounds{Until: day("2024-01-01")}}, []string{glacier}},
		{"fetched since", archive.ExportFilter{DateBounds: archive.DateBounds{Since: t0.Add(2 * time.Hour)}, ByFetched: true}, []string{glacier, market}},
		{"query", archive.ExportFilter{Query: "apricot"}, []string{frost}},
		{"query and source", archive.ExportFilter{Query: "apricot OR glacier", Source: "valley"}, []string{glacier, frost}},
		{"query plain words", archive.ExportFilter{Query: "covid-19"}, nil},
		{"language", archive.ExportFilter{Language: "fr"}, []string{market}},
		{"language and source", archive.ExportFilter{Language: "en", Source: "harbor"}, []string{strike}},
		{"all filters", archive.ExportFilter{Source: "harbor", DateBounds: archive.DateBounds{Since: day("2024-05-21")}, Query: "marché"}, []string{market}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, stats := export(t, st, Options{Format: JSONL, Filter: tt.filter})
			rows := jsonlRows(t, b)
			got := titles(rows)
			if len(got) != len(tt.want) {
				t.Fatalf("titles %q, want %q", got, tt.want)
			}
			for i := range got {
				if !strings.HasPrefix(got[i], tt.want[i]) {
					t.Errorf("title %d: %q, want %q…", i, got[i], tt.want[i])
				}
			}
			if stats.Rows != len(rows) {
				t.Errorf("stats count %d rows, file has %d", stats.Rows, len(rows))
			}
			if n, err := st.ExportCount(context.Background(), tt.filter); n != len(rows) || err != nil {
				t.Errorf("ExportCount %d (%v), file has %d", n, err, len(rows))
			}
		})
	}
}

func TestJSONLFields(t *testing.T) {
	st, _ := fillArchive(t)
	b, stats := export(t, st, Options{Format: JSONL, Filter: archive.ExportFilter{AllVersions: true}})
	rows := jsonlRows(t, b)
	var raw map[string]any
	if err := json.Unmarshal(b[:bytes.IndexByte(b, '\n')], &raw); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"url", "canonical_url", "title", "byline", "authors", "published", "modified",
		"site_name", "language", "description", "text", "html", "images", "top_image", "tags",
		"content_hash", "id", "source", "version", "first_seen", "last_seen", "snapshot_id", "fetched_at"} {
		if _, ok := raw[k]; !ok {
			t.Errorf("row has no %q", k)
		}
	}
	if _, ok := raw["authors"].([]any); !ok {
		t.Errorf("authors is %T, want a list", raw["authors"])
	}
	var strikes []archive.ExportRow
	for _, r := range rows {
		if strings.HasPrefix(r.Title, "Port strike") {
			strikes = append(strikes, r)
		}
	}
	if len(strikes) != 2 || strikes[0].ID != strikes[1].ID || strikes[0].Version != 1 || strikes[1].Version != 2 {
		t.Fatalf("edited article: %+v", strikes)
	}
	if !strings.Contains(strikes[1].Text, "dockers") || strikes[0].ContentHash == strikes[1].ContentHash {
		t.Errorf("second version lacks the edit")
	}
	if strikes[1].FetchedAt != t0.Add(90*time.Minute) || strikes[0].Source != "harbor" {
		t.Errorf("second version fetched %v from %q", strikes[1].FetchedAt, strikes[0].Source)
	}
	if stats.PerSource["harbor"] != 3 || stats.PerSource["valley"] != 2 {
		t.Errorf("rows per source %v", stats.PerSource)
	}
	if stats.Published.From == nil || stats.Published.From.Year() != 2023 || stats.Fetched.To.Before(t0) {
		t.Errorf("ranges %+v %+v", stats.Published, stats.Fetched)
	}
	if !bytes.Contains(b, []byte("<p>")) || bytes.Contains(b, []byte(`\u003c`)) {
		t.Errorf("html is escaped or missing")
	}
}

func TestFilterErrors(t *testing.T) {
	st, _ := fillArchive(t)
	for _, tt := range []struct {
		name   string
		filter archive.ExportFilter
		want   error
	}{
		{"unknown source", archive.ExportFilter{Source: "nope"}, archive.ErrNotFound},
		{"bad query", archive.ExportFilter{Query: `title:("flood`}, archive.ErrBadQuery},
		{"star query", archive.ExportFilter{Query: `*`}, archive.ErrBadQuery},
	} {
		t.Run(tt.name, func(t *testing.T) {
			for _, f := range Formats {
				_, err := Write(context.Background(), st, &bytes.Buffer{}, Options{Format: f, Filter: tt.filter})
				if !errors.Is(err, tt.want) || strings.Contains(err.Error(), "\n") {
					t.Errorf("%s: %v, want %v", f, err, tt.want)
				}
			}
		})
	}
}

// fillWithReference fills an archive and exports every version as JSON
// lines, the reference other formats are compared with.
func fillWithReference(t *testing.T) (*archive.Store, []archive.ExportRow) {
	st, _ := fillArchive(t)
	j, _ := export(t, st, Options{Format: JSONL, Filter: archive.ExportFilter{AllVersions: true}})
	return st, jsonlRows(t, j)
}

func TestCSV(t *testing.T) {
	st, want := fillWithReference(t)
	filter := archive.ExportFilter{AllVersions: true}
	b, _ := export(t, st, Options{Format: CSV, Filter: filter})
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatalf("read csv: %v", err)
	}
	if !slices.Equal(recs[0], csvColumns) || len(recs) != len(want)+1 {
		t.Fatalf("header %q and %d rows, want %d", recs[0], len(recs)-1, len(want))
	}
	col := func(name string) int { return slices.Index(csvColumns, name) }
	for i, r := range recs[1:] {
		w := want[i]
		if r[col("text")] != w.Text || r[col("html")] != w.HTML || r[col("title")] != w.Title {
			t.Errorf("row %d: text, html or title differ from the JSON export", i)
		}
		var authors []string
		if err := json.Unmarshal([]byte(r[col("authors")]), &authors); err != nil || len(authors) == 0 {
			t.Errorf("row %d: authors %q: %v", i, r[col("authors")], err)
		}
		if got, err := time.Parse(time.RFC3339, r[col("fetched_at")]); err != nil || !got.Equal(w.FetchedAt) {
			t.Errorf("row %d: fetched_at %q, want %v", i, r[col("fetched_at")], w.FetchedAt)
		}
	}
	empty, _ := export(t, st, Options{Format: CSV, Filter: archive.ExportFilter{Query: "zebra"}})
	if string(empty) != strings.Join(csvColumns, ",")+"\n" {
		t.Errorf("empty export %q, want the header alone", empty)
	}
}

func TestParquet(t *testing.T) {
	st, want := fillWithReference(t)
	filter := archive.ExportFilter{AllVersions: true}
	b, stats := export(t, st, Options{Format: Parquet, Filter: filter, Software: "newsarchive test"})
	f, err := parquet.OpenFile(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("open parquet: %v", err)
	}
	if name := f.Schema().Name(); name != "article_version" {
		t.Errorf("root schema named %q, want article_version", name)
	}
	schema := f.Schema().String()
	for _, want := range []string{"int64 published (TIMESTAMP(isAdjustedToUTC=true,unit=MICROS))",
		"int64 fetched_at (TIMESTAMP(isAdjustedToUTC=true,unit=MICROS))", "group authors (LIST)", "group images (LIST)"} {
		if !strings.Contains(schema, want) {
			t.Errorf("schema has no %s:\n%s", want, schema)
		}
	}
	if codec := f.Metadata().RowGroups[0].Columns[0].MetaData.Codec.String(); codec != "SNAPPY" {
		t.Errorf("compressed with %s, want SNAPPY", codec)
	}
	rows, err := parquet.Read[parquetRow](bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("read parquet: %v", err)
	}
	if len(rows) != len(want) || stats.Rows != len(want) {
		t.Fatalf("%d rows, want %d", len(rows), len(want))
	}
	for i, r := range rows {
		w := want[i]
		if r.Text != w.Text || r.Title != w.Title || r.VersionID != w.VersionID || !r.FetchedAt.Equal(w.FetchedAt) {
			t.Errorf("row %d differs from the JSON export", i)
		}
		if (r.Published == nil) != (w.Published == nil) || (r.Published != nil && !r.Published.Equal(*w.Published)) {
			t.Errorf("row %d: published %v, want %v", i, r.Published, w.Published)
		}
		var authors []string
		json.Unmarshal(w.Authors, &authors)
		if !slices.Equal(r.Authors, authors) {
			t.Errorf("row %d: authors %q, want %q", i, r.Authors, authors)
		}
	}
	if by := f.Metadata().CreatedBy; !strings.HasPrefix(by, "newsarchive version test") || strings.Contains(by, "(build )") {
		t.Errorf("created by %q", f.Metadata().CreatedBy)
	}
}

// TestCSVDatesAsJSONLines: CSV writes published and modified with the
// offset the page gave them, as JSON lines do (it wrote them in UTC).
func TestCSVDatesAsJSONLines(t *testing.T) {
	st, _ := fillArchive(t)
	opt := Options{Filter: archive.ExportFilter{AllVersions: true}}
	opt.Format = JSONL
	jb, _ := export(t, st, opt)
	opt.Format = CSV
	cb, _ := export(t, st, opt)
	var want []string
	for _, line := range strings.Split(strings.TrimSpace(string(jb)), "\n") {
		var row struct {
			Published *string `json:"published"`
		}
		if err := json.Unmarshal([]byte(line), &row); err != nil {
			t.Fatal(err)
		}
		if row.Published != nil {
			want = append(want, *row.Published)
		}
	}
	records, err := csv.NewReader(bytes.NewReader(cb)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := slices.Index(records[0], "published")
	var got []string
	for _, rec := range records[1:] {
		if rec[col] != "" {
			got = append(got, rec[col])
		}
	}
	if strings.Join(got, " ") != strings.Join(want, " ") || !strings.Contains(strings.Join(got, " "), "+0") {
		t.Errorf("CSV published %q, JSON lines %q", got, want)
	}
}

// TestDefuseFormula: a field a spreadsheet would run as a formula is
// written after a '; any other is left as it is.
func TestDefuseFormula(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{`=HYPERLINK("http://evil.example","Click")`, `'=HYPERLINK("http://evil.example","Click")`},
		{"+1 555 0100", "'+1 555 0100"},
		{"-2+3", "'-2+3"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\tTab", "'\tTab"},
		{"\rReturn", "'\rReturn"},
		{"Council approves = plan", "Council approves = plan"},
		{"", ""},
		{"2026-03-14T08:00:00Z", "2026-03-14T08:00:00Z"},
	} {
		if got := defuseFormula(tt.in); got != tt.want {
			t.Errorf("defuseFormula(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestCSVSpreadsheetSafe: a spreadsheet-safe export differs from the
// plain one only in its formula-like fields; other formats refuse it.
func TestCSVSpreadsheetSafe(t *testing.T) {
	row := &archive.ExportRow{ID: 7, Source: "valley", Version: 1, URL: "https://valley.example/a",
		Title: "=1+2 Late frost", Byline: "@greta", Text: "-5 degrees overnight.\n\nOrchards lost half.",
		Authors: []byte(`["Greta"]`), Images: []byte(`[]`), Tags: []byte(`["+frost"]`), FetchedAt: t0}
	plain, safe := csvRecord(t, row, false, new(int)), csvRecord(t, row, true, new(int))
	defused := map[string]bool{"title": true, "byline": true, "text": true}
	for i, col := range csvColumns {
		switch {
		case defused[col] && safe[i] != "'"+plain[i]:
			t.Errorf("%s: %q written %q; want it after a '", col, plain[i], safe[i])
		case !defused[col] && safe[i] != plain[i]:
			t.Errorf("%s: %q written %q; want it as it is", col, plain[i], safe[i])
		}
	}
	if _, err := Write(context.Background(), nil, io.Discard, Options{Format: JSONL, SpreadsheetSafe: true}); err == nil {
		t.Errorf("a spreadsheet-safe JSON lines export was not refused")
	}
}

// TestFitCell: a cell is cut at a character's end to a spreadsheet's
// limit, counted in UTF-16 units as Excel counts.
func TestFitCell(t *testing.T) {
	a := func(n int) string { return strings.Repeat("a", n) }
	for _, tt := range []struct {
		name, in, want string
	}{
		{"short", "Late frost", "Late frost"},
		{"at the limit", a(CellLimit), a(CellLimit)},
		{"one over", a(CellLimit + 1), a(CellLimit)},
		{"two-byte letters, one unit each", strings.Repeat("é", CellLimit+5), strings.Repeat("é", CellLimit)},
		{"CJK at the limit, three bytes each", strings.Repeat("霜", CellLimit), strings.Repeat("霜", CellLimit)},
		{"emoji, two units each", strings.Repeat("🍎", CellLimit), strings.Repeat("🍎", CellLimit/2)},
		{"emoji across the limit", a(CellLimit-1) + "🍎b", a(CellLimit - 1)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, cut := fitCell(tt.in)
			if got != tt.want || cut != (tt.in != tt.want) || !utf8.ValidString(got) {
				t.Errorf("fitCell: %d bytes (cut %v), want %d bytes", len(got), cut, len(tt.want))
			}
		})
	}
}

// TestCSVSpreadsheetSafeCutsLongCells: a cell longer than Excel's 32,767
// characters was written whole under --spreadsheet-safe, and Excel cut it
// unsaid; now it is cut and counted, and a plain export keeps it whole.
func TestCSVSpreadsheetSafeCutsLongCells(t *testing.T) {
	text := strings.Repeat("The frost came early to the valley this year. ", 1000) // 47,000 characters
	row := &archive.ExportRow{ID: 7, Source: "valley", Version: 1, URL: "https://valley.example/a",
		Title: "Late frost", Text: text, HTML: "<p>" + text + "</p>", FetchedAt: t0}
	for _, tt := range []struct {
		name    string
		safe    bool
		wantCut int
	}{
		{"plain", false, 0},
		{"spreadsheet-safe", true, 2},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cut := 0
			rec := csvRecord(t, row, tt.safe, &cut)
			longest := 0
			for _, f := range rec {
				longest = max(longest, utf8.RuneCountInString(f))
			}
			switch {
			case cut != tt.wantCut:
				t.Errorf("%d cells cut, want %d", cut, tt.wantCut)
			case tt.safe && longest > CellLimit:
				t.Errorf("a cell of %d characters written", longest)
			case !tt.safe && rec[slices.Index(csvColumns, "text")] != text:
				t.Errorf("the plain export changed the text")
			}
		})
	}
}

// csvRecord writes row alone as CSV, spreadsheet-safe or not, counting in
// cut the cells cut, and reads back its record.
func csvRecord(t *testing.T, row *archive.ExportRow, safe bool, cut *int) []string {
	t.Helper()
	var buf bytes.Buffer
	c := newCSVWriter(&buf, safe, cut)
	if err := c.write(row); err != nil {
		t.Fatal(err)
	}
	if err := c.close(); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil || len(recs) != 2 {
		t.Fatalf("%d records, %v", len(recs), err)
	}
	return recs[1]
}
