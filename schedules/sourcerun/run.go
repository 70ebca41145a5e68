// Package sourcerun is one run of one source into the archive: it wires
// the crawler to the archive, which know nothing of each other. The
// archive serves as the crawler's store (saves written behind, in
// batches, by one writer) and frontier (a killed run is resumed by the
// next); the run's row records its trigger, its counts and how it ended;
// and the archive's disk is watched, compacted when it runs low, and kept
// from filling. The crawl command runs it once per source, the daemon on
// each source's schedule.
package sourcerun

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"strings"
	"time"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/crawler"
	"github.com/newsarchive/newsarchive/crawler/config"
	"github.com/newsarchive/newsarchive/crawler/fetch"
)

// Options are the settings of a run beside its source.
type Options struct {
	// UserAgent is sent with every request; the fetch path's default when "".
	UserAgent string
	// Fetch sets timeouts and the body cap.
	Fetch fetch.Config
	// Logger defaults to slog.Default().
	Logger *slog.Logger
	// Progress receives the counts during the crawl; see crawler.Options.
	Progress func(crawler.Stats)
	// Trigger says what started the run (archive.TriggerSchedule or
	// TriggerManual, the default).
	Trigger string
	// Compactor, when not nil, is kicked whenever the archive's disk has
	// less than LowDisk bytes free (0 for lowDiskFree) during the crawl.
	Compactor *Compactor
	LowDisk   int64
	// DiskReserve is the free space the crawl stops at (0 for diskReserve)
	// when compacting cannot keep it free; with a Compactor only.
	DiskReserve int64
	// Hosts shares each host's politeness with the runs crawling at the
	// same time (serve's sources); nil for a run alone.
	Hosts *crawler.Hosts
	// lockWait, for tests, bounds how long saves wait for another
	// process's write lock (defaultLockWait when 0).
	lockWait time.Duration
	// diskFree, for tests, reads the free space of a disk of their own
	// instead of the archive's (Store.DiskFree).
	diskFree func() (int64, error)
	// stopped is set by Run: done stopLockWait after the run is stopped,
	// it bounds the wait of the run's writes for another process's write
	// lock (see lockWait.until).
	stopped context.Context
}

func (o Options) logger() *slog.Logger {
	if o.Logger == nil {
		return slog.Default()
	}
	return o.Logger
}

// waitFor says how the run's writes wait for another process's write
// lock: given up once abandon is closed, and bounded once stopped.
func (o Options) waitFor(abandon <-chan struct{}) lockWait {
	return lockWait{max: o.lockWait, abandon: abandon, until: o.stopped}
}

// stopLockWait is how long, all told, the writes of a stopped run (the
// pages it holds, the record of its end) wait for another process's
// write lock, where each would wait out the store's busy timeout: a
// daemon's stop is not held up, and a run it could not record is marked
// interrupted by the next start.
const stopLockWait = 3 * time.Second

// afterStop returns a context done d after ctx is, unless release is
// called first: the deferred writes that record a run's end still wait
// for the lock unbounded when the run was not stopped.
func afterStop(ctx context.Context, d time.Duration) (stopped context.Context, release func()) {
	stopped, cancel := context.WithCancel(context.WithoutCancel(ctx))
	stop := context.AfterFunc(ctx, func() { time.AfterFunc(d, cancel) })
	return stopped, func() { stop() }
}

// writeContext is ctx cut loose from its cancellation, for the writes
// that save what a run did and record how it ended, its waits for
// another process's write lock bounded once the run is stopped.
func (o Options) writeContext(ctx context.Context) context.Context {
	return o.waitFor(nil).bound(context.WithoutCancel(ctx))
}

func (o Options) trigger() string {
	if o.Trigger == "" {
		return archive.TriggerManual
	}
	return o.Trigger
}

// Result is one run of one source as recorded in the archive.
type Result struct {
	Source  string
	RunID   int64
	Status  string // archive.RunOK, RunFailed, RunCancelled or RunSkipped
	Stats   crawler.Stats
	Resumed int // requests left by a killed run that this one took over
	Elapsed time.Duration
}

// Run crawls a source once into the archive and owns the run's one row:
// it takes the source's crawl lock (a source another process
// crawls is recorded as skipped, with archive.ErrSourceBusy), ends as
// interrupted the runs a dead process left running, records the run with
// its trigger before the crawl starts and always ends it, a panic
// included (returned as an error). Every fetch is saved under the run and
// the frontier lives in the database, so a run killed or cancelled mid-way
// is resumed by the next one without fetching again what it had.
// Cancelling ctx stops the crawl after the requests in flight; what was
// fetched is committed and the run marked cancelled. Failed pages are
// counted, not returned: the error says the crawl could not run at all,
// or could not be recorded.
func Run(ctx context.Context, store *archive.Store, src config.Source, opt Options) (res Result, err error) {
	res = Result{Source: src.Name, Status: archive.RunFailed}
	logger := opt.logger()
	defer func() {
		// A disk that refuses the run's first writes (its row, its lock)
		// stops it as one that refuses a page does: /healthz says so.
		if err != nil && !errors.Is(err, ErrUnwritable) && archive.Unwritable(err) {
			// An archive deleted or replaced under the run takes no
			// record: no name leads to the file it would go into.
			gone := errors.Is(err, archive.ErrArchiveGone)
			err = storageRefused(WithDiskFree(store.Path(), err))
			if res.RunID == 0 && res.Status == archive.RunFailed && !gone {
				err = recordRefusedStart(ctx, store, opt, &res, err)
			}
		}
	}()
	var release func()
	opt.stopped, release = afterStop(ctx, stopLockWait)
	defer release()
	// Another process's write lock (a db check, say) delays the run's
	// first writes as it does its saves.
	wait := opt.waitFor(ctx.Done())
	var sourceID int64
	err = waitForLock(logger, wait, func() (err error) {
		sourceID, err = store.EnsureSource(ctx, src.Name, src.Fingerprint())
		return err
	})
	if err != nil {
		return res, fmt.Errorf("crawl %s: %w", src.Name, err)
	}
	lock, err := store.LockSource(src.Name)
	if errors.Is(err, archive.ErrSourceBusy) {
		return skipBusy(ctx, store, sourceID, opt, res, err)
	}
	if err != nil {
		return res, fmt.Errorf("crawl %s: %w", src.Name, err)
	}
	defer func() {
		if uerr := lock.Unlock(); uerr != nil {
			logger.Warn("unlock source", slog.String("source", src.Name), slog.Any("err", uerr))
		}
	}()
	var interrupted int64
	err = waitForLock(logger, wait, func() (err error) {
		interrupted, err = store.InterruptRuns(ctx, sourceID)
		return err
	})
	if err != nil {
		return res, fmt.Errorf("crawl %s: %w", src.Name, err)
	} else if interrupted > 0 {
		logger.Warn("runs left running by an ended process marked failed", slog.String("source", src.Name),
			slog.Int64("runs", interrupted))
	}
	err = waitForLock(logger, wait, func() (err error) {
		res.RunID, err = store.StartTriggeredRun(ctx, sourceID, opt.trigger())
		return err
	})
	if err != nil {
		return res, fmt.Errorf("crawl %s: %w", src.Name, err)
	}
	defer func() {
		if r := recover(); r != nil {
			logger.Error("crawl panicked", slog.String("source", src.Name), slog.Any("panic", r),
				slog.String("stack", string(debug.Stack())))
			err = finishCrawl(ctx, store, opt, nil, &res, fmt.Errorf("panic: %v", r))
		}
	}()
	return crawlRun(ctx, store, src, sourceID, opt, res)
}

// recordRefusedStart records a run whose first writes the archive's
// storage refused (a full disk, most often) as failed for that cause,
// giving back first the room the archive holds for such a record (see
// roomToRecord): the run history must show that the source was not
// crawled, where it would hold no run at all. refused is the run's error;
// when even the record is refused, the error and the log say so.
func recordRefusedStart(ctx context.Context, store *archive.Store, opt Options, res *Result, refused error) error {
	logger := opt.logger()
	ctx = opt.writeContext(ctx)
	roomToRecord(ctx, store, logger, res)
	// The source's row may be what the disk refused: a run without one
	// still tells its story.
	sourceID, err := store.SourceID(ctx, res.Source)
	if err != nil && !errors.Is(err, archive.ErrNotFound) {
		logger.Warn("the refused run is recorded without its source", slog.String("source", res.Source),
			slog.String("error", err.Error()))
	}
	res.RunID, err = store.RecordUnstartedRun(ctx, sourceID, opt.trigger(), archive.RunFailed, errorLine(refused))
	if err != nil {
		logger.Error("the archive's storage refused the run, and the run could not be recorded",
			slog.String("source", res.Source), slog.String("error", err.Error()))
		return fmt.Errorf("%w; the run could not be recorded: %v", refused, err)
	}
	return refused
}

// skipBusy records a run not made because another crawl holds the source.
func skipBusy(ctx context.Context, store *archive.Store, sourceID int64, opt Options, res Result, busy error) (Result, error) {
	var err error
	res.Status = archive.RunSkipped
	res.RunID, err = store.RecordUnstartedRun(opt.writeContext(ctx), sourceID, opt.trigger(),
		archive.RunSkipped, archive.ErrSourceBusy.Error())
	if err != nil {
		return res, fmt.Errorf("crawl %s: record skip: %w", res.Source, err)
	}
	opt.logger().Warn("run skipped", slog.String("source", res.Source), slog.Any("err", busy))
	return res, busy
}

// crawlRun crawls the source under the run res.RunID and ends the run.
func crawlRun(ctx context.Context, store *archive.Store, src config.Source, sourceID int64, opt Options, res Result) (Result, error) {
	logger := opt.logger()
	front, resumed, err := store.Frontier(ctx, sourceID)
	if err == nil && resumed == 0 {
		// Nothing waits: the last run completed, or died with nothing left
		// to fetch. Its seen URLs must not hide them from this run.
		err = waitForLock(logger, opt.waitFor(ctx.Done()), func() error {
			return front.Clear(ctx)
		})
	}
	if err != nil {
		return res, finishCrawl(ctx, store, opt, nil, &res, fmt.Errorf("crawl %s: %w", src.Name, err))
	}
	res.Resumed = resumed
	if resumed > 0 {
		logger.Info("resuming an unfinished crawl", slog.String("source", src.Name), slog.Int("pending", resumed))
	}
	disk, err := prepareDisk(ctx, store, opt, logger, src.Name)
	if err != nil {
		return res, finishCrawl(ctx, store, opt, front, &res, err)
	}
	started := time.Now()
	// The writer ends the run if the archive stops taking its saves.
	runCtx, stop := context.WithCancelCause(ctx)
	defer stop(nil)
	cs := newCrawlStore(store, front, sourceID, res.RunID, logger, stop, disk,
		opt.waitFor(runCtx.Done()))
	// The requests a killed run left are queued for this one too.
	counts := func(st crawler.Stats) crawler.Stats {
		st = cs.counts(st)
		st.Queued += int64(resumed)
		return st
	}
	progress := opt.Progress
	if progress != nil {
		progress = func(st crawler.Stats) { opt.Progress(counts(st)) }
	}
	cf := newCrawlFrontier(ctx, front, logger, opt.waitFor(ctx.Done()), resumed > 0)
	st, runErr := crawler.Run(runCtx, crawler.Options{
		Source: src, UserAgent: opt.UserAgent, Fetch: opt.Fetch, Store: cs, Logger: logger,
		Frontier: cf, Backlog: cf, Progress: progress, Hosts: opt.Hosts,
	})
	cs.Close()
	if err := cs.halted(); err != nil {
		runErr = err
		roomToRecord(opt.writeContext(ctx), store, logger, &res)
	}
	st = counts(st)
	res.Stats, res.Elapsed = st, time.Since(started)
	err = finishCrawl(ctx, store, opt, front, &res, runErr)
	// The crawl command's summary line and the daemon's "run ended" say
	// the same at info.
	logger.Debug("run recorded", slog.String("source", src.Name), slog.Int64("run", res.RunID),
		slog.String("status", res.Status), slog.Int64("fetched", st.Fetched), slog.Int64("new", st.New),
		slog.Int64("updated", st.Updated), slog.Int64("refreshed", st.Refreshed), slog.Int64("unchanged", st.Unchanged),
		slog.Int64("duplicates", st.Duplicates),
		slog.Int64("errors", st.Errors))
	return res, err
}

// prepareDisk watches the archive's disk for a run and holds room for
// the record of its end. A disk under the reserve stops the run before it
// fetches anything, if compacting cannot bring it back (every run would
// eat further in): the error says so.
func prepareDisk(ctx context.Context, store *archive.Store, opt Options, logger *slog.Logger, source string) (*diskWatch, error) {
	disk := newDiskWatch(opt.Compactor, opt.LowDisk, opt.DiskReserve)
	if disk != nil {
		disk.free = opt.diskFree
	}
	if err := disk.check(ctx, store, logger); err != nil {
		return disk, storageRefused(err)
	}
	if err := store.HoldReserve(); err != nil {
		logger.Warn("no room held to record the run's end on a full disk", slog.String("source", source),
			slog.String("error", err.Error()))
	}
	return disk, nil
}

// roomToRecord gives back the room the archive holds (its reserve file,
// and the spool's bytes that no row points into, those of a batch whose
// commit the disk refused) before a run the archive's storage stopped
// records its end: on a full disk the record would be refused too, the
// run left running, and the next start would mark it interrupted, its
// cause lost. The next run holds the reserve again, if it can.
func roomToRecord(ctx context.Context, store *archive.Store, logger *slog.Logger, res *Result) {
	held, err := store.ReleaseReserve()
	trimmed, terr := store.TrimSpool(ctx)
	if err = errors.Join(err, terr); err != nil {
		logger.Warn("make room to record the run", slog.String("source", res.Source), slog.Int64("run", res.RunID),
			slog.String("error", err.Error()))
	}
	if freed := held + trimmed; freed > 0 {
		logger.Info("disk space given back to record the run", slog.String("source", res.Source),
			slog.Int64("run", res.RunID), slog.Int64("bytes", freed))
	}
}

// finishCrawl records how a run ended. A completed run clears the source's
// frontier; a cancelled or failed one leaves it for the next run. front
// is nil for a run that failed before it read its frontier.
func finishCrawl(ctx context.Context, store *archive.Store, opt Options, front *archive.Frontier, res *Result, runErr error) error {
	wait := opt.waitFor(ctx.Done())
	ctx = wait.bound(context.WithoutCancel(ctx))
	msg := ""
	switch {
	case runErr == nil:
		res.Status = archive.RunOK
	case errors.Is(runErr, context.Canceled) || errors.Is(runErr, context.DeadlineExceeded):
		res.Status, msg = archive.RunCancelled, "stopped before the end"
	default:
		res.Status, msg = archive.RunFailed, errorLine(runErr)
	}
	// Written as soon as another process's write lock allows; a stopped
	// run tries once, for stopLockWait at most (a Ctrl-C is not held up:
	// the next start marks a run it could not record interrupted).
	err := waitForLock(opt.logger(), wait, func() error {
		return recordEnd(ctx, store, front, res, msg)
	})
	if err != nil {
		err = fmt.Errorf("crawl %s: record run %d: %w", res.Source, res.RunID, err)
		if res.Status == archive.RunFailed {
			// The run's own failure, a full disk say, likely caused this one.
			return fmt.Errorf("%w; %v", runErr, err)
		}
		return err
	}
	if res.Status == archive.RunFailed {
		return runErr
	}
	return nil
}

// errorLine is err's message on one line: errors.Join puts each error it
// joins on a line of its own.
func errorLine(err error) string { return strings.ReplaceAll(err.Error(), "\n", "; ") }

// recordEnd writes a run's counts, its status and msg, and what becomes
// of its frontier (see finishCrawl).
func recordEnd(ctx context.Context, store *archive.Store, front *archive.Frontier, res *Result, msg string) error {
	st := res.Stats
	errs := []error{store.SetRunCounts(ctx, res.RunID, archive.RunCounts{
		New: st.New, Updated: st.Updated, Unchanged: st.Unchanged, Refreshed: st.Refreshed, Duplicates: st.Duplicates,
		Bytes: st.Bytes}),
		store.FinishRun(ctx, res.RunID, archive.RunResult{Status: res.Status, Fetches: int(st.Fetched),
			Articles: int(st.New + st.Updated), Errors: int(st.Errors), Message: msg})}
	switch {
	case front == nil: // the run failed before it had a frontier
	case res.Status == archive.RunOK:
		errs = append(errs, front.Clear(ctx))
	default:
		// Links read after the last save are kept for the next run.
		errs = append(errs, front.Flush(ctx))
	}
	return errors.Join(errs...)
}
