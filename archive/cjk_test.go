package archive

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestSplitCJK(t *testing.T) {
	const zw = "\u200b"
	tests := []struct{ in, want string }{
		{"plain English text, untouched", "plain English text, untouched"},
		{"Zürich’s “quotes” — dashes", "Zürich’s “quotes” — dashes"},
		{"東京は日本の首都", "東" + zw + "京" + zw + "は" + zw + "日" + zw + "本" + zw + "の" + zw + "首" + zw + "都"},
		{"東京、大阪", "東" + zw + "京、大" + zw + "阪"},
		{"iPhone発売2026年", "iPhone" + zw + "発" + zw + "売" + zw + "2026" + zw + "年"},
		{"서울에서 만나요", "서" + zw + "울" + zw + "에" + zw + "서 만" + zw + "나" + zw + "요"},
		{"コーヒー", "コ" + zw + "ー" + zw + "ヒ" + zw + "ー"},
		// A combining mark stays with its letter: か + U+3099 is が.
		{"か\u3099き", "か\u3099" + zw + "き"},
		{"𠮷野家", "𠮷" + zw + "野" + zw + "家"},
		// Thai: each letter a token, with its vowel and tone marks.
		{"ที่นี่ ok", "ที่" + zw + "นี่ ok"},
		{"ไทย", "ไ" + zw + "ท" + zw + "ย"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := splitCJK(tt.in); got != tt.want {
			t.Errorf("splitCJK(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got := strings.ReplaceAll(splitCJK(tt.in), zw, ""); got != tt.in {
			t.Errorf("splitCJK(%q) changed more than word breaks: %q", tt.in, got)
		}
	}
}

func TestJoinCJK(t *testing.T) {
	tests := []struct{ in, want string }{
		{"…首都は**東**\u200b**京**\u200bです…", "…首都は**東京**です…"},
		{"**東**\u200b京", "**東**京"},
		{"an **English** snippet", "an **English** snippet"},
	}
	for _, tt := range tests {
		if got := joinCJK(tt.in); got != tt.want {
			t.Errorf("joinCJK(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestSearchCJK searches Chinese, Japanese and Korean words inside
// sentences, where unicode61 alone saw only whole runs of letters.
func TestSearchCJK(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	ja := record("https://news.example/ja", "東京で新しい駅が開業", "日本の首都である東京に新しい駅が開業しました。iPhone発売の日でもあった。", t0)
	ja.Article.Language = "ja"
	zh := record("https://news.example/zh", "北京举行会议", "今天在北京举行了关于气候变化的国际会议。", t0)
	zh.Article.Language = "zh"
	ko := record("https://news.example/ko", "서울 지하철 개통", "오늘 서울에서 새로운 지하철 노선이 개통되었다.", t0)
	ko.Article.Language = "ko"
	th := record("https://news.example/th", "กรุงเทพมหานครเปิดสวนสาธารณะแห่งใหม่",
		"กรุงเทพมหานครเปิดสวนสาธารณะแห่งใหม่ในใจกลางเมือง ประชาชนจำนวนมากเดินทางมาเยี่ยมชมในวันแรก", t0)
	th.Article.Language = "th"
	en := record("https://news.example/en", "Tokyo opens a station", "A new station opened in Tokyo today.", t0)
	for _, r := range []Record{ja, zh, ko, th, en} {
		mustSave(t, s, r)
	}
	tests := []struct {
		query, want, snippet string
	}{
		{"東京", "https://news.example/ja", "**東京**"},
		{"首都", "https://news.example/ja", "**首都**である東京に新しい駅が開業しました"}, // 40 letters shown
		{"駅", "https://news.example/ja", "**駅**"},
		{`"新しい駅"`, "https://news.example/ja", "**新しい駅**"},
		{"iPhone発売", "https://news.example/ja", "**iPhone発売**"},
		// A snippet of a CJK text is 40 letters long, whatever the query.
		{"iphone", "https://news.example/ja", "首都である東京に新しい駅が開業しました。**iPhone**"},
		{"气候变化", "https://news.example/zh", "**气候变化**"},
		{"会议 北京", "https://news.example/zh", "**北京**"},
		{"서울", "https://news.example/ko", "**서울**"},
		{"지하철", "https://news.example/ko", "**지하철**"},
		// Thai is written without spaces between words too.
		{"กรุงเทพมหานคร", "https://news.example/th", "**กรุงเทพมหานคร**"},
		{"ประชาชน", "https://news.example/th", "**ประชาชน**"},
		{"สวนสาธารณะ", "https://news.example/th", ""},
		{"เชียงใหม่", "", ""},
		{"東京 OR tokyo", "https://news.example/en https://news.example/ja", ""},
		{"東*", "https://news.example/ja", ""},
		{"京都", "", ""},
		{"会议北京", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			hits, err := s.Search(ctx, Query{Text: tt.query})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, h := range hits {
				got = append(got, h.CanonicalURL)
				if strings.ContainsRune(h.Snippet, wordBreak) {
					t.Errorf("snippet keeps the index's word breaks: %q", h.Snippet)
				}
			}
			if strings.Join(got, " ") != tt.want {
				t.Errorf("Search(%q) = %v, want %q", tt.query, got, tt.want)
			}
			if tt.snippet != "" && (len(hits) == 0 || !strings.Contains(hits[0].Snippet, tt.snippet)) {
				t.Errorf("Search(%q) snippet = %+v, want it to hold %q", tt.query, hits, tt.snippet)
			}
		})
	}
	if n, err := s.ExportCount(ctx, ExportFilter{Query: "東京"}); err != nil || n != 1 {
		t.Errorf("export of the query 東京 counts %d rows (%v), want 1", n, err)
	}
}

// TestOpenIndexesThaiOfOlderArchive upgrades an archive whose index held
// a Thai text as one token per run (schema 20): after Open it is found by
// a word inside the run, and the index's integrity holds.
func TestOpenIndexesThaiOfOlderArchive(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	old := mustOpenAt(t, path)
	mustSave(t, old, record("https://news.example/th", "สวนสาธารณะแห่งใหม่", "กรุงเทพมหานครเปิดสวนสาธารณะแห่งใหม่ในใจกลางเมือง", t0))
	mustSave(t, old, record("https://news.example/en", "Bridge", "The bridge reopened.", t0.Add(time.Hour)))
	const thai = `(SELECT indexed_version_id FROM articles WHERE canonical_url LIKE '%/th')`
	for _, q := range []string{
		// Index the Thai version as a build that did not split it did.
		`INSERT INTO search (search, rowid, title, byline, text) SELECT 'delete', id, title, byline, text FROM search_source WHERE id = ` + thai,
		`DELETE FROM search_split WHERE version_id = ` + thai,
		`INSERT INTO search (rowid, title, byline, text) SELECT id, title, byline, text FROM search_source WHERE id = ` + thai,
		`ALTER TABLE fetches DROP COLUMN listed_published`, `ALTER TABLE fetches DROP COLUMN listing_address`, `ALTER TABLE fetches DROP COLUMN moved`,
		`DELETE FROM schema_migrations WHERE version > 20`,
	} {
		if _, err := old.writer.ExecContext(ctx, q); err != nil {
			t.Fatalf("turn the archive back to version 20: %v", err)
		}
	}
	if hits, err := old.Search(ctx, Query{Text: "กรุงเทพมหานคร"}); err != nil || len(hits) != 0 {
		t.Fatalf("the turned-back index finds a word inside the run: %d hits, %v", len(hits), err)
	}
	old.Close()
	checkUpgradedSearch(t, path, map[string]int{"กรุงเทพมหานคร": 1, "ใจกลางเมือง": 1, "bridge": 1})
}

// TestSearchCJKIndexStaysWhole swaps CJK and other texts in and out of the
// index. An external content index handed other values to delete than it
// indexed keeps the old tokens: the replaced versions would still be
// found.
func TestSearchCJKIndexStaysWhole(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	const url = "https://news.example/story"
	mustSave(t, s, record(url, "東京の天気", "東京は晴れです。", t0))
	mustSave(t, s, record(url, "Tokyo weather", "It is sunny in Tokyo.", t0.Add(time.Hour)))
	mustSave(t, s, record(url, "東京の天気", "東京は雨です。", t0.Add(2*time.Hour)))
	if _, err := s.IndexPending(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := s.writer.ExecContext(ctx, `INSERT INTO search (search, rank) VALUES ('integrity-check', 0)`); err != nil {
		t.Fatalf("index check: %v", err)
	}
	var split, stale int
	err := s.readers.QueryRowContext(ctx, `SELECT COUNT(*), COUNT(*) FILTER (WHERE version_id NOT IN
		(SELECT indexed_version_id FROM articles WHERE indexed_version_id IS NOT NULL)) FROM search_split`).Scan(&split, &stale)
	if err != nil || split != 1 || stale != 0 {
		t.Errorf("search_split holds %d rows, %d of versions out of the index (%v); want the indexed one alone", split, stale, err)
	}
	for q, want := range map[string]int{"雨": 1, "晴れ": 0, "晴": 0, "sunny": 0, "東京": 1} {
		if hits, err := s.Search(ctx, Query{Text: q}); err != nil || len(hits) != want {
			t.Errorf("Search(%q) = %d hits (%v), want %d", q, len(hits), err, want)
		}
	}
}

// TestOpenIndexesCJKOfOlderArchive upgrades an archive whose index held a
// Japanese text as one token per run: after Open it is found by a word
// inside the run.
func TestOpenIndexesCJKOfOlderArchive(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	old, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	mustSave(t, old, record("https://news.example/ja", "東京の天気", "今日の東京は晴れです。", t0))
	if err := old.Close(); err != nil {
		t.Fatal(err)
	}
	db, err := openDB(context.Background(), path, withDefaults(Options{}), roleWriter)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`DROP INDEX runs_source_id`, `DROP TABLE frontier_later`, `ALTER TABLE versions DROP COLUMN section`, `ALTER TABLE runs DROP COLUMN refreshed_articles`,
		`DROP VIEW search_source`, `DROP TABLE search_split`, `DROP TABLE search`,
		`CREATE VIRTUAL TABLE search USING fts5 (title, byline, text, content = 'versions',
			content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')`,
		`INSERT INTO search (search) VALUES ('rebuild')`,
		`ALTER TABLE fetches DROP COLUMN listed_published`, `ALTER TABLE fetches DROP COLUMN listing_address`, `ALTER TABLE fetches DROP COLUMN moved`,
		`DELETE FROM schema_migrations WHERE version > 11`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("turn the archive back to version 11: %s: %v", q, err)
		}
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	s := mustOpenAt(t, path)
	hits, err := s.Search(ctx, Query{Text: "東京"})
	if err != nil || len(hits) != 1 {
		t.Errorf("search of an upgraded archive for 東京 = %+v, %v; want the article", hits, err)
	}
}

// TestIndexBatchOfCJKWritesOneSegment: a batch of articles is indexed into
// one new FTS5 segment whatever their scripts. A statement that opens a
// savepoint inside the batch (INSERT OR REPLACE did, for every CJK
// article) makes FTS5 flush what it holds into a segment of its own, and
// the segments then cost merges: indexing a batch took twice the CPU.
func TestIndexBatchOfCJKWritesOneSegment(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	if _, err := s.writer.ExecContext(ctx, `INSERT INTO search (search, rank) VALUES ('automerge', 0)`); err != nil {
		t.Fatal(err)
	}
	f := mustFrontier(t, s, "mixed")
	var rs []Record
	for i := range 12 {
		title, text := fmt.Sprintf("Harbour %d", i), fmt.Sprintf("The harbour reopened after storm number %d.", i)
		if i%2 == 1 {
			title, text = fmt.Sprintf("東京 %d", i), fmt.Sprintf("日本の首都である東京に新しい駅が開業しました。%d", i)
		}
		rs = append(rs, record(fmt.Sprintf("https://m.example/%d", i), title, text, t0))
	}
	if _, err := f.SaveBatch(ctx, rs); err != nil {
		t.Fatal(err)
	}
	segments := func() int {
		t.Helper()
		var n int
		// FTS5 keys a segment's pages by the segment id shifted left by 37
		// bits; rows under 2^37 hold its averages and structure.
		err := s.writer.QueryRowContext(ctx, `SELECT count(DISTINCT id >> 37) FROM search_data WHERE id >= 1 << 37`).Scan(&n)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	indexBatch := func(what string) {
		t.Helper()
		before := segments()
		if n, err := s.IndexPending(ctx); err != nil || n != len(rs) {
			t.Fatalf("IndexPending = %d, %v; want %d", n, err, len(rs))
		}
		if got := segments() - before; got != 1 {
			t.Errorf("indexing one batch of %d %s articles wrote %d segments, want 1", len(rs), what, got)
		}
	}
	indexBatch("new")
	// Every article edited: the batch takes the old versions out of the
	// index and puts the new ones in.
	for i, r := range rs {
		rs[i] = record(r.Fetch.RequestedURL, r.Article.Title, r.Article.Text+" Updated.", t0.Add(time.Hour))
	}
	if _, err := f.SaveBatch(ctx, rs); err != nil {
		t.Fatal(err)
	}
	indexBatch("edited")
	for _, q := range []string{"東京", "harbour"} {
		if hits := searchTitles(t, s, q); len(hits) != len(rs)/2 {
			t.Errorf("search %q: %d hits, want %d", q, len(hits), len(rs)/2)
		}
	}
}
