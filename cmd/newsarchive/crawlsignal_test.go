package main

import (
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/internal/newstest"
)

// TestCrawlStopSignals: SIGHUP (the terminal closed) and SIGTERM stop a
// crawl as Ctrl-C does: what was fetched is committed, the run is
// recorded cancelled, and the command exits 1 with its one line. SIGHUP
// killed it at once, leaving its run "running" until the next crawl.
func TestCrawlStopSignals(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGHUP, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			c := startSlowCrawl(t, 4)
			if err := c.cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			c.cmd.Wait()
			if code := c.cmd.ProcessState.ExitCode(); code != 1 || !strings.Contains(c.stderr.String(), "crawl interrupted") {
				t.Errorf("exit %d (%v), stderr:\n%s\nwant 1 and the crawl said interrupted", code, c.cmd.ProcessState, c.stderr.String())
			}
			run, counts := latestRun(t, c.db)
			archived := newstest.Count(t, c.db, `SELECT COUNT(*) FROM articles`)
			if run.Status != archive.RunCancelled || archived == 0 || int64(archived) != counts.New {
				t.Errorf("run %+v %+v with %d articles archived; want it cancelled with what it fetched", run, counts, archived)
			}
		})
	}
}

// slowCrawl is a crawl command running against a 30-article site that
// answers every 30ms, one request at a time.
type slowCrawl struct {
	site           *newstest.Site
	cmd            *exec.Cmd
	cfg, db        string
	stdout, stderr strings.Builder
}

// startSlowCrawl starts a slowCrawl and returns once the site has
// answered n article requests (or after 20s).
func startSlowCrawl(t *testing.T, n int) *slowCrawl {
	t.Helper()
	c := &slowCrawl{site: newstest.NewSite(t, 30)}
	c.site.Delay.Store(int64(30 * time.Millisecond))
	dir := t.TempDir()
	c.cfg = writeCrawlConfig(t, dir, strings.Replace(siteConfig(c.site.URL), "concurrency: 2", "concurrency: 1", 1))
	c.db = filepath.Join(dir, "archive.db")
	c.cmd = exec.Command(binPath, "crawl", "--config", c.cfg)
	c.cmd.Stdout, c.cmd.Stderr = &c.stdout, &c.stderr
	if err := c.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for c.site.ArticlesRequested() < n && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	return c
}
