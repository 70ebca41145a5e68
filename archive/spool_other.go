//go:build !linux

package archive

import "os"

// fdatasync flushes f; systems other than Linux get a full fsync.
func fdatasync(f *os.File) error {
	return f.Sync()
}
