package newstest

import (
	"database/sql"
	"testing"

	_ "modernc.org/sqlite" // the archive's driver, for the queries of tests
)

// QueryDB opens the SQLite file at path for queries only, closed when the
// test ends.
func QueryDB(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=query_only(1)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// Count runs a query of one number on the archive at db.
func Count(t *testing.T, db, query string) int {
	t.Helper()
	var n int
	if err := QueryDB(t, db).QueryRow(query).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// Run is a run as the runs table holds it.
type Run struct {
	Status, Trigger, Message string
	Ended                    sql.NullString
}

// Runs reads the runs of a source, oldest first.
func Runs(t *testing.T, db, source string) []Run {
	t.Helper()
	out, err := QueryRuns(QueryDB(t, db), source)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// QueryRuns reads the runs of a source from db, oldest first.
func QueryRuns(db *sql.DB, source string) ([]Run, error) {
	rows, err := db.Query(`SELECT r.status, r.triggered_by, r.message, r.ended_at
		FROM runs r JOIN sources o ON o.id = r.source_id WHERE o.name = ? ORDER BY r.id`, source)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Run
	for rows.Next() {
		var r Run
		if err := rows.Scan(&r.Status, &r.Trigger, &r.Message, &r.Ended); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
