package archive

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strconv"
	"strings"
	"time"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// ErrNewerSchema is returned for a database written by a newer version of
// the tool; it is left untouched.
var ErrNewerSchema = errors.New("database schema is newer than this version of newsarchive supports")

// migration is one numbered schema step.
type migration struct {
	version int
	name    string
	sql     string
}

// migrations lists the embedded steps in order. Files are named
// NNNN_what.sql; the number is the schema version the step produces.
func migrations() ([]migration, error) {
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, name := range names {
		base := strings.TrimPrefix(name, "migrations/")
		num, _, _ := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if err != nil {
			return nil, fmt.Errorf("migration %s: bad number: %w", base, err)
		}
		body, err := migrationFS.ReadFile(name)
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: base, sql: string(body)})
	}
	slices.SortFunc(ms, func(a, b migration) int { return a.version - b.version })
	return ms, nil
}

// SchemaVersion is the schema version this build of the archive writes.
func SchemaVersion() int {
	ms, err := migrations()
	if err != nil || len(ms) == 0 {
		return 0
	}
	return ms[len(ms)-1].version
}

// migrate applies the steps the database lacks, each in its own
// transaction together with its schema_migrations row, so a crash leaves
// the schema at a recorded version. It returns how many it applied.
//
// It first refuses another program's database, and only then switches the
// file to WAL mode: that too writes to the file.
func migrate(ctx context.Context, db *sql.DB, busyTimeout time.Duration) (int, error) {
	ms, err := migrations()
	if err != nil {
		return 0, err
	}
	if err := checkOwnSchema(ctx, db); err != nil {
		return 0, err
	}
	if err := setWAL(ctx, db, busyTimeout); err != nil {
		return 0, err
	}
	return migrateTo(ctx, db, ms)
}

// setWAL switches the file to WAL mode. Two processes making a new archive
// at once can both hold a read lock and want the write lock the switch
// takes; SQLite then answers one of them SQLITE_BUSY at once, without
// waiting its busy timeout, so that no deadlock forms. The loser asks
// again until the busy timeout has passed: by then the winner is done.
func setWAL(ctx context.Context, db *sql.DB, busyTimeout time.Duration) error {
	deadline := time.Now().Add(busyTimeout)
	for pause := time.Millisecond; ; pause = min(2*pause, 100*time.Millisecond) {
		_, err := db.ExecContext(ctx, `PRAGMA journal_mode = WAL`)
		if err == nil {
			return nil
		}
		if !Locked(err) || time.Now().Add(pause).After(deadline) {
			return fmt.Errorf("set wal mode: %w", describe(err))
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("set wal mode: %w", ctx.Err())
		case <-time.After(pause):
		}
	}
}

// migrateTo applies the steps of ms the database lacks and returns how
// many it applied; tests pass a prefix of the list to build databases of
// older versions.
func migrateTo(ctx context.Context, db *sql.DB, ms []migration) (int, error) {
	if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY,
		name       TEXT NOT NULL,
		applied_at TEXT NOT NULL)`); err != nil {
		return 0, fmt.Errorf("create schema_migrations: %w", describe(err))
	}
	current, err := currentVersion(ctx, db)
	if err != nil {
		return 0, err
	}
	if latest := ms[len(ms)-1].version; current > latest {
		return 0, fmt.Errorf("%w (database at version %d, this build knows up to %d)", ErrNewerSchema, current, latest)
	}
	applied := 0
	for _, m := range ms {
		if m.version <= current {
			continue
		}
		done, err := applyMigration(ctx, db, m)
		if err != nil {
			return applied, err
		}
		if done {
			applied++
		}
	}
	return applied, nil
}

// ErrForeignDatabase is returned for a SQLite database that holds tables
// but was not made by newsarchive; it is left untouched.
var ErrForeignDatabase = errors.New("sqlite database not made by newsarchive")

// checkOwnSchema refuses to add the archive's tables to some other
// program's database.
func checkOwnSchema(ctx context.Context, db *sql.DB) error {
	var ours, others int
	err := db.QueryRowContext(ctx, `SELECT
		COUNT(*) FILTER (WHERE name = 'schema_migrations'),
		COUNT(*) FILTER (WHERE name <> 'schema_migrations')
		FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).Scan(&ours, &others)
	if err != nil {
		return fmt.Errorf("read schema: %w", describe(err))
	}
	if ours == 0 && others > 0 {
		noun := "tables"
		if others == 1 {
			noun = "table"
		}
		return fmt.Errorf("%w (it has %d %s of its own)", ErrForeignDatabase, others, noun)
	}
	return nil
}

func currentVersion(ctx context.Context, db *sql.DB) (int, error) {
	var v sql.NullInt64
	err := db.QueryRowContext(ctx, `SELECT MAX(version) FROM schema_migrations`).Scan(&v)
	if err != nil {
		return 0, fmt.Errorf("read schema version: %w", err)
	}
	return int(v.Int64), nil
}

// applyMigration applies m in a transaction holding the write lock, and
// reports false when another process applied it first: two commands
// opening a new archive at once both find it lacking every step.
func applyMigration(ctx context.Context, db *sql.DB, m migration) (bool, error) {
	tx, err := db.BeginTx(ctx, nil) // the writer's transactions are immediate
	if err != nil {
		return false, fmt.Errorf("migration %s: %w", m.name, err)
	}
	defer tx.Rollback()
	var done int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE version = ?`, m.version).Scan(&done); err != nil {
		return false, fmt.Errorf("migration %s: %w", m.name, err)
	}
	if done > 0 {
		return false, nil
	}
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return false, fmt.Errorf("migration %s: %w", m.name, err)
	}
	if step := goSteps[m.version]; step != nil {
		if err := step(ctx, tx); err != nil {
			return false, fmt.Errorf("migration %s: %w", m.name, err)
		}
	}
	if _, err := tx.ExecContext(ctx,
		`INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
		m.version, m.name, formatTime(time.Now())); err != nil {
		return false, fmt.Errorf("record migration %s: %w", m.name, err)
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("commit migration %s: %w", m.name, err)
	}
	return true, nil
}
