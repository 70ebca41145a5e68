package archive

import (
	"context"
	"strings"
	"testing"
)

// TestRepeatedQueriesReadNoWholeTable: queries that run many times per
// command (once per page of a reparse, per call of the daemon's API, per
// compaction) must reach the rows they need by a key, not read a table
// that grows with the archive from end to end, nor sort all of it. A
// reparse page grouped every fetch (about 4.4 s a page at a million
// fetches, so a reparse listed its snapshots for hours), the runs of a
// source were sorted in full on every call, the count of spooled
// bodies read every body, and a refresh read every article to learn
// whether the index held its version (17 ms a refresh at 100,000
// articles, quadratic over a reparse), and the counts of a run a dead
// process left read every version (up to 2.8 s per source at a restart).
func TestRepeatedQueriesReadNoWholeTable(t *testing.T) {
	s := mustOpen(t)
	runs, runsArgs := runsQuery(1, 20)
	tests := []struct {
		name  string
		query string
		args  []any
	}{
		{"reparse page", snapshotsQuery, []any{0, 0, reparsePage}},
		{"reparse page of a source", snapshotsQuery, []any{1, 0, reparsePage}},
		{"runs of a source", runs, runsArgs},
		{"spooled bodies", spoolWaitingQuery, nil},
		{"bodies to compact", pendingBodiesQuery, []any{encodingSpool, 0, compactBatchSize}},
		{"host base", hostBaseQuery, []any{"news.example"}},
		{"refresh's index lookup", isIndexedQuery, []any{1}},
		{"counts of an interrupted run", `SELECT (` + runVersions + ` AND NOT ` + earlierVersion + `), (` +
			runRefreshed + `) FROM runs WHERE id = ?`, []any{1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, step := range queryPlan(t, s, tt.query, tt.args...) {
				if strings.HasPrefix(step, "SCAN") && step != "SCAN CONSTANT ROW" || strings.Contains(step, "TEMP B-TREE") {
					t.Errorf("plan step %q reads or sorts a whole table", step)
				}
			}
		})
	}
}

// queryPlan returns the steps of SQLite's plan for query.
func queryPlan(tb testing.TB, s *Store, query string, args ...any) []string {
	tb.Helper()
	rows, err := s.readers.QueryContext(context.Background(), "EXPLAIN QUERY PLAN "+query, args...)
	if err != nil {
		tb.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			tb.Fatal(err)
		}
		plan = append(plan, detail)
	}
	if err := rows.Err(); err != nil {
		tb.Fatal(err)
	}
	return plan
}
