//go:build !linux

package archive

import "os"

// fdatasync flushes f; systems other than Linux get a full fsync.
func fdatasync(f *os.File) error {
	return f.Sync()
}

// punchHole is Linux's alone here: elsewhere a compacted body's bytes stay
// in the spool until Compact empties it.
func punchHole(*os.File, int64, int64) error { return errPunchUnsupported }
