//go:build unix

package archive

import (
	"os"
	"syscall"
)

// nameCount is how many names (hard links) the file at path has; 1 when
// it cannot tell.
func nameCount(path string) uint64 {
	fi, err := os.Stat(path)
	if err != nil {
		return 1
	}
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return uint64(st.Nlink)
	}
	return 1
}
