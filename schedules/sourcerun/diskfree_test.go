package sourcerun

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestStorageErrorsSayTheFreeSpace: an error of the archive's storage
// names the free space of the disk holding it when that is low; other
// errors pass as they are.
func TestStorageErrorsSayTheFreeSpace(t *testing.T) {
	db := filepath.Join(t.TempDir(), "archive.db")
	full := fmt.Errorf("write %s-spool: %w", db, syscall.ENOSPC)
	if err := withFree(db, full, 4096); !errors.Is(err, syscall.ENOSPC) ||
		!strings.HasSuffix(err.Error(), "; 4.0 KiB free on the disk holding "+db) {
		t.Errorf("storage error on a full disk: %v", err)
	}
	if err := withFree(db, full, 2*lowDiskFree); err != full {
		t.Errorf("storage error with room on the disk: %v, want it as it was", err)
	}
	other := errors.New("no such article")
	if err := WithDiskFree(db, other); err != other {
		t.Errorf("other error became %v", err)
	}
	if err := WithDiskFree(db, nil); err != nil {
		t.Errorf("nil became %v", err)
	}
}
