package archive

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// BackedUp says what Backup wrote.
type BackedUp struct {
	Path      string
	Bytes     int64 // the backup's size on disk
	Articles  int64
	Bodies    int64
	Compacted int // bodies waiting in the spool, stored compacted in the backup
	Damaged   int // spooled bodies that no longer read back here: damaged in the backup too
}

// Backup writes a copy of the archive to dest, a new file, while crawls
// and the daemon go on writing: the copy is the archive as one read
// transaction saw it, a database in its own right (its pages rewritten
// densely, as VACUUM does), with every page ingest had spooled raw and not
// compacted yet stored compacted in it and its search index complete, so
// that dest alone is the whole archive. It is written under a temporary
// name beside dest, checked (SQLite's quick check) and renamed; a failure
// or a cancelled ctx leaves no file behind. The archive is only read: the
// read transaction keeps its write-ahead log from being checkpointed past
// it while the copy runs.
func (s *Store) Backup(ctx context.Context, dest string) (BackedUp, error) {
	return s.BackupReporting(ctx, dest, nil)
}

// BackupStage is what a backup is doing.
type BackupStage int

const (
	// BackupCopying counts the bytes of the copy written, out of the size
	// of the archive's database file (the copy leaves out its free pages,
	// so it may end short of it).
	BackupCopying BackupStage = iota
	// BackupCompacting counts the spooled bodies compacted into the copy.
	BackupCompacting
)

// BackupProgress is how far a backup's stage has come.
type BackupProgress struct {
	Stage       BackupStage
	Done, Total int64
}

// BackupReporting is Backup telling report, when not nil, how far it has
// come: a few times a second while it copies, and after each batch of
// bodies it compacts into the copy.
func (s *Store) BackupReporting(ctx context.Context, dest string, report func(BackupProgress)) (BackedUp, error) {
	done := BackedUp{Path: dest}
	if err := s.checkBackupDest(dest); err != nil {
		return done, err
	}
	if err := s.checkBackupRoom(ctx, dest); err != nil {
		return done, err
	}
	tmp, err := createBackupTemp(dest, s.fileMode())
	if err != nil {
		return done, fmt.Errorf("backup %s: %w", dest, err)
	}
	kept := false
	defer func() {
		if !kept {
			removeArchiveFiles(tmp)
		}
	}()
	stopReports := reportGrowth(tmp, s.path, report)
	err = s.snapshotInto(ctx, tmp, dest)
	stopReports()
	if err != nil {
		return done, err
	}
	b, err := Open(ctx, tmp, Options{Logger: quieter(s.log), Level: s.level, NoDelta: s.noDelta, Now: s.now,
		Extract: s.extract})
	if err != nil {
		return done, fmt.Errorf("backup %s: open the copy: %w", dest, err)
	}
	err = s.completeBackup(ctx, b, &done, report)
	if cerr := b.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("backup %s: close the copy: %w", dest, cerr)
	}
	if err != nil {
		return done, err
	}
	if err := s.placeBackup(tmp, dest); err != nil {
		return done, err
	}
	kept = true
	if fi, err := os.Stat(dest); err == nil {
		done.Bytes = fi.Size()
	}
	return done, nil
}

// checkBackupDest refuses a destination that exists, that another
// archive's files would take for one of theirs, or whose directory is
// missing: a backup never writes over anything.
func (s *Store) checkBackupDest(dest string) error {
	if dest == "" {
		return errors.New("backup: the destination path is empty")
	}
	for _, f := range []string{dest, dest + "-wal", dest + "-shm", dest + spoolSuffix} {
		if _, err := os.Lstat(f); err == nil {
			return fmt.Errorf("backup: %s exists; a backup is written to a new file, never over one", f)
		} else if !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("backup: %w", err)
		}
	}
	if owner, suffix := companionOwner(dest); owner != "" {
		return fmt.Errorf("backup: %s would be taken for the %s file of the archive %s; choose another name",
			dest, suffix, owner)
	}
	if err := checkDir(filepath.Dir(dest)); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	return nil
}

// fileMode is the permissions of the archive's database file, which its
// backup gets: a private archive stays private.
func (s *Store) fileMode() os.FileMode {
	fi, err := os.Stat(s.path)
	if err != nil {
		return 0o666 // less the umask, as os.Create
	}
	return fi.Mode().Perm()
}

// checkBackupRoom refuses a backup whose copy cannot fit on the disk of
// dest, before writing any of it: the copy holds at least the pages of
// the database in use (not its free ones).
func (s *Store) checkBackupRoom(ctx context.Context, dest string) error {
	var used int64
	err := s.readers.QueryRowContext(ctx, `SELECT (SELECT page_count FROM pragma_page_count()) -
		(SELECT freelist_count FROM pragma_freelist_count())`).Scan(&used)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	var pageSize int64
	if err := s.readers.QueryRowContext(ctx, `PRAGMA page_size`).Scan(&pageSize); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	free, err := DiskFreeAt(filepath.Dir(dest))
	if err != nil {
		return nil // no figure to judge by: the copy finds out
	}
	if need := used * pageSize; free < need {
		return fmt.Errorf("backup: no room for %s: the copy takes about %s, its disk has %s free",
			dest, mebibytes(need), mebibytes(free))
	}
	return nil
}

// mebibytes writes a size in MiB.
func mebibytes(n int64) string { return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20)) }

// createBackupTemp creates the empty file a backup is written to before
// it is renamed to dest, beside it (.NAME.PID-RANDOM.tmp), with the
// permissions perm; SQLite gives the files it makes beside it the same.
func createBackupTemp(dest string, perm os.FileMode) (string, error) {
	prefix := filepath.Join(filepath.Dir(dest), "."+filepath.Base(dest)+".")
	for range 100 {
		name := prefix + strconv.Itoa(os.Getpid()) + "-" + strconv.FormatUint(rand.Uint64(), 36) + ".tmp"
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, perm)
		if errors.Is(err, os.ErrExist) {
			continue
		}
		if err != nil {
			return "", err
		}
		if err := f.Chmod(perm); err != nil { // the umask may have taken bits
			f.Close()
			os.Remove(name)
			return "", err
		}
		return name, f.Close()
	}
	return "", errors.New("too many temporary files beside it")
}

// removeArchiveFiles removes a database and the files SQLite and the
// store keep beside it.
func removeArchiveFiles(path string) {
	for _, f := range []string{path, path + "-wal", path + "-shm", path + "-journal", path + spoolSuffix} {
		os.Remove(f)
	}
}

// snapshotInto writes the archive as one read transaction sees it into
// the empty file tmp (SQLite's VACUUM INTO), on a connection of its own:
// the read pool's connections refuse every write, this one included.
func (s *Store) snapshotInto(ctx context.Context, tmp, dest string) error {
	db, err := openDB(ctx, s.path, Options{BusyTimeout: s.busyTimeout, Readers: 1}, s.snapshotRole)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, `VACUUM INTO ?`, tmp); err != nil {
		return fmt.Errorf("backup: writing the copy of %s to %s failed: %w", s.path, dest, describe(err))
	}
	return nil
}

// reportGrowth reports the size of the file at path, the copy, out of that
// of the file at of every quarter of a second until the function it
// returns is called; with a nil report it does nothing.
func reportGrowth(path, of string, report func(BackupProgress)) (stop func()) {
	if report == nil {
		return func() {}
	}
	var total int64
	if fi, err := os.Stat(of); err == nil {
		total = fi.Size()
	}
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		tick := time.NewTicker(250 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				if fi, err := os.Stat(path); err == nil {
					report(BackupProgress{Stage: BackupCopying, Done: fi.Size(), Total: total})
				}
			}
		}
	}()
	return func() {
		close(done)
		<-finished
	}
}

// completeBackup stores the copy's spooled bodies compacted in it,
// indexes what the search index has not taken yet, and checks it.
func (s *Store) completeBackup(ctx context.Context, b *Store, done *BackedUp, report func(BackupProgress)) error {
	spooled, err := b.spooledBodies(ctx)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if done.Damaged, err = s.copySpooled(ctx, b, spooled); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	var compactReport func(Compacted)
	if report != nil && len(spooled) > 0 {
		compactReport = func(c Compacted) {
			report(BackupProgress{Stage: BackupCompacting, Done: int64(c.Bodies), Total: int64(len(spooled))})
		}
	}
	compacted, err := b.CompactReporting(ctx, compactReport)
	if err != nil {
		return fmt.Errorf("backup: compact the copy: %w", err)
	}
	done.Compacted = compacted.Bodies
	if _, err := b.IndexPending(ctx); err != nil {
		return fmt.Errorf("backup: index the copy: %w", err)
	}
	problems, err := b.sqliteCheck(ctx, "quick_check")
	if err != nil {
		return fmt.Errorf("backup: check the copy: %w", err)
	}
	if len(problems) > 0 {
		return fmt.Errorf("backup: the copy fails its check: %s", problems[0])
	}
	if _, err := b.Checkpoint(ctx); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	return b.countInto(ctx, done)
}

// spooledRow is a body the copy holds in the spool, which it has no
// bytes of yet.
type spooledRow struct {
	sha    string
	offset int64
}

// spooledBodies lists the copy's bodies stored in the spool.
func (s *Store) spooledBodies(ctx context.Context) ([]spooledRow, error) {
	rows, err := s.readers.QueryContext(ctx, `SELECT sha256, spool_offset FROM bodies
		WHERE encoding = 'spool' ORDER BY spool_offset`)
	if err != nil {
		return nil, fmt.Errorf("read spooled bodies: %w", err)
	}
	defer rows.Close()
	var out []spooledRow
	for rows.Next() {
		var r spooledRow
		if err := rows.Scan(&r.sha, &r.offset); err != nil {
			return nil, fmt.Errorf("read spooled bodies: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// copySpooled writes the bytes of the copy's spooled bodies into the
// copy's spool, at the offsets its rows record, reading them from the
// archive by their hash: a compaction here may have stored them in the
// table and freed their spool space since the copy's transaction, and
// the bytes are the same wherever they are. A body that no longer reads
// back is left out, for the copy's compaction to find damaged, as here.
func (s *Store) copySpooled(ctx context.Context, b *Store, spooled []spooledRow) (damaged int, err error) {
	if len(spooled) == 0 {
		return 0, nil
	}
	if _, err := b.spool.writer(true); err != nil {
		return 0, err
	}
	for _, r := range spooled {
		raw, err := s.Body(ctx, r.sha)
		if errors.Is(err, ErrBodyUnreadable) || errors.Is(err, ErrNotFound) {
			damaged++
			continue
		}
		if err != nil {
			return damaged, err
		}
		if err := b.spool.writeAt(raw, r.offset); err != nil {
			return damaged, err
		}
	}
	return damaged, b.spool.sync()
}

// countInto counts the copy's articles and bodies.
func (s *Store) countInto(ctx context.Context, done *BackedUp) error {
	err := s.readers.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM articles), (SELECT COUNT(*) FROM bodies)`).
		Scan(&done.Articles, &done.Bodies)
	if err != nil {
		return fmt.Errorf("backup: count the copy: %w", err)
	}
	return nil
}

// placeBackup makes the finished copy durable and renames it to dest,
// with its spool when damaged bodies still need one.
func (s *Store) placeBackup(tmp, dest string) error {
	if err := syncFile(tmp); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if fi, err := os.Stat(tmp + spoolSuffix); err == nil && fi.Size() > 0 {
		if err := os.Rename(tmp+spoolSuffix, dest+spoolSuffix); err != nil {
			return fmt.Errorf("backup: %w", err)
		}
	}
	if err := os.Rename(tmp, dest); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	os.Remove(tmp + spoolSuffix)
	if err := syncFile(filepath.Dir(dest)); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	return nil
}

// quieter keeps a logger's warnings and drops its information lines: a
// backup's copy compacts under a temporary name that means nothing to
// the user, but a damaged body it finds is worth a warning.
func quieter(log *slog.Logger) *slog.Logger {
	return slog.New(minLevel{Handler: log.Handler(), level: slog.LevelWarn})
}

// minLevel is a handler that passes on records from level up.
type minLevel struct {
	slog.Handler
	level slog.Level
}

func (h minLevel) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= h.level && h.Handler.Enabled(ctx, l)
}

func (h minLevel) WithAttrs(attrs []slog.Attr) slog.Handler {
	return minLevel{Handler: h.Handler.WithAttrs(attrs), level: h.level}
}

func (h minLevel) WithGroup(name string) slog.Handler {
	return minLevel{Handler: h.Handler.WithGroup(name), level: h.level}
}
