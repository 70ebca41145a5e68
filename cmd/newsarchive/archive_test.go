package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/internal/newstest"
)

const storyPath = "/news/2026/03/14/millbrook-flood-barrier-opens"

// changingSite serves the article page; after edit() the page carries a
// corrected sentence, as a news site updating a story would.
func changingSite(t *testing.T) (srv *httptest.Server, page []byte, edit func()) {
	t.Helper()
	page, err := os.ReadFile(filepath.Join("testdata", "site", "article.html"))
	if err != nil {
		t.Fatal(err)
	}
	var edited atomic.Bool
	mux := http.NewServeMux()
	mux.HandleFunc(storyPath, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		body := page
		if edited.Load() {
			body = bytes.Replace(page, []byte("within twenty minutes"), []byte("within twelve minutes, engineers now say,"), 1)
		}
		w.Write(body)
	})
	front, err := os.ReadFile(filepath.Join("..", "..", "parse", "testdata", "notarticle", "homepage.html"))
	if err != nil {
		t.Fatal(err)
	}
	mux.HandleFunc("/{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(front)
	})
	mux.HandleFunc("/gone", http.NotFound)
	mux.HandleFunc("/millbrook", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, storyPath+"?utm_source=social", http.StatusMovedPermanently)
	})
	srv = httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv, page, func() { edited.Store(true) }
}

// pageSite serves page as HTML at every path, and closes with the test.
func pageSite(t *testing.T, page []byte) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(page)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// mustRun runs the binary and fails the test unless it exits 0.
func mustRun(t *testing.T, args ...string) cliResult {
	t.Helper()
	r := runCLI(t, nil, args...)
	if r.code != 0 {
		t.Fatalf("newsarchive %s: exit %d\n%s", strings.Join(args, " "), r.code, r.stderr)
	}
	return r
}

func TestArchiveCommands(t *testing.T) {
	srv, page, edit := changingSite(t)
	db := filepath.Join(t.TempDir(), "news.db")
	story := srv.URL + storyPath

	r := mustRun(t, "scrape", "--save", "--db", db, srv.URL+"/millbrook", "--format", "json")
	if !strings.Contains(r.stderr, "new version") || !strings.Contains(r.stdout, `"title"`) {
		t.Fatalf("first save: stdout %q stderr %q", r.stdout[:min(len(r.stdout), 200)], r.stderr)
	}
	if r := mustRun(t, "scrape", "--save", "--db", db, story); !strings.Contains(r.stderr, "unchanged") {
		t.Errorf("same page again: stderr %q, want unchanged", r.stderr)
	}
	edit()
	if r := mustRun(t, "scrape", "--save", "--db", db, story); !strings.Contains(r.stderr, "new version") {
		t.Errorf("edited page: stderr %q, want a new version", r.stderr)
	}
	if n := newstest.Count(t, db, `SELECT COUNT(*) FROM bodies WHERE encoding <> 'zstd'`); n != 0 {
		t.Errorf("%d bodies left uncompacted by scrape --save", n)
	}

	t.Run("show by any url", func(t *testing.T) {
		for _, ref := range []string{"1", "https://gazette.example/news/2026/03/14/millbrook-flood-barrier-opens", story, srv.URL + "/millbrook"} {
			r := mustRun(t, "show", "--db", db, ref)
			if !strings.Contains(r.stdout, "within twelve minutes") {
				t.Errorf("show %s: latest text missing:\n%s", ref, r.stdout)
			}
		}
	})
	t.Run("show json", func(t *testing.T) {
		var got struct {
			ID, VersionID int64
			Title         string   `json:"title"`
			Aliases       []string `json:"aliases"`
		}
		r := mustRun(t, "show", "--db", db, "--format", "json", story)
		if err := json.Unmarshal([]byte(r.stdout), &got); err != nil || got.Title != articleTitle || len(got.Aliases) < 2 {
			t.Errorf("show json = %+v, %v\n%s", got, err, r.stdout)
		}
	})
	t.Run("show raw is byte-identical", func(t *testing.T) {
		r := mustRun(t, "show", "--db", db, "--raw", "1")
		edited := bytes.Replace(page, []byte("within twenty minutes"), []byte("within twelve minutes, engineers now say,"), 1)
		if r.stdout != string(edited) {
			t.Errorf("raw snapshot differs from what the server sent (%d vs %d bytes)", len(r.stdout), len(edited))
		}
	})
	t.Run("history", func(t *testing.T) {
		r := mustRun(t, "history", "--db", db, story)
		if !strings.Contains(r.stdout, "2 version(s)") || !strings.Contains(r.stdout, "[-twenty minutes-]") || !strings.Contains(r.stdout, "{+twelve") {
			t.Errorf("history text:\n%s", r.stdout)
		}
		var versions []historyEntry
		r = mustRun(t, "history", "--db", db, "--format", "json", "1")
		if err := json.Unmarshal([]byte(r.stdout), &versions); err != nil || len(versions) != 2 || !versions[0].LastSeen.After(versions[0].FirstSeen) {
			t.Errorf("history json = %+v, %v", versions, err)
		}
		if len(versions) == 2 && (len(versions[0].TextDiff) != 0 || !strings.Contains(fmt.Sprint(versions[1].TextDiff), "twelve")) {
			t.Errorf("history json diffs: first %v, second %v", versions[0].TextDiff, versions[1].TextDiff)
		}
	})
	t.Run("search", func(t *testing.T) {
		r := mustRun(t, "search", "--db", db, "flood", "barrier")
		if !strings.Contains(r.stdout, "1. "+articleTitle) || !strings.Contains(r.stdout, "**") {
			t.Errorf("search text:\n%s", r.stdout)
		}
		var hits []map[string]any
		r = mustRun(t, "search", "--db", db, "--format", "json", "twelve")
		if err := json.Unmarshal([]byte(r.stdout), &hits); err != nil || len(hits) != 1 {
			t.Errorf("search json = %v, %v", hits, err)
		}
		r = mustRun(t, "search", "--db", db, "--format", "json", "twenty")
		if strings.TrimSpace(r.stdout) != "[]" {
			t.Errorf("search of replaced text = %s, want []", r.stdout)
		}
		if r := mustRun(t, "search", "--db", db, "--until", "2000-01-01", "flood"); !strings.Contains(r.stdout, "no matches") {
			t.Errorf("search --until 2000: %s", r.stdout)
		}
		// The story is in en-GB and declares no section.
		for _, filter := range [][]string{{"--language", "en"}, {"--language", "EN-gb"}, {"--language", "de"}, {"--section", "World"}} {
			r := mustRun(t, append(append([]string{"search", "--db", db}, filter...), "flood")...)
			found := !strings.Contains(r.stdout, "no matches")
			exported := mustRun(t, append(append([]string{"export", "--db", db, "--format", "jsonl"}, filter...), "-o", "-")...)
			if want := filter[1] != "de" && filter[1] != "World"; found != want || (exported.stdout != "") != want {
				t.Errorf("%v: search found %v, export wrote %q; want %v", filter, found, exported.stdout, want)
			}
		}
		// The story was published at 2026-03-14T09:30:00Z: --until includes
		// the time it names, and the last day there is.
		for until, found := range map[string]bool{"2026-03-14T09:30:00Z": true, "2026-03-14T10:30:00+01:00": true,
			"2026-03-14T09:29:59Z": false, "2026-03-14": true, "2026-03-13": false, "9999-12-31": true, "0001-01-01": false} {
			r := mustRun(t, "search", "--db", db, "--until", until, "flood")
			if got := !strings.Contains(r.stdout, "no matches"); got != found {
				t.Errorf("search --until %s found %v, want %v:\n%s", until, got, found, r.stdout)
			}
		}
	})
	t.Run("stats", func(t *testing.T) {
		r := mustRun(t, "stats", "--db", db, "--format", "json")
		var m map[string]any
		if err := json.Unmarshal([]byte(r.stdout), &m); err != nil {
			t.Fatal(err)
		}
		if m["articles"] != 1.0 || m["versions"] != 2.0 || m["fetches"] != 3.0 || m["distinct_bodies"] != 2.0 {
			t.Errorf("stats = %v", m)
		}
		if r := mustRun(t, "stats", "--db", db); !strings.Contains(r.stdout, "distinct bodies  2") {
			t.Errorf("stats text:\n%s", r.stdout)
		}
	})
	t.Run("unknown source", func(t *testing.T) {
		for _, args := range [][]string{
			{"search", "--db", db, "--source", "nope", "twelve"},
			{"runs", "--db", db, "--source", "nope"},
			{"reparse", "--db", db, "--source", "nope"},
			{"export", "--db", db, "--source", "nope", "--format", "jsonl", "-o", filepath.Join(t.TempDir(), "x.jsonl")},
		} {
			r := runCLI(t, nil, args...)
			if r.code != 2 || !strings.Contains(r.stderr, `nope`) || strings.Count(r.stderr, "\n") != 1 {
				t.Errorf("%s of an unknown source: exit %d, stderr %q; want a one-line usage error", args[0], r.code, r.stderr)
			}
		}
	})
	t.Run("reparse", func(t *testing.T) {
		r := mustRun(t, "reparse", "--db", db)
		if !strings.Contains(r.stdout, "3 pages re-extracted: 3 with an article, 0 new versions") {
			t.Errorf("reparse: %s", r.stdout)
		}
	})
	t.Run("db check and optimize", func(t *testing.T) {
		if r := mustRun(t, "db", "--db", db, "check"); !strings.HasSuffix(strings.TrimSpace(r.stdout), ": ok") {
			t.Errorf("db check: %s", r.stdout)
		}
		mustRun(t, "db", "--db", db, "optimize")
		if r := mustRun(t, "search", "--db", db, "twelve"); !strings.Contains(r.stdout, articleTitle) {
			t.Errorf("search after optimize: %s", r.stdout)
		}
	})
	t.Run("db from environment", func(t *testing.T) {
		t.Setenv("NEWSARCHIVE_DB", db)
		if r := mustRun(t, "stats"); !strings.Contains(r.stdout, db) {
			t.Errorf("stats with NEWSARCHIVE_DB: %s", r.stdout)
		}
	})
}

func TestArchiveCommandErrors(t *testing.T) {
	dir := t.TempDir()
	notes := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(notes, []byte("not a database\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	empty := filepath.Join(dir, "empty.db") // a crawl killed as it began
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	srv, _, _ := changingSite(t)
	db := filepath.Join(dir, "news.db")
	mustRun(t, "scrape", "--save", "--db", db, srv.URL+storyPath)
	r := runCLI(t, nil, "scrape", "--save", "--db", db, srv.URL+"/")
	if r.code != 1 || !strings.Contains(r.stderr, "archived fetch") || !strings.Contains(r.stderr, "no article") {
		t.Errorf("scrape --save of a front page: exit %d, stderr %q; want the fetch kept and no article", r.code, r.stderr)
	}
	front, err := os.ReadFile(filepath.Join("..", "..", "parse", "testdata", "notarticle", "homepage.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{srv.URL + "/", srv.URL + "/#top", srv.URL + "/?utm_source=feed", srv.URL + "/./"} {
		if r := mustRun(t, "show", "--db", db, "--raw", u); r.stdout != string(front) {
			t.Errorf("show --raw %s, a page with no article: %d bytes, want the %d the server sent", u, len(r.stdout), len(front))
		}
	}
	// Stored under the URL's normal form: the newest fetch of the front.
	runCLI(t, nil, "scrape", "--save", "--db", db, srv.URL+"/?utm_source=feed")
	if f, err := lastStoredIn(t, db, srv.URL+"/"); err != nil || !strings.Contains(f.FinalURL, "utm_source") {
		t.Errorf("last fetch of the front page under its normal URL: %+v, %v; want the one asked with utm_source", f, err)
	}
	r = runCLI(t, nil, "scrape", "--save", "--db", db, srv.URL+"/gone")
	if r.code != 1 || !strings.Contains(r.stderr, "archived failed fetch") || !strings.Contains(r.stderr, "404") {
		t.Errorf("scrape --save of a 404: exit %d, stderr %q; want the failed fetch kept", r.code, r.stderr)
	}
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	r = runCLI(t, nil, "scrape", "--save", "--db", db, closed.URL+"/x")
	if r.code != 1 || !strings.Contains(r.stderr, "archived failed fetch") {
		t.Errorf("scrape --save of a refused connection: exit %d, stderr %q; want the failure kept", r.code, r.stderr)
	}
	var st struct {
		Failed int64 `json:"failed_fetches"`
	}
	statsOut := mustRun(t, "stats", "--db", db, "--format", "json").stdout
	if err := json.Unmarshal([]byte(statsOut), &st); err != nil || st.Failed != 2 {
		t.Errorf("stats after two failures = %+v, %v", st, err)
	}
	// Format names are read in any case, as file extensions are.
	if upper := mustRun(t, "stats", "--db", db, "--format", "JSON").stdout; upper != statsOut {
		t.Errorf("stats --format JSON = %q; want the JSON of --format json, %q", upper, statsOut)
	}
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"bad fts query", []string{"search", "--db", db, `"unterminated`}, 2, "invalid search query"},
		{"fts column without a word", []string{"search", "--db", db, "title:"}, 2, "invalid search query"},
		{"only words left out", []string{"search", "--db", db, "--", "-flood"}, 2, "needs a word to search for"},
		{"only emoji", []string{"search", "--db", db, "🚀"}, 2, `search: invalid search query "🚀": it has no searchable words (letters or digits; emoji and other symbols are not indexed)`},
		{"export of only symbols", []string{"export", "--db", db, "--query", "🚀 ★", "-o", filepath.Join(dir, "symbols.jsonl")}, 2, "no searchable words"},
		{"word left out before --", []string{"search", "--db", db, "flood", "-bridge"}, 2, "give the query after --"},
		{"unknown flag", []string{"search", "--db", db, "--bogus", "flood"}, 2, "not defined: -bogus (see"},
		{"no query", []string{"search", "--db", db}, 2, "no query"},
		{"empty section", []string{"search", "--db", db, "--section", "", "flood"}, 2, "search: --section: empty value"},
		{"blank source", []string{"search", "--db", db, "--source= ", "flood"}, 2, "search: --source: empty value"},
		{"bad date", []string{"search", "--db", db, "--since", "yesterday", "x"}, 2, "not a date"},
		{"empty date range", []string{"search", "--db", db, "--since", "2026-01-02", "--until", "2026-01-01", "x"}, 2, "is after --until"},
		{"empty export range", []string{"export", "--db", db, "--since", "2026-01-02T00:00:00Z", "--until", "2026-01-01T23:59:59Z"}, 2, "is after --until"},
		{"bad format", []string{"stats", "--db", db, "--format", "xml"}, 2, "unknown format"},
		{"unknown article", []string{"show", "--db", db, "https://elsewhere.example/x"}, 1, "no article"},
		{"unknown id", []string{"history", "--db", db, "99"}, 1, "no article"},
		{"garbage ref", []string{"show", "--db", db, "not-a-url"}, 2, "not an article id"},
		{"db is a directory", []string{"stats", "--db", dir}, 1, "is a directory"},
		{"db is a text file", []string{"scrape", "--save", "--db", notes, srv.URL + storyPath}, 1, "not a sqlite database"},
		{"db missing", []string{"search", "--db", filepath.Join(dir, "absent.db"), "x"}, 1, "does not exist"},
		{"db empty", []string{"stats", "--db", empty}, 1, "nothing was archived in it (a crawl stopped as it began leaves one; the next crawl or scrape --save makes it an archive)\n"},
		{"db bad action", []string{"db", "--db", db, "vacuum"}, 2, "unknown action"},
		{"save a file", []string{"scrape", "--save", "--db", db, "testdata/site/article.html"}, 2, "give a URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, nil, tt.args...)
			if r.code != tt.code || !strings.Contains(r.stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want exit %d mentioning %q", r.code, r.stderr, tt.code, tt.want)
			}
			if lines := strings.Count(strings.TrimSpace(r.stderr), "\n"); lines > 0 {
				t.Errorf("error spans %d lines: %q", lines+1, r.stderr)
			}
		})
	}
	if got, _ := os.ReadFile(notes); string(got) != "not a database\n" {
		t.Errorf("text file given as --db was modified: %q", got)
	}
	if _, err := os.Stat(filepath.Join(dir, "absent.db")); err == nil {
		t.Error("read command created a missing database")
	}
}

// TestCompactFinishesTheSearchIndex: an archive whose search index was
// left unfinished (an upgrade's rebuild cut short, a killed crawl) says so
// on search, and db compact finishes it.
func TestCompactFinishesTheSearchIndex(t *testing.T) {
	site := newstest.NewSite(t, 4)
	dir := t.TempDir()
	cfg := writeCrawlConfig(t, dir, siteConfig(site.URL))
	db := filepath.Join(dir, "archive.db")
	mustRun(t, "crawl", "--config", cfg)
	w, err := sql.Open("sqlite", "file:"+db+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`INSERT INTO search (search) VALUES ('delete-all')`,
		`DELETE FROM search_split`, `UPDATE articles SET indexed_version_id = NULL`} {
		if _, err := w.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	w.Close()
	r := runCLI(t, nil, "search", "--db", db, "council")
	if r.code != 0 || !strings.Contains(r.stderr, "4 articles are not in the search index yet") {
		t.Errorf("search of an unfinished index: exit %d, stderr %q", r.code, r.stderr)
	}
	// Only those its filters select count.
	if r := runCLI(t, nil, "search", "--db", db, "--until", "2000-01-01", "council"); r.code != 0 || strings.Contains(r.stderr, "note:") {
		t.Errorf("search of a time none of them is of: exit %d, stderr %q", r.code, r.stderr)
	}
	if r := mustRun(t, "db", "--db", db, "compact"); !strings.Contains(r.stdout, "4 articles added to the search index") {
		t.Errorf("db compact: %s", r.stdout)
	}
	r = mustRun(t, "search", "--db", db, "--limit", "10", "--format", "json", "council")
	if n := strings.Count(r.stdout, `"canonical_url"`); n != 4 || r.stderr != "" {
		t.Errorf("search after db compact: %d hits, stderr %q", n, r.stderr)
	}
}

// lastStoredIn is the archive's last stored fetch of a URL key.
func lastStoredIn(t *testing.T, db, key string) (*archive.Fetch, error) {
	t.Helper()
	s, err := archive.Open(context.Background(), db, archive.Options{MustExist: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	return s.LastStored(context.Background(), key)
}

// editableStory serves testdata's article on 127.0.0.1, as edit makes it
// while edited is set.
func editableStory(t *testing.T, edit func([]byte) []byte) (*httptest.Server, *atomic.Bool) {
	t.Helper()
	page, err := os.ReadFile(filepath.Join("testdata", "site", "article.html"))
	if err != nil {
		t.Fatal(err)
	}
	edited := new(atomic.Bool)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		body := page
		if edited.Load() {
			body = edit(page)
		}
		w.Write(body)
	}))
	t.Cleanup(srv.Close)
	return srv, edited
}

// TestHistoryShowsARevert: a page that goes back to an earlier text shows
// it in history: the earlier version is marked the latest.
func TestHistoryShowsARevert(t *testing.T) {
	srv, edited := editableStory(t, func(page []byte) []byte {
		return bytes.Replace(page, []byte("within twenty minutes"), []byte("within twelve minutes"), 1)
	})
	db := filepath.Join(t.TempDir(), "news.db")
	for _, e := range []bool{false, true, false} {
		edited.Store(e)
		mustRun(t, "scrape", "--save", "--db", db, srv.URL+storyPath)
	}
	r := mustRun(t, "history", "--db", db, "1")
	if !strings.Contains(r.stdout, "2 version(s)") || !strings.Contains(r.stdout, "the page went back to this version") {
		t.Errorf("history text:\n%s", r.stdout)
	}
	var versions []historyEntry
	r = mustRun(t, "history", "--db", db, "--format", "json", "1")
	if err := json.Unmarshal([]byte(r.stdout), &versions); err != nil || len(versions) != 2 || !versions[0].Latest || versions[1].Latest {
		t.Errorf("history json: %+v, %v; want the first version marked latest", versions, err)
	}
}

// TestHistoryShowsAHeadlineEdit: a headline rewritten over the same text
// is a version of its own, shown in history as a title change, and the
// article shows and is found by its new headline.
func TestHistoryShowsAHeadlineEdit(t *testing.T) {
	srv, edited := editableStory(t, func(page []byte) []byte {
		return bytes.ReplaceAll(page, []byte("opens new flood barrier after decade of delays"),
			[]byte("finally opens flood barrier, ten years late"))
	})
	db := filepath.Join(t.TempDir(), "news.db")
	for _, e := range []bool{false, true} {
		edited.Store(e)
		mustRun(t, "scrape", "--save", "--db", db, srv.URL+storyPath)
	}
	r := mustRun(t, "history", "--db", db, "1")
	if !strings.Contains(r.stdout, "2 version(s)") || !strings.Contains(r.stdout, "title changed:") ||
		!strings.Contains(r.stdout, "text unchanged\n") {
		t.Errorf("history text:\n%s", r.stdout)
	}
	if r := mustRun(t, "search", "--db", db, "--format", "json", "late"); !strings.Contains(r.stdout, "ten years late") {
		t.Errorf("search for the new headline: %s", r.stdout)
	}
}

// TestRedirectHopsLeadToTheArticle: every address a redirect chain went
// through leads to the article, for a crawl as for scrape --save.
func TestRedirectHopsLeadToTheArticle(t *testing.T) {
	page, err := os.ReadFile(filepath.Join("testdata", "site", "article.html"))
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	for from, to := range map[string]string{"/r1": "/r2", "/r2": "/r3", "/r3": storyPath, "/s1": "/s2", "/s2": storyPath} {
		mux.Handle(from, http.RedirectHandler(to, http.StatusMovedPermanently))
	}
	mux.HandleFunc(storyPath, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(page)
	})
	mux.HandleFunc("/{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, `<html><body><h1>Front</h1><a href="/s1">The barrier</a></body></html>`)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	_, db, cfg := oneSourceConfig(t, fmt.Sprintf(`start: ["%s/"]`, srv.URL))
	mustRun(t, "scrape", "--save", "--db", db, srv.URL+"/r1")
	mustRun(t, "crawl", "--config", cfg)
	for _, hop := range []string{"/r1", "/r2", "/r3", "/s1", "/s2"} {
		if r := runCLI(t, nil, "show", "--db", db, "--format", "json", srv.URL+hop); r.code != 0 || !strings.Contains(r.stdout, articleTitle) {
			t.Errorf("show %s: exit %d, stderr %s", hop, r.code, r.stderr)
		}
	}
}

// TestRedirectToAFetchedStoryIsNotFollowed: a story linked both at its own
// address and through addresses that redirect to it is fetched once; the
// redirecting addresses lead to its article all the same, and the next
// run asks none of them again.
func TestRedirectToAFetchedStoryIsNotFollowed(t *testing.T) {
	page, err := os.ReadFile(filepath.Join("testdata", "site", "article.html"))
	if err != nil {
		t.Fatal(err)
	}
	const short, hop = "/news/2026/03/14/flood-barrier", "/news/2026/03/14/barrier-opens"
	mux := http.NewServeMux()
	mux.Handle(short, http.RedirectHandler(hop, http.StatusMovedPermanently))
	mux.Handle(hop, http.RedirectHandler(storyPath, http.StatusFound))
	mux.HandleFunc(storyPath, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(page)
	})
	mux.HandleFunc("/{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprintf(w, `<html><body><h1>Front</h1><a href="%s">The barrier</a> <a href="%s">Barrier opens</a></body></html>`,
			storyPath, short)
	})
	srv, hits := countingServer(t, mux)
	dir, db, cfg := oneSourceConfig(t, fmt.Sprintf(`start: ["%s/"]`, srv.URL))
	mustRun(t, "crawl", "--config", cfg)
	// Each address of the chain is asked once: only the last hop names
	// the story.
	want := map[string]int{storyPath: 1, short: 1, hop: 1}
	got := hits.take()
	for p, n := range want {
		if got[p] != n {
			t.Errorf("first run asked %s %d times; want %d", p, got[p], n)
		}
	}
	for _, p := range []string{short, hop, storyPath} {
		if r := runCLI(t, nil, "show", "--db", db, "--format", "json", srv.URL+p); r.code != 0 || !strings.Contains(r.stdout, articleTitle) {
			t.Errorf("show %s: exit %d, stderr %s", p, r.code, r.stderr)
		}
	}
	mustRun(t, "crawl", "--config", cfg)
	if got := hits.take(); got[short]+got[hop]+got[storyPath] != 0 {
		t.Errorf("second run asked %v; want only the front page", got)
	}
	// The redirect's answer is a fetch like any other: checked, and in
	// the WARC with its Location.
	mustRun(t, "db", "check", "--db", db)
	warc := filepath.Join(dir, "all.warc.gz")
	mustRun(t, "export", "--db", db, "--format", "warc", "-o", warc)
	if got := gunzipFile(t, warc); !strings.Contains(got, "HTTP/1.1 302 Found") || !strings.Contains(got, "Location: "+storyPath) {
		t.Errorf("the WARC holds no 302 answer with its Location:\n%.2000s", got)
	}
}

// TestMovedStoryFollowedToAFetchedPage: an archived article whose address
// now redirects to its new slug, which the run fetched already, is still
// followed there, so the archive sees the move and keeps one article.
func TestMovedStoryFollowedToAFetchedPage(t *testing.T) {
	const oldPath, newPath = "/news/2026/03/14/barrier-opening-delayed", "/news/2026/03/14/barrier-opens-at-last"
	var moved atomic.Bool
	page := func(host, path, headline, extra string) string {
		return fmt.Sprintf(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>%[3]s</title>
<meta property="og:type" content="article"><link rel="canonical" href="%[1]s%[2]s">
<meta property="article:published_time" content="2026-03-14T08:00:00Z"></head>
<body><article><h1>%[3]s</h1><p>The river authority said the flood barrier at Millbrook would open within weeks, after a decade of delays and two failed tenders.</p>
<p>Engineers spent the winter testing the gates against the highest tides recorded on the estuary since records began.</p>
<p>Residents of the lower town, flooded three times in ten years, have campaigned for the barrier since 2016.</p>%[4]s</article></body></html>`,
			host, path, headline, extra)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		base := "http://" + r.Host
		switch {
		case r.URL.Path == "/sitemap.xml":
			w.Header().Set("Content-Type", "application/xml")
			entries, modified := []string{oldPath}, time.Now().Add(-time.Hour)
			if moved.Load() {
				// Dated after the first run's fetch, so the old address is
				// asked again.
				entries, modified = []string{newPath, oldPath}, time.Now().Add(time.Minute)
			}
			fmt.Fprint(w, `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
			for _, p := range entries {
				fmt.Fprintf(w, "<url><loc>%s%s</loc><lastmod>%s</lastmod></url>", base, p, modified.UTC().Format(time.RFC3339))
			}
			fmt.Fprint(w, "</urlset>")
		case r.URL.Path == oldPath && moved.Load():
			http.Redirect(w, r, newPath, http.StatusMovedPermanently)
		case r.URL.Path == oldPath:
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, page(base, oldPath, "Flood barrier opening delayed", ""))
		case r.URL.Path == newPath && moved.Load():
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, page(base, newPath, "Flood barrier opens at last", "<p>The gates closed for the first time at noon on Friday.</p>"))
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	_, db, cfg := oneSourceConfig(t, fmt.Sprintf(`sitemaps: ["%s/sitemap.xml"]`, srv.URL))
	mustRun(t, "crawl", "--config", cfg)
	moved.Store(true)
	mustRun(t, "crawl", "--config", cfg)
	var ids []int64
	for _, p := range []string{oldPath, newPath} {
		var a struct {
			ID    int64  `json:"id"`
			Title string `json:"title"`
		}
		r := mustRun(t, "show", "--db", db, "--format", "json", srv.URL+p)
		if err := json.Unmarshal([]byte(r.stdout), &a); err != nil || a.Title != "Flood barrier opens at last" {
			t.Errorf("show %s: %+v, %v; want the moved story's new headline", p, a, err)
		}
		ids = append(ids, a.ID)
	}
	if ids[0] != ids[1] {
		t.Errorf("old and new addresses lead to articles %v; want one article", ids)
	}
}

// gunzipFile returns the decompressed contents of a gzip file (every member
// of a .warc.gz).
func gunzipFile(t *testing.T, path string) string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// oneSourceConfig writes the configuration of one source, named site, whose
// seeds line (start, feeds or sitemaps) is given, archiving to a new
// archive.db; it returns their directory, the archive and the config.
func oneSourceConfig(t *testing.T, seeds string) (dir, db, cfg string) {
	t.Helper()
	dir = t.TempDir()
	cfg = writeCrawlConfig(t, dir, fmt.Sprintf(`database: archive.db
defaults: {delay: 0s, max_depth: 1, max_pages: 20}
sources:
  - name: site
    %s
`, seeds))
	return dir, filepath.Join(dir, "archive.db"), cfg
}

// TestRefreshStubLeadsToItsStory: a page that forwards to a story by
// refresh <meta> is archived, leads to the story's article, and is not
// asked again by the next run.
func TestRefreshStubLeadsToItsStory(t *testing.T) {
	page, err := os.ReadFile(filepath.Join("testdata", "site", "article.html"))
	if err != nil {
		t.Fatal(err)
	}
	const stub, chain, chained = "/news/2026/03/14/flood-barrier-stub", "/news/2026/03/14/barrier-chain-1", "/news/2026/03/14/barrier-chain-2"
	srv, hits := countingServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		switch r.URL.Path {
		case "/":
			fmt.Fprintf(w, `<html><body><h1>Front</h1><a href="%s">The barrier</a> <a href="%s">Barrier</a></body></html>`, stub, chain)
		case stub, chained:
			fmt.Fprintf(w, `<html><head><meta http-equiv="refresh" content="0; url=%s"></head><body>Moved.</body></html>`, storyPath)
		case chain:
			fmt.Fprintf(w, `<html><head><meta http-equiv="refresh" content="0; url=%s"></head><body>Moved.</body></html>`, chained)
		case storyPath:
			w.Write(page)
		default:
			http.NotFound(w, r)
		}
	}))
	_, db, cfg := oneSourceConfig(t, fmt.Sprintf(`start: ["%s/"]`, srv.URL))
	mustRun(t, "crawl", "--config", cfg)
	for _, p := range []string{stub, chain, chained} {
		if r := runCLI(t, nil, "show", "--db", db, "--format", "json", srv.URL+p); r.code != 0 || !strings.Contains(r.stdout, articleTitle) {
			t.Errorf("show of the stub %s: exit %d, stderr %s", p, r.code, r.stderr)
		}
	}
	mustRun(t, "crawl", "--config", cfg)
	if got := hits.take(); got[stub] != 1 || got[chain] != 1 || got[chained] != 1 || got[storyPath] != 1 {
		t.Errorf("asked %v over two runs; want each stub and the story once", got)
	}
}

// TestRefreshLooksOnceAtAnArticleOfManyAddresses: with refresh set, an
// archived article the run meets under several addresses (its own, with a
// trailing slash, its AMP copy) is asked for again once, not once per
// address.
func TestRefreshLooksOnceAtAnArticleOfManyAddresses(t *testing.T) {
	const story = "/news/2026/03/14/flood-barrier-opens-after-delays"
	addresses := []string{story, story + "/", "/amp" + story}
	srv, hits := countingServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if r.URL.Path == "/" {
			fmt.Fprint(w, `<html><body><h1>Front</h1>`)
			for _, a := range addresses {
				fmt.Fprintf(w, `<a href="%s">The barrier</a> `, a)
			}
			fmt.Fprint(w, `</body></html>`)
			return
		}
		if !slices.Contains(addresses, r.URL.Path) {
			http.NotFound(w, r)
			return
		}
		fmt.Fprintf(w, `<!DOCTYPE html><html lang="en"><head><title>Flood barrier opens</title>
<link rel="canonical" href="http://%s%s"><meta property="og:type" content="article"></head>
<body><article><h1>Flood barrier opens</h1><p>The river authority opened the flood barrier at Millbrook on Friday, a decade after it was first promised.</p>
<p>Engineers spent the winter testing the gates against the highest tides recorded on the estuary.</p></article></body></html>`, r.Host, story)
	}))
	_, _, cfg := oneSourceConfig(t, fmt.Sprintf("start: [\"%s/\"]\n    refresh: 24h", srv.URL))
	mustRun(t, "crawl", "--config", cfg)
	if got := hits.take(); got[story]+got[story+"/"]+got["/amp"+story] != 3 {
		t.Fatalf("first run asked %v; want each address once", got)
	}
	// Every address is due again once the article's age has doubled since
	// its last look.
	time.Sleep(200 * time.Millisecond)
	mustRun(t, "crawl", "--config", cfg)
	if got := hits.take(); got[story]+got[story+"/"]+got["/amp"+story] != 1 {
		t.Errorf("the refresh asked %v; want the article once, at one of its addresses", got)
	}
}

// requestCounts counts a test server's requests by path.
type requestCounts struct {
	mu   sync.Mutex
	hits map[string]int
}

// take returns the counts since the last take.
func (c *requestCounts) take() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := c.hits
	c.hits = map[string]int{}
	return out
}

// countingServer serves h on 127.0.0.1, counting its requests by path.
func countingServer(t *testing.T, h http.Handler) (*httptest.Server, *requestCounts) {
	c := &requestCounts{hits: map[string]int{}}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c.mu.Lock()
		c.hits[r.URL.Path]++
		c.mu.Unlock()
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv, c
}

// TestUntitledArticleListed: an article whose page names no title (no
// <title>, <h1> or og:title) reads "(no title)" where search and history
// list it, not "1.  [id 1]" or "title: " with nothing to read.
func TestUntitledArticleListed(t *testing.T) {
	page, err := os.ReadFile(filepath.Join("testdata", "site", "untitled.html"))
	if err != nil {
		t.Fatal(err)
	}
	srv := pageSite(t, page)
	var a struct{ Title, Text string }
	if err := json.Unmarshal([]byte(mustRun(t, "scrape", "--format", "json", srv.URL+"/ferry").stdout), &a); err != nil ||
		a.Title != "" || !strings.Contains(a.Text, "slipway") {
		t.Fatalf("the fixture parses to title %q, text %.40q (%v); want no title and the text", a.Title, a.Text, err)
	}
	db := filepath.Join(t.TempDir(), "news.db")
	mustRun(t, "scrape", "--save", "--db", db, srv.URL+"/ferry")
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"search", "ferry"}, "1. (no title) [id 1]\n"},
		{[]string{"history", "1"}, "  title: (no title)\n"},
	} {
		t.Run(tt.args[0], func(t *testing.T) {
			if r := mustRun(t, append(tt.args, "--db", db)...); !strings.Contains(r.stdout, tt.want) {
				t.Errorf("stdout:\n%s\nwant a line %q", r.stdout, tt.want)
			}
		})
	}
}
