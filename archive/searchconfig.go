package archive

import (
	"context"
	"fmt"
	"strings"
)

// FTS5 keeps its configuration of the index in search_config: the format
// version its records are written in, without which it refuses every use
// of the index ("invalid fts5 file format ... run 'rebuild'"), and the
// ranking the migrations set (title over byline over text).
const (
	searchFormat = 4
	searchRank   = "bm25(10.0, 4.0, 1.0)"
)

// searchConfigProblem words what is wrong with FTS5's configuration of
// the index, "" when nothing is. Such an index cannot be read, so Check
// runs neither SQLite's check of the file (FTS5 refuses it) nor
// checkSearch; RestoreSearchFormat and RebuildSearchIndex repair it.
func (s *Store) searchConfigProblem(ctx context.Context) (string, error) {
	var version, rank string
	err := s.readers.QueryRowContext(ctx, `SELECT
		COALESCE((SELECT v FROM search_config WHERE k = 'version'), ''),
		COALESCE((SELECT v FROM search_config WHERE k = 'rank'), '')`).Scan(&version, &rank)
	switch {
	case err != nil:
		return "", fmt.Errorf("check search index configuration: %w", err)
	case version != "4" && version != "5":
		return searchProblemPrefix + " configuration damaged: no FTS5 format version it reads in search_config," +
			" the index cannot be read (the file is checked once it is rebuilt)", nil
	case rank != searchRank:
		return searchProblemPrefix + " configuration lost its ranking (title over byline over text) in search_config", nil
	}
	return "", nil
}

// RestoreSearchFormat writes FTS5's format version of the search index
// back when it is gone or not one FTS5 reads, and leaves it alone
// otherwise. Without it FTS5 refuses every use of the index, SQLite's own
// check of the file included, so db reindex restores it before that
// check and its rebuild. The ranking is restored with the emptied index
// (see clearSearch): FTS5's 'rank' command reads the index's structure,
// which may be damaged until then.
func (s *Store) RestoreSearchFormat(ctx context.Context) error {
	_, err := s.writer.ExecContext(ctx, `INSERT INTO search_config (k, v) VALUES ('version', ?)
		ON CONFLICT (k) DO UPDATE SET v = excluded.v WHERE v NOT IN (4, 5)`, searchFormat)
	if err != nil {
		return fmt.Errorf("restore search index configuration: %w", describe(err))
	}
	return nil
}

// badSearchConfig reports whether err is FTS5 refusing an index whose
// configuration lost its format version (see searchConfigProblem).
func badSearchConfig(err error) bool {
	return err != nil && strings.Contains(err.Error(), "invalid fts5 file format")
}
