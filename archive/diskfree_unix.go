//go:build unix

package archive

import (
	"fmt"
	"path/filepath"
	"syscall"
)

// DiskFree is the space, in bytes, left to the archive's writes on the
// file system that holds it (blocks free to unprivileged users).
func (s *Store) DiskFree() (int64, error) {
	var st syscall.Statfs_t
	if err := syscall.Statfs(filepath.Dir(s.path), &st); err != nil {
		return 0, fmt.Errorf("free space of %s: %w", filepath.Dir(s.path), err)
	}
	return int64(st.Bavail) * int64(st.Bsize), nil
}
