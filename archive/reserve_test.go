package archive

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestReserveHoldsRoomUntilReleased: the reserve file holds its bytes of
// the disk, allocated, once however often it is held, is one of the
// archive's files, and gives them back when released.
func TestReserveHoldsRoomUntilReleased(t *testing.T) {
	s := mustOpen(t)
	path := s.Path() + reserveSuffix
	if !slices.Contains(s.Files(), path) {
		t.Errorf("Files() %v lacks the reserve file", s.Files())
	}
	hold := func() (int64, error) { return 0, s.HoldReserve() }
	tests := []struct {
		name     string
		do       func() (int64, error)
		released int64 // bytes given back
		held     int64 // bytes of the disk the file holds after
	}{
		{"hold", hold, 0, RecordReserve},
		{"hold again", hold, 0, RecordReserve},
		{"release", s.ReleaseReserve, RecordReserve, 0},
		{"release again", s.ReleaseReserve, 0, 0},
	}
	for _, tt := range tests {
		released, err := tt.do()
		if err != nil || released != tt.released {
			t.Errorf("%s gave back %d bytes (%v), want %d", tt.name, released, err, tt.released)
		}
		held := int64(0)
		if _, err := os.Stat(path); err == nil {
			held = allocated(t, path)
		}
		if held < tt.held || (tt.held == 0 && held != 0) {
			t.Errorf("%s: the reserve holds %d bytes of the disk, want %d", tt.name, held, tt.held)
		}
	}
}

// TestTrimSpoolGivesBackOrphanBytes: the bytes a batch whose commit the
// disk refused left at the spool's end are cut off, and the bodies before
// them read back; a spool with none keeps its size.
func TestTrimSpoolGivesBackOrphanBytes(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	bodies := pages(t, s, "news.example", 1, 2)
	size := spoolSize(t, s)
	orphans := bytes.Repeat([]byte("refused "), 1000)
	f, err := os.OpenFile(s.spool.path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write(orphans); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	for _, want := range []int64{int64(len(orphans)), 0} {
		trimmed, err := s.TrimSpool(ctx)
		if err != nil || trimmed != want {
			t.Errorf("TrimSpool = %d, %v; want %d", trimmed, err, want)
		}
		if got := spoolSize(t, s); got != size {
			t.Errorf("spool of %d bytes after the trim, want %d", got, size)
		}
	}
	mustReadBack(t, s, bodies)
	if problems, err := s.Check(ctx); err != nil || len(problems) > 0 {
		t.Errorf("check: %v %v", problems, err)
	}
}

// TestReserveSitsBesideTheDatabaseFile: an archive opened through a
// symbolic link from another directory (another disk, maybe) holds its
// reserve beside the file the link names, where SQLite writes the run's
// record: beside the link, a full disk under the database found no room
// given back there.
func TestReserveSitsBesideTheDatabaseFile(t *testing.T) {
	dataDir, linkDir := t.TempDir(), t.TempDir()
	real := filepath.Join(dataDir, "archive.db")
	mustOpenAt(t, real).Close()
	link := filepath.Join(linkDir, "link.db")
	if err := os.Symlink(real, link); err != nil {
		t.Fatal(err)
	}
	s := mustOpenAt(t, link)
	if err := s.HoldReserve(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(real + reserveSuffix); err != nil {
		t.Errorf("no reserve beside the database file: %v", err)
	}
	if _, err := os.Stat(link + reserveSuffix); err == nil {
		t.Errorf("a reserve beside the link")
	}
	if !slices.Contains(s.Files(), real+reserveSuffix) {
		t.Errorf("Files() %v lacks the reserve beside the database file", s.Files())
	}
	if n, err := s.ReleaseReserve(); err != nil || n != RecordReserve {
		t.Errorf("ReleaseReserve = %d, %v; want %d", n, err, RecordReserve)
	}
}
