package archive

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"
)

func TestSourcesAndRuns(t *testing.T) {
	clock := t0
	s, err := Open(context.Background(), t.TempDir()+"/runs.db", Options{Now: func() time.Time { return clock }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	src, err := s.EnsureSource(ctx, "gazette", "hash-1")
	if err != nil {
		t.Fatal(err)
	}
	if again, err := s.EnsureSource(ctx, "gazette", "hash-2"); err != nil || again != src {
		t.Fatalf("EnsureSource again = %d, %v; want the same id %d", again, err, src)
	}
	run, err := s.StartRun(ctx, src)
	if err != nil {
		t.Fatal(err)
	}
	r := record("https://gazette.example/a", "A", "words", t0)
	r.Fetch.SourceID, r.Fetch.RunID = src, run
	saved := mustSave(t, s, r)
	clock = t0.Add(time.Minute)
	if err := s.FinishRun(ctx, run, RunResult{Status: RunOK, Fetches: 1, Articles: 1}); err != nil {
		t.Fatal(err)
	}
	got, err := s.RunByID(ctx, run)
	if err != nil {
		t.Fatal(err)
	}
	if got.SourceID != src || got.Status != RunOK || got.Fetches != 1 || !got.StartedAt.Equal(t0) ||
		got.EndedAt == nil || !got.EndedAt.Equal(t0.Add(time.Minute)) {
		t.Errorf("run = %+v", got)
	}
	f, err := s.FetchByID(ctx, saved.FetchID)
	if err != nil || f.RunID != run || f.SourceID != src {
		t.Errorf("fetch traced to run %d source %d (%v), want %d %d", f.RunID, f.SourceID, err, run, src)
	}
	v, err := s.Latest(ctx, saved.ArticleID)
	if err != nil || v.RunID != run || v.SourceID != src {
		t.Errorf("version traced to run %d source %d (%v), want %d %d", v.RunID, v.SourceID, err, run, src)
	}
	var hash string
	if err := s.readers.QueryRow(`SELECT config_hash FROM sources WHERE id = ?`, src).Scan(&hash); err != nil || hash != "hash-2" {
		t.Errorf("config hash = %q, %v; want the newer one", hash, err)
	}
	if _, err := s.RunByID(ctx, 999); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown run: %v", err)
	}
	bad := record("https://gazette.example/b", "B", "other words", t0)
	bad.Fetch.RunID = 999
	if _, err := s.Save(ctx, bad); err == nil {
		t.Error("a fetch of an unknown run was saved; foreign keys are off")
	}
}

// TestLastActiveCountsRunsThatEnded: a source's schedule counts from its
// last run that came to its end; runs skipped, cancelled by a shutdown,
// stopped by the archive's storage, still marked running or cut off by a
// dead process do not count, so a restart makes them up.
func TestLastActiveCountsRunsThatEnded(t *testing.T) {
	ctx := context.Background()
	clock := t0
	s, err := Open(ctx, t.TempDir()+"/active.db", Options{Now: func() time.Time { return clock }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	src, err := s.EnsureSource(ctx, "courier", "h")
	if err != nil {
		t.Fatal(err)
	}
	ok, err := s.StartTriggeredRun(ctx, src, TriggerSchedule)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.FinishRun(ctx, ok, RunResult{Status: RunOK}); err != nil {
		t.Fatal(err)
	}
	clock = t0.Add(time.Hour)
	failed, _ := s.StartTriggeredRun(ctx, src, TriggerSchedule)
	if err := s.FinishRun(ctx, failed, RunResult{Status: RunFailed, Message: "connect: connection refused"}); err != nil {
		t.Fatal(err)
	}
	clock = t0.Add(90 * time.Minute)
	full, _ := s.StartTriggeredRun(ctx, src, TriggerSchedule)
	if err := s.FinishRun(ctx, full, RunResult{Status: RunFailed,
		Message: RunStorageRefused + " (commit save: database or disk is full (13))"}); err != nil {
		t.Fatal(err)
	}
	clock = t0.Add(2 * time.Hour)
	if _, err := s.RecordUnstartedRun(ctx, src, TriggerSchedule, RunCancelled, "stopped"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.RecordUnstartedRun(ctx, src, TriggerSchedule, RunSkipped, "running"); err != nil {
		t.Fatal(err)
	}
	clock = t0.Add(3 * time.Hour)
	if _, err := s.StartTriggeredRun(ctx, src, TriggerSchedule); err != nil { // a dead process's
		t.Fatal(err)
	}
	check := func(when string) {
		t.Helper()
		active, err := s.SourcesLastActive(ctx)
		if want := t0.Add(time.Hour); err != nil || !active["courier"].Equal(want) {
			t.Errorf("%s: last active %v, %v; want the failed run's start, %v", when, active["courier"], err, want)
		}
	}
	check("running run left")
	if _, err := s.InterruptRuns(ctx, src); err != nil {
		t.Fatal(err)
	}
	check("interrupted")
}

// TestLastActiveOfAFirstRunCutShort: a source whose only runs were cut
// short (a shutdown, a dead process) is due at once; one whose first run
// goes on, or was skipped, counts from its record. Counting from the
// record left a @daily source's first crawl, stopped by a restart,
// unfinished for a day.
func TestLastActiveOfAFirstRunCutShort(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, t.TempDir()+"/first.db", Options{Now: func() time.Time { return t0 }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	ids := map[string]int64{}
	for _, name := range []string{"cancelled", "interrupted", "going", "skipped", "none"} {
		if ids[name], err = s.EnsureSource(ctx, name, "h"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.RecordUnstartedRun(ctx, ids["cancelled"], TriggerSchedule, RunCancelled, "stopped"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.RecordUnstartedRun(ctx, ids["skipped"], TriggerSchedule, RunSkipped, "running"); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"interrupted", "going"} {
		if _, err := s.StartTriggeredRun(ctx, ids[name], TriggerSchedule); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.InterruptRuns(ctx, ids["interrupted"]); err != nil {
		t.Fatal(err)
	}
	active, err := s.SourcesLastActive(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]time.Time{"cancelled": NeverCompleted, "interrupted": NeverCompleted,
		"going": t0, "skipped": t0, "none": t0}
	for name, w := range want {
		if !active[name].Equal(w) {
			t.Errorf("%s: last active %v, want %v", name, active[name], w)
		}
	}
}

// TestOpenRenamesHostPortSources: an archive whose `crawl URL` sources
// were named "host:port" (before schema 20) has them named as a
// configuration accepts on opening, their runs kept, unless two would
// share the new name or a source has it already.
func TestOpenRenamesHostPortSources(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	old := mustOpenAt(t, path)
	names := []string{"127.0.0.1:8080", "News.Example:8081", "a.example:81", "A.example:81",
		"b.example:82", "b.example_82", "gazette", "[::1]:8080"}
	ids := map[string]int64{}
	for _, name := range names {
		id, err := old.EnsureSource(ctx, name, "")
		if err != nil {
			t.Fatal(err)
		}
		ids[name] = id
	}
	if _, err := old.StartRun(ctx, ids["127.0.0.1:8080"]); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`ALTER TABLE fetches DROP COLUMN listed_published`, `ALTER TABLE fetches DROP COLUMN listing_address`, `ALTER TABLE fetches DROP COLUMN moved`, `DELETE FROM schema_migrations WHERE version > 19`} {
		if _, err := old.writer.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	old.Close()
	s := mustOpenAt(t, path)
	want := map[string]string{
		"127.0.0.1:8080":    "127.0.0.1_8080",
		"News.Example:8081": "news.example_8081",
		"a.example:81":      "a.example:81", // "A.example:81" would share the name
		"A.example:81":      "A.example:81",
		"b.example:82":      "b.example:82", // a source has the name already
		"b.example_82":      "b.example_82",
		"gazette":           "gazette",
		"[::1]:8080":        "[::1]:8080",
	}
	for before, after := range want {
		id, err := s.SourceID(ctx, after)
		if err != nil || id != ids[before] {
			t.Errorf("source %q after the upgrade: SourceID(%q) = %d, %v; want %d", before, after, id, err, ids[before])
		}
	}
	runs, err := s.Runs(ctx, RunFilter{Source: "127.0.0.1_8080"})
	if err != nil || len(runs) != 1 {
		t.Errorf("runs of the renamed source: %d, %v; want 1", len(runs), err)
	}
}

// TestEnsureSourcesAndSourcesRunning: EnsureSources records new sources
// and updates the fingerprint of known ones, keeping their ids; and
// SourcesRunning names the sources with a run recorded as running alone.
func TestEnsureSourcesAndSourcesRunning(t *testing.T) {
	ctx := context.Background()
	s := mustOpenAt(t, filepath.Join(t.TempDir(), "sources.db"))
	gazette, err := s.EnsureSource(ctx, "gazette", "hash-1")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.EnsureSources(ctx, []SourceConfig{{"gazette", "hash-2"}, {"courier", "hash-3"}, {"herald", "hash-4"}}); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"gazette": "hash-2", "courier": "hash-3", "herald": "hash-4"}
	for name, hash := range want {
		var got string
		if err := s.readers.QueryRowContext(ctx, `SELECT config_hash FROM sources WHERE name = ?`, name).Scan(&got); err != nil || got != hash {
			t.Errorf("%s: config hash %q, %v; want %q", name, got, err, hash)
		}
	}
	if id, err := s.SourceID(ctx, "gazette"); err != nil || id != gazette {
		t.Errorf("gazette: id %d, %v; want %d kept", id, err, gazette)
	}

	ids := map[string]int64{}
	for name := range want {
		if ids[name], err = s.SourceID(ctx, name); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range []string{"courier", "herald", "herald"} {
		if _, err := s.StartRun(ctx, ids[name]); err != nil {
			t.Fatal(err)
		}
	}
	done, err := s.StartRun(ctx, ids["gazette"])
	if err != nil {
		t.Fatal(err)
	}
	if err := s.FinishRun(ctx, done, RunResult{Status: RunOK}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.InterruptRuns(ctx, ids["courier"]); err != nil {
		t.Fatal(err)
	}
	running, err := s.SourcesRunning(ctx)
	if err != nil || len(running) != 1 || running[0] != "herald" {
		t.Errorf("SourcesRunning = %v, %v; want [herald]", running, err)
	}
}
