package sourcerun

import (
	"context"
	"log/slog"
	"sync"

	"github.com/newsarchive/newsarchive/archive"
)

// Compact adds to the search index the articles waiting for it,
// re-encodes what ingest stored quickly (see archive.Store.Compact) and
// logs what it saved, telling report (when not nil) how far it is after
// each batch. An interrupted compaction keeps what it finished; the next
// one goes on.
func Compact(ctx context.Context, s *archive.Store, log *slog.Logger, report func(archive.Compacted)) archive.Compacted {
	// A crawl indexes its articles a few dozen at a time: those of a crawl
	// still going (the daemon's other sources), or of one killed before
	// it could, wait.
	if n, err := s.IndexPending(ctx); err != nil && ctx.Err() == nil {
		log.Warn("search indexing stopped", slog.String("error", err.Error()))
	} else if n > 0 {
		log.Info("articles waiting for the search index added", slog.Int("articles", n))
	}
	done, err := s.CompactReporting(ctx, report)
	if err != nil && ctx.Err() == nil {
		log.Warn("compaction stopped", slog.String("error", err.Error()))
	}
	if done.Bodies > 0 {
		log.Log(ctx, compactedLevel(done), "bodies compacted", slog.Int("bodies", done.Bodies), slog.Int("deltas", done.Deltas),
			slog.Int64("bytes_before", done.Before), slog.Int64("bytes_after", done.After))
	}
	return done
}

// compactedLevel is the level a compaction is logged at: info, but debug
// for one that only re-encoded empty bodies (the first 304 or empty answer
// of an otherwise idle run), which saved nothing.
func compactedLevel(done archive.Compacted) slog.Level {
	if done.Before == 0 {
		return slog.LevelDebug
	}
	return slog.LevelInfo
}

// Compactor compacts the archive in the background (the daemon's after
// each crawl, a crawl's when the disk runs low), one compaction at a
// time: a kick while one runs asks for one more pass, not a pile of them.
type Compactor struct {
	store *archive.Store
	log   *slog.Logger
	kicks chan struct{}
	wg    sync.WaitGroup
}

// NewCompactor returns a compactor of s, logging to log; Start starts it.
func NewCompactor(s *archive.Store, log *slog.Logger) *Compactor {
	return &Compactor{store: s, log: log, kicks: make(chan struct{}, 1)}
}

// Start runs compactions on kicks until ctx ends; Wait waits for the
// last to stop.
func (c *Compactor) Start(ctx context.Context) {
	c.wg.Go(func() {
		for {
			select {
			case <-ctx.Done():
				return
			case <-c.kicks:
				Compact(ctx, c.store, c.log, nil)
			}
		}
	})
}

// Wait waits for the compactions started by Start to stop once its ctx
// ends.
func (c *Compactor) Wait() { c.wg.Wait() }

// Kick asks for a compaction pass.
func (c *Compactor) Kick() {
	select {
	case c.kicks <- struct{}{}:
	default:
	}
}
