// Package schedules runs each configured source on its own cron schedule:
// one job per source, never two runs of a source at once, a bounded number
// of sources at once, every run (and every skipped tick) recorded, panics
// recovered, the source list reloadable and a graceful stop.
//
// It knows sources and runs, not HTML: the crawl itself is a RunFunc and
// the run history goes through a Recorder, both handed in by the caller.
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
	Refreshed int64
	Unchanged int64
	// Duplicates are articles whose content the archive held under
	// another URL (filed as aliases of that article).
	Duplicates int64
	Bytes      int64
	// RunID is the id the RunFunc recorded the run under, when it keeps
	// run records itself (0 otherwise): that record is the run's, from
	// start to end, whatever happens.
	RunID int64
	// Status, when set, is how the RunFunc recorded the run ending (a run
	// it found it could not make may be StatusSkipped); the report says
	// the same rather than guess from the error.
	Status Status
	// Classes counts responses by status class ("2xx", "3xx", "4xx",
	// "5xx", "error" for no response); it may be nil.
	Classes map[string]int64
}

// RunFunc crawls one source. It must return soon after ctx is cancelled,
// with what it did so far.
type RunFunc func(ctx context.Context, src config.Source, trigger Trigger) (Result, error)

// Report is a finished (or skipped) run as the scheduler saw it.
type Report struct {
	Source  string
	Trigger Trigger
	Status  Status
	Started time.Time
	Ended   time.Time
	Result  Result
	Err     error
}

// Recorder keeps the run history. Record is called once per finished run,
// skipped tick or run cancelled before it began, with a context that
// outlives the scheduler's cancellation so a cancelled run is still
// recorded. A run whose Result.RunID is set was recorded by the RunFunc,
// which owns that record: the Recorder adds none.
type Recorder interface {
	Record(ctx context.Context, r Report) error
}
