package archive

import (
	"context"
	"fmt"
	"log/slog"
)

// RebuildSearchIndex rebuilds the full-text index from the articles'
// latest versions, whatever it held: its configuration is written back
// (see RestoreSearchFormat), a damaged index (rows missing, stray or
// stale, terms not the texts', a broken structure) is emptied, and
// every article indexed again as a crawl's backlog is (IndexPending), a
// batch per transaction, calling report (may be nil) with the count
// indexed so far after each. The index is merged into one segment at the
// end. It returns how many articles it indexed.
//
// Stopped (ctx done, an error), it leaves the index consistent: the
// articles not indexed yet are a backlog (indexed_version_id NULL), which
// searches do not find until the next crawl, compaction or rebuild adds
// them, and which db check does not count as damage.
func (s *Store) RebuildSearchIndex(ctx context.Context, report func(indexed int)) (int, error) {
	if err := s.RestoreSearchFormat(ctx); err != nil {
		return 0, err
	}
	if err := s.clearSearchIndex(ctx); err != nil {
		return 0, err
	}
	total := 0
	for {
		n, err := s.indexBatch(ctx)
		total += n
		if err != nil {
			return total, fmt.Errorf("rebuild search index: %w", err)
		}
		if report != nil && n > 0 {
			report(total)
		}
		if n < indexBatchSize {
			break
		}
	}
	_, err := s.writer.ExecContext(ctx, `INSERT INTO search (search) VALUES ('optimize')`)
	if err != nil && ctx.Err() != nil {
		// Every article is indexed: stopped in the merge, the index is
		// whole, in more segments than it need be.
		s.log.Info("search index rebuilt, its segments left unmerged: 'newsarchive db optimize' merges them",
			slog.Int("articles", total))
		return total, nil
	}
	if err != nil {
		return total, fmt.Errorf("rebuild search index: merge: %w", describe(err))
	}
	return total, nil
}

// clearSearch empties the full-text index and records every article as
// not indexed, in one transaction: FTS5's 'delete-all' (the index's
// content is external, search_source: migration 0012) drops its rows
// without reading the texts they were indexed with, which a damaged index
// may not match, and the split texts kept for it go with them. The
// ranking is set again, in case it was lost.
var clearSearch = []string{
	`INSERT INTO search (search) VALUES ('delete-all')`,
	`DELETE FROM search_split`,
	`UPDATE articles SET indexed_version_id = NULL WHERE indexed_version_id IS NOT NULL`,
	`INSERT INTO search (search, rank) VALUES ('rank', '` + searchRank + `')`,
}

// clearSearchIndex runs clearSearch.
func (s *Store) clearSearchIndex(ctx context.Context) error {
	tx, err := s.begin(ctx)
	if err != nil {
		return fmt.Errorf("clear search index: %w", describe(err))
	}
	defer tx.Rollback()
	for _, q := range clearSearch {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("clear search index: %w", describe(err))
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("clear search index: %w", describe(err))
	}
	return nil
}
