package main

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/archive"
)

// TestServeStopsWhileAnotherProcessHoldsTheLock stops the daemon while
// another process holds the archive's write lock (a db check, say) and
// a run is going: the stop takes a few seconds, where each of the run's
// last writes waited out the busy timeout (30 s in all, the default
// stop timeout cutting it to 10 s). A lock freed within those seconds
// lets the run's end be recorded at the stop; one held throughout leaves
// the run to the next start, which marks it interrupted.
func TestServeStopsWhileAnotherProcessHoldsTheLock(t *testing.T) {
	// The stop gives the lock 3 s before it gives up the run's writes.
	const promptly = 6 * time.Second
	for _, tc := range []struct {
		name    string
		release time.Duration // after the stop; 0: held throughout
		want    string        // the run's status after the stop
	}{
		{"held throughout", 0, archive.RunRunning},
		{"freed within the stop", time.Second, archive.RunCancelled},
	} {
		t.Run(tc.name, func(t *testing.T) {
			slow := stallingSite(t)
			dir := t.TempDir()
			cfg := writeCrawlConfig(t, dir, serveConfig(slow.URL, slow.URL))
			d := startServe(t, "--config", cfg, "--run-now", "--stop-timeout", "60s")
			poll(t, "a running run of slow", func() bool { return countRuns(d.apiRuns(t), "slow", "running") == 1 }, d)
			db := filepath.Join(dir, "archive.db")
			release := lockFor(t, db)
			start := time.Now()
			d.cmd.Process.Signal(syscall.SIGTERM)
			if tc.release > 0 {
				time.AfterFunc(tc.release, release)
			}
			select {
			case <-d.done:
			case <-time.After(time.Minute):
				t.Fatalf("serve still running a minute after SIGTERM; log:\n%s", d.logText())
			}
			took := time.Since(start)
			release()
			t.Logf("stopped in %v", took)
			if took > promptly {
				t.Errorf("stopped %v after SIGTERM, want under %v; log:\n%s", took, promptly, d.logText())
			}
			if got := runStatus(t, db); got != tc.want {
				t.Fatalf("run %s after the stop, want %s; log:\n%s", got, tc.want, d.logText())
			}
			if tc.want != archive.RunRunning {
				return
			}
			next := startServe(t, "--config", cfg)
			poll(t, "the run marked interrupted", func() bool { return runStatus(t, db) == archive.RunFailed }, next)
		})
	}
}

// lockFor takes db's write lock from a connection of its own, as another
// process does, until the returned function releases it.
func lockFor(t *testing.T, db string) (release func()) {
	t.Helper()
	conn, err := sqlWriter(t, db).Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	if _, err := conn.ExecContext(context.Background(), `BEGIN IMMEDIATE`); err != nil {
		t.Fatal(err)
	}
	var once sync.Once
	return func() { once.Do(func() { conn.ExecContext(context.Background(), `ROLLBACK`) }) }
}

// runStatus reads the status of the archive's first run.
func runStatus(t *testing.T, db string) string {
	t.Helper()
	var status string
	if err := sqlWriter(t, db).QueryRow(`SELECT status FROM runs WHERE id = 1`).Scan(&status); err != nil && !errors.Is(err, sql.ErrNoRows) {
		t.Fatal(err)
	}
	return status
}
