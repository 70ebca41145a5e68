// Package schedules runs each configured source on its own cron schedule:
// one job per source, never two runs of a source at once, a bounded number
// of sources at once, every run (and every skipped tick) recorded, panics
// recovered, the source list reloadable and a graceful stop.
//
// It knows sources and runs, not HTML: the crawl itself is a RunFunc and
// the run records go through a Recorder, both handed in by the caller.
package schedules

import (
	"context"
	"time"

	"github.com/newsarchive/newsarchive/crawler/config"
)

// Trigger says what started a run.
type Trigger string

// Triggers of a run.
const (
	TriggerSchedule Trigger = "schedule"
	TriggerManual   Trigger = "manual"
)

// Status is how a run ended.
type Status string

// Statuses of a finished run.
const (
	StatusOK        Status = "ok"
	StatusFailed    Status = "failed"
	StatusCancelled Status = "cancelled"
	StatusSkipped   Status = "skipped"
)

// Result counts what a run did.
type Result struct {
	Fetched   int64
	Errors    int64
	New       int64
	Updated   int64
	Unchanged int64
	Bytes     int64
	// Classes counts responses by status class ("2xx", "3xx", "4xx",
	// "5xx", "error" for no response); it may be nil.
	Classes map[string]int64
}

// RunFunc crawls one source. It must return soon after ctx is cancelled,
// with what it did so far.
type RunFunc func(ctx context.Context, src config.Source, trigger Trigger) (Result, error)

// Report is a finished (or skipped) run as the scheduler saw it.
type Report struct {
	ID      int64 // the Recorder's id, 0 when recording failed
	Source  string
	Trigger Trigger
	Status  Status
	Started time.Time
	Ended   time.Time
	Result  Result
	Err     error
}

// Recorder keeps the run history. Its methods are called with a context
// that outlives the scheduler's cancellation, so a cancelled run is still
// recorded.
type Recorder interface {
	// StartRun records that a run of source began and returns its id.
	StartRun(ctx context.Context, source string, trigger Trigger, started time.Time) (int64, error)
	// FinishRun records how the run with id ended.
	FinishRun(ctx context.Context, id int64, r Report) error
	// RecordSkip records a tick that did not start a run because the
	// source was still running.
	RecordSkip(ctx context.Context, r Report) error
}
