package archive

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// crashChildEnv makes the test binary a writer that never stops, for
// TestCrashSafety to kill.
const crashChildEnv = "ARCHIVE_CRASH_CHILD_DB"

// TestCrashChild is the child side of TestCrashSafety: it writes batches
// from several goroutines until it is killed.
func TestCrashChild(t *testing.T) {
	path := os.Getenv(crashChildEnv)
	if path == "" {
		t.Skip("runs only as the child of TestCrashSafety")
	}
	s, err := Open(context.Background(), path, Options{})
	if err != nil {
		fmt.Println("open:", err)
		os.Exit(3)
	}
	var once sync.Once
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := 0; ; i++ {
				if _, err := s.SaveBatch(context.Background(), crashBatch(g, i)); err != nil {
					fmt.Println("save:", err)
					os.Exit(4)
				}
				once.Do(func() { fmt.Println("writing") })
			}
		})
	}
	// Compaction rewrites bodies while they are saved: a kill lands in
	// its transactions too.
	wg.Go(func() {
		for {
			if _, err := s.Compact(context.Background()); err != nil {
				fmt.Println("compact:", err)
				os.Exit(5)
			}
		}
	})
	wg.Wait()
}

// crashBatch makes records that revisit a small set of articles with
// changing content, so kills land amid new articles, new versions, alias
// and index updates, and body inserts of ~64 KB.
func crashBatch(g, i int) []Record {
	var out []Record
	for j := range 3 {
		n := rand.IntN(40)
		u := fmt.Sprintf("https://crash.example/%d", n)
		text := fmt.Sprintf("story %d revision %d from writer %d: %s", n, rand.IntN(3), g, strings.Repeat("words ", 50))
		r := record(u, fmt.Sprintf("Story %d", n), text, time.Now())
		r.Fetch.RequestedURL = fmt.Sprintf("%s?utm_source=%d", u, i+j)
		r.Fetch.Body = append(r.Fetch.Body, []byte(strings.Repeat(fmt.Sprintf("<!-- %d %d %d -->", g, i, j), 2500))...)
		out = append(out, r)
	}
	return out
}

// TestCrashSafety kills a real writing process at random moments and
// checks that the database it leaves opens, passes integrity checks and
// holds no half-written article.
func TestCrashSafety(t *testing.T) {
	if testing.Short() {
		t.Skip("kills child processes")
	}
	path := filepath.Join(t.TempDir(), "crash.db")
	for round := range 4 {
		killChild(t, path, time.Duration(50+rand.IntN(400))*time.Millisecond)
		s, err := Open(context.Background(), path, Options{})
		if err != nil {
			t.Fatalf("round %d: reopen after kill: %v", round, err)
		}
		checkConsistent(t, s)
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

// killChild starts a writer on path and SIGKILLs it after it has written
// for about d.
func killChild(t *testing.T, path string, d time.Duration) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), crashChildEnv+"="+path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil || !strings.Contains(line, "writing") {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("child did not start writing: %q, %v", line, err)
	}
	time.Sleep(d)
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
}

// checkConsistent runs Store.Check and makes sure the child wrote.
func checkConsistent(t *testing.T, s *Store) {
	t.Helper()
	problems, err := s.Check(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Error(p)
	}
	// Every body a surviving fetch points at, and every other stored one
	// (spooled or zstd, whole or delta), reads back to its hash: the
	// spooled bytes of a committed row are never lost.
	rows, err := s.readers.Query(`SELECT body_sha256 FROM fetches WHERE body_sha256 IS NOT NULL
		UNION SELECT sha256 FROM bodies`)
	if err != nil {
		t.Fatal(err)
	}
	var shas []string
	for rows.Next() {
		var sha string
		if err := rows.Scan(&sha); err != nil {
			t.Fatal(err)
		}
		shas = append(shas, sha)
	}
	rows.Close()
	for _, sha := range shas {
		if _, err := s.Body(context.Background(), sha); err != nil {
			t.Error(err)
		}
	}
	var compacted int
	if err := s.readers.QueryRow(`SELECT COUNT(*) FROM bodies WHERE encoding = 'zstd'`).Scan(&compacted); err != nil {
		t.Fatal(err)
	}
	t.Logf("articles %d versions %d fetches %d bodies %d (%d compacted)", count(t, s, "articles"), count(t, s, "versions"), count(t, s, "fetches"), count(t, s, "bodies"), compacted)
	if n := count(t, s, "articles"); n == 0 {
		t.Error("no article survived; the child wrote nothing")
	}
}
