package sourcerun

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/crawler"
	"github.com/newsarchive/newsarchive/crawler/config"
	"github.com/newsarchive/newsarchive/internal/newstest"
)

// mustOpen opens a new archive at db, closed with the test.
func mustOpen(t *testing.T, db string) *archive.Store {
	t.Helper()
	store, err := archive.Open(context.Background(), db, archive.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	return store
}

// TestRunPanicEndsItsRun panics inside a crawl: the run's one row
// ends failed with the panic, and the panic comes back as an error.
func TestRunPanicEndsItsRun(t *testing.T) {
	site := newstest.NewSite(t, 2)
	db := filepath.Join(t.TempDir(), "archive.db")
	store := mustOpen(t, db)
	src := config.Default().Defaults.Source("paper", site.URL+"/")
	res, err := Run(context.Background(), store, src, Options{
		Logger:   slog.New(slog.NewTextHandler(io.Discard, nil)),
		Trigger:  archive.TriggerSchedule,
		Progress: func(crawler.Stats) { panic("progress exploded") },
	})
	if err == nil || !strings.Contains(err.Error(), "progress exploded") {
		t.Fatalf("err = %v, want the panic", err)
	}
	runs := newstest.Runs(t, db, "paper")
	if len(runs) != 1 {
		t.Fatalf("%d runs recorded, want 1: %+v", len(runs), runs)
	}
	r := runs[0]
	if r.Status != archive.RunFailed || !r.Ended.Valid || !strings.Contains(r.Message, "progress exploded") ||
		r.Trigger != archive.TriggerSchedule {
		t.Errorf("run after a panic: %+v", r)
	}
	if res.RunID == 0 || res.Status != archive.RunFailed {
		t.Errorf("result after a panic: %+v", res)
	}
	// The panicking crawl let go of the source.
	if _, err := Run(context.Background(), store, src, Options{
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}); err != nil {
		t.Errorf("crawl after the panic: %v", err)
	}
}
