//go:build unix

package config

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestLoadRefusesWhatIsNoConfigFile: a named pipe no one writes blocked
// Load for ever, /dev/zero and a huge file filled the memory (of the
// daemon too, on a reload), deaf to signals. Each is refused at once,
// naming the path.
func TestLoadRefusesWhatIsNoConfigFile(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo.yaml")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	huge := filepath.Join(dir, "huge.yaml")
	if err := os.WriteFile(huge, []byte(strings.Repeat("#", MaxFileSize+1)), 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "zero.yaml")
	if err := os.Symlink("/dev/zero", link); err != nil {
		t.Fatal(err)
	}
	tests := []struct{ path, want string }{
		{fifo, "is not a regular file"},
		{"/dev/zero", "is not a regular file"},
		{link, "is not a regular file"},
		{huge, "is larger than 4 MiB"},
		{dir, "is not a regular file"},
	}
	for _, tt := range tests {
		_, err := Load(tt.path)
		if err == nil || !strings.Contains(err.Error(), tt.path+" "+tt.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("Load(%s) = %v, want one line saying it %s", tt.path, err, tt.want)
		}
	}
}
