package sourcerun

import (
	"fmt"
	"path/filepath"

	"github.com/dustin/go-humanize"

	"github.com/newsarchive/newsarchive/archive"
)

// WithDiskFree adds to an error of the archive's storage (see
// archive.Unwritable) the free space left on the disk that holds path
// when it is low: a full disk is the common cause, and SQLite's own words
// ("disk I/O error") do not say so.
func WithDiskFree(path string, err error) error {
	if err == nil || !archive.Unwritable(err) {
		return err
	}
	if archive.ReadOnlyFS(path) {
		return fmt.Errorf("%w (its file system is mounted read-only)", err)
	}
	free, ferr := archive.DiskFreeAt(filepath.Dir(path))
	if ferr != nil {
		return err
	}
	return withFree(path, err, free)
}

// withFree adds free, the free bytes of the disk holding path, to err when
// the disk is low.
func withFree(path string, err error, free int64) error {
	if free >= lowDiskFree {
		return err
	}
	return fmt.Errorf("%w; %s free on the disk holding %s", err, humanize.IBytes(uint64(max(free, 0))), path)
}
