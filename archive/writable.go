package archive

import (
	"errors"
	"fmt"
	"os"
)

// ErrNotWritable is an archive whose database file, or a -wal or -shm
// file beside it, this user may not write. SQLite would open such an
// archive read-only without a word, and make -wal and -shm files of this
// user's beside another's database, which its owner could then not write.
var ErrNotWritable = errors.New("not writable")

// checkWritable refuses, before SQLite opens it, an existing archive this
// user may not write, naming the file that refuses: the database, or a
// -wal or -shm file left by another user's process.
func checkWritable(path string) error {
	for _, f := range []string{path, path + "-wal", path + "-shm"} {
		if err := WriteRefused(f); err != nil {
			return fmt.Errorf("open %s: %s is %w (%v)%s", path, f, ErrNotWritable, err, sidecarHint(path, f))
		}
	}
	return nil
}

// sidecarHint tells what to do about a -wal or -shm file that refuses.
func sidecarHint(path, f string) string {
	if f == path {
		return ""
	}
	return "; another user's process made it: it may be removed once no process has the archive open"
}

// sidecarsAbsent reports whether the archive has neither a -wal nor a
// -shm file: no process has it open, since one that has keeps its -shm.
func sidecarsAbsent(path string) bool {
	for _, f := range []string{path + "-wal", path + "-shm"} {
		if _, err := os.Lstat(f); !errors.Is(err, os.ErrNotExist) {
			return false
		}
	}
	return true
}

// checkOneName refuses to write a database file that has more than one
// name (a hard link made to it): SQLite names its write-ahead log from
// the name a process opened, as the archive names its spool and locks,
// so two processes using two names would keep two logs of one database,
// and a crash under one would leave the other reading a torn file
// (SQLite's "How To Corrupt", 2.5).
func checkOneName(path string) error {
	if n := nameCount(path); n > 1 {
		return fmt.Errorf("open %s: the database file has %d names (hard links): "+
			"SQLite and the archive name their logs, spool and locks from the name, so writing under two names can corrupt it; "+
			"remove the other links (find / -samefile %s) or copy the archive (newsarchive db backup)", path, n, path)
	}
	return nil
}
