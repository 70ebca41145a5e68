//go:build unix

package export

import (
	"errors"
	"syscall"
)

// processGone reports whether no process has the id pid: the export that
// named a temporary file after it was killed before it could remove it.
func processGone(pid int) bool {
	return pid > 0 && errors.Is(syscall.Kill(pid, 0), syscall.ESRCH)
}
