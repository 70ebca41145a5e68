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
