package main

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"testing"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/crawler/config"
	"github.com/newsarchive/newsarchive/internal/newstest"
	"github.com/newsarchive/newsarchive/schedules"
	"github.com/newsarchive/newsarchive/schedules/sourcerun"
)

// TestRecorderLeavesAGoneArchiveAlone deletes the archive under the
// daemon: the crawl that finds it gone records no run, and the scheduler's
// recorder writes none either (the row would go into a file no name leads
// to) but says why.
func TestRecorderLeavesAGoneArchiveAlone(t *testing.T) {
	ctx := context.Background()
	site := newstest.NewSite(t, 1)
	store, db := testStore(t)
	src := config.Default().Defaults.Source("courier", site.URL+"/")
	if _, err := store.EnsureSource(ctx, src.Name, src.Fingerprint()); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(db); err != nil {
		t.Fatal(err)
	}
	res, err := sourcerun.Run(ctx, store, src, sourcerun.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if !errors.Is(err, archive.ErrArchiveGone) || res.RunID != 0 {
		t.Fatalf("crawl of a deleted archive: run %d, %v; want none, the archive gone", res.RunID, err)
	}
	rec := &runRecorder{store: store}
	gone := schedules.Report{Source: src.Name, Trigger: schedules.TriggerSchedule, Status: schedules.StatusFailed, Err: err}
	if err := rec.Record(ctx, gone); !errors.Is(err, archive.ErrArchiveGone) {
		t.Errorf("record of the gone archive's run: %v, want it refused as gone", err)
	}
	if runs, err := store.Runs(ctx, archive.RunFilter{Source: src.Name}); err != nil || len(runs) != 0 {
		t.Errorf("%d runs written into the deleted archive (%v), want none", len(runs), err)
	}
}
