package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/crawler/config"
	"github.com/newsarchive/newsarchive/schedules"
	"github.com/newsarchive/newsarchive/schedules/sourcerun"
)

// runRecorder keeps the scheduler's run history in the archive. Crawls
// record their own runs (sourcerun.Run owns the row from start to end, with
// its trigger), so for those it has nothing to add; ticks that started no
// crawl, and runs that failed before sourcerun.Run recorded one, get a run
// row of their own.
type runRecorder struct {
	store *archive.Store
}

var _ schedules.Recorder = (*runRecorder)(nil)

// Record implements schedules.Recorder.
func (r *runRecorder) Record(ctx context.Context, rep schedules.Report) error {
	if rep.Result.RunID != 0 {
		return nil
	}
	if errors.Is(rep.Err, archive.ErrArchiveGone) {
		// No name leads to the file a row would go into.
		return fmt.Errorf("%s run not recorded: %w", rep.Status, archive.ErrArchiveGone)
	}
	id, err := r.store.SourceID(ctx, rep.Source)
	if err != nil {
		return fmt.Errorf("record %s run: %w", rep.Status, err)
	}
	msg := ""
	if rep.Err != nil {
		msg = rep.Err.Error()
	}
	_, err = r.store.RecordUnstartedRun(ctx, id, string(rep.Trigger), string(rep.Status), msg)
	return err
}

// crawl is the scheduler's RunFunc: one crawl of src into the archive.
func (d *daemon) crawl(ctx context.Context, src config.Source, trigger schedules.Trigger) (schedules.Result, error) {
	progress := newRunProgress(src.Name, d.flags.progressEvery, d.metrics, d.log)
	res, err := sourcerun.Run(ctx, d.store, src, sourcerun.Options{UserAgent: d.config().UserAgent, Logger: d.log,
		Trigger: string(trigger), Compactor: d.compact, Hosts: d.hosts, Progress: progress.update})
	progress.finish(res.Stats)
	d.storage.after(res, err)
	d.compact.Kick()
	st := res.Stats
	out := schedules.Result{RunID: res.RunID, Fetched: st.Fetched, Errors: st.Errors, New: st.New,
		Updated: st.Updated, Refreshed: st.Refreshed, Unchanged: st.Unchanged, Duplicates: st.Duplicates,
		Bytes: st.Bytes}
	if res.RunID != 0 {
		// The run's row says how it ended; the scheduler reports the same.
		out.Status = schedules.Status(res.Status)
		classes, cerr := d.store.RunStatusClasses(context.WithoutCancel(ctx), res.RunID)
		if cerr != nil {
			d.log.Warn("fetch counts", slog.String("source", src.Name), slog.Any("err", cerr))
		}
		out.Classes = classes
	}
	return out, err
}
