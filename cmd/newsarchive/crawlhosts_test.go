package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestCrawlSourcesShareAHost: two sources of one host crawled by one
// crawl command keep the host's delay between them, as one source does
// (the second asked its first page right after the first's last).
func TestCrawlSourcesShareAHost(t *testing.T) {
	const delay = 300 * time.Millisecond
	var (
		mu    sync.Mutex
		asked []time.Time // page requests, robots.txt aside
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		mu.Lock()
		asked = append(asked, time.Now())
		mu.Unlock()
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if desk, ok := strings.CutSuffix(strings.TrimPrefix(r.URL.Path, "/"), "/"); ok {
			fmt.Fprintf(w, `<html><body><a href="/news/2026/01/05/%s-story">Story</a></body></html>`, desk)
			return
		}
		fmt.Fprintf(w, `<html><head><title>Story %[1]s</title></head><body><article><h1>Story %[1]s</h1>`+
			strings.Repeat(`<p>The council met on Monday to debate the budget for the coming year, and %[1]s was on the agenda.</p>`, 8)+
			`</article></body></html>`, r.URL.Path)
	}))
	defer srv.Close()
	dir := t.TempDir()
	cfg := writeCrawlConfig(t, dir, fmt.Sprintf("database: archive.db\n"+
		"defaults: {delay: %s, concurrency: 1, max_depth: 2, max_pages: 10}\nsources:\n"+
		"  - name: world\n    start: [\"%[2]s/world/\"]\n  - name: politics\n    start: [\"%[2]s/politics/\"]\n", delay, srv.URL))
	mustRun(t, "crawl", "--config", cfg)
	mu.Lock()
	defer mu.Unlock()
	if len(asked) != 4 {
		t.Fatalf("%d pages asked, want two sections and their stories", len(asked))
	}
	slices.SortFunc(asked, time.Time.Compare)
	for i := 1; i < len(asked); i++ {
		// Timers never fire early: the margin is the server's scheduling.
		if gap := asked[i].Sub(asked[i-1]); gap < delay*8/10 {
			t.Errorf("pages %d and %d asked %v apart, want the delay, %v", i, i+1, gap, delay)
		}
	}
}
