package archive

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/gofrs/flock"
)

// ErrLocked is returned by LockDaemon when another process holds the
// database's daemon lock.
var ErrLocked = errors.New("database is in use by another daemon")

// DaemonLock is the one-daemon-per-database lock: an flock'd file beside
// the database. The kernel drops the lock when its process dies, so a
// killed daemon never leaves a stale lock behind.
type DaemonLock struct {
	fl *flock.Flock
}

// LockPath is the lock file of the database at dbPath, beside the file
// its symbolic links lead to (RealPath).
func LockPath(dbPath string) string { return RealPath(dbPath) + ".lock" }

// LockDaemon takes the daemon lock of the database at dbPath without
// waiting. The lock file records the holder (owner, e.g. "pid 12 on host")
// so a refusal can say who holds it.
func LockDaemon(dbPath, owner string) (*DaemonLock, error) {
	path := LockPath(dbPath)
	fl := flock.New(path, flock.SetFlag(os.O_CREATE|os.O_RDWR))
	ok, err := fl.TryLock()
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	if !ok {
		holder, _ := os.ReadFile(path) // best effort: only for the message
		msg := strings.TrimSpace(string(holder))
		if msg == "" {
			msg = "unknown holder"
		}
		return nil, fmt.Errorf("%w: %s (%s holds %s)", ErrLocked, dbPath, msg, path)
	}
	info := fmt.Sprintf("%s since %s\n", owner, time.Now().UTC().Format(time.RFC3339))
	if err := os.WriteFile(path, []byte(info), 0o644); err != nil {
		fl.Unlock()
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	return &DaemonLock{fl: fl}, nil
}

// Unlock releases the lock. The file stays: removing it would let a
// process that opened it before the removal lock a file nobody else sees.
func (l *DaemonLock) Unlock() error {
	if err := l.fl.Unlock(); err != nil {
		return fmt.Errorf("unlock %s: %w", l.fl.Path(), err)
	}
	return nil
}

// ErrSourceBusy is returned by LockSource when another process (or another
// crawl in this one) holds the source's crawl lock.
var ErrSourceBusy = errors.New("source is being crawled by another process")

// SourceLock is held by the one crawl of a source under way: an flock'd
// file in a directory beside the database. Like the daemon lock, it dies
// with its process, so a run left running by a process that no longer
// holds its source's lock was interrupted.
type SourceLock struct {
	fl *flock.Flock
}

// unsafeName matches what a lock file name does not keep of a source name.
var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// SourceLockPath is the crawl lock file of the named source of the
// database at dbPath. The name is kept readable; a hash of it tells apart
// names that read the same once cleaned.
func SourceLockPath(dbPath, source string) string {
	sum := sha256.Sum256([]byte(source))
	clean := unsafeName.ReplaceAllString(source, "_")
	if len(clean) > 64 {
		clean = clean[:64]
	}
	return filepath.Join(crawlLocksDir(dbPath), clean+"-"+hex.EncodeToString(sum[:4])+".lock")
}

// crawlLocksDir is the directory of the crawl locks of the database at
// dbPath, beside the file its symbolic links lead to (RealPath).
func crawlLocksDir(dbPath string) string {
	return RealPath(dbPath) + ".crawl-locks"
}

// LockSource takes the crawl lock of the named source without waiting;
// ErrSourceBusy says another crawl holds it.
func (s *Store) LockSource(source string) (*SourceLock, error) {
	path := SourceLockPath(s.path, source)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("lock source %s: %w", source, err)
	}
	fl := flock.New(path, flock.SetFlag(os.O_CREATE|os.O_RDWR))
	ok, err := fl.TryLock()
	if err != nil {
		return nil, fmt.Errorf("lock source %s: %w", source, err)
	}
	if !ok {
		return nil, fmt.Errorf("%w: %s", ErrSourceBusy, source)
	}
	return &SourceLock{fl: fl}, nil
}

// SourceCrawled reports whether a process, this one included, holds the
// crawl lock of the named source; true when it cannot tell.
func (s *Store) SourceCrawled(source string) bool {
	path := SourceLockPath(s.path, source)
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return false
	}
	// A shared lock on a descriptor of its own is refused while any
	// descriptor holds the exclusive one, in this process too.
	fl := flock.New(path, flock.SetFlag(os.O_RDONLY))
	ok, err := fl.TryRLock()
	if err != nil || !ok {
		return true
	}
	fl.Unlock()
	return false
}

// Unlock releases the lock; the file stays, as DaemonLock's does.
func (l *SourceLock) Unlock() error {
	if err := l.fl.Unlock(); err != nil {
		return fmt.Errorf("unlock %s: %w", l.fl.Path(), err)
	}
	return nil
}
