package main

import (
	"context"
	"log/slog"
	"sync"

	"github.com/newsarchive/newsarchive/archive"
)

// compactArchive adds to the search index the articles waiting for it,
// re-encodes what ingest stored quickly (see archive.Store.Compact) and
// logs what it saved, telling report (when not nil) how far it is after
// each batch. An interrupted compaction keeps what it finished; the next
// one goes on.
func compactArchive(ctx context.Context, s *archive.Store, log *slog.Logger, report func(archive.Compacted)) archive.Compacted {
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

// compactor compacts the archive in the daemon's background after each
// crawl, one compaction at a time: a kick while one runs asks for one
// more pass, not a pile of them.
type compactor struct {
	store *archive.Store
	log   *slog.Logger
	kicks chan struct{}
	wg    sync.WaitGroup
}

func newCompactor(s *archive.Store, log *slog.Logger) *compactor {
	return &compactor{store: s, log: log, kicks: make(chan struct{}, 1)}
}

// start runs compactions on kicks until ctx ends; wait waits for the
// last to stop.
func (c *compactor) start(ctx context.Context) {
	c.wg.Go(func() {
		for {
			select {
			case <-ctx.Done():
				return
			case <-c.kicks:
				compactArchive(ctx, c.store, c.log, nil)
			}
		}
	})
}

func (c *compactor) wait() { c.wg.Wait() }

// kick asks for a compaction pass.
func (c *compactor) kick() {
	select {
	case c.kicks <- struct{}{}:
	default:
	}
}
