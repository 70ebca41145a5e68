package archive

import (
	"errors"
	"fmt"
	"os"
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

// LockPath is the lock file of the database at dbPath.
func LockPath(dbPath string) string { return dbPath + ".lock" }

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
