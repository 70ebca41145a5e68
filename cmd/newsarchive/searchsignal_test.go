package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/parse"
)

// TestSlowSearchInterrupted: Ctrl-C while FTS5 matches a long phrase
// (seconds of work inside one statement) says the search was interrupted,
// exit 1, where it printed the database's "context canceled".
func TestSlowSearchInterrupted(t *testing.T) {
	db := filepath.Join(t.TempDir(), "long.db")
	phrase := fmt.Sprintf("%q", strings.Join(fillLongText(t, db)[50_000:50_256], " "))
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"search", phrase}, "newsarchive: search interrupted before it listed any result"},
		{[]string{"export", "--query", phrase}, "newsarchive: export: interrupted, nothing written"},
	} {
		t.Run(tt.args[0], func(t *testing.T) {
			// A signal that comes while the command still opens the
			// archive is worded as such; wait longer and try again.
			for wait := 200 * time.Millisecond; ; wait *= 2 {
				msg, code, took := interruptAfterOpen(t, db, tt.args, wait)
				if strings.HasPrefix(msg, "newsarchive: interrupted while opening") && wait < 5*time.Second {
					continue
				}
				if code != 1 || msg != tt.want {
					t.Errorf("exit %d, stderr ends %q; want exit 1 and %q", code, msg, tt.want)
				}
				// Well under the seconds the phrase takes to match.
				if took > 2*time.Second {
					t.Errorf("ended %v after the interrupt", took)
				}
				return
			}
		})
	}
}

// interruptAfterOpen runs the binary on db with args, sends SIGINT wait
// after it has opened the archive, and returns the last line of its
// standard error, its exit code and how long it took to end.
func interruptAfterOpen(t *testing.T, db string, args []string, wait time.Duration) (string, int, time.Duration) {
	t.Helper()
	cmd := exec.Command(binPath, append(args, "--db", db, "-o", filepath.Join(t.TempDir(), "out.jsonl"))...)
	if args[0] == "search" {
		cmd = exec.Command(binPath, "search", "--db", db, "--", args[1])
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	waitForOpenFile(t, cmd.Process.Pid, db)
	time.Sleep(wait)
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	signalled := time.Now()
	cmd.Wait()
	return lastLine(stderr.String()), cmd.ProcessState.ExitCode(), time.Since(signalled)
}

// fillLongText archives one article of 240,000 words drawn from two,
// and returns them: FTS5 takes over a second to match a phrase of 256 of
// them (the most a query may hold) against the text.
func fillLongText(t *testing.T, db string) []string {
	t.Helper()
	// Two words: each stands at some 120,000 places, which the phrase
	// compares, word by word.
	vocabulary := []string{"river", "flood"}
	r := rand.New(rand.NewPCG(1, 2))
	words := make([]string, 240_000)
	for i := range words {
		words[i] = vocabulary[r.IntN(len(vocabulary))]
	}
	text := strings.Join(words, " ")
	u := "https://millbrook.example/news/long"
	at := time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC)
	a := &parse.Article{URL: u, CanonicalURL: u, Title: "A long report", Text: text,
		HTML: "<p>" + text + "</p>", ContentHash: parse.ContentHash(text)}
	ctx := context.Background()
	s, err := archive.Open(ctx, db, archive.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	_, err = s.SaveBatch(ctx, []archive.Record{{Article: a, Fetch: archive.Fetch{RequestedURL: u, FinalURL: u,
		Status: 200, Proto: "HTTP/1.1", FetchedAt: at, Header: http.Header{"Content-Type": {"text/html"}},
		Body: []byte("<html><body><p>" + text + "</p></body></html>")}}})
	if err != nil {
		t.Fatal(err)
	}
	return words
}

// TestSearchLongPhraseRefused: a phrase of 5,000 words is refused at
// once, exit 2, naming the bound, where FTS5 took 13 s over a long text
// to match it and Ctrl-C did not stop it for seconds.
func TestSearchLongPhraseRefused(t *testing.T) {
	db := filepath.Join(t.TempDir(), "long.db")
	phrase := fmt.Sprintf("%q", strings.Join(fillLongText(t, db)[50_000:55_000], " "))
	for _, args := range [][]string{
		{"search", "--db", db, "--", phrase},
		{"export", "--db", db, "--query", phrase, "-o", filepath.Join(t.TempDir(), "out.jsonl")},
	} {
		t.Run(args[0], func(t *testing.T) {
			start := time.Now()
			res := runCLI(t, nil, args...)
			took := time.Since(start)
			if res.code != 2 || !strings.Contains(res.stderr, "5000 words, at most 256") || strings.Count(res.stderr, "\n") != 1 {
				t.Errorf("exit %d, stderr %q; want exit 2 and one line naming the bound", res.code, res.stderr)
			}
			if took > 2*time.Second {
				t.Errorf("took %v", took)
			}
		})
	}
}
