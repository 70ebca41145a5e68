package main

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
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
// the run to the next start, which marks it interrupted. A run stopped
// while it waits for the lock to record its start took 10 s, its record
// waiting for the lock that long; it is recorded if the lock frees
// within the stop, and the log says it could not be otherwise.
func TestServeStopsWhileAnotherProcessHoldsTheLock(t *testing.T) {
	// The stop gives the lock 3 s before it gives up the run's writes.
	const promptly = 6 * time.Second
	for _, tc := range []struct {
		name    string
		before  bool          // the lock is taken before the run starts
		release time.Duration // after the stop; 0: held throughout
		want    string        // the run's status after the stop; "" for no run recorded
	}{
		{"held throughout", false, 0, archive.RunRunning},
		{"freed within the stop", false, time.Second, archive.RunCancelled},
		{"held from before the run", true, 0, ""},
		{"held from before the run, freed within the stop", true, time.Second, archive.RunCancelled},
	} {
		t.Run(tc.name, func(t *testing.T) {
			slow := stallingSite(t)
			dir := t.TempDir()
			cfg := writeCrawlConfig(t, dir, serveConfig(slow.URL, slow.URL))
			d := startServe(t, "--config", cfg, "--stop-timeout", "60s")
			db := filepath.Join(dir, "archive.db")
			var release func()
			if tc.before {
				release = lockFor(t, db)
			}
			if code, body := d.request(t, "POST", "/api/sources/slow/run"); code != http.StatusAccepted {
				t.Fatalf("run slow: %d %s", code, body)
			}
			if tc.before {
				d.waitLog(t, "msg=\"run started\"")
			} else {
				poll(t, "a running run of slow", func() bool { return countRuns(d.apiRuns(t), "slow", "running") == 1 }, d)
				release = lockFor(t, db)
			}
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
				if tc.want == "" && !strings.Contains(d.logText(), "record run") {
					t.Errorf("no word in the log of the run not recorded:\n%s", d.logText())
				}
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

// TestStopSignalCountedOnce: a stop signal reaches both the command's
// context and the daemon's signal channel; whichever the daemon sees
// first, it counts one stop, so the next signal exits at once. Counted
// as none when the context won (about one stop in two that came during
// a reload), it took a third signal.
func TestStopSignalCountedOnce(t *testing.T) {
	d := &daemon{}
	for range 100 {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		sigs := make(chan os.Signal, 1)
		sigs <- syscall.SIGTERM
		if n := d.waitForStop(ctx, sigs); n != 1 {
			t.Fatalf("waitForStop counted %d stops of one signal, want 1", n)
		}
	}
}

// TestServeStoppedWhileStarting: a SIGTERM while the daemon opens its
// archive (here, marking the runs of thousands of sources) stops it as
// one at any other time does: exit 0, no error. It exited 1 with
// "interrupt runs of source N: context canceled".
func TestServeStoppedWhileStarting(t *testing.T) {
	dir := t.TempDir()
	var cfg strings.Builder
	cfg.WriteString("database: archive.db\nsources:\n")
	for i := range 3000 {
		fmt.Fprintf(&cfg, "  - {name: s%d, start: 'http://127.0.0.1:1/?s=%d', schedule: '@yearly'}\n", i, i)
	}
	path := writeCrawlConfig(t, dir, cfg.String())
	leaveRunsRunning(t, filepath.Join(dir, "archive.db"), 3000)
	cmd := exec.Command(binPath, "serve", "--config", path, "--listen", "127.0.0.1:0")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill() })
	// The crawl locks come as the daemon marks each source's runs left
	// running, after it has opened the archive and before it schedules
	// the sources.
	locks := filepath.Join(dir, "archive.db.crawl-locks")
	deadline := time.Now().Add(30 * time.Second)
	for {
		if _, err := os.Stat(locks); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no crawl locks after 30s; stderr:\n%s", stderr.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
	cmd.Process.Signal(syscall.SIGTERM)
	err := cmd.Wait()
	if strings.Contains(stderr.String(), "msg=listening") {
		t.Skip("the daemon had started when the signal came")
	}
	if err != nil || strings.Contains(stderr.String(), "newsarchive:") {
		t.Errorf("stopped while starting: %v, stderr:\n%s", err, stderr.String())
	}
}

// leaveRunsRunning records sources s0 to s(n-1) in the archive at path,
// each with a run left running, as by a process that died.
func leaveRunsRunning(t *testing.T, path string, n int) {
	t.Helper()
	ctx := context.Background()
	store, err := archive.Open(ctx, path, archive.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	sources := make([]archive.SourceConfig, n)
	for i := range sources {
		sources[i].Name = fmt.Sprintf("s%d", i)
	}
	if err := store.EnsureSources(ctx, sources); err != nil {
		t.Fatal(err)
	}
	for _, src := range sources {
		id, err := store.SourceID(ctx, src.Name)
		if err == nil {
			_, err = store.StartRun(ctx, id)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
}
