package archive

import (
	"os"
	"syscall"
)

// fdatasync flushes f's data and the size it grew to, without the
// metadata a read does not need (times): measured at about 0.35 ms per
// call here, once per transaction that spooled a body.
func fdatasync(f *os.File) error {
	return syscall.Fdatasync(int(f.Fd()))
}
