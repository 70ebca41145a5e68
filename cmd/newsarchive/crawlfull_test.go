package main

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/archive"
)

// TestCrawlStopsWhenTheArchiveCannotStore crawls into an archive whose
// files may not grow past 2 MB (the process's file size limit, as a full
// disk would refuse them): the crawl stops at the first refused save
// instead of fetching the rest of the site for nothing, says why in one
// line and exits non-zero, records the run as failed, and keeps what it
// saved; once there is room, the next run fetches the rest.
func TestCrawlStopsWhenTheArchiveCannotStore(t *testing.T) {
	prlimit, err := exec.LookPath("prlimit")
	if err != nil {
		t.Skip("prlimit (util-linux) caps the archive's file size here")
	}
	const articles = 60
	site := newTestNews(t, articles)
	site.padding.Store(100 << 10) // about 20 articles fill 2 MB
	site.delay.Store(int64(10 * time.Millisecond))
	dir := t.TempDir()
	cfg := writeCrawlConfig(t, dir, siteConfig(site.srv.URL))
	db := filepath.Join(dir, "archive.db")

	res := runLimited(t, prlimit, "--fsize=2000000", "crawl", "--config", cfg)
	if res.code == 0 {
		t.Fatalf("crawl into a full archive exited 0:\n%s\n%s", res.stdout, res.stderr)
	}
	last := lastLine(res.stderr)
	if !strings.Contains(last, "cannot store more") || !strings.Contains(last, "too large") {
		t.Errorf("last line of stderr does not say the archive cannot store more, and why:\n%s", last)
	}
	if n := articlesRequested(site); n >= articles/2 {
		t.Errorf("%d of %d articles requested: the crawl went on after the archive refused a save", n, articles)
	}
	run, _ := latestRun(t, db)
	if run.Status != archive.RunFailed || !strings.Contains(run.Message, "cannot store more") {
		t.Errorf("run recorded %q with %q, want failed and why", run.Status, run.Message)
	}
	if res := mustRun(t, "db", "--db", db, "check"); !strings.Contains(res.stdout, "ok") {
		t.Errorf("db check after the refused saves:\n%s", res.stdout)
	}
	saved := count(t, db, `SELECT COUNT(*) FROM articles`)

	site.delay.Store(0)
	res = mustRun(t, "crawl", "--config", cfg)
	if !strings.Contains(res.stdout, "pending") {
		t.Errorf("the run after the full archive did not resume:\n%s", res.stdout)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM articles`); n != articles {
		t.Errorf("%d articles after the second run, want %d", n, articles)
	}
	assertAllIndexed(t, db, articles)
	t.Logf("%d articles saved before the archive was full", saved)
}

// runLimited runs the binary under prlimit with the given limit.
func runLimited(t *testing.T, prlimit, limit string, args ...string) cliResult {
	t.Helper()
	cmd := exec.Command(prlimit, append([]string{limit, binPath}, args...)...)
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if _, ok := err.(*exec.ExitError); err != nil && !ok {
		t.Fatalf("run newsarchive under prlimit: %v", err)
	}
	return cliResult{stdout: stdout.String(), stderr: stderr.String(), code: cmd.ProcessState.ExitCode()}
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}
