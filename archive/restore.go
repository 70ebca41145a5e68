package archive

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/gofrs/flock"
)

// Restored says what Restore did.
type Restored struct {
	Articles int64
	// Aside is where the archive it replaced now lies (its companion files
	// beside it under the same name), or "" when there was none.
	Aside string
}

// restoreSuffixes are the files of an archive a restore moves aside
// together: the database with its log, shared memory and spool.
var restoreSuffixes = []string{"", "-wal", "-shm", spoolSuffix}

// Restore puts the archive backup (one Backup wrote, or any archive) in
// the place of the archive at path, which no daemon or crawl may be
// using. The archive there, if any, is not deleted: its files are moved
// aside together, to path.replaced-TIME, and moved back should the
// restore fail. A stale log beside the database would be replayed into
// the restored file, so the copy never meets one. The backup is checked
// first (it must be a whole archive: SQLite's quick check, no log beside
// it holding commits, its spool when it lists spooled pages) and the
// restored archive opened and checked after.
func Restore(ctx context.Context, backup, path string, now time.Time) (Restored, error) {
	var done Restored
	path = RealPath(path) // the files a link leads to are the archive's
	if err := checkRestorable(ctx, backup, path); err != nil {
		return done, err
	}
	release, err := lockAgainstUse(path)
	if err != nil {
		return done, err
	}
	defer release()
	if done.Aside, err = moveAside(path, now); err != nil {
		return done, err
	}
	if err := placeCopy(backup, path); err != nil {
		return done, restoreFailed(path, done.Aside, err)
	}
	if done.Articles, err = checkRestored(ctx, path); err != nil {
		return done, restoreFailed(path, done.Aside, err)
	}
	return done, nil
}

// checkRestorable refuses a backup that is not a whole archive on its own.
func checkRestorable(ctx context.Context, backup, path string) error {
	if same(backup, path) {
		return fmt.Errorf("restore: %s is the archive itself", backup)
	}
	if fi, err := os.Stat(backup + "-wal"); err == nil && fi.Size() > 0 {
		return fmt.Errorf("restore: %s has a write-ahead log beside it holding commits: "+
			"close what has it open, or fold the log in (newsarchive db --db %s compact)", backup, backup)
	}
	leave := absentSidecars(backup) // reading it may make them
	defer leave()
	b, err := Open(ctx, backup, Options{ReadOnly: true})
	if errors.Is(err, ErrOlderSchema) {
		return nil // a backup of an older release: upgraded and checked once in place
	}
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	defer b.Close()
	if err := b.QuickCheck(ctx); err != nil {
		return fmt.Errorf("restore: %s: %w", backup, err)
	}
	problem, err := b.spoolProblem(ctx)
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	if problem != "" {
		return fmt.Errorf("restore: %s is not whole: %s", backup, problem)
	}
	return nil
}

// same reports whether two paths name one file.
func same(a, b string) bool {
	fa, err := os.Stat(a)
	if err != nil {
		return false
	}
	fb, err := os.Stat(b)
	return err == nil && os.SameFile(fa, fb)
}

// lockAgainstUse takes the daemon lock of the archive at path and checks
// that no crawl holds a source's lock, so that nothing writes to the files
// the restore moves. It returns what releases the daemon lock.
func lockAgainstUse(path string) (release func(), err error) {
	lock, err := LockDaemon(path, "newsarchive db restore, pid "+strconv.Itoa(os.Getpid()))
	if errors.Is(err, ErrLocked) {
		return nil, fmt.Errorf("restore: a daemon uses the archive: %w; stop it first", err)
	}
	if err != nil {
		return nil, fmt.Errorf("restore: %w", err)
	}
	locks, _ := filepath.Glob(filepath.Join(crawlLocksDir(path), "*.lock"))
	for _, l := range locks {
		fl := flock.New(l, flock.SetFlag(os.O_RDONLY))
		ok, err := fl.TryLock()
		if err != nil || !ok {
			lock.Unlock()
			return nil, fmt.Errorf("restore: a crawl uses the archive %s (%s is held); let it end first", path, l)
		}
		fl.Unlock()
	}
	return func() { lock.Unlock() }, nil
}

// moveAside renames the archive's files at path to path.replaced-TIME and
// returns that name, or "" when there is no archive at path.
func moveAside(path string, now time.Time) (string, error) {
	if _, err := os.Lstat(path); errors.Is(err, os.ErrNotExist) {
		return "", nil
	}
	aside := path + ".replaced-" + now.UTC().Format("20060102T150405Z")
	for _, suffix := range restoreSuffixes {
		if _, err := os.Lstat(aside + suffix); err == nil {
			return "", fmt.Errorf("restore: %s exists", aside+suffix)
		}
	}
	for i, suffix := range restoreSuffixes {
		err := os.Rename(path+suffix, aside+suffix)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			if berr := moveBack(path, aside, restoreSuffixes[:i]); berr != nil {
				return "", fmt.Errorf("restore: move the archive aside: %w; some of its files stay at %s (%v)", err, aside, berr)
			}
			return "", fmt.Errorf("restore: move the archive aside: %w", err)
		}
	}
	return aside, nil
}

// moveBack returns the files moved aside (of the suffixes given) to path.
func moveBack(path, aside string, suffixes []string) error {
	var errs []error
	for _, suffix := range suffixes {
		if err := os.Rename(aside+suffix, path+suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// restoreFailed removes what a failed restore placed at path and moves the
// archive it replaced back.
func restoreFailed(path, aside string, cause error) error {
	for _, suffix := range restoreSuffixes {
		os.Remove(path + suffix)
	}
	if aside == "" {
		return cause
	}
	if err := moveBack(path, aside, restoreSuffixes); err != nil {
		return fmt.Errorf("%w; the archive it replaced stays at %s (%v)", cause, aside, err)
	}
	return fmt.Errorf("%w; the archive is as it was", cause)
}

// placeCopy copies the backup (and its spool, when it has one) to path,
// durably, through a temporary name.
func placeCopy(backup, path string) error {
	if fi, err := os.Stat(backup + spoolSuffix); err == nil && fi.Size() > 0 {
		if err := copyFileTo(backup+spoolSuffix, path+spoolSuffix); err != nil {
			return err
		}
	}
	return copyFileTo(backup, path)
}

// copyFileTo copies the file src to dst through dst's temporary name,
// synced, with src's permissions.
func copyFileTo(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	defer in.Close()
	fi, err := in.Stat()
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	tmp := dst + ".restoring-" + strconv.Itoa(os.Getpid())
	out, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, fi.Mode().Perm())
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	_, err = io.Copy(out, in)
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, dst)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("restore: copy %s to %s: %w", src, dst, err)
	}
	return syncFile(filepath.Dir(dst))
}

// checkRestored opens the restored archive as the commands will, checks
// it, and counts its articles.
func checkRestored(ctx context.Context, path string) (int64, error) {
	s, err := Open(ctx, path, Options{MustExist: true})
	if err != nil {
		return 0, fmt.Errorf("restore: open the restored archive: %w", err)
	}
	defer s.Close()
	if err := s.QuickCheck(ctx); err != nil {
		return 0, fmt.Errorf("restore: %w", err)
	}
	var n int64
	if err := s.readers.QueryRowContext(ctx, `SELECT COUNT(*) FROM articles`).Scan(&n); err != nil {
		return 0, fmt.Errorf("restore: count articles: %w", err)
	}
	return n, nil
}
