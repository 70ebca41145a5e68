package archive

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
)

// ErrOlderSchema is returned when a database of an older schema is opened
// read-only: upgrading it is a write.
var ErrOlderSchema = errors.New("database schema is older than this version of newsarchive reads without upgrading it")

// openReadOnly opens an existing archive for reading alone. SQLite reads a
// WAL-mode file together with its -wal and -shm files, which a writer that
// has the archive open keeps (mode=ro reads them). Without a writer the
// directory or the disk may not let SQLite make a -shm file; then, if the
// -wal file holds nothing, the whole archive is in the database file,
// which is read as immutable: consistent as long as no writer opens it
// meanwhile, as none could where the directory is read-only or the disk
// full.
//
// Another user's archive that no process has open is read as immutable at
// once: SQLite would make its -wal and -shm files, this user's, which the
// archive's owner could not write after.
func openReadOnly(ctx context.Context, path string, opt Options) (*Store, error) {
	if WriteRefused(path) != nil && sidecarsAbsent(path) {
		return openReadOnlyAs(ctx, path, opt, roleImmutable)
	}
	s, err := openReadOnlyAs(ctx, path, opt, roleReadOnly)
	if err == nil || !walEmpty(path) {
		return s, err
	}
	return openReadOnlyAs(ctx, path, opt, roleImmutable)
}

// walEmpty reports whether the archive's -wal file holds no commit.
func walEmpty(path string) bool {
	fi, err := os.Stat(path + "-wal")
	return errors.Is(err, os.ErrNotExist) || (err == nil && fi.Size() == 0)
}

// openReadOnlyAs opens the archive with read-only pools of role.
func openReadOnlyAs(ctx context.Context, path string, opt Options, role dbRole) (*Store, error) {
	s := newStore(path, opt)
	if role == roleImmutable {
		s.snapshotRole = roleImmutableSnapshot
	}
	var err error
	// The writer is read-only too: a write fails with SQLite's "attempt to
	// write a readonly database" rather than on a missing pool.
	if s.writer, err = openDB(ctx, path, opt, role); err != nil {
		return nil, err
	}
	s.stmts.db = s.writer
	if s.readers, err = openDB(ctx, path, opt, role); err != nil {
		s.writer.Close()
		return nil, err
	}
	s.readStmts.db = s.readers
	if err := checkReadable(ctx, s.readers); err != nil {
		s.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	if err := s.initCodecs(opt.Level); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// checkReadable refuses another program's database and one whose schema is
// not this build's.
func checkReadable(ctx context.Context, db *sql.DB) error {
	if err := checkOwnSchema(ctx, db); err != nil {
		return err
	}
	current, err := currentVersion(ctx, db)
	if err != nil {
		return err
	}
	switch latest := SchemaVersion(); {
	case current > latest:
		return fmt.Errorf("%w (database at version %d, this build knows up to %d)", ErrNewerSchema, current, latest)
	case current < latest:
		return fmt.Errorf("%w (database at version %d, this build's is %d: open it once where it can be written)",
			ErrOlderSchema, current, latest)
	}
	return nil
}
