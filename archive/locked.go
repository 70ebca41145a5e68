package archive

import (
	"errors"

	"modernc.org/sqlite"
)

// SQLite's result codes of a lock another connection holds.
const (
	sqliteBusy   = 5
	sqliteLocked = 6
)

// Locked reports whether err says another connection (another process's
// db check, db reindex, reparse or crawl) held the archive's write lock
// for longer than the store's busy timeout, or past the bound of
// WaitForLockUntil. Unlike Unwritable, it passes:
// the same write can succeed once the other is done.
func Locked(err error) bool {
	if errors.Is(err, errLockWaitOver) {
		return true
	}
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return false
	}
	switch se.Code() & 0xff {
	case sqliteBusy, sqliteLocked:
		return true
	}
	return false
}
