package main

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/internal/newstest"
)

func TestReparseSummary(t *testing.T) {
	tests := []struct {
		res  archive.ReparseResult
		want string
	}{
		{archive.ReparseResult{Snapshots: 3, Articles: 2, NewVersions: 1, Skipped: 1},
			"3 pages re-extracted: 2 with an article, 1 new version, 0 refreshed, 0 new articles, 1 not articles\n"},
		// Pages that could not be read back were not re-extracted.
		{archive.ReparseResult{Snapshots: 304, Unreadable: 304},
			"0 pages re-extracted: 0 with an article, 0 new versions, 0 refreshed, 0 new articles, 0 not articles; 304 unreadable, left as they were\n"},
	}
	for _, tt := range tests {
		var b strings.Builder
		if err := writeReparseSummary(&b, tt.res); err != nil {
			t.Fatal(err)
		}
		if b.String() != tt.want {
			t.Errorf("summary of %+v:\n got %q\nwant %q", tt.res, b.String(), tt.want)
		}
	}
}

// redirectedStory serves a story on 127.0.0.1 at storyAt, with an ETag,
// answering 304 to a request that sends it back, and /go redirecting to
// it. After edit() the story carries one more paragraph.
func redirectedStory(t *testing.T) (srv *httptest.Server, edit func()) {
	t.Helper()
	var edited atomic.Bool
	mux := http.NewServeMux()
	mux.Handle("/go", http.RedirectHandler(storyAt, http.StatusFound))
	mux.HandleFunc(storyAt, func(w http.ResponseWriter, r *http.Request) {
		extra := ""
		if edited.Load() {
			extra = "<p>The gates closed for the first time at noon on Friday, engineers said.</p>"
		}
		body := fmt.Sprintf(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Flood barrier opens</title>
<meta property="og:type" content="article"><meta property="article:published_time" content="2026-03-14T08:00:00Z"></head>
<body><article><h1>Flood barrier opens</h1><p>The river authority said the flood barrier at Millbrook would open within weeks, after a decade of delays and two failed tenders.</p>
<p>Engineers spent the winter testing the gates against the highest tides recorded on the estuary since records began.</p>
<p>Residents of the lower town, flooded three times in ten years, have campaigned for the barrier since 2016.</p>%s</article></body></html>`, extra)
		w.Header().Set("ETag", newstest.ETag(body))
		if r.Header.Get("If-None-Match") == newstest.ETag(body) {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, body)
	})
	srv = httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv, func() { edited.Store(true) }
}

const storyAt = "/news/2026/03/14/barrier-opens"

// seenState is when each version was last seen and which is each
// article's latest, one line each.
func seenState(t *testing.T, db string) string {
	t.Helper()
	rows, err := newstest.QueryDB(t, db).Query(`SELECT 'version ' || id || ' last seen ' || last_seen FROM versions
		UNION ALL SELECT 'article ' || id || ' last seen ' || last_seen || ', latest ' || latest_version_id FROM articles`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var lines []string
	for rows.Next() {
		var l string
		if err := rows.Scan(&l); err != nil {
			t.Fatal(err)
		}
		lines = append(lines, l)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return strings.Join(lines, "\n")
}

// TestReparseAfterCrawlKeepsLastSeen: reparse right after crawls, with
// nothing new to extract, leaves when each version was last seen, and
// the article's latest, as the crawls recorded them; above all when a
// 304 answered validators that came from a body reached through a
// redirect from another address.
func TestReparseAfterCrawlKeepsLastSeen(t *testing.T) {
	tests := []struct {
		name   string
		crawls []string // paths crawled in turn; "edit" edits the story
	}{
		{"page answered 304 after a body reached through a redirect", []string{storyAt, "edit", "/go", storyAt}},
		{"redirecting address answered 304", []string{storyAt, "edit", "/go", "/go"}},
		{"page answered 304 after its own body", []string{"/go", "edit", storyAt, storyAt}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, edit := redirectedStory(t)
			db := filepath.Join(t.TempDir(), "news.db")
			for _, c := range tt.crawls {
				if c == "edit" {
					edit()
					continue
				}
				mustRun(t, "crawl", "--db", db, srv.URL+c)
			}
			if n := newstest.Count(t, db, `SELECT COUNT(*) FROM fetches WHERE status = 304`); n != 1 {
				t.Fatalf("the crawls stored %d 304 answers; want 1", n)
			}
			before := seenState(t, db)
			r := mustRun(t, "reparse", "--db", db)
			if !strings.Contains(r.stdout, " 0 new versions, 0 refreshed, 0 new articles") {
				t.Errorf("reparse: %s", r.stdout)
			}
			if after := seenState(t, db); after != before {
				t.Errorf("after reparse:\n%s\nafter the crawls:\n%s", after, before)
			}
		})
	}
}
