package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/internal/newstest"
)

// waitRunning waits until the source has a run marked running.
func waitRunning(t *testing.T, db, source string) newstest.Run {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for ; time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		// Opening the database before the crawl has made it would make
		// an empty one; until it holds runs, a read error means not yet.
		if _, err := os.Stat(db); err != nil {
			continue
		}
		runs, _ := newstest.QueryRuns(newstest.QueryDB(t, db), source)
		for _, r := range runs {
			if r.Status == archive.RunRunning {
				return r
			}
		}
	}
	t.Fatalf("no run of %s started", source)
	return newstest.Run{}
}

func testStore(t *testing.T) (*archive.Store, string) {
	t.Helper()
	db := filepath.Join(t.TempDir(), "archive.db")
	s, err := archive.Open(context.Background(), db, archive.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, db
}

// TestCrawlKilledRunMarkedInterrupted kills a crawl outright: a daemon
// starting on the database marks the run it left running as interrupted
// and counts it failed, as the next crawl of the source would mark it.
func TestCrawlKilledRunMarkedInterrupted(t *testing.T) {
	site := newstest.NewSite(t, 10)
	site.Delay.Store(int64(time.Second))
	dir := t.TempDir()
	cfg := writeCrawlConfig(t, dir, siteConfig(site.URL))
	db := filepath.Join(dir, "archive.db")
	cmd := exec.Command(binPath, "crawl", "--config", cfg)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	waitRunning(t, db, "courier")
	cmd.Process.Kill()
	cmd.Wait()

	// A daemon starting on the database marks it at once, and makes the
	// source's cut-short first run up at once rather than an hour later.
	d := startServe(t, "--config", cfg)
	poll(t, "the killed run marked interrupted and made up", func() bool {
		runs := d.apiRuns(t)
		killed, madeUp := false, false
		for _, r := range runs {
			killed = killed || r.Status == archive.RunFailed && r.Message == archive.RunInterrupted
			madeUp = madeUp || r.Trigger == archive.TriggerSchedule && r.Status == archive.RunOK
		}
		return killed && madeUp
	}, d)
	// and counts it failed: a crash loop shows in the metrics.
	if _, metrics := d.request(t, "GET", "/metrics"); !strings.Contains(metrics, `newsarchive_runs_total{source="courier",status="failed"} 1`) {
		t.Errorf("/metrics does not count the killed run failed:\n%s", metrics)
	}
	d.cmd.Process.Signal(syscall.SIGTERM)
	<-d.done

	site.Delay.Store(0)
	mustRun(t, "crawl", "--config", cfg)
	runs := newstest.Runs(t, db, "courier")
	if len(runs) != 3 {
		t.Fatalf("runs: %+v", runs)
	}
	if r := runs[0]; r.Status != archive.RunFailed || r.Message != archive.RunInterrupted || !r.Ended.Valid {
		t.Errorf("killed run: %+v", r)
	}
	for _, r := range runs[1:] {
		if r.Status != archive.RunOK {
			t.Errorf("run after the kill: %+v", r)
		}
	}
}

// TestCrawlBusySourceSkipped crawls a source a second process is crawling:
// the second crawl does nothing but record a skip, and exits 0.
func TestCrawlBusySourceSkipped(t *testing.T) {
	slow := stallingSite(t)
	dir := t.TempDir()
	cfg := writeCrawlConfig(t, dir, siteConfig(slow.URL))
	db := filepath.Join(dir, "archive.db")
	first := exec.Command(binPath, "crawl", "--config", cfg)
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { first.Process.Kill(); first.Wait() })
	waitRunning(t, db, "courier")

	res := mustRun(t, "crawl", "--config", cfg)
	if !strings.Contains(res.stdout, "skipped") || !strings.Contains(res.stdout, archive.ErrSourceBusy.Error()) {
		t.Errorf("second crawl printed:\n%s", res.stdout)
	}
	first.Process.Signal(syscall.SIGINT)
	first.Wait()
	runs := newstest.Runs(t, db, "courier")
	if len(runs) != 2 {
		t.Fatalf("runs: %+v", runs)
	}
	if r := runs[0]; r.Status != archive.RunCancelled {
		t.Errorf("first crawl's run: %+v", r)
	}
	if r := runs[1]; r.Status != archive.RunSkipped || r.Message != archive.ErrSourceBusy.Error() {
		t.Errorf("second crawl's run: %+v", r)
	}
}
