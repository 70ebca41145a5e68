package crawler

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// COLLY_* environment variables must not change what a crawl does: colly
// applies them over the collector's options.
func TestCollyEnvironmentIgnored(t *testing.T) {
	cache := t.TempDir()
	for k, v := range map[string]string{
		"COLLY_USER_AGENT":      "someone-else/1.0",
		"COLLY_MAX_BODY_SIZE":   "100",
		"COLLY_CACHE_DIR":       cache,
		"COLLY_DETECT_CHARSET":  "yes",
		"COLLY_ALLOWED_DOMAINS": "elsewhere.example",
		"COLLY_MAX_DEPTH":       "1",
	} {
		t.Setenv(k, v)
	}
	page := []byte(articleHTML(1, "/news/2026/05/02/harbour-plan-revised"))
	page = append(page, bytes.Repeat([]byte("<!-- caf\xe9 padding -->\n"), 50)...)
	var mu sync.Mutex
	agents := map[string]bool{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		agents[r.UserAgent()] = true
		mu.Unlock()
		if r.URL.Path != "/news/2026/05/02/harbour-plan-revised" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=iso-8859-1")
		w.Write(page)
	}))
	t.Cleanup(srv.Close)

	store := newMemStore()
	opt := testOptions(testSource(srv.URL+"/news/2026/05/02/harbour-plan-revised"), store)
	runCrawl(t, opt)

	mu.Lock()
	defer mu.Unlock()
	if len(agents) != 1 || !agents[opt.UserAgent] {
		t.Errorf("user agents seen %v, want only %q", agents, opt.UserAgent)
	}
	var got []byte
	for _, r := range store.records {
		if r.Response != nil && r.Response.Status == http.StatusOK {
			got = r.Response.Body
		}
	}
	if !bytes.Equal(got, page) {
		t.Errorf("archived body of %d bytes differs from the %d sent", len(got), len(page))
	}
	if entries, _ := os.ReadDir(cache); len(entries) > 0 {
		t.Errorf("colly cached %d entries in %s", len(entries), filepath.Base(cache))
	}
}
