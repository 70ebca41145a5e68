//go:build unix

package archive

import (
	"context"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestOpenRefusesANamedPipe: a named pipe given as the database is
// refused at once; opening it would block until a writer came, deaf to
// Ctrl-C.
func TestOpenRefusesANamedPipe(t *testing.T) {
	path := filepath.Join(t.TempDir(), "pipe.db")
	if err := syscall.Mkfifo(path, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	for _, opt := range []Options{{}, {MustExist: true}, {ReadOnly: true}} {
		done := make(chan error, 1)
		go func() {
			s, err := Open(context.Background(), path, opt)
			if err == nil {
				s.Close()
			}
			done <- err
		}()
		select {
		case err := <-done:
			if err == nil || !strings.Contains(err.Error(), "is not a regular file (a named pipe)") {
				t.Errorf("Open(%+v) of a named pipe: %v", opt, err)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("Open(%+v) of a named pipe still blocks", opt)
		}
	}
}
