package main

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestVisibleWriter(t *testing.T) {
	for _, tt := range []struct{ name, in, want string }{
		{"plain text and layout", "1. Flood barrier opens [id 3]\n\tby Helen Marsh\n", "1. Flood barrier opens [id 3]\n\tby Helen Marsh\n"},
		{"right-to-left words", "סכר חדש נפתח — سد جديد", "סכר חדש נפתח — سد جديد"},
		{"replacement character as stored", "caf\uFFFD", "caf\uFFFD"},
		{"ANSI colour", "\x1b[31mRED\x1b[0m", `\x1b[31mRED\x1b[0m`},
		{"screen clear and carriage return", "ok\x1b[2J\rforged", `ok\x1b[2J\x0dforged`},
		{"C1 CSI and DEL", "a\u009b31mb\x7f", `a\x9b31mb\x7f`},
		{"byte that is not UTF-8", "a\x9b31m", `a\x9b31m`},
		{"overrides and embeddings", "Safe \u202eevil\u202c \u202a\u202b\u202d", `Safe \u202eevil\u202c \u202a\u202b\u202d`},
		{"isolates", "\u2066x\u2069 \u2067y\u2069 \u2068z\u2069", `\u2066x\u2069 \u2067y\u2069 \u2068z\u2069`},
		{"marks dropped", "a\u200eb\u200fc\u061cd", "abcd"},
		{"character cut at the end", "ab\xe2\x80", `ab\xe2\x80`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			// Whole, and a byte at a time as a bufio.Writer's flush
			// may cut a character.
			for _, chunk := range []int{len(tt.in), 1} {
				var b bytes.Buffer
				err := writeText(&b, func(w io.Writer) error {
					for s := tt.in; s != ""; s = s[min(chunk, len(s)):] {
						if _, err := w.Write([]byte(s[:min(chunk, len(s))])); err != nil {
							return err
						}
					}
					return nil
				})
				if err != nil || b.String() != tt.want {
					t.Errorf("in writes of %d bytes: %q (%v), want %q", chunk, b.String(), err, tt.want)
				}
			}
		})
	}
}

// TestTextOutputShowsControls: a page whose title held a bidi override
// and isolates (as a hostile page writes one, to read otherwise than it
// is stored) reached the terminal in the text output of search, show and
// history, reordering what the reader saw. JSON keeps the stored text.
func TestTextOutputShowsControls(t *testing.T) {
	page, err := os.ReadFile(filepath.Join("testdata", "site", "article.html"))
	if err != nil {
		t.Fatal(err)
	}
	const stored = "Flood barrier \u202edesolc\u202c \u2067still\u2069 opens"
	page = bytes.ReplaceAll(page, []byte("River authority opens new flood barrier after decade of delays"), []byte(stored))
	srv := pageSite(t, page)
	db := filepath.Join(t.TempDir(), "news.db")
	mustRun(t, "scrape", "--save", "--db", db, srv.URL+storyPath)
	const shown = `Flood barrier \u202edesolc\u202c \u2067still\u2069 opens`
	for _, args := range [][]string{
		{"search", "barrier"},
		{"show", "1"},
		{"history", "1"},
	} {
		t.Run(args[0], func(t *testing.T) {
			text := mustRun(t, append(args, "--db", db)...).stdout
			if strings.ContainsAny(text, "\u202e\u202c\u2067\u2069") || !strings.Contains(text, shown) {
				t.Errorf("text output:\n%s\nwant the title as %s", text, shown)
			}
			if js := mustRun(t, append(args, "--db", db, "--format", "json")...).stdout; !strings.Contains(js, stored) {
				t.Errorf("JSON output lost the stored title %q:\n%s", stored, js)
			}
		})
	}
}

// busySite answers every request but robots.txt 503 with a Retry-After
// holding a bidi override, as a hostile server may.
func busySite(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Retry-After", "\u202e021 sdnoces")
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestErrorLineShowsControls: the one line an error ends a command with
// quoted what a server sent as it was, a bidi override in a Retry-After
// among it, reordering the rest of the line on the terminal. Ordinary
// non-ASCII text (a file name in Hebrew, Arabic, CJK) stays as it is.
func TestErrorLineShowsControls(t *testing.T) {
	srv := busySite(t)
	missing := filepath.Join(t.TempDir(), "חדשות-سد-café-新闻.html")
	for _, tt := range []struct{ name, arg, want string }{
		{"server text", srv.URL + "/news/1", `(Retry-After: \u202e021 sdnoces)`},
		{"non-ASCII file name", missing, missing},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, nil, "scrape", tt.arg)
			if r.code != 1 || strings.ContainsRune(r.stderr, '\u202e') || !strings.Contains(r.stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want exit 1 and %q", r.code, r.stderr, tt.want)
			}
		})
	}
}

// TestDBCheckShowsControls: db check quoted what a damaged row holds as
// it was: a fetch's URL with an escape sequence and a bidi override
// reached the terminal in the problem naming its body.
func TestDBCheckShowsControls(t *testing.T) {
	page, err := os.ReadFile(filepath.Join("testdata", "site", "article.html"))
	if err != nil {
		t.Fatal(err)
	}
	srv := pageSite(t, page)
	db := filepath.Join(t.TempDir(), "news.db")
	mustRun(t, "scrape", "--save", "--db", db, srv.URL+storyPath)
	dangle(t, db, `UPDATE fetches SET final_url = final_url || char(0x1b) || '[2J' || char(0x202e) || 'lmth.'`)
	dangle(t, db, `UPDATE bodies SET data = zeroblob(length(data))`)
	r := runCLI(t, nil, "db", "--db", db, "--bodies", "check")
	if want := storyPath + `\x1b[2J\u202elmth.`; r.code != 1 || strings.ContainsAny(r.stdout, "\x1b\u202e") || !strings.Contains(r.stdout, want) {
		t.Errorf("db check --bodies: exit %d, stdout %q; want the URL as %q", r.code, r.stdout, want)
	}
}

// TestCrawlSummaryShowsControls: a crawl's summary line quoted the error
// of a start page as the server sent it, a bidi override in its
// Retry-After reordering the line on the terminal. The logs on stderr
// quote it already (slog's text handler).
func TestCrawlSummaryShowsControls(t *testing.T) {
	srv := busySite(t)
	r := runCLI(t, nil, "crawl", "--db", filepath.Join(t.TempDir(), "news.db"), srv.URL+"/news/")
	const want = `HTTP 503 Service Unavailable (Retry-After: \u202e021 sdnoces)`
	if r.code != 1 || strings.ContainsRune(r.stdout+r.stderr, '\u202e') || !strings.Contains(r.stdout, want) {
		t.Errorf("crawl: exit %d\nstdout %q\nstderr %q\nwant the summary with %q", r.code, r.stdout, r.stderr, want)
	}
}
