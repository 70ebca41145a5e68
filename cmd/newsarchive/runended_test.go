package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/crawler/config"
	"github.com/newsarchive/newsarchive/internal/logbuf"
)

// copiedStory is a story a site files under two URLs (a story filed twice,
// a syndicated copy): same text, no canonical link to tell them apart.
const copiedStory = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Harbour wall repaired after the storm | The Test Courier</title>
<meta property="og:type" content="article">
<meta property="article:published_time" content="2026-01-05T08:00:00Z">
</head><body><article><h1>Harbour wall repaired after the storm</h1><p class="byline">By Rita Penn</p>
<p>Engineers finished the repair of the harbour wall on Tuesday, three weeks after the storm broke through
it and flooded the fish market, the council said in a statement read to the harbour board.</p>
<p>The work cost less than feared, and the market reopens on Saturday with its stalls moved back to the
quay, where traders have sold the morning catch for more than a century.</p>
<p>Residents asked the board to raise the wall before the winter storms, and the council promised a
survey of the whole sea front by the end of the year.</p>
</article></body></html>`

// copiedStorySite serves a front page linking to the one story at two
// URLs.
func copiedStorySite(t *testing.T) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("/{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<html><head><title>The Test Courier</title></head><body>
<a href="/news/2026/01/05/harbour-wall-repaired">Harbour</a>
<a href="/coast/2026/01/05/harbour-wall-repaired-after-storm">Harbour again</a></body></html>`)
	})
	for _, p := range []string{"/news/2026/01/05/harbour-wall-repaired", "/coast/2026/01/05/harbour-wall-repaired-after-storm"} {
		mux.HandleFunc(p, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, copiedStory)
		})
	}
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// TestServeRunEndedCountsDuplicates runs the daemon's scheduler on a site
// that files one story under two URLs: the run's "run ended" line, its
// /api/runs record and /metrics count the copy as a duplicate, as the
// crawl command's summary line does.
func TestServeRunEndedCountsDuplicates(t *testing.T) {
	site := copiedStorySite(t)
	path := writeCrawlConfig(t, t.TempDir(), siteConfig(site.URL))
	cfg, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	var logs logbuf.Buffer
	d, err := openDaemon(context.Background(), &serveFlags{config: path, stopTimeout: 10 * time.Second}, cfg,
		slog.New(slog.NewTextHandler(&logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer d.close()
	d.sched.Start()
	defer d.sched.Stop()
	if err := d.sched.Trigger("courier"); err != nil {
		t.Fatal(err)
	}
	answer := func(path string) string {
		rec := httptest.NewRecorder()
		d.routes().ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		return rec.Body.String()
	}
	// The run is counted in /metrics once recorded, after its line.
	waitFor(t, "the run counted in /metrics", func() bool {
		return strings.Contains(answer("/metrics"), `newsarchive_runs_total{source="courier"`)
	}, &logs)
	ended := runEndedLines(logs.String())
	if len(ended) != 1 {
		t.Fatalf("%d run ended lines, want 1; log:\n%s", len(ended), logs.String())
	}
	var metrics strings.Builder // the articles' counters alone
	for line := range strings.Lines(answer("/metrics")) {
		if strings.HasPrefix(line, "newsarchive_articles_total{") {
			metrics.WriteString(line)
		}
	}
	var runs []runJSON
	if err := json.Unmarshal([]byte(answer("/api/runs")), &runs); err != nil || len(runs) != 1 {
		t.Fatalf("/api/runs: %v, %d runs", err, len(runs))
	}
	tests := []struct {
		where, text, want string
	}{
		{"run ended", ended[0], "status=ok"},
		{"run ended", ended[0], " new=1 "},
		{"run ended", ended[0], " duplicates=1 "},
		{"run ended", ended[0], fmt.Sprintf(" run=%d", runs[0].ID)},
		{"/api/runs", fmt.Sprintf("new %d, duplicate %d", runs[0].New, runs[0].Duplicate), "new 1, duplicate 1"},
		{"/metrics", metrics.String(), `newsarchive_articles_total{kind="duplicate",source="courier"} 1`},
		{"/metrics", metrics.String(), `newsarchive_articles_total{kind="new",source="courier"} 1`},
	}
	for _, tt := range tests {
		if !strings.Contains(tt.text, tt.want) {
			t.Errorf("%s lacks %s:\n%s", tt.where, tt.want, tt.text)
		}
	}
}

// runEndedLines returns the "run ended" lines of a log.
func runEndedLines(log string) []string {
	var out []string
	for line := range strings.Lines(log) {
		if strings.Contains(line, `msg="run ended"`) {
			out = append(out, line)
		}
	}
	return out
}

// waitFor waits up to 20 s for cond, failing the test with the log if it
// never holds.
func waitFor(t *testing.T, what string, cond func() bool, logs *logbuf.Buffer) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s; log:\n%s", what, logs.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}
