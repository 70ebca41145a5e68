package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/crawler/fetch"
	"github.com/newsarchive/newsarchive/internal/newstest"
	"github.com/newsarchive/newsarchive/parse"
)

const articleTitle = "River authority opens new flood barrier after decade of delays"

// newsSite serves the test pages of testdata/site, and a home page of the
// parse package's fixtures, the way a news site would, with one route per
// scenario.
func newsSite(t *testing.T) *httptest.Server {
	t.Helper()
	page := func(path, contentType string) http.HandlerFunc {
		body, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", contentType)
			w.Write(body)
		}
	}
	mux := http.NewServeMux()
	mux.Handle("/news/2026/03/14/millbrook-flood-barrier-opens", page("testdata/site/article.html", "text/html; charset=utf-8"))
	mux.Handle("/fr/plan-velo", page("testdata/site/latin1.html", "text/html; charset=ISO-8859-1"))
	mux.Handle("/{$}", page("../../parse/testdata/notarticle/homepage.html", "text/html; charset=utf-8"))
	yearless := yearlessPage(t)
	mux.HandleFunc("/news/bridge-repairs", func(w http.ResponseWriter, r *http.Request) {
		// Printed without its year, three days ago, as a site prints a
		// recent story's date.
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(bytes.Replace(yearless, []byte("Nov 18 at 4:46 PM"), []byte(threeDaysAgo().Format("Jan 2 at 3:04 PM")), 1))
	})
	mux.HandleFunc("/report.pdf", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/pdf")
		w.Write([]byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"))
	})
	mux.HandleFunc("/millbrook", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/news/2026/03/14/millbrook-flood-barrier-opens", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/mr/millbrook", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, `<html><head><meta http-equiv="refresh" content="0; url=/news/2026/03/14/millbrook-flood-barrier-opens"></head><body>Moved.</body></html>`)
	})
	mux.HandleFunc("/hr/millbrook", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Refresh", "0; url=/news/2026/03/14/millbrook-flood-barrier-opens")
		io.WriteString(w, `<html><body>Moved.</body></html>`)
	})
	mux.HandleFunc("/mr/loop", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, `<html><head><meta http-equiv="refresh" content="0; url=/mr/loop2"></head><body>Moved.</body></html>`)
	})
	mux.HandleFunc("/mr/loop2", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, `<html><head><meta http-equiv="refresh" content="0; url=/mr/loop"></head><body>Moved.</body></html>`)
	})
	for i := 1; i <= 3; i++ {
		// Each stub takes 400 ms, then forwards to the next; the last to
		// the story.
		mux.HandleFunc(fmt.Sprintf("/mr/slow%d", i), func(w http.ResponseWriter, r *http.Request) {
			time.Sleep(400 * time.Millisecond)
			next := fmt.Sprintf("/mr/slow%d", i+1)
			if i == 3 {
				next = "/news/2026/03/14/millbrook-flood-barrier-opens"
			}
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprintf(w, `<html><head><meta http-equiv="refresh" content="0; url=%s"></head><body>Moved.</body></html>`, next)
		})
	}
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
		}
	})
	mux.HandleFunc("/", http.NotFound)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func TestScrapeFormats(t *testing.T) {
	srv := newsSite(t)
	articleURL := srv.URL + "/news/2026/03/14/millbrook-flood-barrier-opens"
	paragraph := "The £48m structure, built across the mouth of the Mill Brook"
	tests := []struct {
		name     string
		args     []string
		prefix   string
		contains []string
		excludes []string
	}{
		{"text", []string{"scrape", articleURL}, articleTitle + "\nBy Helen Marsh",
			[]string{"2026-03-14T09:30:00Z", paragraph, "“People here have waited"},
			[]string{"Related stories", "Share on", "About us", "cookies"}},
		{"markdown", []string{"scrape", "--format", "markdown", articleURL}, "---\ntitle: \"" + articleTitle + "\"\n",
			[]string{"authors: [\"Helen Marsh\"]", "published: \"2026-03-14T09:30:00Z\"", "\n---\n", "\n# " + articleTitle + "\n", paragraph},
			[]string{"<p>", "Related stories"}},
		{"html", []string{"scrape", articleURL, "--format=html"}, "<!DOCTYPE html>",
			[]string{`<html lang="en-GB">`, "<title>" + articleTitle + "</title>", "<h1>" + articleTitle + "</h1>", "<p>" + paragraph},
			[]string{"Related stories", "<script", "<nav"}},
		{"latin-1 page", []string{"scrape", srv.URL + "/fr/plan-velo"}, "La mairie de Lyon présente son plan vélo\n",
			[]string{"La municipalité a dévoilé mardi", "« voies lyonnaises »", "presqu'île"}, []string{"\uFFFD", "Ã"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, nil, tt.args...)
			if r.code != 0 || r.stderr != "" {
				t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
			}
			if !strings.HasPrefix(r.stdout, tt.prefix) {
				t.Errorf("output starts %.200q, want prefix %q", r.stdout, tt.prefix)
			}
			for _, s := range tt.contains {
				if !strings.Contains(r.stdout, s) {
					t.Errorf("output lacks %q", s)
				}
			}
			for _, s := range tt.excludes {
				if strings.Contains(r.stdout, s) {
					t.Errorf("output has %q", s)
				}
			}
		})
	}
}

func TestScrapeJSON(t *testing.T) {
	srv := newsSite(t)
	tests := []struct {
		name, arg, stdin, pageURL, wantURL string
	}{
		{"after a redirect", srv.URL + "/millbrook", "", "", srv.URL + "/news/2026/03/14/millbrook-flood-barrier-opens"},
		{"file with --url", "testdata/site/article.html", "", "https://gazette.example/m", "https://gazette.example/m"},
		{"stdin", "-", "article.html", "https://gazette.example/s", "https://gazette.example/s"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := []string{"scrape", "--format", "json", tt.arg}
			if tt.pageURL != "" {
				args = append(args, "--url", tt.pageURL)
			}
			var stdin io.Reader
			if tt.stdin != "" {
				b, err := os.ReadFile(filepath.Join("testdata", "site", tt.stdin))
				if err != nil {
					t.Fatal(err)
				}
				stdin = bytes.NewReader(b)
			}
			r := runCLI(t, stdin, args...)
			if r.code != 0 {
				t.Fatalf("exit %d: %s", r.code, r.stderr)
			}
			var a parse.Article
			if err := json.Unmarshal([]byte(r.stdout), &a); err != nil {
				t.Fatalf("output is not an article: %v\n%s", err, r.stdout)
			}
			if a.URL != tt.wantURL || a.Title != articleTitle {
				t.Errorf("url %q title %q", a.URL, a.Title)
			}
			if a.CanonicalURL != "https://gazette.example/news/2026/03/14/millbrook-flood-barrier-opens" {
				t.Errorf("canonical %q", a.CanonicalURL)
			}
			if a.Published == nil || a.Published.Format("2006-01-02") != "2026-03-14" || len(a.Authors) != 1 {
				t.Errorf("published %v authors %v", a.Published, a.Authors)
			}
			if a.ContentHash != parse.ContentHash(a.Text) || len(a.Text) < 500 {
				t.Errorf("text of %d bytes, hash %s", len(a.Text), a.ContentHash)
			}
			if !strings.Contains(r.stdout, "\n  \"title\": ") {
				t.Error("json is not indented")
			}
		})
	}
}

// yearlessPage is a story dated only "Nov 18 at 4:46 PM", no year.
func yearlessPage(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile("../../parse/testdata/dates/yearless-us.html")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// threeDaysAgo is the minute the yearless story of newsSite is dated.
func threeDaysAgo() time.Time {
	return time.Now().UTC().Add(-72 * time.Hour).Truncate(time.Minute)
}

// TestScrapeYearlessDate: a date printed without its year takes the year
// of the fetch of a URL; a FILE's or stdin's page, whose fetch time is
// unknown, is given no invented year.
func TestScrapeYearlessDate(t *testing.T) {
	srv := newsSite(t)
	tests := []struct {
		name  string
		args  []string
		stdin []byte
		want  time.Time // zero for no date
	}{
		{"url", []string{srv.URL + "/news/bridge-repairs"}, nil, threeDaysAgo()},
		{"file", []string{"--url", "https://www.lakeshoreledger.com/news/bridge-repairs", "../../parse/testdata/dates/yearless-us.html"}, nil, time.Time{}},
		{"stdin", []string{"-"}, yearlessPage(t), time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, bytes.NewReader(tt.stdin), append([]string{"scrape", "--format", "json"}, tt.args...)...)
			if r.code != 0 {
				t.Fatalf("exit %d: %s", r.code, r.stderr)
			}
			var a parse.Article
			if err := json.Unmarshal([]byte(r.stdout), &a); err != nil {
				t.Fatalf("output is not an article: %v\n%s", err, r.stdout)
			}
			switch {
			case tt.want.IsZero() && a.Published != nil:
				t.Errorf("published %v, want none: the page prints no year", a.Published)
			case !tt.want.IsZero() && (a.Published == nil || !a.Published.Equal(tt.want)):
				t.Errorf("published %v, want %v", a.Published, tt.want)
			}
		})
	}
}

func TestScrapeErrors(t *testing.T) {
	srv := newsSite(t)
	tests := []struct {
		name string
		args []string
		code int
		want string // the whole stderr line, or its start when ending in "..."
	}{
		{"404", []string{"scrape", srv.URL + "/gone"}, 1, "newsarchive: fetch " + srv.URL + "/gone: HTTP 404 Not Found"},
		{"pdf", []string{"scrape", srv.URL + "/report.pdf"}, 1, "newsarchive: " + srv.URL + "/report.pdf: not an html page: application/pdf content"},
		{"section front", []string{"scrape", srv.URL + "/"}, 1, "newsarchive: no article found at " + srv.URL + "/: ..."},
		{"empty argument", []string{"scrape", ""}, 2, `newsarchive: scrape: the URL, FILE or - to scrape is empty`},
		{"empty --url", []string{"scrape", "--url", "", "testdata/site/article.html"}, 2, `newsarchive: scrape: --url must be an absolute http or https URL (got "")`},
		{"malformed url", []string{"scrape", "http://exa mple.com/news"}, 2, `newsarchive: scrape: invalid url "http://exa mple.com/news": ...`},
		{"other scheme", []string{"scrape", "ftp://example.com/a.html"}, 2, `newsarchive: scrape: invalid url "ftp://example.com/a.html": unsupported scheme "ftp" (want http or https)`},
		{"javascript: url", []string{"scrape", "javascript:alert(1)"}, 2, `newsarchive: scrape: invalid url "javascript:alert(1)": unsupported scheme "javascript" (want http or https)`},
		{"mailto: url", []string{"scrape", "mailto:desk@news.example"}, 2, `newsarchive: scrape: invalid url "mailto:desk@news.example": unsupported scheme "mailto" (want http or https)`},
		{"credentials", []string{"scrape", "http://reader:secret@127.0.0.1:1/news"}, 2,
			`newsarchive: scrape: invalid url "http://reader:xxxxx@127.0.0.1:1/news": holds a user name or password, which newsarchive does not send`},
		{"refused connection", []string{"scrape", "http://127.0.0.1:1/news"}, 1, "newsarchive: fetch http://127.0.0.1:1/news: connect: connection refused"},
		{"slow server", []string{"scrape", "--timeout", "300ms", srv.URL + "/slow"}, 1,
			"newsarchive: fetch " + srv.URL + "/slow: timeout: not complete within 300ms"},
		{"missing file", []string{"scrape", "nope.html"}, 1, "newsarchive: open nope.html: no such file or directory"},
		{"directory", []string{"scrape", "testdata"}, 1, "newsarchive: read testdata: is a directory"},
		{"url without scheme", []string{"scrape", "example.com/news/1"}, 1,
			"newsarchive: open example.com/news/1: no such file or directory (for a URL, write http:// or https:// before it)"},
		{"feed file", []string{"scrape", filepath.Join("testdata", "site", "feed.xml")}, 1,
			"newsarchive: " + filepath.Join("testdata", "site", "feed.xml") + ": not an html page: an RSS feed"},
		{"empty stdin", []string{"scrape", "-"}, 1, "newsarchive: no article found at -: empty page"},
		{"no argument", []string{"scrape"}, 2, "newsarchive: scrape: want exactly one URL, FILE or - (got 0 arguments)"},
		{"two arguments", []string{"scrape", "a.html", "b.html"}, 2, "newsarchive: scrape: want exactly one URL, FILE or - (got 2 arguments)"},
		{"bad format", []string{"scrape", "--format", "pdf", "a.html"}, 2, `newsarchive: scrape: unknown format "pdf" (want text, json, markdown, html)`},
		{"bad flag", []string{"scrape", "--colour", "a.html"}, 2,
			"newsarchive: scrape: flag provided but not defined: -colour (see 'newsarchive scrape -h')"},
		{"bad flag value", []string{"scrape", "--timeout", "abc", "a.html"}, 2,
			`newsarchive: scrape: invalid value "abc" for flag -timeout: parse error (see 'newsarchive scrape -h')`},
		{"relative --url", []string{"scrape", "--url", "relative/path", "a.html"}, 2,
			`newsarchive: scrape: --url must be an absolute http or https URL (got "relative/path")`},
		{"script --url", []string{"scrape", "--url", "javascript:alert(1)", "a.html"}, 2,
			`newsarchive: scrape: --url must be an absolute http or https URL (got "javascript:alert(1)")`},
		{"--url with a URL", []string{"scrape", "--url", "https://example.com/a", srv.URL + "/news/1"}, 2,
			"newsarchive: scrape: --url names where a FILE or stdin page came from; a URL is its own address"},
		{"zero timeout", []string{"scrape", "--timeout", "0s", "a.html"}, 2, "newsarchive: scrape: --timeout must be positive (got 0s)"},
		{"no host", []string{"scrape", "http://"}, 2, `newsarchive: scrape: invalid url "http://": missing host`},
		{"bad IPv6 host", []string{"scrape", "http://[::1"}, 2, `newsarchive: scrape: invalid url "http://[::1": ...`},
		{"--db without --save", []string{"scrape", "--db", "x.db", srv.URL + "/news/1"}, 2,
			"newsarchive: scrape: --db names the archive --save stores into: add --save"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, strings.NewReader(""), tt.args...)
			if r.code != tt.code {
				t.Errorf("exit %d, want %d (stderr %q)", r.code, tt.code, r.stderr)
			}
			if r.stdout != "" {
				t.Errorf("stdout %q", r.stdout)
			}
			lastLine := r.stderr
			if strings.Count(r.stderr, "\n") != 1 {
				t.Errorf("stderr is not one line: %q", r.stderr)
			}
			if lines := strings.Split(strings.TrimSpace(r.stderr), "\n"); len(lines) > 0 {
				lastLine = lines[len(lines)-1]
			}
			if prefix, ok := strings.CutSuffix(tt.want, "..."); ok {
				if !strings.HasPrefix(lastLine, prefix) {
					t.Errorf("stderr %q, want prefix %q", lastLine, prefix)
				}
			} else if lastLine != tt.want {
				t.Errorf("stderr %q\nwant   %q", lastLine, tt.want)
			}
		})
	}
}

func TestScrapeHelp(t *testing.T) {
	r := runCLI(t, nil, "scrape", "-h")
	if r.code != 0 || !strings.Contains(r.stderr, "Usage: newsarchive scrape [--format") || !strings.Contains(r.stderr, "-url URL") {
		t.Errorf("exit %d, stderr %q", r.code, r.stderr)
	}
}

// TestScrapeCutPage: a page longer than the 10 MiB cap is not printed or
// archived as if it were whole; --save keeps the fetch, marked failed.
func TestScrapeCutPage(t *testing.T) {
	para := []byte("<p>" + strings.Repeat("The council met again on Tuesday to weigh the budget. ", 40) + "</p>\n")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, "<!DOCTYPE html><html><head><title>Budget vote</title></head><body><article><h1>Budget vote</h1>")
		for written := 0; written < 11<<20; written += len(para) {
			if _, err := w.Write(para); err != nil {
				return
			}
		}
		io.WriteString(w, "</article></body></html>")
	}))
	t.Cleanup(srv.Close)
	db := filepath.Join(t.TempDir(), "news.db")
	wantErr := "newsarchive: fetch " + srv.URL + "/budget: page larger than the size limit (10 MiB)"
	r := runCLI(t, nil, "scrape", srv.URL+"/budget")
	if r.code != 1 || r.stdout != "" || r.stderr != wantErr+"\n" {
		t.Errorf("scrape: exit %d, %d bytes out, stderr %q; want exit 1, nothing out, %q", r.code, len(r.stdout), r.stderr, wantErr)
	}
	r = runCLI(t, nil, "scrape", "--save", "--db", db, srv.URL+"/budget")
	if r.code != 1 || !strings.Contains(r.stderr, "archived failed fetch") {
		t.Errorf("scrape --save: exit %d, stderr %q; want the cut fetch kept as failed", r.code, r.stderr)
	}
	var st struct {
		Articles int64 `json:"articles"`
		Failed   int64 `json:"failed_fetches"`
	}
	out := mustRun(t, "stats", "--db", db, "--format", "json").stdout
	if err := json.Unmarshal([]byte(out), &st); err != nil || st.Articles != 0 || st.Failed != 1 {
		t.Errorf("stats = %+v, %v; want no article and one failed fetch", st, err)
	}
}

// TestScrapeFollowsARefreshStub: a page that forwards with a refresh
// <meta> or a Refresh header is followed, as a browser would, a bounded
// number of times.
func TestScrapeFollowsARefreshStub(t *testing.T) {
	srv := newsSite(t)
	for _, stub := range []string{"/mr/millbrook", "/hr/millbrook"} {
		r := mustRun(t, "scrape", srv.URL+stub)
		if !strings.Contains(r.stdout, "Millbrook") {
			t.Errorf("scrape of the refresh stub %s printed:\n%s", stub, r.stdout)
		}
	}
	r := runCLI(t, nil, "scrape", srv.URL+"/mr/loop")
	if r.code != 1 || !strings.Contains(r.stderr, "no article found at "+srv.URL+"/mr/loop:") || !strings.Contains(r.stderr, "in a loop") {
		t.Errorf("refresh loop: exit %d, stderr %q; want exit 1 naming the loop", r.code, r.stderr)
	}
	// --timeout bounds the whole scrape: three stubs of 400 ms each are
	// within a second apiece, not together.
	r = runCLI(t, nil, "scrape", "--timeout", "1s", srv.URL+"/mr/slow1")
	if r.code != 1 || !strings.Contains(r.stderr, "timeout") {
		t.Errorf("forwards past --timeout: exit %d, stderr %q; want a timeout", r.code, r.stderr)
	}
}

// TestScrapeSaveOfARefreshStub: scrape --save of an address that forwards
// by refresh <meta> archives the stub's fetch too, and the address leads
// to the article.
func TestScrapeSaveOfARefreshStub(t *testing.T) {
	srv := newsSite(t)
	db := filepath.Join(t.TempDir(), "news.db")
	mustRun(t, "scrape", "--save", "--db", db, srv.URL+"/mr/millbrook")
	if r := runCLI(t, nil, "show", "--db", db, srv.URL+"/mr/millbrook"); r.code != 0 || !strings.Contains(r.stdout, articleTitle) {
		t.Errorf("show of the stub's address: exit %d, stderr %q", r.code, r.stderr)
	}
	var st struct{ Fetches, Articles int }
	out := mustRun(t, "stats", "--db", db, "--format", "json").stdout
	if err := json.Unmarshal([]byte(out), &st); err != nil || st.Fetches != 2 || st.Articles != 1 {
		t.Errorf("stats = %+v, %v; want the stub's fetch and the story's, one article", st, err)
	}
}

// TestScrapeFetchConfig: --timeout bounds the whole fetch, and when set it
// lets the server take all of it to answer (the wait for response headers
// alone is 20 s by default).
func TestScrapeFetchConfig(t *testing.T) {
	tests := []struct {
		name        string
		src         scrapeSource
		total, head time.Duration
	}{
		{"default", scrapeSource{timeout: fetch.DefaultTotalTimeout}, fetch.DefaultTotalTimeout, fetch.DefaultHeaderTimeout},
		{"set longer", scrapeSource{timeout: 2 * time.Minute, waitLong: true}, 2 * time.Minute, 2 * time.Minute},
		{"set shorter", scrapeSource{timeout: 5 * time.Second, waitLong: true}, 5 * time.Second, fetch.DefaultHeaderTimeout},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := tt.src.fetchConfig()
			if cfg.TotalTimeout != tt.total || cfg.HeaderTimeout != tt.head {
				t.Errorf("total %s, header %s; want %s, %s", cfg.TotalTimeout, cfg.HeaderTimeout, tt.total, tt.head)
			}
		})
	}
}

// TestScrapeSaveTimeoutInAForward: when --timeout runs out on a page a
// refresh stub forwarded to, the stubs that answered are archived as
// they were, and the failure is the page that did not answer (the first
// address was recorded as failed, with the later page's error).
func TestScrapeSaveTimeoutInAForward(t *testing.T) {
	srv := newsSite(t)
	db := filepath.Join(t.TempDir(), "news.db")
	if r := runCLI(t, nil, "scrape", "--save", "--db", db, "--timeout", "1s", srv.URL+"/mr/slow1"); r.code != 1 {
		t.Fatalf("exit %d, stderr %q; want 1", r.code, r.stderr)
	}
	rows, err := newstest.QueryDB(t, db).Query(`SELECT requested_url, status, error FROM fetches ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var u, e string
		var status int
		if err := rows.Scan(&u, &status, &e); err != nil {
			t.Fatal(err)
		}
		got = append(got, fmt.Sprintf("%s %d %v", strings.TrimPrefix(u, srv.URL), status, e != ""))
	}
	if len(got) < 2 || got[0] != "/mr/slow1 200 false" || !strings.HasSuffix(got[len(got)-1], " 0 true") ||
		strings.HasPrefix(got[len(got)-1], "/mr/slow1 ") {
		t.Errorf("fetches %q; want the answered stubs, then the page that timed out", got)
	}
}

// TestScrapeReadsWithinBounds: a page read from stdin or a file is read
// within --timeout and at most 64 MiB, and Ctrl-C ends the read: an
// endless or silent stdin, a named pipe no one writes and an endless
// stream each end with one line, at once, in bounded memory.
func TestScrapeReadsWithinBounds(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "page.fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	huge := filepath.Join(dir, "huge.html")
	if err := os.WriteFile(huge, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(huge, maxFileBytes+1); err != nil { // sparse: no disk used
		t.Fatal(err)
	}
	// A pipe never written, its write end open until the test ends; the
	// binary reads it directly (an *os.File), so no copying goroutine
	// outlives the process.
	silent, keepOpen, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { keepOpen.Close(); silent.Close() })
	for _, tt := range []struct {
		name  string
		stdin io.Reader
		args  []string
		want  string
	}{
		{"silent stdin", silent, []string{"--timeout", "200ms", "-"}, "read standard input: no end of the page within --timeout"},
		{"named pipe no one writes", nil, []string{"--timeout", "200ms", fifo}, "read " + fifo + ": no end of the page within --timeout"},
		{"endless stdin", endless{}, []string{"-"}, "read standard input: page larger than the size limit (64 MiB)"},
		{"file over the cap", nil, []string{huge}, "read " + huge + ": page larger than the size limit (64 MiB)"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			r := runCLI(t, tt.stdin, append([]string{"scrape"}, tt.args...)...)
			if r.code != 1 || !strings.Contains(r.stderr, tt.want) || strings.Count(r.stderr, "\n") != 1 {
				t.Errorf("exit %d, stderr %q; want 1 and one line: %s", r.code, r.stderr, tt.want)
			}
			if took := time.Since(start); took > 20*time.Second {
				t.Errorf("took %s", took)
			}
		})
	}
	t.Run("interrupted", func(t *testing.T) {
		cmd := exec.Command(binPath, "scrape", "-")
		cmd.Stdin = silent
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		waitForPipeRead(t, cmd.Process.Pid)
		if err := cmd.Process.Signal(os.Interrupt); err != nil {
			t.Fatal(err)
		}
		cmd.Wait()
		if cmd.ProcessState.ExitCode() != 1 || !strings.Contains(stderr.String(), "read standard input: interrupted") {
			t.Errorf("exit %d, stderr %q; want 1, interrupted", cmd.ProcessState.ExitCode(), stderr.String())
		}
	})
}

// waitForPipeRead waits until a thread of process pid sleeps reading a
// pipe: the command is past installing its signal handlers (Go's own,
// set before, would end it at once on SIGINT) and reads its stdin.
func waitForPipeRead(t *testing.T, pid int) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(2 * time.Millisecond) {
		tasks, _ := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/wchan", pid))
		for _, task := range tasks {
			if wchan, err := os.ReadFile(task); err == nil && strings.Contains(string(wchan), "pipe") {
				return
			}
		}
	}
	t.Fatalf("process %d never read its pipe", pid)
}

// endless is a stream of a page's opening that never ends.
type endless struct{}

func (endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = "<p>x</p>"[i%8]
	}
	return len(p), nil
}
