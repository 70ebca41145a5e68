package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/crawler/config"
	"github.com/newsarchive/newsarchive/schedules"
)

// TestServeRunRecordedAsScheduled checks a scheduled run shows trigger
// schedule while it runs, not only once it ended; then that a second
// SIGTERM while the stop waits for that run to be recorded exits at once,
// with status 1.
func TestServeRunRecordedAsScheduled(t *testing.T) {
	slow := stallingSite(t)
	dir := t.TempDir()
	cfg := writeCrawlConfig(t, dir, serveConfig(slow.URL, slow.URL, "ticker"))
	d := startServe(t, "--config", cfg, "--stop-timeout", "60s")
	var running runJSON
	poll(t, "a running run of ticker", func() bool {
		for _, r := range d.apiRuns(t) {
			if r.Source == "ticker" && r.Status == "running" {
				running = r
				return true
			}
		}
		return false
	}, d)
	if running.Trigger != "schedule" {
		t.Errorf("running scheduled run has trigger %q", running.Trigger)
	}

	// Hold the database's write lock: the cancelled run cannot be
	// recorded, so the stop waits (up to the busy timeout and beyond).
	db := filepath.Join(dir, "archive.db")
	conn, err := sqlWriter(t, db).Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(context.Background(), `BEGIN IMMEDIATE`); err != nil {
		t.Fatal(err)
	}
	defer conn.ExecContext(context.Background(), `ROLLBACK`)
	d.cmd.Process.Signal(syscall.SIGTERM)
	d.cmd.Process.Signal(syscall.SIGTERM) // an echo, as timeout(1) sends to the process and its group
	d.waitLog(t, "msg=\"stopping")
	time.Sleep(stopEcho + 50*time.Millisecond)
	if strings.Contains(d.logText(), "second signal") {
		t.Errorf("an echo of the first signal was taken for a second one:\n%s", d.logText())
	}
	start := time.Now()
	d.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-d.done:
	case <-time.After(5 * time.Second):
		t.Fatalf("serve still running 5s after a second SIGTERM; log:\n%s", d.logText())
	}
	if code := d.cmd.ProcessState.ExitCode(); code != 1 {
		t.Errorf("exit %d after a second signal, want 1", code)
	}
	if !strings.Contains(d.logText(), "second signal") {
		t.Errorf("no word of the second signal in the log:\n%s", d.logText())
	}
	t.Logf("exited %v after the second signal", time.Since(start))
}

// TestHealthUnavailableWithoutDatabase checks /healthz answers 503 once
// the database no longer answers, though the scheduler runs.
func TestHealthUnavailableWithoutDatabase(t *testing.T) {
	store, _ := testStore(t)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	src := config.Default().Defaults.Source("paper", "http://127.0.0.1:1/")
	d := &daemon{log: log, store: store}
	sched, err := schedules.New([]config.Source{src}, schedules.Options{
		Run: d.crawl, Recorder: &runRecorder{store: store}, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	d.sched = sched
	sched.Start()
	t.Cleanup(func() { sched.Stop() })
	health := func() (int, health) {
		rec := httptest.NewRecorder()
		d.handleHealth(rec, httptest.NewRequest("GET", "/healthz", nil))
		var h health
		if err := json.Unmarshal(rec.Body.Bytes(), &h); err != nil {
			t.Fatalf("/healthz: %v in %s", err, rec.Body)
		}
		return rec.Code, h
	}
	if code, h := health(); code != http.StatusOK || h.Database != "ok" {
		t.Fatalf("/healthz with the database open: %d %+v", code, h)
	}
	if err := store.Close(); err != nil {
		t.Fatal(err)
	}
	code, h := health()
	if code != http.StatusServiceUnavailable || h.Status != "unavailable" || h.Database == "ok" {
		t.Errorf("/healthz with the database closed: %d %+v", code, h)
	}
	if !h.Scheduler.Started || h.Scheduler.Stopped {
		t.Errorf("scheduler state: %+v", h.Scheduler)
	}
}

// sqlWriter opens the database at path for writing, beside the binary.
func sqlWriter(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
