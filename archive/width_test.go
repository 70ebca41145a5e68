package archive

import (
	"context"
	"path/filepath"
	"testing"
	"time"
)

// TestSearchFoldsWidth: fullwidth Latin letters and digits are found by
// their usual spelling and the other way round, in Japanese text and out
// of it, and halfwidth katakana by the fullwidth ones.
func TestSearchFoldsWidth(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	mustSave(t, s, record("https://news.example/ja/nhk", "ＮＨＫの調査", "２０２４年の調査でＮＨＫは視聴者を数えた。", t0))
	mustSave(t, s, record("https://news.example/en/alt", "Alt text", "Screen readers read the Alt text of images.", t0))
	mustSave(t, s, record("https://news.example/ja/kana", "ﾃﾚﾋﾞ番組", "ﾃﾚﾋﾞの番組表が変わった。", t0))
	tests := []struct {
		query string
		want  int
	}{
		{"NHK", 1}, {"ＮＨＫ", 1}, {"nhk", 1}, {"2024年", 1}, {"２０２４", 1},
		{"ＡＬＴ", 1}, {"ａｌｔ", 1}, {"テレビ", 1}, {"ﾃﾚﾋﾞ", 1},
	}
	for _, tt := range tests {
		if hits, err := s.Search(ctx, Query{Text: tt.query}); err != nil || len(hits) != tt.want {
			t.Errorf("Search(%q) = %d hits (%v), want %d", tt.query, len(hits), err, tt.want)
		}
	}
}

// TestOpenFoldsWidthOfOlderArchive: an archive indexed before width was
// folded (schema 17) is indexed again on opening, and its integrity holds.
func TestOpenFoldsWidthOfOlderArchive(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	old := mustOpenAt(t, path)
	mustSave(t, old, record("https://news.example/ja/nhk", "ＮＨＫの調査", "ＮＨＫは視聴者を数えた。", t0))
	mustSave(t, old, record("https://news.example/en/bridge", "Bridge", "The bridge reopened.", t0.Add(time.Hour)))
	for _, q := range []string{
		// Index the Japanese version as a build without folding did.
		`INSERT INTO search (search, rowid, title, byline, text) SELECT 'delete', id, title, byline, text FROM search_source
			WHERE id = (SELECT indexed_version_id FROM articles WHERE canonical_url LIKE '%/ja/nhk')`,
		"UPDATE search_split SET title = 'ＮＨＫ\u200bの\u200b調\u200b査', text = 'ＮＨＫ\u200bは\u200b視\u200b聴\u200b者\u200bを\u200b数\u200bえ\u200bた。'",
		`INSERT INTO search (rowid, title, byline, text) SELECT id, title, byline, text FROM search_source
			WHERE id = (SELECT indexed_version_id FROM articles WHERE canonical_url LIKE '%/ja/nhk')`,
		`DROP INDEX runs_source_id`,
		`ALTER TABLE fetches DROP COLUMN listed_published`, `ALTER TABLE fetches DROP COLUMN listing_address`, `ALTER TABLE fetches DROP COLUMN moved`,
		`DELETE FROM schema_migrations WHERE version > 17`,
	} {
		if _, err := old.writer.ExecContext(ctx, q); err != nil {
			t.Fatalf("turn the archive back to version 17: %v", err)
		}
	}
	if hits, err := old.Search(ctx, Query{Text: "NHK"}); err != nil || len(hits) != 0 {
		t.Fatalf("the turned-back index finds NHK: %d hits, %v", len(hits), err)
	}
	old.Close()
	checkUpgradedSearch(t, path, map[string]int{"NHK": 1, "ＮＨＫ": 1, "bridge": 1})
}

// checkUpgradedSearch opens the archive at path, upgrading it, and checks
// what each query finds and the search index's integrity.
func checkUpgradedSearch(t *testing.T, path string, finds map[string]int) {
	t.Helper()
	ctx := context.Background()
	s := mustOpenAt(t, path)
	for q, want := range finds {
		if hits, err := s.Search(ctx, Query{Text: q}); err != nil || len(hits) != want {
			t.Errorf("after the upgrade, Search(%q) = %d hits (%v), want %d", q, len(hits), err, want)
		}
	}
	if _, err := s.writer.ExecContext(ctx, `INSERT INTO search (search, rank) VALUES ('integrity-check', 0)`); err != nil {
		t.Errorf("index check after the upgrade: %v", err)
	}
}
