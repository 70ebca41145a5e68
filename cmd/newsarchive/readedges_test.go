package main

import (
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsarchive/newsarchive/internal/newstest"
)

// TestReadCommandEdges: what the read commands do with odd requests.
func TestReadCommandEdges(t *testing.T) {
	site := newstest.NewSite(t, 3)
	gone := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		if r.URL.Path == "/" {
			w.Write([]byte(`<html><body><a href="/news/2024/05/02/missing-story">Missing story</a></body></html>`))
			return
		}
		w.WriteHeader(http.StatusNotFound)
		w.Write([]byte(`<html><body><p>Sorry, this page is gone.</p></body></html>`))
	}))
	t.Cleanup(gone.Close)
	dir := t.TempDir()
	db := filepath.Join(dir, "archive.db")
	mustRun(t, "crawl", "--config", writeCrawlConfig(t, dir, siteConfig(site.URL)))
	mustRun(t, "crawl", "--db", db, "--config", writeCrawlConfig(t, t.TempDir(), siteConfig(gone.URL)))

	withPassword := strings.Replace(site.URL, "http://", "http://reader:s3cret@", 1) + newstest.ArticlePath(1)
	tests := []struct {
		name   string
		args   []string
		code   int
		want   string // in stdout, or in stderr when code is not 0
		absent string // in neither
	}{
		{"history context under -1", []string{"history", "--context", "-7", "1"}, 2, "--context -7", ""},
		{"show --raw with --format", []string{"show", "--raw", "--format", "json", "1"}, 2, "--format does not go with it", ""},
		{"show of a URL with a password", []string{"show", withPassword}, 0, "council", "s3cret"},
		{"show --raw of a page answered 404", []string{"show", "--raw", gone.URL + "/news/2024/05/02/missing-story"}, 0,
			"Sorry, this page is gone.", ""},
		{"show --raw of a page answered 404, with a password", []string{"show", "--raw",
			strings.Replace(gone.URL, "http://", "http://reader:s3cret@", 1) + "/news/2024/05/02/missing-story"}, 0,
			"Sorry, this page is gone.", "s3cret"},
		{"runs in UTC", []string{"runs"}, 0, " UTC ", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, nil, append(tt.args, "--db", db)...)
			out := r.stdout
			if tt.code != 0 {
				out = r.stderr
			}
			if r.code != tt.code || !strings.Contains(strings.ToLower(out), strings.ToLower(tt.want)) {
				t.Errorf("exit %d, want %d with %q:\n%s%s", r.code, tt.code, tt.want, r.stdout, r.stderr)
			}
			if tt.absent != "" && strings.Contains(r.stdout+r.stderr, tt.absent) {
				t.Errorf("output holds %q:\n%s%s", tt.absent, r.stdout, r.stderr)
			}
		})
	}
}
