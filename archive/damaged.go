package archive

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
)

// ErrSpoolMissing is returned by Compact when bodies wait in a spool that
// is not there (or is not a file): a database restored without its spool,
// say. Nothing is marked damaged; the spool put back, Compact goes on.
var ErrSpoolMissing = errors.New("spool missing")

// spoolWaitingQuery counts the bodies waiting in the spool, through the
// bodies_pending index (its condition repeated, for SQLite to use it):
// without it, every stored body was read.
const spoolWaitingQuery = `SELECT COUNT(*) FROM bodies b WHERE b.encoding = 'spool' AND ` + pendingEncoding

// checkSpool refuses to compact spooled bodies out of a spool that is not
// a readable file: every one of them would be found damaged.
func (s *Store) checkSpool(ctx context.Context) error {
	fi, statErr := os.Stat(s.spool.path)
	if statErr == nil && fi.Mode().IsRegular() {
		f, err := os.Open(s.spool.path)
		if err == nil {
			return f.Close()
		}
		statErr = err
	}
	var waiting int64
	err := s.readers.QueryRowContext(ctx, spoolWaitingQuery).Scan(&waiting)
	if err != nil {
		return fmt.Errorf("count spooled bodies: %w", err)
	}
	if waiting == 0 {
		return nil
	}
	why := "not a file"
	if statErr != nil {
		why = statErr.Error()
	}
	return fmt.Errorf("%w: %d bodies wait in %s (%s); put it back beside the database and compact again",
		ErrSpoolMissing, waiting, s.spool.path, why)
}

// recheckDamaged clears the damaged mark of the uncompacted bodies whose
// bytes read back whole again (a spool restored from a backup, a disk
// remounted), so that Compact takes them in. It returns how many it
// cleared.
func (s *Store) recheckDamaged(ctx context.Context) (int, error) {
	rows, err := s.readers.QueryContext(ctx, `SELECT b.sha256, b.encoding, b.size, b.stored_size, b.data, b.spool_offset
		FROM damaged_bodies d JOIN bodies b ON b.sha256 = d.sha256 WHERE `+pendingEncoding)
	if err != nil {
		return 0, fmt.Errorf("read damaged bodies: %w", err)
	}
	var whole []string
	for rows.Next() {
		var p pendingBody
		if err := rows.Scan(&p.sha, &p.enc, &p.size, &p.stored, &p.data, &p.offset); err != nil {
			rows.Close()
			return 0, fmt.Errorf("read damaged bodies: %w", err)
		}
		if raw, err := s.decodeBody(ctx, p.storedBody); err == nil && hashBody(raw) == p.sha {
			whole = append(whole, p.sha)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(whole) == 0 {
		return 0, err
	}
	tx, err := s.begin(ctx)
	if err != nil {
		return 0, fmt.Errorf("begin clearing damaged bodies: %w", describe(err))
	}
	defer tx.Rollback()
	for _, sha := range whole {
		if _, err := tx.ExecContext(ctx, `DELETE FROM damaged_bodies WHERE sha256 = ?`, sha); err != nil {
			return 0, fmt.Errorf("clear damaged body %s: %w", sha, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("commit clearing damaged bodies: %w", describe(err))
	}
	s.log.Info("bodies found damaged read back whole again", slog.Int("bodies", len(whole)))
	return len(whole), nil
}
