package newstest

import (
	"bytes"
	"os/exec"
	"testing"
)

// MountTmpfs mounts a small tmpfs (8 MiB) in a temporary directory,
// unmounted when the test ends, or skips the test where mounting is not
// allowed.
func MountTmpfs(t *testing.T) string {
	t.Helper()
	return mountTmpfsOf(t, "8m")
}

// mountTmpfsOf is MountTmpfs of the given size (mount's size option).
func mountTmpfsOf(t *testing.T, size string) string {
	t.Helper()
	mnt := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size, "tmpfs", mnt).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs here: %v %s", err, bytes.TrimSpace(out))
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", mnt).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v %s", mnt, err, out)
		}
	})
	return mnt
}
