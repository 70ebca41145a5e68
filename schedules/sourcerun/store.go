package sourcerun

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/crawler"
	"github.com/newsarchive/newsarchive/crawler/fetch"
)

// maxSaveBatch bounds how many fetches one transaction commits; as many
// more may wait for it.
const maxSaveBatch = 32

// gatherFor is how long the writer waits for more fetches behind the
// first before it commits them. Every transaction that spools bodies
// syncs the spool before its commit, and those waits cost the crawl more
// than their CPU: committing the one or two fetches that arrive at a time
// cost the benchmark crawl several percent of its throughput
// (docs/benchmarks.md). A crash loses at most this much of the crawl's
// work, fetched again on resume.
const gatherFor = 50 * time.Millisecond

// The writer adds saved articles to the full-text index once indexEvery
// of them wait, when no save has come for indexIdle, and when the run
// ends, rather than with every save: FTS5 indexes a batch of articles
// for half the CPU of the same articles one or two at a time
// (docs/benchmarks.md). A search sees an article a few seconds, or a few
// dozen articles, after it is saved.
const (
	indexEvery = 64
	indexIdle  = 2 * time.Second
)

// defaultLockWait is how long the writer waits, beyond the store's busy
// timeout, while another process holds the archive's write lock (a db
// check or db reindex of a large archive holds it for minutes) before
// it gives up the batch it holds.
const defaultLockWait = 10 * time.Minute

// lockWait says how long the writer waits for another process's write
// lock, and when to stop waiting: once the run is stopped (Ctrl-C, the
// daemon's shutdown), the pages it holds are left to the next run rather
// than hold the stop up.
type lockWait struct {
	max     time.Duration // defaultLockWait when 0
	abandon <-chan struct{}
	// until, when not nil, bounds each write's own wait (the store's busy
	// timeout): done stopLockWait after the run is stopped.
	until context.Context
}

// bound returns ctx under which a write waits for the lock no longer
// than until allows (see archive.WaitForLockUntil).
func (w lockWait) bound(ctx context.Context) context.Context {
	if w.until == nil {
		return ctx
	}
	return archive.WaitForLockUntil(ctx, w.until)
}

// crawlStore is the archive as a crawler.Store for one run of one source:
// every fetch is saved with the run's and the source's ids.
//
// Saves are written behind: Save hands the fetch to one writer goroutine
// and returns, so the crawl's workers go on fetching and parsing while the
// writer commits what arrives within gatherFor in one transaction (with
// the frontier's writes). Save blocks only when maxSaveBatch fetches already wait. So
// Save cannot tell whether an article was new: the writer counts what the
// archive made of each, and the crawl reports those counts (see counts).
// Close commits everything handed over.
type crawlStore struct {
	store    *archive.Store
	front    *archive.Frontier // nil when the crawl keeps no frontier
	sourceID int64
	runID    int64
	log      *slog.Logger
	saves    chan archive.Record
	done     chan struct{}
	// stop ends the run once the archive refuses writes (see halt); nil
	// when nothing is to be stopped.
	stop context.CancelCauseFunc
	// disk kicks a compaction when the archive's disk runs low and keeps
	// the reserve compaction needs (see diskWatch); nil for no watch. Only
	// the writer uses it.
	disk *diskWatch
	// unwritable is the error that made the writer halt the run, nil if
	// none: set by the writer, read after Close.
	unwritable error
	lock       lockWait
	// lockedOut is the error of the last save when another process's
	// lock refused it for good: once the run is stopped, the saves after
	// it are not tried (each try waits out the busy timeout); nil when the
	// last save was not refused so.
	lockedOut error

	added, updated, unchanged, refreshed, duplicates, failed atomic.Int64
}

var _ crawler.Store = (*crawlStore)(nil)

// newCrawlStore starts the store's writer; Close stops it. stop, when not
// nil, ends the run if the archive refuses writes; disk, when not nil,
// watches the archive's free space; lock says how long saves wait for
// another process's write lock.
func newCrawlStore(store *archive.Store, front *archive.Frontier, sourceID, runID int64, log *slog.Logger,
	stop context.CancelCauseFunc, disk *diskWatch, lock lockWait) *crawlStore {
	s := &crawlStore{store: store, front: front, sourceID: sourceID, runID: runID, log: log, stop: stop,
		disk: disk, lock: lock, saves: make(chan archive.Record, maxSaveBatch), done: make(chan struct{})}
	go s.write()
	return s
}

// Close waits for the writer to commit what it holds. No Save may follow.
func (s *crawlStore) Close() {
	close(s.saves)
	<-s.done
}

// ErrUnwritable ends a run whose archive refuses writes.
// Its text begins the run's recorded message: archive.SourcesLastActive
// knows such runs by it.
var ErrUnwritable = errors.New(archive.RunStorageRefused)

// halted returns, after Close, why the writer stopped the run: nil, or an
// error matching ErrUnwritable that names the storage's refusal.
func (s *crawlStore) halted() error {
	if s.unwritable == nil {
		return nil
	}
	return storageRefused(s.unwritable)
}

// storageRefused is the error of a run the archive's storage stopped for
// cause; it matches ErrUnwritable.
func storageRefused(cause error) error {
	return fmt.Errorf("%w (%w); what was saved stays, the next run fetches the rest", ErrUnwritable, cause)
}

// halt stops the run at the first save the archive's storage refused
// (disk or quota full, file size limit, read-only or failing disk, a
// damaged database; see archive.Unwritable), or at a disk under the
// reserve, once a compaction could not make room: every page fetched
// after it would be fetched for nothing. The requests not saved stay in
// the frontier, for the next run.
func (s *crawlStore) halt(err error) {
	if s.unwritable != nil {
		return
	}
	// The free space, when low, is part of the cause the run records.
	s.unwritable = WithDiskFree(s.store.Path(), err)
	s.log.Error("the archive cannot store more: the run stops", slog.String("error", s.unwritable.Error()))
	if s.stop != nil {
		s.stop(ErrUnwritable)
	}
}

// counts replaces the article counts of st, which the crawler cannot know
// from Save, by what the archive made of the fetches committed so far,
// and adds the fetches the archive failed to save to the errors.
func (s *crawlStore) counts(st crawler.Stats) crawler.Stats {
	st.New, st.Updated, st.Unchanged, st.Duplicates = s.added.Load(), s.updated.Load(), s.unchanged.Load(), s.duplicates.Load()
	st.Refreshed = s.refreshed.Load()
	st.Errors += s.failed.Load()
	return st
}

// Known tells the crawler what the archive holds of a URL: the validators
// of its last stored fetch, where permanent redirects sent its last ask,
// and whether an article came from it.
func (s *crawlStore) Known(ctx context.Context, url string) (crawler.Known, error) {
	ctx = lookupContext(ctx)
	last, err := s.store.LastAttempt(ctx, url)
	if errors.Is(err, archive.ErrNotFound) {
		return crawler.Known{}, nil // never asked for: a new page
	}
	if err != nil {
		return crawler.Known{}, err
	}
	k := crawler.Known{Checked: last.At, Gone: crawler.AnswerGone(last.Status, last.Failed),
		Settled: crawler.AnswerSettled(last.Status, last.Failed), MovedTo: last.MovedTo}
	f, err := s.store.LastStored(ctx, url)
	switch {
	case err == nil:
		k.Fetched, k.ETag, k.LastModified = f.FetchedAt, f.Header.Get("ETag"), f.Header.Get("Last-Modified")
	case !errors.Is(err, archive.ErrNotFound):
		return k, err
	}
	return s.knownArticle(ctx, url, k)
}

// knownArticle adds to k whether an article was archived from url, and
// when.
func (s *crawlStore) knownArticle(ctx context.Context, url string, k crawler.Known) (crawler.Known, error) {
	id, first, err := s.store.ArticleFirstSeen(ctx, url)
	switch {
	case err == nil:
		k.Article, k.ArticleID, k.FirstSeen = true, id, first
	case !errors.Is(err, archive.ErrNotFound):
		return k, err
	}
	return k, nil
}

// LastBody returns the body of the URL's last stored fetch, nil if none.
func (s *crawlStore) LastBody(ctx context.Context, url string) ([]byte, error) {
	ctx = lookupContext(ctx)
	f, err := s.store.LastStored(ctx, url)
	if errors.Is(err, archive.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return s.store.Body(ctx, f.BodySHA256)
}

// lookupContext cuts a lookup loose from the run's cancellation. A lookup
// of the archive takes microseconds, and a query under a context that can
// be cancelled starts two goroutines to watch it (database/sql's and the
// driver's): a listing of a thousand links started four thousand, which
// piled up behind the busy cores (2,474 goroutines at once in a crawl of
// 20,000 pages).
func lookupContext(ctx context.Context) context.Context {
	return context.WithoutCancel(ctx)
}

// Save hands one fetch to the writer. The outcome is counted by the
// writer, not returned.
func (s *crawlStore) Save(ctx context.Context, r crawler.Record) (crawler.Outcome, error) {
	select {
	case s.saves <- s.record(r):
		return crawler.Outcome{}, nil
	case <-ctx.Done():
		return crawler.Outcome{}, ctx.Err()
	}
}

// record maps a crawl record onto the archive's. A fetch that got no
// response keeps the URL and the error.
func (s *crawlStore) record(r crawler.Record) archive.Record {
	var f archive.Fetch
	if r.Response != nil {
		f = FetchRecord(r.Response)
	} else {
		f = archive.Fetch{RequestedURL: r.URL, FinalURL: r.URL, Method: "GET", FetchedAt: time.Now()}
		if !r.SentAt.IsZero() { // how long the server kept it waiting
			f.FetchedAt, f.Duration = r.SentAt, f.FetchedAt.Sub(r.SentAt)
		}
	}
	if f.RequestedURL == "" {
		f.RequestedURL = r.URL
	}
	f.SourceID, f.RunID = s.sourceID, s.runID
	if r.Response != nil {
		f.Listed, f.ListingAddress = r.Listed, r.ListingAddress
	}
	if r.Err != nil {
		f.Err = r.Err.Error()
	}
	return archive.Record{Fetch: f, Article: r.Article, KeepQueued: r.Retrying, Forward: r.Forward}
}

// FetchRecord maps the fetch path's response onto the archive's own record
// type; the archive knows nothing of the crawler.
func FetchRecord(r *fetch.Response) archive.Fetch {
	return archive.Fetch{
		RequestedURL:  r.RequestedURL,
		FinalURL:      r.FinalURL,
		Via:           r.Via,
		Moved:         r.Moved,
		Method:        r.Method,
		Status:        r.Status,
		Proto:         r.Proto,
		Header:        r.Header,
		RequestHeader: r.RequestHeader,
		RemoteIP:      r.RemoteIP,
		FetchedAt:     r.FetchedAt,
		Duration:      r.Duration,
		Truncated:     r.Truncated,
		Body:          r.Body,
	}
}

// write commits the waiting saves in batches until Close.
func (s *crawlStore) write() {
	defer close(s.done)
	idle := time.NewTimer(indexIdle)
	defer idle.Stop()
	unindexed := 0
	for {
		select {
		case r, ok := <-s.saves:
			if !ok {
				s.index(unindexed)
				return
			}
			unindexed += s.commit(s.gather(r))
			if err := s.disk.check(s.lock.bound(context.Background()), s.store, s.log); err != nil {
				s.halt(err)
			}
			if unindexed >= indexEvery {
				unindexed = s.index(unindexed)
			}
		case <-idle.C:
			unindexed = s.index(unindexed)
		}
		idle.Reset(indexIdle)
	}
}

// gather collects the fetches that arrive behind r within gatherFor, up
// to maxSaveBatch; the end of the run ends the wait.
func (s *crawlStore) gather(r archive.Record) []archive.Record {
	batch := []archive.Record{r}
	wait := time.NewTimer(gatherFor)
	defer wait.Stop()
	for len(batch) < maxSaveBatch {
		select {
		case q, ok := <-s.saves:
			if !ok {
				return batch
			}
			batch = append(batch, q)
		case <-wait.C:
			return batch
		}
	}
	return batch
}

// index adds the articles saved since the last call to the full-text
// index (the frontier's saves leave them out: see archive.IndexPending)
// and returns how many still wait: none, or all of them if it failed, to
// be tried again after the next saves.
func (s *crawlStore) index(unindexed int) int {
	if unindexed == 0 {
		return 0
	}
	if _, err := s.store.IndexPending(s.lock.bound(context.Background())); err != nil {
		s.log.Warn("search indexing failed; the articles wait for the next try", slog.String("error", err.Error()))
		return unindexed
	}
	return 0
}

// commit saves a batch in one transaction, with the frontier's pending
// writes and without the batch's URLs, and counts what became of its
// articles, and returns how many articles it saved. A batch the disk
// refused is tried once more if a compaction made room; a batch that
// fails is saved record by record, so one bad record costs only itself.
func (s *crawlStore) commit(batch []archive.Record) (articles int) {
	// The crawl may be cancelled; what was fetched is saved regardless,
	// if another process's lock lets it in time.
	ctx := s.lock.bound(context.Background())
	save := s.store.SaveBatch
	if s.front != nil {
		save = s.front.SaveBatch
	}
	saved, err := s.saveWaiting(ctx, save, batch)
	if archive.Unwritable(err) && s.unwritable == nil && s.disk.makeRoom(ctx, s.store, s.log) {
		saved, err = s.saveWaiting(ctx, save, batch)
	}
	switch {
	case archive.Locked(err):
		// Waited for as long as it may: record by record would wait again.
		s.failed.Add(int64(len(batch)))
		s.log.Error("archive save failed: the archive stayed locked by another process; the next run fetches these pages again",
			slog.Int("fetches", len(batch)), slog.String("error", err.Error()))
		return 0
	case err != nil && len(batch) > 1:
		for _, r := range batch {
			articles += s.commit([]archive.Record{r})
		}
		return articles
	case err != nil:
		s.failed.Add(1)
		s.log.Error("archive save failed", slog.String("url", batch[0].Fetch.RequestedURL), slog.String("error", err.Error()))
		if archive.Unwritable(err) {
			s.halt(err)
		}
		return 0
	}
	for i, out := range saved {
		if batch[i].Article == nil {
			continue
		}
		articles++
		switch {
		case out.NewArticle:
			s.added.Add(1)
		case out.NewVersion, out.Reverted:
			s.updated.Add(1)
		case out.Duplicate:
			s.duplicates.Add(1)
		case out.Refreshed:
			s.refreshed.Add(1)
		default:
			s.unchanged.Add(1)
		}
	}
	return articles
}

// saveWaiting saves batch, waiting for another process's write lock
// (see waitForLock). The crawl's workers wait behind the writer
// meanwhile, rather than fetch pages whose saves would fail.
func (s *crawlStore) saveWaiting(ctx context.Context, save func(context.Context, []archive.Record) ([]archive.Saved, error),
	batch []archive.Record) (saved []archive.Saved, err error) {
	if s.lockedOut != nil && closed(s.lock.abandon) {
		return nil, s.lockedOut
	}
	err = waitForLock(s.log, s.lock, func() error {
		saved, err = save(ctx, batch)
		return err
	})
	s.lockedOut = nil
	if archive.Locked(err) {
		s.lockedOut = err
	}
	return saved, err
}

// closed reports whether ch is closed; a nil channel never is.
func closed(ch <-chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}

// waitForLock runs write, and again while it fails because another
// process holds the archive's write lock past the busy timeout (a db
// check, db reindex or reparse of a large archive, another crawl's
// batch), for up to w.max or until w.abandon is closed.
func waitForLock(log *slog.Logger, w lockWait, write func() error) error {
	err := write()
	if !archive.Locked(err) || closed(w.abandon) {
		return err
	}
	if w.max <= 0 {
		w.max = defaultLockWait
	}
	started := time.Now()
	log.Warn("the archive is locked by another process (db check, db reindex, reparse or another crawl): the crawl waits for it",
		slog.Duration("at_most", w.max))
	for archive.Locked(err) && time.Since(started) < w.max {
		select {
		case <-w.abandon:
			return err
		case <-time.After(lockRetry):
		}
		err = write()
	}
	if err == nil {
		log.Info("the archive's lock is free: the crawl goes on",
			slog.Duration("waited", time.Since(started).Round(time.Millisecond)))
	}
	return err
}

// lockRetry is the pause between tries of a locked write, each of which
// waits for the store's busy timeout.
const lockRetry = 100 * time.Millisecond
