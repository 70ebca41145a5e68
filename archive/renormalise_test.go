package archive

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"
)

// turnBackTo13 rewrites an archive's keys in the spellings the archive
// kept before migration 0014 and marks it as of version 13.
func turnBackTo13(t testing.TB, path string, stmts ...string) {
	t.Helper()
	turnBack(t, path, 13, append(stmts, `DROP INDEX runs_source_id`, `ALTER TABLE versions DROP COLUMN section`,
		`ALTER TABLE runs DROP COLUMN refreshed_articles`, `ALTER TABLE fetches DROP COLUMN listed_published`,
		`ALTER TABLE fetches DROP COLUMN listing_address`, `ALTER TABLE fetches DROP COLUMN moved`)...)
}

// turnBack runs stmts on the archive at path, undoing what the migrations
// after version did, and marks it as of version.
func turnBack(t testing.TB, path string, version int, stmts ...string) {
	t.Helper()
	db, err := openDB(context.Background(), path, withDefaults(Options{}), roleWriter)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range append(stmts, fmt.Sprintf(`DELETE FROM schema_migrations WHERE version > %d`, version)) {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("turn the archive back to version %d: %s: %v", version, q, err)
		}
	}
}

// TestUpgradeNormalisesURLs: an archive keyed before URLs were written in
// RFC 3986's normal form (%c3%a9 and %C3%A9 were two keys) is rewritten on
// opening: the story filed under both spellings becomes one article with
// both versions, the newer the latest and the one searched; every URL key
// (aliases, fetches, the frontier) takes its normal form; lookups by any
// spelling find them.
func TestUpgradeNormalisesURLs(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	old, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	const (
		upper = "https://news.example/caf%C3%A9-owner-retires"
		lower = "https://news.example/caf%c3%a9-owner-retires"
	)
	mustSave(t, old, record(upper, "Café owner retires", "The owner of the harbour café retires after forty years.", t0))
	mustSave(t, old, record("https://news.example/tmp-later", "Café owner retires",
		"The owner of the harbour café retires after forty years, handing the keys to her nephew.", t0.Add(time.Hour)))
	letter := mustSave(t, old, record("https://news.example/tmp-letter", "A letter", "A letter from the editor about the new printing press.", t0))
	mustSave(t, old, record("https://news.example/~editor/letter", "A letter", "A letter from the editor about the new printing press, which arrived.", t0.Add(2*time.Hour)))
	mustFrontier(t, old, "news")
	if err := old.Close(); err != nil {
		t.Fatal(err)
	}
	turnBackTo13(t, path,
		`UPDATE articles SET canonical_url = '`+lower+`' WHERE canonical_url = 'https://news.example/tmp-later'`,
		`UPDATE fetches SET requested_url = '`+lower+`' WHERE requested_url = 'https://news.example/tmp-later'`,
		`UPDATE articles SET canonical_url = 'https://news.example/x/../%7Eeditor/letter' WHERE canonical_url = 'https://news.example/tmp-letter'`,
		`INSERT INTO aliases (url, article_id, first_seen) SELECT 'https://news.example/amp/caf%c3%a9-owner-retires', id, first_seen FROM articles WHERE canonical_url = '`+upper+`'`,
		`INSERT INTO aliases (url, article_id, first_seen) SELECT 'https://news.example/amp/caf%C3%A9-owner-retires', id, first_seen FROM articles WHERE canonical_url = '`+upper+`'`,
		`INSERT INTO frontier_seen (source_id, url) SELECT id, 'https://news.example/p%c3%a9' FROM sources`,
		`INSERT INTO frontier_seen (source_id, url) SELECT id, 'https://news.example/p%C3%A9' FROM sources`,
		`INSERT INTO frontier_queue (source_id, url, request) SELECT id, 'https://news.example/q%c3%a9', 'a' FROM sources`,
		`INSERT INTO frontier_queue (source_id, url, request) SELECT id, 'https://news.example/q%C3%A9', 'b' FROM sources`,
		`INSERT INTO frontier_queue (source_id, url, request) SELECT id, 'https://news.example/other', 'c' FROM sources`,
	)

	s := mustOpenAt(t, path)
	var articles, aliases, seen, oddKeys int
	row := func(q string, dst ...any) {
		t.Helper()
		if err := s.readers.QueryRowContext(ctx, q).Scan(dst...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	row(`SELECT COUNT(*) FROM articles`, &articles)
	row(`SELECT COUNT(*) FROM aliases WHERE url LIKE '%/amp/%'`, &aliases)
	row(`SELECT COUNT(*) FROM frontier_seen WHERE url LIKE '%/p%'`, &seen)
	row(`SELECT (SELECT COUNT(*) FROM articles WHERE canonical_url GLOB '*%c3*' OR canonical_url GLOB '*/../*')
		+ (SELECT COUNT(*) FROM aliases WHERE url GLOB '*%c3*' OR url IN (SELECT canonical_url FROM articles))
		+ (SELECT COUNT(*) FROM fetches WHERE requested_url GLOB '*%c3*')
		+ (SELECT COUNT(*) FROM frontier_seen WHERE url GLOB '*%c3*')`, &oddKeys)
	var queue string
	row(`SELECT group_concat(url || ' ' || request, ', ') FROM (SELECT url, request FROM frontier_queue ORDER BY id)`, &queue)
	if want := "https://news.example/q%C3%A9 a, https://news.example/other c"; queue != want {
		t.Errorf("queued after the upgrade: %s; want %s (one request for the two spellings, the first queued)", queue, want)
	}
	if articles != 2 || aliases != 1 || seen != 1 || oddKeys != 0 {
		t.Errorf("after the upgrade: %d articles (want 2), %d AMP aliases (want 1), %d frontier rows (want 1), %d keys not normal (want 0)",
			articles, aliases, seen, oddKeys)
	}

	for _, ref := range []string{upper, lower, "https://news.example/café-owner-retires", "https://news.example/amp/caf%c3%a9-owner-retires"} {
		id, err := s.Resolve(ctx, ref)
		if err != nil {
			t.Fatalf("resolve %s: %v", ref, err)
		}
		vs, err := s.Versions(ctx, id)
		if err != nil || len(vs) != 2 {
			t.Errorf("%s: %d versions, %v; want both, merged", ref, len(vs), err)
		}
		latest, err := s.Latest(ctx, id)
		if err != nil || latest.CanonicalURL != upper || !latest.FirstSeen.Equal(t0.Add(time.Hour)) {
			t.Errorf("%s: latest %+v, %v; want the version of %v under %s", ref, latest, err, t0.Add(time.Hour), upper)
		}
	}
	// Filed first under the old spelling, the letter keeps its id.
	if id, err := s.Resolve(ctx, "https://news.example/~editor/letter"); err != nil || id != letter.ArticleID {
		t.Errorf("the editor's letter under its normal URL: article %d, %v; want %d", id, err, letter.ArticleID)
	} else if vs, err := s.Versions(ctx, id); err != nil || len(vs) != 2 {
		t.Errorf("the editor's letter: %d versions, %v; want both", len(vs), err)
	}
	if a, err := s.LastAttempt(ctx, upper); err != nil || !a.At.Equal(t0.Add(time.Hour)) {
		t.Errorf("last attempt of %s: %+v, %v; want the fetch keyed %s before", upper, a, err, lower)
	}
	for word, want := range map[string]int{"nephew": 1, "forty": 1} {
		hits, err := s.Search(ctx, Query{Text: word})
		if err != nil || len(hits) != want || hits[0].CanonicalURL != upper {
			t.Errorf("search %s: %+v, %v; want the merged article once", word, hits, err)
		}
	}
}

// BenchmarkUpgradeToURLNormalForm: opening an archive of a million fetches
// and 200,000 articles keyed before migration 14, 1% of their URLs with
// escapes to rewrite. Run with -benchtime=1x: one iteration is one upgrade.
func BenchmarkUpgradeToURLNormalForm(b *testing.B) {
	for b.Loop() {
		b.StopTimer()
		path := filepath.Join(b.TempDir(), "old.db")
		s, err := Open(context.Background(), path, Options{})
		if err != nil {
			b.Fatal(err)
		}
		s.Close()
		turnBackTo13(b, path,
			`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < 1000000)
			INSERT INTO fetches (requested_url, final_url, method, status, proto, response_headers, request_headers,
				remote_ip, fetched_at, duration_ms, error, truncated)
			SELECT 'https://news.example/2024/03/15/story-number-' || i || CASE WHEN i % 100 = 0 THEN '-caf%c3%a9' ELSE '' END,
				'x', 'GET', 200, 'HTTP/1.1', '', '', '', '2026-01-01T00:00:00Z', 1, '', 0 FROM n`,
			`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < 200000)
			INSERT INTO articles (canonical_url, first_seen, last_seen)
			SELECT 'https://news.example/2024/03/15/story-number-' || i || CASE WHEN i % 100 = 0 THEN '-caf%c3%a9' ELSE '' END,
				'2026', '2026' FROM n`)
		b.StartTimer()
		s, err = Open(context.Background(), path, Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		s.Close()
		b.StartTimer()
	}
}

// turnBackTo22 rewrites an archive's keys in spellings the archive kept
// before migration 0023 and marks it as of version 22.
func turnBackTo22(t testing.TB, path string, stmts ...string) {
	t.Helper()
	turnBack(t, path, 22, append(stmts, `ALTER TABLE fetches DROP COLUMN moved`)...)
}

// TestUpgradeNormalisesHosts: an archive keyed before hosts took their
// ASCII (IDNA) and canonical IPv6 forms, and before the later click ids
// left the query, is rewritten on opening: the story filed under the
// escaped and the ASCII spelling of its host becomes one article, and
// every key takes its normal form, found by any spelling.
func TestUpgradeNormalisesHosts(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	old, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	const (
		ascii   = "https://xn--caf-dma.example/owner-retires"
		escaped = "https://caf%C3%A9.example/owner-retires"
	)
	mustSave(t, old, record(ascii, "Café owner retires", "The owner of the harbour café retires after forty years.", t0))
	mustSave(t, old, record("https://news.example/tmp-later", "Café owner retires",
		"The owner of the harbour café retires after forty years, handing the keys to her nephew.", t0.Add(time.Hour)))
	mustSave(t, old, record("https://news.example/tmp-ipv6", "Local server", "A story served from a local address, read by an intranet crawl.", t0))
	mustSave(t, old, record("https://news.example/tmp-click", "A click", "A story first saved under an address carrying an ad click's id.", t0))
	mustFrontier(t, old, "news")
	if err := old.Close(); err != nil {
		t.Fatal(err)
	}
	turnBackTo22(t, path,
		`UPDATE articles SET canonical_url = '`+escaped+`' WHERE canonical_url = 'https://news.example/tmp-later'`,
		`UPDATE fetches SET requested_url = '`+escaped+`' WHERE requested_url = 'https://news.example/tmp-later'`,
		`UPDATE articles SET canonical_url = 'http://[0:0:0::1]:8080/local' WHERE canonical_url = 'https://news.example/tmp-ipv6'`,
		`UPDATE articles SET canonical_url = 'https://news.example/click?gclsrc=aw.ds&id=7' WHERE canonical_url = 'https://news.example/tmp-click'`,
		`INSERT INTO aliases (url, article_id, first_seen) SELECT 'https://caf%C3%A9.example/amp/owner-retires', id, first_seen FROM articles WHERE canonical_url = '`+ascii+`'`,
		`INSERT INTO frontier_seen (source_id, url) SELECT id, 'https://caf%C3%A9.example/p' FROM sources`,
		`INSERT INTO frontier_seen (source_id, url) SELECT id, 'https://xn--caf-dma.example/p' FROM sources`,
	)

	s := mustOpenAt(t, path)
	var articles, seen, oddKeys int
	row := func(q string, dst ...any) {
		t.Helper()
		if err := s.readers.QueryRowContext(ctx, q).Scan(dst...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	row(`SELECT COUNT(*) FROM articles`, &articles)
	row(`SELECT COUNT(*) FROM frontier_seen WHERE url LIKE '%/p'`, &seen)
	row(`SELECT (SELECT COUNT(*) FROM articles WHERE canonical_url GLOB '*caf%C3*' OR canonical_url GLOB '*gclsrc*' OR canonical_url GLOB '*0:0*')
		+ (SELECT COUNT(*) FROM aliases WHERE url GLOB '*caf%C3*')
		+ (SELECT COUNT(*) FROM fetches WHERE requested_url GLOB '*caf%C3*')
		+ (SELECT COUNT(*) FROM frontier_seen WHERE url GLOB '*caf%C3*')`, &oddKeys)
	if articles != 3 || seen != 1 || oddKeys != 0 {
		t.Errorf("after the upgrade: %d articles (want 3), %d frontier rows (want 1), %d keys not normal (want 0)", articles, seen, oddKeys)
	}
	for _, ref := range []string{ascii, escaped, "https://café.example/owner-retires", "https://caf%C3%A9.example/amp/owner-retires"} {
		id, err := s.Resolve(ctx, ref)
		if err != nil {
			t.Fatalf("resolve %s: %v", ref, err)
		}
		if vs, err := s.Versions(ctx, id); err != nil || len(vs) != 2 {
			t.Errorf("%s: %d versions, %v; want both, merged", ref, len(vs), err)
		}
	}
	for ref, want := range map[string]string{
		"http://[::1]:8080/local":                "http://[::1]:8080/local",
		"https://news.example/click?id=7":        "https://news.example/click?id=7",
		"https://news.example/click?id=7&gclsrc": "https://news.example/click?id=7",
	} {
		id, err := s.Resolve(ctx, ref)
		if err != nil {
			t.Errorf("resolve %s: %v", ref, err)
			continue
		}
		if a, err := s.Latest(ctx, id); err != nil || a.CanonicalURL != want {
			t.Errorf("%s: article %+v, %v; want it keyed %s", ref, a, err, want)
		}
	}
	if a, err := s.LastAttempt(ctx, ascii); err != nil || !a.At.Equal(t0.Add(time.Hour)) {
		t.Errorf("last attempt of %s: %+v, %v; want the fetch keyed %s before", ascii, a, err, escaped)
	}
}

// BenchmarkUpgradeToURLHosts: opening an archive of a million fetches and
// 200,000 articles keyed before migration 23, a tenth of their URLs with
// a query and 1% with a host beyond ASCII. Run with -benchtime=1x: one
// iteration is one upgrade.
func BenchmarkUpgradeToURLHosts(b *testing.B) {
	const key = `CASE WHEN i % 100 = 0 THEN 'https://caf%C3%A9.example/' ELSE 'https://news.example/' END
		|| '2024/03/15/story-number-' || i || CASE WHEN i % 10 = 0 THEN '?page=2' ELSE '' END`
	for b.Loop() {
		b.StopTimer()
		path := filepath.Join(b.TempDir(), "old.db")
		s, err := Open(context.Background(), path, Options{})
		if err != nil {
			b.Fatal(err)
		}
		s.Close()
		turnBackTo22(b, path,
			`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < 1000000)
			INSERT INTO fetches (requested_url, final_url, method, status, proto, response_headers, request_headers,
				remote_ip, fetched_at, duration_ms, error, truncated)
			SELECT `+key+`, 'x', 'GET', 200, 'HTTP/1.1', '', '', '', '2026-01-01T00:00:00Z', 1, '', 0 FROM n`,
			`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < 200000)
			INSERT INTO articles (canonical_url, first_seen, last_seen) SELECT `+key+`, '2026', '2026' FROM n`)
		b.StartTimer()
		s, err = Open(context.Background(), path, Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		s.Close()
		b.StartTimer()
	}
}
