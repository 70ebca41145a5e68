package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/newsarchive/newsarchive/archive"
)

// lowDiskFree is the free space on the archive's disk under which a crawl
// compacts as it goes.
const lowDiskFree = 1 << 30

// diskCheckEvery spaces the crawl writer's looks at the free space.
const diskCheckEvery = time.Second

// diskWatch has a crawl's writer kick a compaction when the archive's disk
// runs low. Until the compaction after the run, the spool holds every
// body raw (a 20,000-page crawl spools about 3.5 GB); compacting them
// gives back most of that space, so a crawl larger than the free space
// goes on instead of stopping at a full disk (see crawlStore.halt).
type diskWatch struct {
	compact *compactor
	below   int64 // free bytes under which the disk is low

	next time.Time // when to look again
	low  bool      // the last look found the disk low
}

// newDiskWatch watches for a disk below the given free bytes (0 for
// lowDiskFree); nil when there is no compactor to kick.
func newDiskWatch(c *compactor, below int64) *diskWatch {
	if c == nil {
		return nil
	}
	if below <= 0 {
		below = lowDiskFree
	}
	return &diskWatch{compact: c, below: below}
}

// check looks at the free space, at most every diskCheckEvery, and kicks
// a compaction while it is low. Only the writer calls it.
func (w *diskWatch) check(s *archive.Store, log *slog.Logger) {
	if w == nil || time.Now().Before(w.next) {
		return
	}
	w.next = time.Now().Add(diskCheckEvery)
	free, err := s.DiskFree()
	if err != nil {
		return // a system that cannot tell: the crawl stops at a full disk instead
	}
	wasLow := w.low
	if w.low = free < w.below; !w.low {
		return
	}
	if !wasLow {
		log.Warn("the archive's disk is low: compacting during the crawl", slog.Int64("free_bytes", free))
	}
	w.compact.kick()
}

// makeRoom compacts at once, on the writer, after the disk refused a
// save, then empties the write-ahead log, and reports whether either gave
// space back, which makes the save worth one more try. Without a watch
// it does nothing.
func (w *diskWatch) makeRoom(ctx context.Context, s *archive.Store, log *slog.Logger) bool {
	if w == nil {
		return false
	}
	log.Warn("the archive's disk refused a save: compacting before one more try")
	compacted := compactArchive(ctx, s, log).Bodies > 0
	emptied, err := s.Checkpoint(ctx)
	if err != nil {
		log.Warn("checkpoint failed", slog.String("error", err.Error()))
	}
	return compacted || emptied
}
