package archive

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"modernc.org/sqlite"
)

// invariants are queries counting rows that break a rule the archive
// keeps, each named by what it counts; each must return 0.
var invariants = []struct{ counted, query string }{
	{"rows breaking a foreign key", `SELECT COUNT(*) FROM pragma_foreign_key_check`},
	{"articles without their latest version", `SELECT COUNT(*) FROM articles a
		WHERE NOT EXISTS (SELECT 1 FROM versions v WHERE v.id = a.latest_version_id AND v.article_id = a.id)`},
	{"versions whose snapshot has no body", `SELECT COUNT(*) FROM versions v JOIN fetches f ON f.id = v.fetch_id
		LEFT JOIN bodies b ON b.sha256 = f.body_sha256 WHERE b.sha256 IS NULL`},
	{"delta bodies without a full body as their base", `SELECT COUNT(*) FROM bodies b
		LEFT JOIN bodies base ON base.sha256 = b.base_sha256
		WHERE b.base_sha256 IS NOT NULL AND (base.sha256 IS NULL OR base.base_sha256 IS NOT NULL)`},
	{"bodies compaction found damaged, undecodable or not matching their hash (db check --bodies names them)",
		`SELECT COUNT(*) FROM damaged_bodies`},
}

// ErrDamaged is a database file SQLite's quick check finds damaged.
var ErrDamaged = errors.New("the archive's database file is damaged")

// QuickCheck runs SQLite's quick check (the integrity check less its
// index-against-table comparisons; it reads the whole file once) and
// returns an error matching ErrDamaged, naming the first problem, when
// the file is damaged: a command about to rewrite much of the archive
// runs it first, so as not to spread the damage.
func (s *Store) QuickCheck(ctx context.Context) error {
	return s.quickCheck(ctx, func(string) bool { return true })
}

// QuickCheckPages is QuickCheck less FTS5's check of the search index's
// own records, which SQLite's runs too: the damage a rebuild of the
// search index (RebuildSearchIndex, which drops those records unread)
// must not write over.
func (s *Store) QuickCheckPages(ctx context.Context) error {
	return s.quickCheck(ctx, func(p string) bool { return !ftsProblem(p) })
}

// quickCheck runs SQLite's quick check and words the problems it lists
// that count, one a line, as an error matching ErrDamaged.
func (s *Store) quickCheck(ctx context.Context, counts func(problem string) bool) error {
	found, err := s.sqliteCheck(ctx, "quick_check")
	if badSearchConfig(err) {
		return fmt.Errorf("%w (search index configuration)", ErrDamaged)
	}
	if err != nil {
		return err
	}
	var problems []string
	for _, p := range found {
		// The check of a b-tree lists its problems in one row, one a line,
		// under a heading ("*** in database main ***").
		for _, line := range strings.Split(strings.TrimPrefix(p, "integrity: "), "\n") {
			if line != "" && !strings.HasPrefix(line, "*** ") && counts(line) {
				problems = append(problems, "integrity: "+line)
			}
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("%w (%s; %d problems)", ErrDamaged, problems[0], len(problems))
	}
	return nil
}

// ftsProblem reports whether a problem SQLite's check pragmas list comes
// of FTS5's check of the search index's records (its terms, its
// structure), which SQLite runs with them, rather than of the file's
// pages.
func ftsProblem(problem string) bool {
	p := strings.TrimPrefix(problem, "integrity: ")
	return strings.HasPrefix(p, "fts5: ") || strings.Contains(p, "inverted index for FTS5 table")
}

// sqliteCheck runs one of SQLite's check pragmas and returns the
// problems it lists.
func (s *Store) sqliteCheck(ctx context.Context, pragma string) ([]string, error) {
	conn, err := s.readers.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("integrity check: %w", err)
	}
	defer conn.Close()
	// One read transaction: the structure read and the check see one state
	// of the file, whatever another process (a crawl indexing) commits
	// between them; the check of a structure another commit had replaced
	// reported its segments gone as corruption.
	if _, err := conn.ExecContext(ctx, `BEGIN`); err != nil {
		return nil, fmt.Errorf("integrity check: %w", err)
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), `ROLLBACK`) //nolint:errcheck // a read transaction: nothing to undo
	if err := freshSearchStructure(ctx, conn); err != nil {
		return nil, fmt.Errorf("integrity check: %w", err)
	}
	rows, err := conn.QueryContext(ctx, `PRAGMA `+pragma)
	if err != nil {
		return nil, fmt.Errorf("integrity check: %w", err)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var msg string
		if err := rows.Scan(&msg); err != nil {
			return nil, fmt.Errorf("integrity check: %w", err)
		}
		if msg != "ok" {
			problems = append(problems, "integrity: "+msg)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("integrity check: %w", err)
	}
	return problems, nil
}

// freshSearchStructure makes the connection's FTS5 read the index's
// structure again before a check pragma. A connection keeps the structure
// it last read, and its reads drop it when another connection has written
// since, but the pragmas' check of the index does not (SQLite 3.54's
// fts5IntegrityMethod): after RebuildSearchIndex by this process's writer,
// a reader that had checked before checked the segments that were, and
// reported them gone as corruption. A query of the index drops what the
// connection kept.
func freshSearchStructure(ctx context.Context, conn *sql.Conn) error {
	var id int64
	err := conn.QueryRowContext(ctx, `SELECT rowid FROM search WHERE rowid = 0`).Scan(&id)
	// The pragma names the index's damage; checkSearch a lost configuration.
	if err != nil && !errors.Is(err, sql.ErrNoRows) && !isCorrupt(err) && !badSearchConfig(err) {
		return fmt.Errorf("read search index: %w", err)
	}
	return nil
}

// Check runs SQLite's integrity check and the archive's invariants,
// compares the full-text index with the texts it should hold (see
// checkSearch), and checks the spool is long enough for the bodies spooled
// in it. It returns the problems found, none for a sound database.
func (s *Store) Check(ctx context.Context) ([]string, error) {
	config, err := s.searchIndexReadable(ctx)
	if err != nil {
		return nil, err
	}
	var problems []string
	if config == "" {
		if problems, err = s.sqliteCheck(ctx, "integrity_check"); err != nil {
			return nil, err
		}
	}
	for _, inv := range invariants {
		var n int64
		if err := s.readers.QueryRowContext(ctx, inv.query).Scan(&n); err != nil {
			return nil, fmt.Errorf("check %q: %w", inv.counted, err)
		}
		if n != 0 {
			problems = append(problems, fmt.Sprintf("%s: %d", inv.counted, n))
		}
	}
	texts, err := s.damagedTexts(ctx)
	if err != nil {
		return nil, err
	}
	if texts != "" {
		problems = append(problems, texts)
	}
	if config != "" {
		problems = append(problems, config)
	} else {
		search, err := s.checkSearch(ctx)
		if err != nil {
			return nil, err
		}
		problems = append(problems, search...)
	}
	spool, err := s.spoolProblem(ctx)
	if err != nil {
		return nil, err
	}
	if spool != "" {
		problems = append(problems, spool)
	}
	return problems, nil
}

// searchIndexReadable words why the search index cannot be read (a
// table of it gone, its configuration damaged), "" when it can.
func (s *Store) searchIndexReadable(ctx context.Context) (string, error) {
	missing, err := s.missingSearchTables(ctx)
	if err != nil {
		return "", err
	}
	if len(missing) > 0 {
		return missingTablesProblem(missing), nil
	}
	return s.searchConfigProblem(ctx)
}

// refusedWrite tells a write refused by where the archive lies (a read-only
// file or mount, a full disk) from a fault of what it holds.
func refusedWrite(err error) bool {
	var se *sqlite.Error
	if errors.As(err, &se) {
		code := se.Code() & 0xff
		return code == sqliteReadOnly || code == sqliteFull
	}
	return false
}
