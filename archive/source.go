package archive

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Run statuses.
const (
	RunRunning = "running"
	RunOK      = "ok"
	RunFailed  = "failed"
)

// EnsureSource returns the id of the named source, creating it or updating
// its config hash.
func (s *Store) EnsureSource(ctx context.Context, name, configHash string) (int64, error) {
	tx, err := s.writer.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("begin source: %w", describe(err))
	}
	defer tx.Rollback()
	if err := saveSource(ctx, tx, name, configHash, s.now()); err != nil {
		return 0, err
	}
	var id int64
	if err := tx.QueryRowContext(ctx, `SELECT id FROM sources WHERE name = ?`, name).Scan(&id); err != nil {
		return 0, fmt.Errorf("read source %s: %w", name, err)
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("commit source %s: %w", name, err)
	}
	return id, nil
}

// SourceConfig names a source and the fingerprint of its configuration.
type SourceConfig struct {
	Name, ConfigHash string
}

// EnsureSources records each source as EnsureSource does, in one
// transaction: a daemon of thousands of sources starts without a commit
// for each.
func (s *Store) EnsureSources(ctx context.Context, sources []SourceConfig) error {
	tx, err := s.writer.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin sources: %w", describe(err))
	}
	defer tx.Rollback()
	now := s.now()
	for _, src := range sources {
		if err := saveSource(ctx, tx, src.Name, src.ConfigHash, now); err != nil {
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit sources: %w", err)
	}
	return nil
}

// saveSource creates the named source or updates its config hash.
func saveSource(ctx context.Context, tx *sql.Tx, name, configHash string, now time.Time) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO sources (name, config_hash, created_at) VALUES (?, ?, ?)
		ON CONFLICT (name) DO UPDATE SET config_hash = excluded.config_hash`,
		name, configHash, formatTime(now))
	if err != nil {
		return fmt.Errorf("save source %s: %w", name, err)
	}
	return nil
}

// SourcesRunning names the sources with a run recorded as running: one
// going on in another process, or left so by a process that died (see
// InterruptRuns).
func (s *Store) SourcesRunning(ctx context.Context) ([]string, error) {
	rows, err := s.readers.QueryContext(ctx, `SELECT o.name FROM sources o
		WHERE EXISTS (SELECT 1 FROM runs r WHERE r.source_id = o.id AND r.status = ?) ORDER BY o.name`, RunRunning)
	if err != nil {
		return nil, fmt.Errorf("sources running: %w", err)
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, fmt.Errorf("sources running: %w", err)
		}
		names = append(names, name)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sources running: %w", err)
	}
	return names, nil
}

// SourcesLastActive returns, per source name, when the source last
// started a run that came to its end (not one skipped, stopped by a
// shutdown, cut off by a dead process, or stopped by the archive's
// storage: see RunStorageRefused), or when it was first recorded if none
// did: the moment its schedule counts from. A run a restart cut short is
// so made up at the restart, not at the next tick (a @daily source would
// lose its day); a source whose only runs were cut short is due at once
// (NeverCompleted), where counting from its first record would leave its
// first crawl unfinished for a whole period.
func (s *Store) SourcesLastActive(ctx context.Context) (map[string]time.Time, error) {
	rows, err := s.readers.QueryContext(ctx, `SELECT o.name, COALESCE((SELECT r.started_at FROM runs r
		WHERE r.id = (SELECT x.id FROM runs x WHERE x.source_id = o.id AND x.status NOT IN (?, ?, ?)
			AND NOT (x.status = ? AND (x.message = ? OR instr(x.message, ?) = 1))
			ORDER BY x.started_at DESC, x.id DESC LIMIT 1)),
		(SELECT ? FROM runs y WHERE y.source_id = o.id AND y.status NOT IN (?, ?) LIMIT 1),
		o.created_at) FROM sources o`,
		RunSkipped, RunCancelled, RunRunning, RunFailed, RunInterrupted, RunStorageRefused,
		formatTime(NeverCompleted), RunSkipped, RunRunning)
	if err != nil {
		return nil, fmt.Errorf("sources last active: %w", err)
	}
	defer rows.Close()
	out := map[string]time.Time{}
	for rows.Next() {
		var name, at string
		if err := rows.Scan(&name, &at); err != nil {
			return nil, fmt.Errorf("sources last active: %w", err)
		}
		t, err := parseTime(at)
		if err != nil {
			return nil, fmt.Errorf("sources last active: %s: %w", name, err)
		}
		out[name] = t
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sources last active: %w", err)
	}
	return out, nil
}

// NeverCompleted is the last activity SourcesLastActive gives a source
// whose every run was cut short: long enough ago for any schedule to be
// due.
var NeverCompleted = time.Unix(0, 0).UTC()

// SourceID returns the id of a named source.
func (s *Store) SourceID(ctx context.Context, name string) (int64, error) {
	var id int64
	err := s.readers.QueryRowContext(ctx, `SELECT id FROM sources WHERE name = ?`, name).Scan(&id)
	return id, notFound(err, "source "+name)
}

// StartRun records the start of a crawl run of a source (0 for none),
// started by hand; see StartTriggeredRun.
func (s *Store) StartRun(ctx context.Context, sourceID int64) (int64, error) {
	return s.StartTriggeredRun(ctx, sourceID, TriggerManual)
}

// RunInterrupted is the message of a run marked failed by InterruptRuns.
const RunInterrupted = "interrupted: process ended while running"

// RunStorageRefused begins the message of a failed run the archive's
// storage stopped (a full disk, a file size limit, a disk under the
// reserve kept for compaction), its cause after it. Like an interrupted
// run, it did not end for its source's sake: a restart, once someone made
// room, makes it up (see SourcesLastActive).
const RunStorageRefused = "the archive cannot store more"

// interruptedEnd is when a run its process left running ended, as an SQL
// expression over the runs row: its last fetch, or its start when it
// fetched nothing.
const interruptedEnd = `MAX(started_at, COALESCE((SELECT MAX(fetched_at) FROM fetches WHERE run_id = runs.id), ''))`

// InterruptRuns ends as failed the runs of a source still marked running,
// and returns how many there were. Call it holding the source's lock
// (LockSource): a running run then belongs to a process that died
// without ending it. Such a run recorded no counts; they are rebuilt from
// what it stored (fetches, errors, bytes, articles new, updated and
// refreshed; the unchanged and duplicate ones left no trace to count), and
// it ends at its last fetch, not at the restart that found it.
func (s *Store) InterruptRuns(ctx context.Context, sourceID int64) (int64, error) {
	tx, err := s.writer.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("begin: %w", describe(err))
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `UPDATE runs SET status = ?, message = ?,
		ended_at = `+interruptedEnd+`,
		(fetches, errors, bytes, new_articles, updated_articles, refreshed_articles) = (SELECT `+storedRunCounts+`)
		WHERE source_id = ? AND status = ?`, RunFailed, RunInterrupted, sourceID, RunRunning)
	if err != nil {
		return 0, fmt.Errorf("interrupt runs of source %d: %w", sourceID, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, err
	}
	_, err = tx.ExecContext(ctx, `UPDATE runs SET articles = new_articles + updated_articles
		WHERE source_id = ? AND status = ? AND message = ? AND articles = 0`, sourceID, RunFailed, RunInterrupted)
	if err != nil {
		return 0, fmt.Errorf("interrupt runs of source %d: %w", sourceID, err)
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("commit interrupted runs: %w", err)
	}
	return n, nil
}

// storedRunCounts are the counts of the run runs.id its stored rows give,
// in a SELECT over runs: its fetches (those answered), errors, bytes, and
// articles new, updated and refreshed. The articles found unchanged or
// duplicate left no trace to count.
const storedRunCounts = `(SELECT COUNT(*) FROM fetches WHERE run_id = runs.id AND status > 0),
	(SELECT COUNT(*) FROM fetches WHERE run_id = runs.id AND (error <> '' OR status >= 400)),
	(SELECT COALESCE(SUM(b.size), 0) FROM fetches f JOIN bodies b ON b.sha256 = f.body_sha256 WHERE f.run_id = runs.id),
	(` + runVersions + ` AND NOT ` + earlierVersion + `), (` + runVersions + ` AND ` + earlierVersion + `),
	(` + runRefreshed + `)`

// runVersions counts the versions a run made, in a subquery of an UPDATE
// of runs, reached through the run's fetches (versions have no index by
// run): those its pages made, less those a later page of the article
// refreshed in place since, which a run whose counts are rebuilt has not
// met yet. earlierVersion holds for one whose article had a version
// before it. runRefreshed counts the versions of earlier runs a page of
// this one refreshed in place, which then names that page's fetch as its
// own.
const (
	runVersions = `SELECT COUNT(*) FROM fetches f JOIN versions v ON v.fetch_id = f.id
		WHERE f.run_id = runs.id AND v.run_id = runs.id`
	earlierVersion = `EXISTS (SELECT 1 FROM versions e WHERE e.article_id = v.article_id AND e.id < v.id)`
	runRefreshed   = `SELECT COUNT(*) FROM versions v JOIN fetches f ON f.id = v.fetch_id
		WHERE f.run_id = runs.id AND v.run_id IS NOT runs.id`
)

// RunResult is how a run ended.
type RunResult struct {
	Status   string // RunOK or RunFailed
	Fetches  int
	Articles int
	Errors   int
	Message  string
}

// FinishRun records the end of a run.
func (s *Store) FinishRun(ctx context.Context, runID int64, r RunResult) error {
	_, err := s.execID(ctx, `UPDATE runs SET ended_at = ?, status = ?, fetches = ?, articles = ?,
		errors = ?, message = ? WHERE id = ?`,
		formatTime(s.now()), r.Status, r.Fetches, r.Articles, r.Errors, r.Message, runID)
	return err
}

// execID runs one statement in its own transaction and returns the id it
// inserted, if any.
func (s *Store) execID(ctx context.Context, query string, args ...any) (int64, error) {
	tx, err := s.begin(ctx)
	if err != nil {
		return 0, fmt.Errorf("begin: %w", describe(err))
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, query, args...)
	if err != nil {
		return 0, fmt.Errorf("write: %w", err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, err
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("commit: %w", err)
	}
	return id, nil
}

// Run is a recorded crawl run.
type Run struct {
	ID        int64
	SourceID  int64
	StartedAt time.Time
	EndedAt   *time.Time
	RunResult
}

// RunByID returns a recorded run.
func (s *Store) RunByID(ctx context.Context, id int64) (*Run, error) {
	var (
		r       Run
		started string
		ended   sql.NullString
	)
	err := s.readers.QueryRowContext(ctx, `SELECT id, COALESCE(source_id, 0), started_at, ended_at,
		status, fetches, articles, errors, message FROM runs WHERE id = ?`, id).Scan(&r.ID, &r.SourceID,
		&started, &ended, &r.Status, &r.Fetches, &r.Articles, &r.Errors, &r.Message)
	if err != nil {
		return nil, notFound(err, fmt.Sprintf("run %d", id))
	}
	if r.StartedAt, err = parseTime(started); err != nil {
		return nil, err
	}
	if r.EndedAt, err = parseTimePtr(ended); err != nil {
		return nil, err
	}
	return &r, nil
}
