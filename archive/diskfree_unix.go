//go:build unix

package archive

import (
	"errors"
	"fmt"
	"path/filepath"
	"syscall"
)

// DiskFree is the space, in bytes, left to the archive's writes on the
// file system that holds it (blocks free to unprivileged users).
func (s *Store) DiskFree() (int64, error) { return DiskFreeAt(filepath.Dir(s.path)) }

// DiskFreeAt is the space, in bytes, left to unprivileged writes on the
// file system that holds dir.
func DiskFreeAt(dir string) (int64, error) {
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		return 0, fmt.Errorf("free space of %s: %w", dir, err)
	}
	return int64(st.Bavail) * int64(st.Bsize), nil
}

// ReadOnlyFS reports whether path lies on a file system mounted read-only.
func ReadOnlyFS(path string) bool {
	const writable = 2 // W_OK
	return errors.Is(syscall.Access(path, writable), syscall.EROFS)
}

// WriteRefused returns why this user may not write the existing file or
// directory at path (permission denied, or a read-only mount), or nil:
// also nil for one that does not exist.
func WriteRefused(path string) error {
	const writable = 2 // W_OK
	err := syscall.Access(path, writable)
	if errors.Is(err, syscall.EACCES) || errors.Is(err, syscall.EPERM) || errors.Is(err, syscall.EROFS) {
		return err
	}
	return nil
}
