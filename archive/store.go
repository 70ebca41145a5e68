// Package archive stores what the crawler fetched and what parse extracted
// in a SQLite database: raw bodies content-addressed (spooled raw beside
// the database at ingest, compressed in it by Compact), every fetch,
// articles with their aliases and versions, and a full-text index.
//
// It is the only package that speaks SQL. Writes funnel through one
// connection; reads use a separate pool.
package archive

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/klauspost/compress/zstd"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// DefaultBusyTimeout is how long a connection waits for a lock held by
// another process before giving up.
const DefaultBusyTimeout = 10 * time.Second

// DefaultReaders is the size of the read connection pool.
const DefaultReaders = 4

// ErrNotFound is returned when an article, version or body is not stored.
var ErrNotFound = errors.New("not found")

// ErrNotDatabase is returned for a path that holds something other than a
// SQLite database; such a file is never written to.
var ErrNotDatabase = errors.New("not a sqlite database")

// ErrNoDatabase is returned when Options.MustExist is set and the file is
// missing.
var ErrNoDatabase = errors.New("database does not exist")

// emptyFileError is an empty file a read command was pointed at: it
// exists, but holds no archive. It matches ErrNoDatabase.
type emptyFileError string

func (e emptyFileError) Error() string {
	return string(e) + " is an empty file, not an archive: nothing was archived in it (a crawl stopped as it began leaves one; the next crawl or scrape --save makes it an archive)"
}
func (e emptyFileError) Is(target error) bool { return target == ErrNoDatabase }

// IsEmptyFile reports an error of Open for an empty file a read command
// was pointed at: the path is right, the archive empty.
func IsEmptyFile(err error) bool {
	var e emptyFileError
	return errors.As(err, &e)
}

// Options tune a Store. The zero value is usable.
type Options struct {
	// MustExist refuses to create a new database (read commands use it).
	MustExist bool
	// BusyTimeout defaults to DefaultBusyTimeout.
	BusyTimeout time.Duration
	// Readers is the read pool size, DefaultReaders when zero.
	Readers int
	// Level is the zstd level Compact re-encodes bodies with; the zero
	// value means zstd.SpeedBetterCompression, chosen by measurement
	// (docs/benchmarks.md). Ingest always spools bodies raw (spool.go).
	Level zstd.EncoderLevel
	// NoDelta makes Compact store every body whole. By default a body
	// fetched again from a URL, changed, is stored as a zstd delta against
	// the earlier one (smaller by two orders of magnitude), and a page
	// with no earlier body at its URL as a delta against its host's latest
	// full body (about a fifth of its whole size on real news sites).
	NoDelta bool
	// Now is the clock for created_at and run times; time.Now when nil.
	Now func() time.Time
	// Logger defaults to slog.Default().
	Logger *slog.Logger
	// ReadOnly opens an existing archive for reading alone, writing
	// nothing to it (SQLite makes its -wal and -shm files only where it
	// can): one whose file or directory the user may not write, on a
	// read-only mount or a full disk (see openReadOnly). Its schema must be
	// this build's; every write fails.
	ReadOnly bool
	// Extract is the current extractor, for telling a publisher's
	// headline edit from an extractor's change (see extractorChange);
	// without it every headline that differs over the same text on the
	// article's own page is an edit. The commands set parse.Parse.
	Extract Extractor
}

// Store is an open archive database.
type Store struct {
	path    string
	writer  *sql.DB
	readers *sql.DB
	enc     *zstd.Encoder
	dec     *zstd.Decoder
	level   zstd.EncoderLevel
	noDelta bool
	deltas  deltaEncoders
	stmts   stmtCache // the writer's prepared statements
	spool   spool     // raw bodies awaiting Compact, beside the database
	// readStmts are the read pool's prepared statements (see readRow).
	readStmts stmtCache
	// compactMu keeps one Compact at a time in this process.
	compactMu sync.Mutex
	now       func() time.Time
	log       *slog.Logger
	extract   Extractor
	// busyTimeout is how long a connection waits for another's lock.
	busyTimeout time.Duration
	// snapshotRole is how Backup's connection opens the file: read-only,
	// and immutable when the store reads it so.
	snapshotRole dbRole
}

// Open opens the database at path, creating and migrating it as needed. A
// directory, a file that is not a SQLite database, or a database written by
// a newer version of the tool is refused with an error and left untouched.
func Open(ctx context.Context, path string, opt Options) (*Store, error) {
	opt = withDefaults(opt)
	if real := RealPath(path); real != path {
		if err := checkNotCompanion(path); err != nil {
			return nil, err // named as the user gave it, with where it leads
		}
		path = real
	}
	if err := checkPath(path, opt.MustExist || opt.ReadOnly); err != nil {
		return nil, err
	}
	// An archive refused (damaged, not ours) keeps no files SQLite made
	// beside it while trying.
	leave := absentSidecars(path)
	s, err := open(ctx, path, opt)
	if refused(err) {
		leave()
	}
	return s, err
}

// refused reports whether Open failed on the file itself: not a database,
// another program's, or damaged. No other process can be using such a
// file, so what SQLite made beside it may go; after any other failure (a
// busy or locked archive) another process may have made those files.
func refused(err error) bool {
	return errors.Is(err, ErrNotDatabase) || errors.Is(err, ErrForeignDatabase) ||
		err != nil && strings.Contains(err.Error(), "malformed")
}

// absentSidecars returns a function that removes the -wal and -shm files
// of the database at path that do not exist now, should they exist and
// hold nothing of the database by then (a -wal file that is empty; a
// -shm file, which SQLite rebuilds).
func absentSidecars(path string) func() {
	var absent []string
	for _, f := range []string{path + "-wal", path + "-shm"} {
		if _, err := os.Lstat(f); errors.Is(err, os.ErrNotExist) {
			absent = append(absent, f)
		}
	}
	return func() {
		for _, f := range absent {
			if fi, err := os.Lstat(f); err == nil && fi.Mode().IsRegular() && (fi.Size() == 0 || strings.HasSuffix(f, "-shm")) {
				os.Remove(f)
			}
		}
	}
}

// open is Open once the path is checked.
func open(ctx context.Context, path string, opt Options) (*Store, error) {
	if opt.ReadOnly {
		return openReadOnly(ctx, path, opt)
	}
	if err := checkWritable(path); err != nil {
		return nil, err
	}
	if err := checkOneName(path); err != nil {
		return nil, err
	}
	s := newStore(path, opt)
	var err error
	if s.writer, err = openDB(ctx, path, opt, roleWriter); err != nil {
		return nil, err
	}
	s.stmts.db = s.writer
	if s.spool.db, err = os.Stat(path); err != nil {
		s.writer.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	upgraded, err := migrate(ctx, s.writer, opt.BusyTimeout)
	if err != nil {
		s.writer.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	if s.readers, err = openDB(ctx, path, opt, roleReader); err != nil {
		s.writer.Close()
		return nil, err
	}
	s.readStmts.db = s.readers
	if err := s.initCodecs(opt.Level); err != nil {
		s.Close()
		return nil, err
	}
	if upgraded > 0 {
		// A step may leave articles for the full-text index to take again
		// (0012 did): searches right after an upgrade find them.
		if _, err := s.IndexPending(ctx); err != nil {
			s.Close()
			return nil, fmt.Errorf("open %s: rebuild the search index: %w", path, err)
		}
	}
	return s, nil
}

// newStore is the store of path with opt, its databases not opened yet.
func newStore(path string, opt Options) *Store {
	s := &Store{path: path, now: opt.Now, log: opt.Logger, level: opt.Level, noDelta: opt.NoDelta, extract: opt.Extract,
		busyTimeout: opt.BusyTimeout, snapshotRole: roleSnapshot}
	s.spool.path, s.spool.dbPath = path+spoolSuffix, path
	return s
}

func withDefaults(opt Options) Options {
	if opt.BusyTimeout <= 0 {
		opt.BusyTimeout = DefaultBusyTimeout
	}
	if opt.Readers <= 0 {
		opt.Readers = DefaultReaders
	}
	if opt.Level == 0 {
		opt.Level = zstd.SpeedBetterCompression
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Logger == nil {
		opt.Logger = slog.Default()
	}
	return opt
}

func (s *Store) initCodecs(level zstd.EncoderLevel) error {
	var err error
	s.enc, err = zstd.NewWriter(nil, zstd.WithEncoderLevel(level), zstd.WithEncoderConcurrency(1))
	if err != nil {
		return fmt.Errorf("zstd encoder: %w", err)
	}
	s.dec, err = zstd.NewReader(nil, zstd.WithDecoderConcurrency(0))
	if err != nil {
		return fmt.Errorf("zstd decoder: %w", err)
	}
	return nil
}

// Path is the file the store was opened from, its symbolic links
// followed (RealPath).
func (s *Store) Path() string { return s.path }

// Files lists the files that make up the archive: the database, SQLite's
// write-ahead log and shared memory, the body spool, the reserve file (see
// HoldReserve) and the lock file. Some may not exist.
func (s *Store) Files() []string {
	return []string{s.path, s.path + "-wal", s.path + "-shm", s.path + spoolSuffix, s.path + reserveSuffix,
		LockPath(s.path)}
}

// Close releases the database connections and the spool's files.
func (s *Store) Close() error {
	errs := []error{s.stmts.close(), s.readStmts.close(), s.spool.close()}
	if s.readers != nil {
		errs = append(errs, s.readers.Close())
	}
	if s.writer != nil {
		errs = append(errs, s.writer.Close())
	}
	if s.enc != nil {
		errs = append(errs, s.enc.Close())
	}
	if s.dec != nil {
		s.dec.Close()
	}
	return errors.Join(errs...)
}

// sqliteMagic starts every SQLite database file.
var sqliteMagic = []byte("SQLite format 3\x00")

// checkPath refuses directories, missing parents and files that are not
// SQLite databases before the driver gets a chance to create or overwrite
// anything.
func checkPath(path string, mustExist bool) error {
	if path == "" {
		return fmt.Errorf("database path is empty")
	}
	if err := checkNotCompanion(path); err != nil {
		return err
	}
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		if mustExist {
			return fmt.Errorf("%s: %w", path, ErrNoDatabase)
		}
		return checkDir(filepath.Dir(path))
	case err != nil:
		return fmt.Errorf("database %s: %w", path, err)
	case fi.IsDir():
		return fmt.Errorf("database %s is a directory", path)
	case !fi.Mode().IsRegular():
		// Opening a named pipe would block until a writer came, signals
		// and all; a device is no archive either.
		return fmt.Errorf("database %s is not a regular file (%s)", path, fileKind(fi.Mode()))
	}
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("database %s: %w", path, err)
	}
	defer f.Close()
	head := make([]byte, len(sqliteMagic))
	n, err := io.ReadFull(f, head)
	switch {
	case n == 0 && err == io.EOF && mustExist:
		// A reader would make it an empty archive; nothing was ever saved.
		return emptyFileError(path)
	case n == 0 && err == io.EOF:
		return nil // an empty file is a valid, empty SQLite database
	}
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Errorf("database %s: %w", path, err)
	}
	if !bytes.Equal(head[:n], sqliteMagic) {
		return fmt.Errorf("%s: %w", path, ErrNotDatabase)
	}
	return nil
}

// companionSuffixes name the files an archive keeps beside its database.
var companionSuffixes = []string{spoolSuffix, reserveSuffix, "-wal", "-shm", "-journal"}

// checkNotCompanion refuses a path that is a file another archive keeps
// beside its database (news.db-spool when news.db is there): an archive
// made there would be written over by its owner's spool, and emptied by
// its compaction.
func checkNotCompanion(path string) error {
	if resolved, err := filepath.EvalSymlinks(path); err == nil && resolved != path {
		// A link to another archive's file is that file.
		if err := checkNotCompanion(resolved); err != nil {
			return fmt.Errorf("%s leads to %s: %w", path, resolved, err)
		}
	}
	if owner, suffix := companionOwner(path); owner != "" {
		return fmt.Errorf("database %s is the %s file of the archive %s: give the archive's own path", path, suffix, owner)
	}
	return nil
}

// companionOwner returns the archive whose companion file path names
// (news.db for news.db-spool, when news.db is there) and the companion's
// suffix, or "".
func companionOwner(path string) (owner, suffix string) {
	for _, suffix := range companionSuffixes {
		owner, ok := strings.CutSuffix(path, suffix)
		if !ok || owner == "" {
			continue
		}
		if fi, err := os.Stat(owner); err == nil && fi.Mode().IsRegular() {
			return owner, suffix
		}
	}
	return "", ""
}

// fileKind names a file that is not a regular one.
func fileKind(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return m.Type().String()
}

func checkDir(dir string) error {
	fi, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("database directory %s: %w", dir, err)
	}
	if !fi.IsDir() {
		return fmt.Errorf("database directory %s is not a directory", dir)
	}
	return nil
}

// dbRole is what a connection pool of the store is for.
type dbRole int

const (
	roleWriter dbRole = iota
	roleReader
	// roleReadOnly reads a file the process opens read-only (mode=ro): a
	// writer elsewhere may have it open, SQLite follows its WAL.
	roleReadOnly
	// roleImmutable reads a file no one writes (immutable=1): SQLite takes
	// no locks and needs no -shm file, which a read-only directory or a
	// full disk would not let it create.
	roleImmutable
	// roleSnapshot reads the file as roleReadOnly does, but may write
	// another file: the copy VACUUM INTO makes, which query_only refuses.
	roleSnapshot
	// roleImmutableSnapshot is roleSnapshot of a file read as immutable.
	roleImmutableSnapshot
)

// openDB opens one pool. The writer pool has a single connection and takes
// the write lock when a transaction begins, so concurrent writers queue in
// Go instead of failing with SQLITE_BUSY.
func openDB(ctx context.Context, path string, opt Options, role dbRole) (*sql.DB, error) {
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", opt.BusyTimeout.Milliseconds()))
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous(NORMAL)")
	writer := role == roleWriter
	if writer {
		// WAL mode is set by migrate, once the file is known to be ours.
		q.Set("_txlock", "immediate")
	}
	if role == roleImmutable || role == roleImmutableSnapshot {
		q.Set("immutable", "1")
	}
	if role != roleWriter && role != roleReader {
		q.Set("mode", "ro")
	}
	if role != roleWriter && role != roleSnapshot && role != roleImmutableSnapshot {
		q.Add("_pragma", "query_only(1)")
	}
	dsn := "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	if writer {
		db.SetMaxOpenConns(1)
	} else {
		db.SetMaxOpenConns(opt.Readers)
	}
	db.SetMaxIdleConns(max(1, opt.Readers))
	db.SetConnMaxLifetime(0)
	if err := ping(ctx, db); err != nil {
		db.Close()
		return nil, fmt.Errorf("open %s: %w", path, describe(err))
	}
	return db, nil
}

// ping opens db's first connection, or gives up when ctx ends. The driver
// runs the DSN's pragmas without the caller's context, so a lock another
// program holds on the file would keep a Ctrl-C'd command waiting out the
// busy timeout; the wait is left behind instead, and its connection closed
// as it ends, db being closed by then.
func ping(ctx context.Context, db *sql.DB) error {
	done := make(chan error, 1)
	go func() { done <- db.Ping() }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// describe turns the driver's terse messages into a user-facing cause.
func describe(err error) error {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "SQLITE_NOTADB"), strings.Contains(msg, "file is not a database"):
		return fmt.Errorf("%w (%v)", ErrNotDatabase, err)
	case strings.Contains(msg, "SQLITE_CANTOPEN"), strings.Contains(msg, "unable to open"):
		return fmt.Errorf("cannot open database file (missing directory or no permission): %w", err)
	case strings.Contains(msg, "SQLITE_READONLY"), strings.Contains(msg, "readonly"):
		return fmt.Errorf("database is read-only (no write permission): %w", err)
	}
	return err
}
