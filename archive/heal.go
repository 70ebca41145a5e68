package archive

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
)

// maxUnreadable bounds the bodies a store remembers as unreadable: rot is
// rare, and one forgotten is only not healed by the next fetch of it.
const maxUnreadable = 1024

// unreadableBodies are the SHA-256s of stored bodies this process found
// unreadable (rotted on disk), so that the next fetch of the same bytes
// stores them again instead of being taken for a copy already kept.
// Safe for concurrent use.
type unreadableBodies struct {
	shas  sync.Map
	added atomic.Int64 // since the last clear: bounds the map
}

func (u *unreadableBodies) add(sha string) {
	if u.added.Add(1) > maxUnreadable {
		u.shas.Clear()
		u.added.Store(1)
	}
	u.shas.Store(sha, true)
}

func (u *unreadableBodies) has(sha string) bool {
	_, ok := u.shas.Load(sha)
	return ok
}

// stillUnreadable tells whether the stored body sha, found unreadable
// before, still is: another process may have healed it since.
func (s *Store) stillUnreadable(ctx context.Context, sha string) bool {
	if !s.unreadable.has(sha) {
		return false
	}
	if _, _, err := s.readBody(ctx, sha); err == nil {
		s.unreadable.shas.Delete(sha)
		return false
	}
	return true
}

// healBody replaces the stored bytes of a body found unreadable by the
// same bytes fetched again, compressed whole: a full body, so that bodies
// stored as deltas against it read back again too, and never a delta
// itself (deltas never chain). A damaged mark compaction left is dropped.
func (s *Store) healBody(ctx context.Context, tx *writeTx, b *body) error {
	data := s.compressWhole(b.raw)
	if _, err := tx.ExecContext(ctx, `UPDATE bodies SET encoding = ?, data = ?, stored_size = ?, spool_offset = NULL,
		base_sha256 = NULL WHERE sha256 = ?`, encodingZstd, data, len(data), b.sha256); err != nil {
		return fmt.Errorf("heal body: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM damaged_bodies WHERE sha256 = ?`, b.sha256); err != nil {
		return fmt.Errorf("heal body: %w", err)
	}
	s.log.Warn("unreadable body stored again from a new fetch of it", slog.String("sha256", b.sha256))
	return nil
}
