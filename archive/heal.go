package archive

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
)

// unreadable tells whether the stored body sha no longer reads back as
// the bytes its SHA-256 names (rotted on disk). A failure of the database
// itself is not the body's: it is left as it is.
func (s *Store) unreadable(ctx context.Context, sha string) bool {
	_, err := s.Body(ctx, sha)
	return errors.Is(err, ErrBodyUnreadable)
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
