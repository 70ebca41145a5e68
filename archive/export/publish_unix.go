//go:build unix

package export

import (
	"context"
	"errors"
	"fmt"
	"os"
	"syscall"
	"time"

	"github.com/gofrs/flock"
)

// lockDir takes an exclusive flock on the directory dir, which every
// export publishing into it takes too: a lock on the directory itself
// leaves no lock file among the exports. A file system that keeps no
// locks (some network mounts), and a directory this user may write but
// not read (which cannot be opened to lock), get the exports unlocked, as
// before: the manifest's sha256 still tells a stray pair.
func lockDir(ctx context.Context, dir string) (unlock func() error, err error) {
	fl := flock.New(dir, flock.SetFlag(os.O_RDONLY))
	// The lock is held for three renames: polling finds it free soon.
	_, err = fl.TryLockContext(ctx, 5*time.Millisecond)
	switch {
	case errors.Is(err, syscall.ENOLCK), errors.Is(err, syscall.EOPNOTSUPP), errors.Is(err, os.ErrPermission):
		return func() error { return nil }, nil
	case err != nil:
		return nil, fmt.Errorf("lock %s for the rename into place: %w", dir, err)
	}
	return func() error {
		if err := fl.Unlock(); err != nil {
			return fmt.Errorf("unlock %s: %w", dir, err)
		}
		return nil
	}, nil
}
