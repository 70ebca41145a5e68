package archive

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// ErrMissingRow marks a row another row names that a lookup did not find:
// a version an article calls its latest, the fetch a version came from.
// The archive never deletes such a row while it is named, so the file is
// damaged: on a page whose keys are out of order SQLite's search can miss
// a row without reporting the page, where a scan would. The message says
// "malformed" as SQLite's own error does, so commands point to db check.
var ErrMissingRow = errors.New("database disk image is malformed: a row the archive refers to is missing")

// checkTable runs SQLite's structural check on one table and its indexes
// (cheap next to a whole-file check): it is nil when they are sound, and
// names the first problem wrapped in ErrMissingRow otherwise.
func (s *Store) checkTable(ctx context.Context, table string) error {
	rows, err := s.readers.QueryContext(ctx, `PRAGMA quick_check(`+table+`)`)
	if err != nil {
		return fmt.Errorf("check %s: %w", table, err)
	}
	defer rows.Close()
	var first string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return fmt.Errorf("check %s: %w", table, err)
		}
		if first == "" {
			first = line
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("check %s: %w", table, err)
	}
	if first == "ok" || first == "" {
		return nil
	}
	return fmt.Errorf("table %s: %s: %w", table, strings.TrimSpace(first), ErrMissingRow)
}

// notFoundIn is notFound for a lookup in tables that found nothing: a miss
// in a damaged table is reported as damage, not as a row not there.
func (s *Store) notFoundIn(ctx context.Context, err error, what string, tables ...string) error {
	if errors.Is(err, sql.ErrNoRows) {
		for _, t := range tables {
			if cerr := s.checkTable(ctx, t); cerr != nil {
				return fmt.Errorf("%s: %w", what, cerr)
			}
		}
	}
	return notFound(err, what)
}
