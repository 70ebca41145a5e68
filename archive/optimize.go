package archive

import (
	"context"
	"fmt"
)

// Optimize merges the full-text index into one segment and refreshes the
// query planner's statistics. Searches get faster; it takes the write
// lock for as long as the merge lasts (seconds per 100,000 articles), so
// run it after a crawl, not during one.
func (s *Store) Optimize(ctx context.Context) error {
	if _, err := s.writer.ExecContext(ctx, `INSERT INTO search (search) VALUES ('optimize')`); err != nil {
		return fmt.Errorf("optimize search index: %w", describe(err))
	}
	if _, err := s.writer.ExecContext(ctx, `PRAGMA optimize`); err != nil {
		return fmt.Errorf("optimize: %w", describe(err))
	}
	return nil
}

// Checkpoint copies the write-ahead log into the database and truncates
// it, giving its disk space back (a log grows by every transaction until
// the next checkpoint, by several MB). It reports whether the log was
// emptied: a reader still on an old snapshot keeps it in use.
func (s *Store) Checkpoint(ctx context.Context) (bool, error) {
	var busy, logFrames, copied int
	err := s.writer.QueryRowContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &logFrames, &copied)
	if err != nil {
		return false, fmt.Errorf("checkpoint: %w", describe(err))
	}
	return busy == 0, nil
}
