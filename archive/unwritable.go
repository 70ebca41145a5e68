package archive

import (
	"errors"
	"syscall"

	"modernc.org/sqlite"
)

// SQLite's primary result codes that say the storage refuses writes or
// the database file is damaged.
const (
	sqliteReadOnly = 8
	sqliteIOErr    = 10
	sqliteCorrupt  = 11
	sqliteFull     = 13
	sqliteCantOpen = 14
	sqliteNotADB   = 26
)

// storageErrnos are the system errors of a disk that takes no more: full,
// over the user's quota, over the process's file size limit, mounted
// read-only, or failing.
var storageErrnos = []syscall.Errno{syscall.ENOSPC, syscall.EDQUOT, syscall.EFBIG, syscall.EROFS, syscall.EIO}

// Unwritable reports whether err says the archive's storage refuses
// writes, from the spool or from SQLite, or that the database file is
// damaged: unlike one bad record, no later save can be trusted to succeed
// until someone frees space, mends the disk or repairs the database
// (`db check` says what is wrong), so a crawl stops rather than fetch
// pages it cannot keep.
func Unwritable(err error) bool {
	if errors.Is(err, ErrArchiveGone) || errors.Is(err, ErrNotWritable) {
		return true
	}
	for _, errno := range storageErrnos {
		if errors.Is(err, errno) {
			return true
		}
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqliteReadOnly, sqliteIOErr, sqliteCorrupt, sqliteFull, sqliteNotADB,
			// An existing archive on a read-only mount: SQLite opens the
			// file read-only, then cannot make its -wal and -shm files.
			sqliteCantOpen:
			return true
		}
	}
	return false
}
