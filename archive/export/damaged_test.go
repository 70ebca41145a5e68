package export

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/nlnwa/gowarc/v3"
	"github.com/parquet-go/parquet-go"

	"github.com/newsarchive/newsarchive/archive"
)

// damageText changes the text of version id in the database at path
// behind the store's back, its content hash left as it was: what a
// damaged overflow page of a long text reads as, which SQLite's own check
// passes.
func damageText(t *testing.T, path string, id int64) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	res, err := db.Exec(`UPDATE versions SET text = substr(text, 1, 60) || ?2 WHERE id = ?1`, id, damageMark)
	if err != nil {
		t.Fatal(err)
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		t.Fatalf("damage version %d: %d rows changed, %v", id, n, err)
	}
}

// damageMark ends a damaged text: bytes no page held.
const damageMark = "\ufffd\ufffd\x01 torn page"

// exportedVersions reads back the version ids and texts an export holds.
func exportedVersions(t *testing.T, f Format, b []byte) (ids []int64, texts []string) {
	t.Helper()
	switch f {
	case JSONL:
		for _, r := range jsonlRows(t, b) {
			ids, texts = append(ids, r.VersionID), append(texts, r.Text)
		}
	case CSV:
		recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		id, text := slices.Index(csvColumns, "version_id"), slices.Index(csvColumns, "text")
		for _, r := range recs[1:] {
			n, _ := strconv.ParseInt(r[id], 10, 64)
			ids, texts = append(ids, n), append(texts, r[text])
		}
	case Parquet:
		rows, err := parquet.Read[parquetRow](bytes.NewReader(b), int64(len(b)))
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			ids, texts = append(ids, r.VersionID), append(texts, r.Text)
		}
	case WARC:
		recs, _ := readWARC(t, b)
		for _, rec := range recs[gowarc.Metadata] {
			raw, err := rec.Block().RawBytes()
			if err != nil {
				t.Fatal(err)
			}
			var r archive.ExportRow
			if err := json.NewDecoder(raw).Decode(&r); err != nil {
				t.Fatal(err)
			}
			ids, texts = append(ids, r.VersionID), append(texts, r.Text)
		}
	}
	slices.Sort(ids)
	return ids, texts
}

// TestExportLeavesOutDamagedTexts: a version whose text no longer matches
// its content hash was exported as if it were the article's text. Every
// format now leaves it out, writes the rest and reports it as it does a
// damaged body, in the error and the manifest.
func TestExportLeavesOutDamagedTexts(t *testing.T) {
	st, facts := fillArchive(t)
	ctx := context.Background()
	filter := archive.ExportFilter{AllVersions: true}
	whole, _ := export(t, st, Options{Format: JSONL, Filter: filter})
	var all []int64
	for _, r := range jsonlRows(t, whole) {
		all = append(all, r.VersionID)
	}
	if len(all) != facts.versions {
		t.Fatalf("%d versions exported, want %d", len(all), facts.versions)
	}
	damaged := all[2]
	damageText(t, st.Path(), damaged)
	want := slices.DeleteFunc(slices.Clone(all), func(id int64) bool { return id == damaged })
	slices.Sort(want)
	for _, f := range Formats {
		t.Run(string(f), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "news."+string(f))
			stats, err := File(ctx, st, path, Options{Format: f, Filter: filter}, Manifest{})
			var de *DamagedError
			if !errors.As(err, &de) || de.Texts != 1 || de.FirstText != damaged || de.Count != 0 || stats == nil {
				t.Fatalf("export: %v (stats %+v); want version %d reported left out", err, stats, damaged)
			}
			if msg := err.Error(); !strings.Contains(msg, "1 version(s) left out, version "+strconv.FormatInt(damaged, 10)+" the first") ||
				!strings.Contains(msg, "newsarchive db check") || strings.Contains(msg, "fetch") {
				t.Errorf("error %q", msg)
			}
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			ids, texts := exportedVersions(t, f, b)
			if !slices.Equal(ids, want) || stats.Rows != len(want) || stats.DamagedTexts != 1 {
				t.Errorf("versions %v (%d rows, %d damaged), want %v", ids, stats.Rows, stats.DamagedTexts, want)
			}
			for _, text := range texts {
				if strings.Contains(text, damageMark) {
					t.Errorf("the damaged text was exported")
				}
			}
			var m Manifest
			mb, err := os.ReadFile(path + ManifestSuffix)
			if err != nil || json.Unmarshal(mb, &m) != nil || m.DamagedTexts != 1 || m.Rows != len(want) {
				t.Errorf("manifest %s (%v): want damaged_versions_left_out 1", mb, err)
			}
		})
	}
	// The damaged version is the latest of its article.
	var de *DamagedError
	if _, err := Write(ctx, st, io.Discard, Options{Format: CSV}); !errors.As(err, &de) || de.Texts != 1 {
		t.Errorf("export of the latest versions: %v; want the damaged one reported", err)
	}
}
