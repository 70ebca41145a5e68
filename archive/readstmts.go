package archive

import (
	"context"
	"database/sql"
)

// readRow runs a query of the crawl's hot path on the read pool from a
// prepared statement: the crawler asks about every link it finds, and
// preparing each query anew (parsing and planning the SQL) cost about as
// much as running it. A query that fails to prepare runs unprepared, so
// the error comes from running it.
func (s *Store) readRow(ctx context.Context, query string, args ...any) *sql.Row {
	st := s.readStmts.get(query)
	if st == nil {
		if err := s.readStmts.prepare(ctx, []string{query}); err != nil {
			return s.readers.QueryRowContext(ctx, query, args...)
		}
		st = s.readStmts.get(query)
	}
	return st.QueryRowContext(ctx, args...)
}
