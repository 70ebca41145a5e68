package archive

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/parse"
)

// mustOpen opens a fresh database file in a temporary directory.
func mustOpen(tb testing.TB) *Store {
	tb.Helper()
	return mustOpenAt(tb, filepath.Join(tb.TempDir(), "test.db"))
}

// mustOpenAt opens the database at path, closed when the test ends; a
// test opens a path twice to play two processes.
func mustOpenAt(tb testing.TB, path string) *Store {
	tb.Helper()
	s, err := Open(context.Background(), path, Options{})
	if err != nil {
		tb.Fatalf("open: %v", err)
	}
	tb.Cleanup(func() {
		if err := s.Close(); err != nil {
			tb.Errorf("close: %v", err)
		}
	})
	return s
}

var t0 = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// record builds a fetch of url returning an article with the given text.
func record(url, title, text string, at time.Time) Record {
	body := fmt.Sprintf("<html><head><title>%s</title></head><body><article><p>%s</p></article></body></html>", title, text)
	return Record{
		Fetch: Fetch{
			RequestedURL: url, FinalURL: url, Method: "GET", Status: 200, Proto: "HTTP/1.1",
			Header:        http.Header{"Content-Type": {"text/html; charset=utf-8"}, "Server": {"test"}},
			RequestHeader: http.Header{"User-Agent": {"newsarchive-test"}},
			RemoteIP:      "127.0.0.1", FetchedAt: at, Duration: 42 * time.Millisecond,
			Body: []byte(body),
		},
		Article: &parse.Article{
			URL: url, CanonicalURL: url, Title: title, Byline: "By Ann Writer",
			Authors: []string{"Ann Writer"}, Language: "en", Text: text, HTML: "<p>" + text + "</p>",
			ContentHash: parse.ContentHash(text),
		},
	}
}

func mustSave(tb testing.TB, s *Store, r Record) Saved {
	tb.Helper()
	out, err := s.Save(context.Background(), r)
	if err != nil {
		tb.Fatalf("save %s: %v", r.Fetch.RequestedURL, err)
	}
	return out
}

func TestOpenRefusesBadPaths(t *testing.T) {
	dir := t.TempDir()
	notDB := filepath.Join(dir, "notes.txt")
	content := []byte("these are my precious notes, not a database\n")
	if err := os.WriteFile(notDB, content, 0o644); err != nil {
		t.Fatal(err)
	}
	empty := filepath.Join(dir, "empty.db")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	owner := filepath.Join(dir, "news.db")
	mustOpenAt(t, owner)
	if err := os.WriteFile(owner+"-spool", nil, 0o644); err != nil { // compacted: empty
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.db")
	if err := os.Symlink(owner+"-spool", link); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		path string
		opt  Options
		want string
	}{
		{"directory", dir, Options{}, "is a directory"},
		{"text file", notDB, Options{}, "not a sqlite database"},
		{"missing parent", filepath.Join(dir, "nope", "x.db"), Options{}, "no such file"},
		{"must exist", filepath.Join(dir, "absent.db"), Options{MustExist: true}, "does not exist"},
		{"must exist, empty file", empty, Options{MustExist: true}, "is an empty file, not an archive: nothing was archived in it"},
		{"read-only, empty file", empty, Options{ReadOnly: true}, "is an empty file, not an archive: nothing was archived in it"},
		{"empty path", "", Options{}, "empty"},
		// Another archive's files: an archive made there would be written
		// over by its spool, and emptied by its compaction.
		{"another archive's spool", owner + "-spool", Options{}, "is the -spool file of the archive " + owner},
		{"another archive's reserve", owner + "-reserve", Options{}, "is the -reserve file of the archive " + owner},
		{"another archive's wal", owner + "-wal", Options{ReadOnly: true}, "is the -wal file of the archive " + owner},
		{"another archive's journal", owner + "-journal", Options{}, "is the -journal file of the archive " + owner},
		{"a link to another archive's spool", link, Options{}, "leads to " + owner + "-spool"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Open(context.Background(), tt.path, tt.opt)
			if err == nil {
				s.Close()
				t.Fatalf("Open(%q) succeeded", tt.path)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not mention %q", err, tt.want)
			}
		})
	}
	got, err := os.ReadFile(notDB)
	if err != nil || string(got) != string(content) {
		t.Errorf("non-database file was modified: %q, %v", got, err)
	}
	if fi, err := os.Stat(empty); err != nil || fi.Size() != 0 {
		t.Errorf("a reader's open of an empty file changed it: %v, %v", fi, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "absent.db")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("MustExist open created the file: %v", err)
	}
	if fi, err := os.Stat(owner + "-spool"); err != nil || fi.Size() != 0 {
		t.Errorf("the open of another archive's spool changed it: %v, %v", fi, err)
	}
}

// TestSpoolHoldingADatabaseIsRefused: a spool that holds a SQLite
// database (an archive an older build let a user make at that path) is
// not written into, nor emptied.
func TestSpoolHoldingADatabaseIsRefused(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "news.db")
	other := mustOpenAt(t, filepath.Join(dir, "other.db"))
	mustSave(t, other, record("https://other.example/a", "Other", "The other archive's story.", t0))
	if err := other.Close(); err != nil {
		t.Fatal(err)
	}
	db, err := os.ReadFile(filepath.Join(dir, "other.db"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path+"-spool", db, 0o644); err != nil {
		t.Fatal(err)
	}
	s := mustOpenAt(t, path)
	if _, err := s.Save(context.Background(), record("https://news.example/a", "News", "A story.", t0)); err == nil ||
		!strings.Contains(err.Error(), "holds a SQLite database") {
		t.Errorf("save beside a spool holding a database: %v", err)
	}
	if _, err := s.Compact(context.Background()); err == nil {
		t.Errorf("compaction beside a spool holding a database succeeded")
	}
	if got, err := os.ReadFile(path + "-spool"); err != nil || !bytes.Equal(got, db) {
		t.Errorf("the database in the spool's place changed (%d bytes, want %d): %v", len(got), len(db), err)
	}
}

func TestOpenRefusesUnwritable(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root ignores file permissions")
	}
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(dir, 0o755)
	s, err := Open(context.Background(), filepath.Join(dir, "x.db"), Options{})
	if err == nil {
		s.Close()
		t.Fatal("open in read-only directory succeeded")
	}
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "new.db")
	s, err := Open(context.Background(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.writer.Exec(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, 'future', 'x')`, SchemaVersion()+1)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	_, err = Open(context.Background(), path, Options{})
	if !errors.Is(err, ErrNewerSchema) {
		t.Fatalf("open newer database: got %v, want ErrNewerSchema", err)
	}
}

func TestReopenKeepsData(t *testing.T) {
	path := filepath.Join(t.TempDir(), "keep.db")
	ctx := context.Background()
	s, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	saved := mustSave(t, s, record("https://news.example/a", "A", "alpha text", t0))
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err = Open(ctx, path, Options{MustExist: true})
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer s.Close()
	v, err := s.Latest(ctx, saved.ArticleID)
	if err != nil || v.Article.Title != "A" {
		t.Fatalf("latest after reopen: %+v, %v", v, err)
	}
	var n int
	if err := s.readers.QueryRow(`SELECT COUNT(*) FROM schema_migrations`).Scan(&n); err != nil || n != SchemaVersion() {
		t.Errorf("schema_migrations rows = %d (%v), want %d", n, err, SchemaVersion())
	}
	var mode string
	if err := s.readers.QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode = %q, %v; want wal", mode, err)
	}
}

// openOldDB creates a database at path with the schema of version v, for
// the test to fill as that version did, in its own SQL.
func openOldDB(tb testing.TB, path string, v int) *sql.DB {
	tb.Helper()
	db, err := openDB(context.Background(), path, withDefaults(Options{}), roleWriter)
	if err != nil {
		tb.Fatal(err)
	}
	ms, err := migrations()
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := migrateTo(context.Background(), db, ms[:v]); err != nil {
		tb.Fatal(err)
	}
	return db
}

func TestOpenMigratesOlderDatabase(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	// Build a database as version 1 left it, with an article in it.
	db := openOldDB(t, path, 1)
	// What version 1 wrote for one saved article, in its own SQL.
	for _, q := range []string{
		`INSERT INTO bodies (sha256, size, stored_size, encoding, data) VALUES ('00', 0, 0, 'zstd', x'')`,
		`INSERT INTO fetches (id, requested_url, final_url, method, status, proto, response_headers,
			request_headers, remote_ip, fetched_at, duration_ms, error, truncated, body_sha256)
			VALUES (1, 'https://news.example/election', 'https://news.example/election', 'GET', 200,
			'HTTP/1.1', '', '', '', '2026-03-01T12:00:00.000000Z', 0, '', 0, '00')`,
		`INSERT INTO articles (id, canonical_url, first_seen, last_seen, latest_version_id)
			VALUES (1, 'https://news.example/election', '2026-03-01T12:00:00.000000Z', '2026-03-01T12:00:00.000000Z', 1)`,
		`INSERT INTO versions (id, article_id, content_hash, fetch_id, first_seen, last_seen, url, title,
			byline, authors, site_name, language, description, text, html, images, top_image, tags)
			VALUES (1, 1, 'h', 1, '2026-03-01T12:00:00.000000Z', '2026-03-01T12:00:00.000000Z',
			'https://news.example/election', 'Election night', '', '[]', '', 'en', '',
			'Counting continues in the election', '', '[]', '', '[]')`,
		`INSERT INTO search (rowid, title, byline, text) VALUES (1, 'Election night', '', 'Counting continues in the election')`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("fill version 1 database: %v", err)
		}
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	s, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatalf("open version 1 database: %v", err)
	}
	defer s.Close()
	var n int
	if err := s.readers.QueryRow(`SELECT COUNT(*) FROM schema_migrations`).Scan(&n); err != nil || n != SchemaVersion() {
		t.Errorf("schema_migrations rows = %d (%v), want %d", n, err, SchemaVersion())
	}
	hits, err := s.Search(ctx, Query{Text: "elect*"})
	if err != nil || len(hits) != 1 {
		t.Errorf("search of a migrated index = %+v, %v; want the article", hits, err)
	}
}

func TestOpenRefusesForeignDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "places.sqlite")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`CREATE TABLE bookmarks (id INTEGER PRIMARY KEY, url TEXT)`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Open(context.Background(), path, Options{})
	if !errors.Is(err, ErrForeignDatabase) {
		t.Fatalf("open another program's database: %v, want ErrForeignDatabase", err)
	}
	after, err := os.ReadFile(path)
	if err != nil || !bytes.Equal(before, after) {
		t.Errorf("foreign database was modified (%d -> %d bytes, %v)", len(before), len(after), err)
	}
}

// TestNotModifiedMovesLastSeen: a 304 for an article's URL says its page
// is unchanged at that time, as a fetch of the same content would; one for
// a listing touches no article.
func TestNotModifiedMovesLastSeen(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	const url = "https://news.example/story"
	saved := mustSave(t, s, record(url, "Story", "The text of the story, long enough to be one.", t0))
	for _, u := range []string{url, "https://news.example/world/"} {
		r := record(u, "", "", t0.Add(time.Hour))
		r.Fetch.Status, r.Fetch.Body, r.Article = http.StatusNotModified, nil, nil
		mustSave(t, s, r)
	}
	v, err := s.Latest(ctx, saved.ArticleID)
	if err != nil {
		t.Fatal(err)
	}
	if !v.LastSeen.Equal(t0.Add(time.Hour)) || !v.FirstSeen.Equal(t0) {
		t.Errorf("after a 304 an hour later: first seen %v, last seen %v; want %v and %v", v.FirstSeen, v.LastSeen, t0, t0.Add(time.Hour))
	}
}

// TestOpenLeavesADamagedArchiveAsFound: opening an archive cut short (a
// damaged copy) fails, for writing and for reading alone, and leaves no
// -wal or -shm file beside it.
func TestOpenLeavesADamagedArchiveAsFound(t *testing.T) {
	whole := filepath.Join(t.TempDir(), "whole.db")
	s, err := Open(context.Background(), whole, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 50 {
		mustSave(t, s, record(fmt.Sprintf("https://n.example/news/story-%d", i), "Story", floodText+strings.Repeat(" More.", i), t0))
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(whole)
	if err != nil {
		t.Fatal(err)
	}
	for _, ro := range []bool{false, true} {
		cut := filepath.Join(t.TempDir(), "cut.db")
		if err := os.WriteFile(cut, b[:len(b)/2], 0o644); err != nil {
			t.Fatal(err)
		}
		s, err := Open(context.Background(), cut, Options{MustExist: true, ReadOnly: ro})
		if err == nil {
			s.Close()
			t.Fatalf("read-only %v: a damaged archive opened", ro)
		}
		entries, _ := os.ReadDir(filepath.Dir(cut))
		if len(entries) != 1 {
			t.Errorf("read-only %v: %d files beside the damaged archive after %v", ro, len(entries)-1, err)
		}
	}
}

// TestPublishedKeepsThePagesZone: a publication date read back keeps the
// offset the page gave it (show printed it in UTC, scrape in the page's
// zone), and the date filters still compare instants.
func TestPublishedKeepsThePagesZone(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	seoul := time.FixedZone("", 9*3600)
	pub := time.Date(2018, 8, 25, 15, 24, 0, 0, seoul)
	r := record("https://n.example/news/2018/08/25/rain", "Rain", floodText, t0)
	r.Article.Published = &pub
	id := mustSave(t, s, r).ArticleID
	v, err := s.Latest(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if got := v.Article.Published; got == nil || !got.Equal(pub) || got.Format(time.RFC3339) != "2018-08-25T15:24:00+09:00" {
		t.Errorf("published read back as %v; want %v", got, pub)
	}
	for f, want := range map[ExportFilter]int{
		{DateBounds: DateBounds{Since: pub}}: 1, {DateBounds: DateBounds{Since: pub.Add(time.Microsecond)}}: 0,
		{DateBounds: DateBounds{Until: pub}}: 0, {DateBounds: DateBounds{Until: pub.Add(time.Microsecond)}}: 1,
	} {
		if n, err := s.ExportCount(ctx, f); err != nil || n != want {
			t.Errorf("ExportCount(%+v) = %d, %v; want %d", f, n, err, want)
		}
	}
	err = s.ExportRows(ctx, ExportFilter{}, func(row *ExportRow) error {
		if row.Published == nil || row.Published.Format(time.RFC3339) != "2018-08-25T15:24:00+09:00" {
			t.Errorf("exported published %v", row.Published)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if hits, err := s.Search(ctx, Query{Text: "barrier"}); err != nil || len(hits) != 1 || hits[0].Published.Format(time.RFC3339) != "2018-08-25T15:24:00+09:00" {
		t.Errorf("search hit %+v, %v", hits, err)
	}
}

// TestOpenGivesUpOnALockedFileWhenCancelled: opening an archive another
// program holds locked ends as soon as the context does, not after the
// busy timeout (the driver's first connection ignores the context).
func TestOpenGivesUpOnALockedFileWhenCancelled(t *testing.T) {
	path := filepath.Join(t.TempDir(), "locked.db")
	mustOpenAt(t, path).Close()
	other, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	conn, err := other.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	for _, q := range []string{`PRAGMA journal_mode = DELETE`, `BEGIN EXCLUSIVE`} {
		if _, err := conn.ExecContext(context.Background(), q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	start := time.Now()
	s, err := Open(ctx, path, Options{BusyTimeout: time.Minute})
	if err == nil {
		s.Close()
	}
	if took := time.Since(start); !errors.Is(err, context.Canceled) || took > 30*time.Second {
		t.Errorf("Open of a locked file, cancelled: %v after %v; want context.Canceled at once", err, took)
	}
	if _, err := conn.ExecContext(context.Background(), `ROLLBACK`); err != nil {
		t.Fatal(err)
	}
}

// TestOpenNewArchiveAtOnce: commands opening a new archive at the same
// time (a daemon and a crawl started together, parallel scrapes with
// --save) all open it; each step of the schema is applied once.
func TestOpenNewArchiveAtOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "new.db")
	const n = 6
	errs := make(chan error, n)
	var start sync.WaitGroup
	start.Add(1)
	for range n {
		go func() {
			start.Wait()
			s, err := Open(context.Background(), path, Options{})
			if err == nil {
				err = s.Close()
			}
			errs <- err
		}()
	}
	start.Done()
	for range n {
		if err := <-errs; err != nil {
			t.Errorf("open at once: %v", err)
		}
	}
	s := mustOpenAt(t, path)
	var steps, distinct int
	if err := s.writer.QueryRow(`SELECT COUNT(*), COUNT(DISTINCT version) FROM schema_migrations`).Scan(&steps, &distinct); err != nil {
		t.Fatal(err)
	}
	if steps != SchemaVersion() || distinct != steps {
		t.Errorf("%d steps recorded (%d distinct), want %d", steps, distinct, SchemaVersion())
	}
}
