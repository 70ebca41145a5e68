package schedules

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/crawler/config"
)

// memRecorder keeps run records in memory, in the order they were written.
type memRecorder struct {
	mu   sync.Mutex
	done []Report
}

func (m *memRecorder) Record(_ context.Context, r Report) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.done = append(m.done, r)
	return nil
}

// count returns how many records of source have status st ("" for any).
func (m *memRecorder) count(source string, st Status) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := 0
	for _, r := range m.done {
		if r.Source == source && (st == "" || r.Status == st) {
			n++
		}
	}
	return n
}

func (m *memRecorder) last(source string) Report {
	m.mu.Lock()
	defer m.mu.Unlock()
	for i := len(m.done) - 1; i >= 0; i-- {
		if m.done[i].Source == source {
			return m.done[i]
		}
	}
	return Report{}
}

// waitFor polls cond until it holds or the deadline passes.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func sources(schedule string, names ...string) []config.Source {
	var out []config.Source
	for _, n := range names {
		out = append(out, config.Source{Name: n, Start: []string{"http://127.0.0.1/" + n}, Schedule: schedule})
	}
	return out
}

// blocker is a RunFunc whose runs wait for release or cancellation, and
// which tracks how many run at once.
type blocker struct {
	release chan struct{}
	now     atomic.Int32
	peak    atomic.Int32
	calls   atomic.Int32
}

func newBlocker() *blocker { return &blocker{release: make(chan struct{})} }

func (b *blocker) run(ctx context.Context, _ config.Source, _ Trigger) (Result, error) {
	b.calls.Add(1)
	n := b.now.Add(1)
	defer b.now.Add(-1)
	for {
		p := b.peak.Load()
		if n <= p || b.peak.CompareAndSwap(p, n) {
			break
		}
	}
	select {
	case <-b.release:
		return Result{Fetched: 3, New: 2, Bytes: 100}, nil
	case <-ctx.Done():
		return Result{Fetched: 1}, ctx.Err()
	}
}

func newScheduler(t *testing.T, srcs []config.Source, run RunFunc, rec Recorder, limit int) *Scheduler {
	t.Helper()
	s, err := New(srcs, Options{Run: run, Recorder: rec, MaxParallel: limit, StopTimeout: 2 * time.Second,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Stop() })
	return s
}

func TestTriggerRecordsRun(t *testing.T) {
	rec := &memRecorder{}
	b := newBlocker()
	close(b.release)
	s := newScheduler(t, sources("@hourly", "a"), b.run, rec, 0)
	if err := s.Trigger("a"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "run of a", func() bool { return rec.count("a", StatusOK) == 1 })
	r := rec.last("a")
	if r.Trigger != TriggerManual || r.Result.New != 2 || r.Result.Bytes != 100 {
		t.Errorf("recorded %+v", r)
	}
	if r.Ended.Before(r.Started) {
		t.Errorf("ended %v before started %v", r.Ended, r.Started)
	}
	if err := s.Trigger("nope"); !errors.Is(err, ErrUnknown) {
		t.Errorf("trigger of unknown source: %v, want ErrUnknown", err)
	}
}

func TestNoOverlap(t *testing.T) {
	rec := &memRecorder{}
	b := newBlocker()
	s := newScheduler(t, sources("@hourly", "a"), b.run, rec, 0)
	if err := s.Trigger("a"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "run to start", func() bool { return b.calls.Load() == 1 })
	if err := s.Trigger("a"); !errors.Is(err, ErrRunning) {
		t.Errorf("second manual trigger: %v, want ErrRunning", err)
	}
	tick{s: s, name: "a"}.Run() // a scheduled tick during the run
	if got := rec.count("a", StatusSkipped); got != 1 {
		t.Errorf("skipped runs = %d, want 1", got)
	}
	if rec.count("a", "") != 1 {
		t.Errorf("a manual refusal must not be recorded")
	}
	close(b.release)
	waitFor(t, "run to end", func() bool { return rec.count("a", StatusOK) == 1 })
	if b.peak.Load() != 1 || b.calls.Load() != 1 {
		t.Errorf("peak %d calls %d, want 1 and 1", b.peak.Load(), b.calls.Load())
	}
}

func TestMaxParallel(t *testing.T) {
	for _, limit := range []int{1, 2, 3} {
		t.Run(string(rune('0'+limit)), func(t *testing.T) {
			rec := &memRecorder{}
			b := newBlocker()
			names := []string{"a", "b", "c", "d"}
			s := newScheduler(t, sources("@hourly", names...), b.run, rec, limit)
			for i, n := range names {
				waits, err := s.TriggerRun(n)
				if err != nil {
					t.Fatal(err)
				}
				if want := i >= limit; waits != want {
					t.Errorf("trigger %d of %d slots: waits %v, want %v", i+1, limit, waits, want)
				}
			}
			waitFor(t, "slots to fill", func() bool {
				st := s.State()
				return st.Running == limit && st.Queued == len(names)-limit
			})
			// A run holds its slot a moment before its source says so.
			waitFor(t, "sources to say which run and which wait", func() bool {
				running, queued := 0, 0
				for _, st := range s.Sources() {
					if st.Running && st.Queued {
						t.Fatalf("source %s both running and queued", st.Name)
					}
					running, queued = running+b2i(st.Running), queued+b2i(st.Queued)
				}
				return running == limit && queued == len(names)-limit
			})
			// A tick of a source whose run waits says so, not that it runs.
			var waiting string
			for _, st := range s.Sources() {
				if st.Queued {
					waiting = st.Name
				}
			}
			if err := s.Trigger(waiting); !errors.Is(err, ErrWaiting) || !errors.Is(err, ErrRunning) {
				t.Errorf("trigger of a waiting source: %v, want ErrWaiting (an ErrRunning)", err)
			}
			tick{s: s, name: waiting}.Run()
			if r := rec.last(waiting); r.Status != StatusSkipped || !errors.Is(r.Err, ErrWaiting) {
				t.Errorf("tick of a waiting source recorded %s, %v; want skipped with ErrWaiting", r.Status, r.Err)
			}
			close(b.release)
			waitFor(t, "all runs", func() bool {
				n := 0
				for _, name := range names {
					n += rec.count(name, StatusOK)
				}
				return n == len(names)
			})
			if got := int(b.peak.Load()); got != limit {
				t.Errorf("peak parallel runs = %d, want %d", got, limit)
			}
		})
	}
}

func TestPanicIsRecorded(t *testing.T) {
	rec := &memRecorder{}
	var calls atomic.Int32
	run := func(ctx context.Context, src config.Source, _ Trigger) (Result, error) {
		if calls.Add(1) == 1 {
			panic("boom")
		}
		return Result{Fetched: 1}, nil
	}
	s := newScheduler(t, sources("@hourly", "a"), run, rec, 0)
	if err := s.Trigger("a"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "failed run", func() bool { return rec.count("a", StatusFailed) == 1 })
	if r := rec.last("a"); r.Err == nil || r.Err.Error() != "panic: boom" {
		t.Errorf("err = %v, want panic: boom", r.Err)
	}
	waitFor(t, "source free again", func() bool { return s.Trigger("a") == nil })
	waitFor(t, "ok run", func() bool { return rec.count("a", StatusOK) == 1 })
}

// TestRunStatusFromRunFunc checks the report says how the RunFunc recorded
// its run ending, when it says so, rather than guess from the error.
func TestRunStatusFromRunFunc(t *testing.T) {
	busy := errors.New("source is being crawled by another process")
	tests := []struct {
		name string
		res  Result
		err  error
		want Status
	}{
		{"skipped by the run", Result{RunID: 7, Status: StatusSkipped}, busy, StatusSkipped},
		{"failed, no status", Result{}, busy, StatusFailed},
		{"ok, no status", Result{}, nil, StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &memRecorder{}
			run := func(context.Context, config.Source, Trigger) (Result, error) { return tt.res, tt.err }
			s := newScheduler(t, sources("@hourly", "a"), run, rec, 0)
			if err := s.Trigger("a"); err != nil {
				t.Fatal(err)
			}
			waitFor(t, "the run's report", func() bool { return rec.count("a", "") == 1 })
			if r := rec.last("a"); r.Status != tt.want || r.Result.RunID != tt.res.RunID {
				t.Errorf("reported %+v, want status %s", r, tt.want)
			}
		})
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// TestScheduleCountsFromTheLastRun: a source whose schedule fired while
// the daemon was down runs once at start, and an @every interval counts
// from the last run, not from the start (a daemon restarted more often
// than its interval never ran the source).
func TestScheduleCountsFromTheLastRun(t *testing.T) {
	now := time.Now()
	active := map[string]time.Time{
		"missed": now.Add(-2 * time.Hour),    // an hourly run missed
		"recent": now.Add(-10 * time.Minute), // ran 10 minutes ago
	}
	rec := &memRecorder{}
	var calls sync.Map
	s, err := New(append(sources("@every 1h", "missed", "recent"), sources("@every 1h", "unknown")...), Options{
		Run: func(_ context.Context, src config.Source, trig Trigger) (Result, error) {
			calls.Store(src.Name, trig)
			return Result{}, nil
		},
		Recorder:   rec,
		Logger:     slog.New(slog.NewTextHandler(io.Discard, nil)),
		LastActive: func() map[string]time.Time { return active },
	})
	if err != nil {
		t.Fatal(err)
	}
	s.Start()
	t.Cleanup(func() { s.Stop() })
	waitFor(t, "the missed run made up", func() bool { return rec.count("missed", "") == 1 })
	if trig, _ := calls.Load("missed"); trig != TriggerSchedule {
		t.Errorf("made-up run triggered by %v, want the schedule", trig)
	}
	for name, want := range map[string]time.Duration{"recent": 50 * time.Minute, "unknown": time.Hour} {
		st, ok := s.Source(name)
		if !ok || st.Next.IsZero() {
			t.Fatalf("%s: no next run", name)
		}
		if got := st.Next.Sub(now); got < want-5*time.Second || got > want+5*time.Second {
			t.Errorf("%s: next run in %v, want about %v", name, got.Round(time.Second), want)
		}
	}
	if rec.count("recent", "") != 0 || rec.count("unknown", "") != 0 {
		t.Errorf("sources not due ran: %+v", rec.done)
	}
}

// TestManualRunRestartsTheInterval: a run started by hand counts as the
// source's last run: an @every source next runs a whole interval after it.
func TestManualRunRestartsTheInterval(t *testing.T) {
	now := time.Now()
	rec := &memRecorder{}
	s, err := New(sources("@every 1h", "hourly"), Options{
		Run:        func(context.Context, config.Source, Trigger) (Result, error) { return Result{}, nil },
		Recorder:   rec,
		Logger:     slog.New(slog.NewTextHandler(io.Discard, nil)),
		LastActive: func() map[string]time.Time { return map[string]time.Time{"hourly": now.Add(-50 * time.Minute)} },
	})
	if err != nil {
		t.Fatal(err)
	}
	s.Start()
	t.Cleanup(func() { s.Stop() })
	next := func() time.Duration {
		t.Helper()
		var st SourceState
		waitFor(t, "a next run", func() bool { st, _ = s.Source("hourly"); return !st.Next.IsZero() })
		return st.Next.Sub(now).Round(time.Minute)
	}
	if got := next(); got != 10*time.Minute {
		t.Errorf("next run in %v, want 10m after a run 50 minutes ago", got)
	}
	if err := s.Trigger("hourly"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the manual run", func() bool { return rec.count("hourly", "") == 1 })
	if got := next(); got != time.Hour {
		t.Errorf("next run in %v after a manual run, want 1h", got)
	}
}

// TestRemovedSourceWaitingIsDropped: a reload that removes a source whose
// run waits for a slot drops that run (recorded cancelled, never run);
// the run under way of another removed source finishes.
func TestRemovedSourceWaitingIsDropped(t *testing.T) {
	rec := &memRecorder{}
	b := newBlocker()
	s := newScheduler(t, sources("@hourly", "a", "b", "c"), b.run, rec, 1)
	if err := s.Trigger("a"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "a to run", func() bool { return b.calls.Load() == 1 })
	if err := s.Trigger("b"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "b to wait", func() bool {
		st := s.State()
		return b.calls.Load() == 1 && st.Running == 1 && st.Queued == 1
	})
	if err := s.Reload(sources("@hourly", "c"), 1); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "b dropped", func() bool { return rec.count("b", StatusCancelled) == 1 })
	if r := rec.last("b"); !errors.Is(r.Err, ErrRemoved) {
		t.Errorf("b recorded %+v; want cancelled for its removal", r)
	}
	if st := s.State(); st.Queued != 0 {
		t.Errorf("state %+v after the reload; want nothing queued", st)
	}
	close(b.release)
	waitFor(t, "a to finish", func() bool { return rec.count("a", StatusOK) == 1 })
	if b.calls.Load() != 1 {
		t.Errorf("%d runs; want a's alone", b.calls.Load())
	}
}

// TestWaitingRunTakesReloadedSettings: a run waiting for a slot when a
// reload changes its source runs with the new settings.
func TestWaitingRunTakesReloadedSettings(t *testing.T) {
	rec := &memRecorder{}
	b := newBlocker()
	var pages atomic.Int32
	run := func(ctx context.Context, src config.Source, tr Trigger) (Result, error) {
		if src.Name == "b" {
			pages.Store(int32(src.MaxPages))
			return Result{}, nil
		}
		return b.run(ctx, src, tr)
	}
	srcs := sources("@hourly", "a", "b")
	srcs[1].MaxPages = 6
	s := newScheduler(t, srcs, run, rec, 1)
	if err := s.Trigger("a"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "a to run", func() bool { return b.calls.Load() == 1 })
	if err := s.Trigger("b"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "b to wait", func() bool { return s.State().Queued == 1 })
	srcs[1].MaxPages = 4
	if err := s.Reload(srcs, 1); err != nil {
		t.Fatal(err)
	}
	close(b.release)
	waitFor(t, "b to run", func() bool { return rec.count("b", StatusOK) == 1 })
	if got := pages.Load(); got != 4 {
		t.Errorf("b ran with max_pages %d; want the reloaded 4", got)
	}
}
