//go:build !unix

package archive

import (
	"errors"
	"fmt"
)

// DiskFree reports errors.ErrUnsupported here, where package syscall has
// no statfs: callers go without the figure.
func (s *Store) DiskFree() (int64, error) { return DiskFreeAt("") }

// DiskFreeAt reports errors.ErrUnsupported here, as DiskFree does.
func DiskFreeAt(string) (int64, error) {
	return 0, fmt.Errorf("free space: %w", errors.ErrUnsupported)
}

// ReadOnlyFS reports false here, where package syscall cannot tell.
func ReadOnlyFS(string) bool { return false }

// WriteRefused reports nil here, where package syscall cannot tell:
// SQLite's own errors say it at the first write.
func WriteRefused(string) error { return nil }
