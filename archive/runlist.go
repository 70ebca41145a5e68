package archive

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// RunSkipped is the status of a scheduled run that did not start because
// the source's previous run was still going.
const RunSkipped = "skipped"

// Triggers of a run.
const (
	TriggerSchedule = "schedule"
	TriggerManual   = "manual"
)

// RunSummary is a recorded run with its source's name, as the runs and
// sources commands list it.
type RunSummary struct {
	ID        int64
	Source    string // empty for a run of no configured source
	Trigger   string
	Status    string
	StartedAt time.Time
	EndedAt   *time.Time
	Fetches   int
	Articles  int
	Errors    int
	RunCounts
	Message string
}

// RunFilter selects runs: of one source when Source is set, the newest
// Limit (all when zero).
type RunFilter struct {
	Source string
	Limit  int
}

// StartTriggeredRun records the start of a run of a source and what
// started it (TriggerSchedule or TriggerManual).
func (s *Store) StartTriggeredRun(ctx context.Context, sourceID int64, trigger string) (int64, error) {
	// A daemon runs for months: a database deleted or replaced under it
	// must stop its runs, not take them into a file no name leads to.
	if err := s.spool.checkDatabase(); err != nil {
		return 0, err
	}
	return s.execID(ctx, `INSERT INTO runs (source_id, started_at, status, triggered_by) VALUES (?, ?, ?, ?)`,
		nullID(sourceID), formatTime(s.now()), RunRunning, trigger)
}

// SetRunTrigger records what started a run recorded by StartRun, which
// takes every run for manual.
func (s *Store) SetRunTrigger(ctx context.Context, runID int64, trigger string) error {
	if _, err := s.execID(ctx, `UPDATE runs SET triggered_by = ? WHERE id = ?`, trigger, runID); err != nil {
		return fmt.Errorf("run %d trigger: %w", runID, err)
	}
	return nil
}

// RecordUnstartedRun records a run that never started, ended as soon as
// begun: status is RunSkipped for a tick that found the source still
// running, or RunCancelled for one stopped while waiting for its turn.
func (s *Store) RecordUnstartedRun(ctx context.Context, sourceID int64, trigger, status, message string) (int64, error) {
	now := formatTime(s.now())
	return s.execID(ctx, `INSERT INTO runs (source_id, started_at, ended_at, status, triggered_by, message)
		VALUES (?, ?, ?, ?, ?, ?)`, nullID(sourceID), now, now, status, trigger, message)
}

// runSummaryColumns are read by scanRunSummary, from runs r joined to
// sources o.
const runSummaryColumns = `r.id, COALESCE(o.name, ''), r.triggered_by, r.status, r.started_at, r.ended_at,
	r.fetches, r.articles, r.errors, r.new_articles, r.updated_articles, r.unchanged_articles,
	r.refreshed_articles, r.duplicate_articles, r.bytes,
	r.message`

func scanRunSummary(row interface{ Scan(...any) error }) (RunSummary, error) {
	var (
		r       RunSummary
		started string
		ended   sql.NullString
	)
	err := row.Scan(&r.ID, &r.Source, &r.Trigger, &r.Status, &started, &ended, &r.Fetches, &r.Articles,
		&r.Errors, &r.New, &r.Updated, &r.Unchanged, &r.Refreshed, &r.Duplicates, &r.Bytes, &r.Message)
	if err != nil {
		return r, fmt.Errorf("read run: %w", err)
	}
	if r.StartedAt, err = parseTime(started); err != nil {
		return r, err
	}
	r.EndedAt, err = parseTimePtr(ended)
	return r, err
}

// Runs lists recorded runs, newest first. A source filter naming no known
// source is ErrNotFound.
func (s *Store) Runs(ctx context.Context, f RunFilter) ([]RunSummary, error) {
	var sourceID int64
	if f.Source != "" {
		id, err := s.SourceID(ctx, f.Source)
		if err != nil {
			return nil, err
		}
		sourceID = id
	}
	query, args := runsQuery(sourceID, f.Limit)
	return s.queryRunSummaries(ctx, query, args...)
}

// runsQuery is the query of Runs, of one source unless sourceID is 0,
// with at most limit rows unless it is 0.
func runsQuery(sourceID int64, limit int) (string, []any) {
	query := `SELECT ` + runSummaryColumns + ` FROM runs r LEFT JOIN sources o ON o.id = r.source_id`
	var args []any
	if sourceID != 0 {
		query += ` WHERE r.source_id = ?`
		args = append(args, sourceID)
	}
	query += ` ORDER BY r.id DESC`
	if limit > 0 {
		query += ` LIMIT ?`
		args = append(args, limit)
	}
	return query, args
}

// LastRuns returns the newest run of each source that has one, skipped
// ticks left out: the run that tells how the source is doing. Each is
// found from the end of the source's runs in the runs_source index, so
// the daemon's /api/sources does not read a years-long history of runs
// on every call (0.5 s for a million runs).
func (s *Store) LastRuns(ctx context.Context) (map[string]RunSummary, error) {
	runs, err := s.queryRunSummaries(ctx, `SELECT `+runSummaryColumns+` FROM runs r
		JOIN sources o ON o.id = r.source_id
		WHERE r.id IN (SELECT (`+lastRunOf+`) FROM sources o)`, RunSkipped)
	if err != nil {
		return nil, err
	}
	out := make(map[string]RunSummary, len(runs))
	for _, r := range runs {
		out[r.Source] = r
	}
	return out, nil
}

// lastRunOf selects the newest run of the source o that is not of the
// status given as its parameter.
const lastRunOf = `SELECT x.id FROM runs x WHERE x.source_id = o.id AND x.status <> ?
	ORDER BY x.started_at DESC, x.id DESC LIMIT 1`

func (s *Store) queryRunSummaries(ctx context.Context, query string, args ...any) ([]RunSummary, error) {
	rows, err := s.readers.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("list runs: %w", describe(err))
	}
	defer rows.Close()
	var out []RunSummary
	for rows.Next() {
		r, err := scanRunSummary(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list runs: %w", err)
	}
	s.showInterrupted(out)
	if err := s.showStoredCounts(ctx, out); err != nil {
		return nil, err
	}
	return out, nil
}

// showStoredCounts gives a run still recorded running, going or left by a
// dead process (see showInterrupted), the counts its stored rows give so
// far (see storedRunCounts), which the run records only when it ends: an
// hour-long run showed nothing fetched until its end. One left by a dead
// process ends at its last fetch, as InterruptRuns will record it.
func (s *Store) showStoredCounts(ctx context.Context, runs []RunSummary) error {
	for i, r := range runs {
		if r.EndedAt != nil || r.Status != RunRunning && r.Message != RunInterrupted {
			continue
		}
		c := &runs[i]
		var ended sql.NullString
		err := s.readers.QueryRowContext(ctx, `SELECT `+storedRunCounts+`, `+interruptedEnd+` FROM runs WHERE id = ?`, r.ID).Scan(
			&c.Fetches, &c.Errors, &c.Bytes, &c.New, &c.Updated, &c.Refreshed, &ended)
		if err != nil {
			return fmt.Errorf("list runs: counts of run %d: %w", r.ID, err)
		}
		c.Articles = int(c.New + c.Updated)
		if r.Status == RunFailed { // interrupted: its process is gone
			if c.EndedAt, err = parseTimePtr(ended); err != nil {
				return fmt.Errorf("list runs: end of run %d: %w", r.ID, err)
			}
		}
	}
	return nil
}

// showInterrupted shows a run still recorded running whose source no
// process crawls (its crawl lock is free: the process died) as the next
// crawl or daemon start will record it, failed and interrupted, rather
// than as running until then. The record is not changed: a reader may
// not be able to write.
func (s *Store) showInterrupted(runs []RunSummary) {
	crawled := map[string]bool{}
	for i, r := range runs {
		if r.Status != RunRunning || r.Source == "" {
			continue
		}
		busy, seen := crawled[r.Source]
		if !seen {
			busy = s.SourceCrawled(r.Source)
			crawled[r.Source] = busy
		}
		if !busy {
			runs[i].Status, runs[i].Message = RunFailed, RunInterrupted
		}
	}
}

// RunStatusClasses counts the fetches of a run by HTTP status class ("2xx"
// to "5xx"; "error" for a fetch that got no response).
func (s *Store) RunStatusClasses(ctx context.Context, runID int64) (map[string]int64, error) {
	rows, err := s.readers.QueryContext(ctx, `SELECT CASE WHEN status BETWEEN 100 AND 599
		THEN CAST(status / 100 AS TEXT) || 'xx' ELSE 'error' END AS class, COUNT(*)
		FROM fetches WHERE run_id = ? GROUP BY class`, runID)
	if err != nil {
		return nil, fmt.Errorf("run %d fetches: %w", runID, describe(err))
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var class string
		var n int64
		if err := rows.Scan(&class, &n); err != nil {
			return nil, fmt.Errorf("run %d fetches: %w", runID, err)
		}
		out[class] = n
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("run %d fetches: %w", runID, err)
	}
	return out, nil
}

// Ping checks the database answers a query, for health checks, and that
// its path still leads to the file the store opened.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.spool.checkDatabase(); err != nil {
		return err // it names the file
	}
	var n int
	if err := s.readers.QueryRowContext(ctx, `SELECT COUNT(*) FROM sources`).Scan(&n); err != nil {
		return fmt.Errorf("ping %s: %w", s.path, describe(err))
	}
	return nil
}
