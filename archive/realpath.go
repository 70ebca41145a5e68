package archive

import (
	"os"
	"path/filepath"
)

// RealPath is the database file path names once its symbolic links are
// followed, a link to a file not made yet included: SQLite writes there,
// and keeps its -wal and -shm beside it. The archive's own companions
// (the spool, the reserve, the daemon's and the crawls' locks) are named
// from this path, so that an archive opened through a link shares them
// with one opened by its own name: a link must not hide a running daemon
// or crawl, nor spool bodies where the archive's other users never look.
// A path without links, or whose links cannot be read, is returned as
// it is.
func RealPath(path string) string {
	if path == "" {
		return path
	}
	if real, err := filepath.EvalSymlinks(path); err == nil {
		if real == filepath.Clean(path) {
			return path // no link: the path as the user wrote it
		}
		return real
	}
	for range 40 { // as the kernel's limit on links in a path
		fi, err := os.Lstat(path)
		if err != nil || fi.Mode()&os.ModeSymlink == 0 {
			return path
		}
		to, err := os.Readlink(path)
		if err != nil {
			return path
		}
		if !filepath.IsAbs(to) {
			to = filepath.Join(filepath.Dir(path), to)
		}
		path = to
	}
	return path
}
