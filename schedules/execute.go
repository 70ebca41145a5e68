package schedules

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"

	"github.com/newsarchive/newsarchive/crawler/config"
)

// execute waits for a slot unless it holds one already (until wait ends:
// the scheduler stopped, or a reload removed the source), runs src and
// records the run. It frees j when done, whatever happens.
func (s *Scheduler) execute(wait context.Context, j *job, src config.Source, trigger Trigger, held bool) {
	defer s.finished(j)
	rep := Report{Source: src.Name, Trigger: trigger}
	var err error
	if !held {
		err = s.gate.acquire(wait)
		if err == nil && s.ctx.Err() != nil {
			// Stopped as a slot came free: the stop reaches wait a moment
			// after the runs that freed it (a context's children are
			// cancelled one by one), so the run would start cancelled.
			s.gate.release()
			err = s.ctx.Err()
		}
	}
	if current := s.slotted(j); err == nil {
		src = current // a reload while the run waited changed its settings
	}
	if err != nil {
		// Stopped, or the source removed, while waiting for a slot: the
		// tick still gets a record.
		if s.ctx.Err() == nil {
			err = ErrRemoved
		} else {
			err = ErrStoppedWaiting
		}
		now := s.opt.Now()
		rep.Started, rep.Ended, rep.Status, rep.Err = now, now, StatusCancelled, err
		s.logEnded(rep)
		s.record(rep)
		return
	}
	defer s.gate.release()
	rep.Started = s.opt.Now()
	s.log.Info("run started", slog.String("source", src.Name), slog.String("trigger", string(trigger)))
	rep.Result, rep.Err = s.call(src, trigger)
	rep.Ended = s.opt.Now()
	rep.Status = s.status(rep.Result, rep.Err)
	s.logEnded(rep)
	s.record(rep)
}

// logEnded logs one line for a run, one that never got a slot included: a
// warning when it failed.
func (s *Scheduler) logEnded(rep Report) {
	level := slog.LevelInfo
	if rep.Status == StatusFailed {
		level = slog.LevelWarn
	}
	res := rep.Result
	attrs := []slog.Attr{slog.String("source", rep.Source), slog.String("status", string(rep.Status))}
	if rep.Ended.After(rep.Started) { // a run that never got a slot took no time and fetched nothing
		attrs = append(attrs, slog.Duration("took", rep.Ended.Sub(rep.Started)), slog.Int64("fetched", res.Fetched),
			slog.Int64("new", res.New), slog.Int64("updated", res.Updated), slog.Int64("refreshed", res.Refreshed),
			slog.Int64("unchanged", res.Unchanged), slog.Int64("duplicates", res.Duplicates),
			slog.Int64("errors", res.Errors), slog.Int64("bytes", res.Bytes))
	}
	if res.RunID != 0 {
		attrs = append(attrs, slog.Int64("run", res.RunID))
	}
	if rep.Err != nil {
		attrs = append(attrs, slog.String("error", rep.Err.Error()))
	}
	s.log.LogAttrs(context.WithoutCancel(s.ctx), level, "run ended", attrs...)
}

// call runs src, turning a panic into an error so the daemon goes on.
func (s *Scheduler) call(src config.Source, trigger Trigger) (res Result, err error) {
	defer func() {
		if r := recover(); r != nil {
			s.log.Error("run panicked", slog.String("source", src.Name), slog.Any("panic", r),
				slog.String("stack", string(debug.Stack())))
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	return s.opt.Run(s.ctx, src, trigger)
}

// status is how a run ended: as the RunFunc recorded it, else anything
// ended by Stop is cancelled, whether or not the run returned an error.
func (s *Scheduler) status(res Result, err error) Status {
	switch {
	case res.Status != "":
		return res.Status
	case s.ctx.Err() != nil:
		return StatusCancelled
	case err != nil:
		return StatusFailed
	}
	return StatusOK
}

// record writes rep through the Recorder, with a context that outlives
// Stop so the end of a cancelled run is still written, within
// StopRecordTimeout once stopped.
func (s *Scheduler) record(rep Report) {
	timeout := DefaultRecordTimeout
	if s.ctx.Err() != nil {
		timeout = StopRecordTimeout
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(s.ctx), timeout)
	defer cancel()
	if err := s.opt.Recorder.Record(ctx, rep); err != nil {
		s.log.Error("record run", slog.String("source", rep.Source), slog.String("status", string(rep.Status)),
			slog.Any("err", err))
	}
	s.report(rep)
}

// skip records a scheduled tick that found its source's previous run
// still going, or still waiting for a slot (busy says which).
func (s *Scheduler) skip(name string, trigger Trigger, busy error) {
	now := s.opt.Now()
	msg := "run skipped: previous run still going"
	if errors.Is(busy, ErrWaiting) {
		msg = "run skipped: previous run still waiting for a free slot (max_parallel_sources)"
	}
	s.log.Warn(msg, slog.String("source", name))
	s.record(Report{Source: name, Trigger: trigger, Status: StatusSkipped, Started: now, Ended: now,
		Err: busy})
}

func (s *Scheduler) report(rep Report) {
	if s.opt.OnReport != nil {
		s.opt.OnReport(rep)
	}
}
