package archive

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
)

// TestSourceLock checks one crawl of a source at a time, per database,
// and that names which clean up alike still get locks of their own.
func TestSourceLock(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(context.Background(), filepath.Join(dir, "a.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	l, err := s.LockSource("news/site")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.LockSource("news/site"); !errors.Is(err, ErrSourceBusy) {
		t.Errorf("second lock of a source: %v, want ErrSourceBusy", err)
	}
	other, err := s.LockSource("news:site")
	if err != nil {
		t.Errorf("a source whose name cleans up alike: %v", err)
	} else {
		other.Unlock()
	}
	if err := l.Unlock(); err != nil {
		t.Fatal(err)
	}
	again, err := s.LockSource("news/site")
	if err != nil {
		t.Fatalf("lock after unlock: %v", err)
	}
	again.Unlock()
}

// TestInterruptRuns checks only the running runs of the source are ended,
// as failed and interrupted.
func TestInterruptRuns(t *testing.T) {
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "a.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	a, _ := s.EnsureSource(ctx, "a", "h")
	b, _ := s.EnsureSource(ctx, "b", "h")
	left, _ := s.StartTriggeredRun(ctx, a, TriggerSchedule)
	done, _ := s.StartRun(ctx, a)
	if err := s.FinishRun(ctx, done, RunResult{Status: RunOK}); err != nil {
		t.Fatal(err)
	}
	otherSource, _ := s.StartRun(ctx, b)
	n, err := s.InterruptRuns(ctx, a)
	if err != nil || n != 1 {
		t.Fatalf("InterruptRuns = %d, %v; want 1", n, err)
	}
	tests := []struct {
		id         int64
		status     string
		message    string
		wantsEnded bool
	}{
		{left, RunFailed, RunInterrupted, true},
		{done, RunOK, "", true},
		{otherSource, RunRunning, "", false},
	}
	for _, tt := range tests {
		r, err := s.RunByID(ctx, tt.id)
		if err != nil {
			t.Fatal(err)
		}
		if r.Status != tt.status || r.Message != tt.message || (r.EndedAt != nil) != tt.wantsEnded {
			t.Errorf("run %d: %+v, want %s %q", tt.id, r, tt.status, tt.message)
		}
	}
}
