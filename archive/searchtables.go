package archive

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"strings"
)

// searchTables are the search index (migration 0012), the tables FTS5
// keeps it in, and the split CJK texts it reads through the view
// search_source. Without one of them the index cannot be read or
// emptied: FTS5 refuses to open it, or fails every write to it.
var searchTables = []string{"search", "search_data", "search_idx", "search_docsize", "search_config", "search_split"}

// searchSplitDDL and searchSourceDDL make the split texts and the view
// the index reads as migration 0012 does.
const (
	searchSplitDDL = `CREATE TABLE IF NOT EXISTS search_split (
    version_id INTEGER PRIMARY KEY REFERENCES versions (id),
    title      TEXT NOT NULL,
    byline     TEXT NOT NULL,
    text       TEXT NOT NULL
)`
	searchSourceDDL = `CREATE VIEW IF NOT EXISTS search_source (id, title, byline, text) AS
SELECT v.id, COALESCE(s.title, v.title), COALESCE(s.byline, v.byline), COALESCE(s.text, v.text)
FROM versions v LEFT JOIN search_split s ON s.version_id = v.id`
)

// searchTableDDL makes the search index as migration 0012 does
// (TestSearchTableDDL holds them the same).
const searchTableDDL = `CREATE VIRTUAL TABLE search USING fts5 (
    title, byline, text,
    content = 'search_source', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
)`

// missingSearchTables lists the searchTables that are gone, none for a
// sound archive.
func (s *Store) missingSearchTables(ctx context.Context) ([]string, error) {
	rows, err := s.readers.QueryContext(ctx, `SELECT name FROM sqlite_schema WHERE type IN ('table', 'view')
		AND name IN ('`+strings.Join(append(searchTables, "search_source"), "', '")+`')`)
	if err != nil {
		return nil, fmt.Errorf("list search index tables: %w", err)
	}
	defer rows.Close()
	present := map[string]bool{}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, fmt.Errorf("list search index tables: %w", err)
		}
		present[name] = true
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list search index tables: %w", err)
	}
	var missing []string
	for _, t := range append(searchTables, "search_source") {
		if !present[t] {
			missing = append(missing, t)
		}
	}
	return missing, nil
}

// missingTablesProblem words missing search tables as a problem of Check.
func missingTablesProblem(missing []string) string {
	return searchProblemPrefix + " tables missing: " + strings.Join(missing, ", ") +
		"; the index cannot be read (the file is checked once it is made again)"
}

// RemakeSearchIndex makes the search index again, empty, when one of its
// tables is gone, and reports whether it did; every article then waits
// to be indexed (RebuildSearchIndex indexes them). A sound index is left
// alone.
func (s *Store) RemakeSearchIndex(ctx context.Context) (bool, error) {
	missing, err := s.missingSearchTables(ctx)
	if err != nil || len(missing) == 0 {
		return false, err
	}
	tx, err := s.begin(ctx)
	if err != nil {
		return false, fmt.Errorf("make search index again: %w", describe(err))
	}
	defer tx.Rollback()
	if err := remakeSearchIndex(ctx, tx.Tx); err != nil {
		return false, fmt.Errorf("make search index again: %w", describe(err))
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("make search index again: %w", describe(err))
	}
	s.log.Info("search index made again: tables were missing", slog.String("tables", strings.Join(missing, ", ")))
	return true, nil
}

// remakeSearchIndex drops what is left of the search index and creates it
// empty, with its ranking, every article recorded as not indexed.
func remakeSearchIndex(ctx context.Context, tx *sql.Tx) error {
	if _, err := tx.ExecContext(ctx, `DROP TABLE IF EXISTS search`); err != nil {
		// FTS5 cannot open an index whose data or configuration table
		// is gone, not even to drop it.
		if err := unlistSearchTable(ctx, tx); err != nil {
			return err
		}
	}
	steps := []string{}
	for _, t := range searchTables[1:5] { // FTS5's own
		steps = append(steps, `DROP TABLE IF EXISTS `+t)
	}
	steps = append(steps, searchSplitDDL, searchSourceDDL, searchTableDDL,
		`INSERT INTO search (search, rank) VALUES ('rank', '`+searchRank+`')`,
		`DELETE FROM search_split`,
		`UPDATE articles SET indexed_version_id = NULL WHERE indexed_version_id IS NOT NULL`)
	for _, q := range steps {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	return nil
}

// unlistSearchTable takes the search index out of the schema without
// opening it, as SQLite's documentation of schema changes describes:
// its row in sqlite_schema deleted, the schema version moved on so that
// every connection reads the schema again.
func unlistSearchTable(ctx context.Context, tx *sql.Tx) error {
	var version int64
	if err := tx.QueryRowContext(ctx, `PRAGMA schema_version`).Scan(&version); err != nil {
		return err
	}
	steps := []string{
		`PRAGMA writable_schema = ON`,
		`DELETE FROM sqlite_schema WHERE type = 'table' AND name = 'search'`,
		fmt.Sprintf(`PRAGMA schema_version = %d`, version+1),
	}
	defer tx.ExecContext(context.WithoutCancel(ctx), `PRAGMA writable_schema = OFF`)
	for _, q := range steps {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	return nil
}
