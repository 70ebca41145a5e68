package archive

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
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

// TestInterruptRunsRebuildsCounts: a run its process left running is
// recorded with what it stored (a version of an earlier run it refreshed
// counted as refreshed, not new) and ends at its last fetch; Runs shows
// those counts before any crawl records them.
func TestInterruptRunsRebuildsCounts(t *testing.T) {
	s := mustOpen(t)
	s.now = func() time.Time { return t0 } // runs start at t0
	ctx := context.Background()
	src, _ := s.EnsureSource(ctx, "harbor", "h")
	prior, _ := s.StartRun(ctx, src)
	first := record("https://news.example/a", "Ferry", "The ferry runs again from Monday morning.", t0)
	first.Fetch.RunID, first.Fetch.SourceID = prior, src
	mustSave(t, s, first)
	refiled := func(section string, at time.Time) Record {
		r := record("https://news.example/e", "Pier", "The pier reopens after the storm damage is mended.", at)
		r.Article.Section = section
		return r
	}
	pier := refiled("Local", t0)
	pier.Fetch.RunID, pier.Fetch.SourceID = prior, src
	mustSave(t, s, pier)
	if err := s.FinishRun(ctx, prior, RunResult{Status: RunOK}); err != nil {
		t.Fatal(err)
	}
	left, _ := s.StartRun(ctx, src)
	saves := []Record{
		record("https://news.example/a", "Ferry", "The ferry runs again from Monday, the council says.", t0.Add(time.Hour)),
		record("https://news.example/b", "Bridge", "The bridge closes for repairs over the summer.", t0.Add(time.Hour+time.Minute)),
		record("https://news.example/c", "Tunnel", "The tunnel opens a year late.", t0.Add(time.Hour+2*time.Minute)),
		refiled("Weather", t0.Add(time.Hour+150*time.Second)),
		{Fetch: Fetch{RequestedURL: "https://news.example/d", FinalURL: "https://news.example/d", Method: "GET",
			FetchedAt: t0.Add(time.Hour + 3*time.Minute), Err: "connect: connection refused"}},
	}
	var bytes int64
	for _, r := range saves {
		r.Fetch.RunID, r.Fetch.SourceID = left, src
		mustSave(t, s, r)
		bytes += int64(len(r.Fetch.Body))
	}
	last := func(when string) RunSummary {
		runs, err := s.Runs(ctx, RunFilter{Source: "harbor", Limit: 1})
		if err != nil || len(runs) != 1 {
			t.Fatalf("Runs = %v, %v", runs, err)
		}
		r := runs[0]
		if r.ID != left || r.Status != RunFailed || r.Message != RunInterrupted || r.Fetches != 4 || r.Errors != 1 ||
			r.New != 2 || r.Updated != 1 || r.Refreshed != 1 || r.Articles != 3 || r.Bytes != bytes {
			t.Errorf("interrupted run %s %+v; want 4 fetches, 1 error, 2 new, 1 updated, 1 refreshed, 3 articles, %d bytes",
				when, r, bytes)
		}
		return r
	}
	// Shown so before any crawl records it (no process holds its source).
	last("shown")
	if n, err := s.InterruptRuns(ctx, src); err != nil || n != 1 {
		t.Fatalf("InterruptRuns = %d, %v; want 1", n, err)
	}
	r := last("recorded")
	if want := t0.Add(time.Hour + 3*time.Minute); r.EndedAt == nil || !r.EndedAt.Equal(want) {
		t.Errorf("ended at %v, want the last fetch's %v", r.EndedAt, want)
	}
}

// TestRunOfADeadProcessShowsInterrupted: a run recorded running shows so
// while a process holds its source's crawl lock, and as interrupted once
// none does, before any crawl records it so; either way with what it
// stored so far.
func TestRunOfADeadProcessShowsInterrupted(t *testing.T) {
	s := mustOpen(t)
	ctx := t.Context()
	id, err := s.EnsureSource(ctx, "harbor", "fp")
	if err != nil {
		t.Fatal(err)
	}
	lock, err := s.LockSource("harbor")
	if err != nil {
		t.Fatal(err)
	}
	run, err := s.StartRun(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	lastFetch := time.Now().UTC().Add(time.Hour).Truncate(time.Millisecond) // after the run's start
	page := record("https://news.example/a", "Ferry", "The ferry runs again from Monday morning.", lastFetch)
	page.Fetch.RunID, page.Fetch.SourceID = run, id
	mustSave(t, s, page)
	shown := func() RunSummary {
		runs, err := s.Runs(ctx, RunFilter{})
		if err != nil || len(runs) != 1 {
			t.Fatalf("Runs = %v, %v", runs, err)
		}
		if runs[0].Fetches != 1 || runs[0].New != 1 {
			t.Errorf("run %s shows %d fetches, %d new; want what it stored so far, 1 and 1",
				runs[0].Status, runs[0].Fetches, runs[0].New)
		}
		return runs[0]
	}
	if r := shown(); r.Status != RunRunning || r.EndedAt != nil {
		t.Errorf("run of a held source shows %s, ended %v; want running, not ended", r.Status, r.EndedAt)
	}
	if err := lock.Unlock(); err != nil {
		t.Fatal(err)
	}
	r := shown()
	if r.Status != RunFailed || r.Message != RunInterrupted || r.EndedAt == nil || !r.EndedAt.Equal(lastFetch) {
		t.Errorf("run of a source no process crawls shows %s %q ended %v, want failed, interrupted, ended at its last fetch %v",
			r.Status, r.Message, r.EndedAt, lastFetch)
	}
	if n, err := s.InterruptRuns(ctx, id); err != nil || n != 1 {
		t.Fatalf("InterruptRuns = %d, %v", n, err)
	}
	if recorded := shown(); !reflect.DeepEqual(recorded, r) {
		t.Errorf("recorded as\n%+v\nshown before as\n%+v", recorded, r)
	}
}

// TestArchiveThroughALink: an archive opened through a symbolic link (a
// link to the file, or a dangling one to a file not made yet) is the
// archive the link leads to, with its companions: its daemon lock and
// crawl locks hold against one opened by its own name, and the bodies
// saved through the link are spooled where that one reads them.
func TestArchiveThroughALink(t *testing.T) {
	dataDir, linkDir := t.TempDir(), t.TempDir()
	real := filepath.Join(dataDir, "news.db")
	link := filepath.Join(linkDir, "link.db")
	if err := os.Symlink(real, link); err != nil { // dangling until the archive is made
		t.Fatal(err)
	}
	viaLink := mustOpenAt(t, link)
	if viaLink.Path() != real {
		t.Errorf("opened through the link, Path() = %s; want %s", viaLink.Path(), real)
	}
	byName := mustOpenAt(t, real)

	daemon, err := LockDaemon(real, "test")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := LockDaemon(link, "test through the link"); !errors.Is(err, ErrLocked) {
		t.Errorf("daemon lock through the link while held by name: %v; want ErrLocked", err)
	}
	daemon.Unlock()
	crawl, err := byName.LockSource("courier")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := viaLink.LockSource("courier"); !errors.Is(err, ErrSourceBusy) {
		t.Errorf("crawl lock through the link while held by name: %v; want ErrSourceBusy", err)
	}
	crawl.Unlock()

	mustSave(t, viaLink, record("https://news.example/a", "A story", "Spooled through the link.", t0))
	if n, problems, err := byName.VerifyBodies(context.Background(), nil); err != nil || n != 1 || len(problems) > 0 {
		t.Errorf("bodies read by name after a save through the link: %d checked, problems %v, %v", n, problems, err)
	}
	for _, f := range []string{link + spoolSuffix, link + ".lock", link + ".crawl-locks"} {
		if _, err := os.Lstat(f); err == nil {
			t.Errorf("%s made beside the link", filepath.Base(f))
		}
	}
}

// TestArchiveWithTwoNamesRefused: a database file with a second name (a
// hard link) is not opened for writing, under either name, with one line
// saying why; it is read as before.
func TestArchiveWithTwoNamesRefused(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "news.db")
	s := mustOpenAt(t, db)
	mustSave(t, s, record("https://news.example/a", "A story", "Saved before the link.", t0))
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(dir, "copy.db")
	if err := os.Link(db, other); err != nil {
		t.Skipf("no hard links here: %v", err)
	}
	for _, name := range []string{db, other} {
		_, err := Open(t.Context(), name, Options{})
		if err == nil || !strings.Contains(err.Error(), "has 2 names (hard links)") || strings.Contains(err.Error(), "\n") {
			t.Errorf("open %s for writing: %v; want one line refusing two names", filepath.Base(name), err)
		}
	}
	r, err := Open(t.Context(), db, Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("read-only open: %v", err)
	}
	r.Close()
	if err := os.Remove(other); err != nil {
		t.Fatal(err)
	}
	mustOpenAt(t, db)
}
