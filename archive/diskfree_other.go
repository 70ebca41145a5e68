//go:build !unix

package archive

import (
	"errors"
	"fmt"
)

// DiskFree reports errors.ErrUnsupported here: the crawl then does not
// watch the disk (see cmd/newsarchive's crawlStore).
func (s *Store) DiskFree() (int64, error) {
	return 0, fmt.Errorf("free space: %w", errors.ErrUnsupported)
}
