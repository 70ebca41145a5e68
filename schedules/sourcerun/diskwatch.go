package sourcerun

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/newsarchive/newsarchive/archive"
)

// lowDiskFree is the free space on the archive's disk under which a crawl
// compacts as it goes.
const lowDiskFree = 1 << 30

// diskReserve is the free space a crawl leaves on the archive's disk for
// compaction, which writes a batch's compressed bodies into the database
// and its write-ahead log before it gives their spool space back, and so
// cannot run on a disk filled to the last byte. A batch holds at most
// 8 MiB of raw bodies, or one body up to the 10 MiB cap: twice that and
// room to spare. A crawl that brings the disk under it compacts at once,
// and stops if the disk is still under it.
const diskReserve = 32 << 20

// errDiskReserve stops a crawl that would eat into diskReserve.
var errDiskReserve = errors.New("the archive's disk is nearly full")

// diskCheckEvery spaces the crawl writer's looks at the free space while
// the disk is not low; on a low disk it looks after every commit, since a
// fast crawl spools tens of MB a second.
const diskCheckEvery = time.Second

// diskWatch has a crawl's writer kick a compaction when the archive's disk
// runs low. Until the compaction after the run, the spool holds every
// body raw (a 20,000-page crawl spools about 3.5 GB); compacting them
// gives back most of that space, so a crawl larger than the free space
// goes on instead of stopping at a full disk (see crawlStore.halt).
type diskWatch struct {
	compact *Compactor
	below   int64 // free bytes under which the disk is low
	reserve int64 // free bytes the crawl stops at, after a compaction

	// free reads the free space: Store.DiskFree unless a test gives a
	// disk of its own.
	free func() (int64, error)

	next  time.Time // when to look again
	low   bool      // the last look found the disk low
	tight bool      // the last look found the disk under the reserve
}

// newDiskWatch watches for a disk below the given free bytes (0 for
// lowDiskFree) and keeps reserve bytes free (0 for diskReserve). Without a
// compactor (crawl --no-compact) nothing is compacted during the crawl:
// the crawl stops at the reserve, which leaves `db compact` its room.
func newDiskWatch(c *Compactor, below, reserve int64) *diskWatch {
	if below <= 0 {
		below = lowDiskFree
	}
	if reserve <= 0 {
		reserve = diskReserve
	}
	return &diskWatch{compact: c, below: below, reserve: reserve}
}

// check looks at the free space, at most every diskCheckEvery unless the
// disk is low, and kicks a compaction while it is low. Under the reserve
// it compacts at once and returns an error matching errDiskReserve if
// that left the disk under it still. Only the writer calls it, after each
// commit.
func (w *diskWatch) check(ctx context.Context, s *archive.Store, log *slog.Logger) error {
	if w == nil || (!w.low && time.Now().Before(w.next)) {
		return nil
	}
	w.next = time.Now().Add(diskCheckEvery)
	if w.free == nil {
		w.free = s.DiskFree
	}
	free, err := w.free()
	if err != nil {
		return nil // a system that cannot tell: the crawl stops at a full disk instead
	}
	if free, err = w.keepReserve(ctx, s, log, free); err != nil {
		return err
	}
	wasLow := w.low
	if w.low = free < w.below; !w.low {
		return nil
	}
	if w.compact == nil {
		return nil
	}
	if !wasLow {
		log.Warn("the archive's disk is low: compacting during the crawl", slog.Int64("free_bytes", free))
	}
	w.compact.Kick()
	return nil
}

// keepReserve compacts at once when free is under the reserve and returns
// the free space after, or an error matching errDiskReserve if the disk is
// under the reserve still.
func (w *diskWatch) keepReserve(ctx context.Context, s *archive.Store, log *slog.Logger, free int64) (int64, error) {
	wasTight := w.tight
	if w.tight = free < w.reserve; !w.tight {
		return free, nil
	}
	if w.compact == nil {
		return free, fmt.Errorf("%w: %d MiB free, under the %d MiB kept free for compaction (run newsarchive db compact)",
			errDiskReserve, free>>20, w.reserve>>20)
	}
	if !wasTight {
		log.Warn("the archive's disk is nearly full: compacting before the crawl goes on", slog.Int64("free_bytes", free))
	}
	w.compactNow(ctx, s, log)
	after, err := w.free()
	switch {
	case err != nil:
		return free, nil
	case after < w.reserve:
		return after, fmt.Errorf("%w: %d MiB free, under the %d MiB kept free for compaction",
			errDiskReserve, after>>20, w.reserve>>20)
	}
	return after, nil
}

// makeRoom compacts at once, on the writer, after the disk refused a
// save, then empties the write-ahead log, and reports whether either gave
// space back, which makes the save worth one more try. Without a watch
// it does nothing.
func (w *diskWatch) makeRoom(ctx context.Context, s *archive.Store, log *slog.Logger) bool {
	if w == nil || w.compact == nil {
		return false
	}
	log.Warn("the archive's disk refused a save: compacting before one more try")
	return w.compactNow(ctx, s, log)
}

// compactNow compacts on the caller's goroutine, then empties the
// write-ahead log, and reports whether either gave space back.
func (w *diskWatch) compactNow(ctx context.Context, s *archive.Store, log *slog.Logger) bool {
	compacted := Compact(ctx, s, log, nil).Bodies > 0
	emptied, err := s.Checkpoint(ctx)
	if err != nil {
		log.Warn("checkpoint failed", slog.String("error", err.Error()))
	}
	return compacted || emptied
}
