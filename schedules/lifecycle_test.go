package schedules

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/crawler/config"
)

func TestStop(t *testing.T) {
	tests := []struct {
		name    string
		ignore  bool // the run ignores cancellation
		wantErr error
	}{
		{"cancelled runs end", false, nil},
		{"a stuck run is not awaited forever", true, ErrStopTimeout},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &memRecorder{}
			stuck := make(chan struct{})
			defer close(stuck)
			run := func(ctx context.Context, _ config.Source, _ Trigger) (Result, error) {
				if tt.ignore {
					<-stuck
					return Result{}, nil
				}
				<-ctx.Done()
				return Result{Fetched: 1}, ctx.Err()
			}
			s, err := New(sources("@hourly", "a", "b", "c"), Options{Run: run, Recorder: rec,
				MaxParallel: 2, StopTimeout: 200 * time.Millisecond})
			if err != nil {
				t.Fatal(err)
			}
			for _, n := range []string{"a", "b", "c"} {
				if err := s.Trigger(n); err != nil {
					t.Fatal(err)
				}
			}
			waitFor(t, "runs to start", func() bool { return s.State().Running == 2 })
			start := time.Now()
			if err := s.Stop(); !errors.Is(err, tt.wantErr) {
				t.Fatalf("Stop = %v, want %v", err, tt.wantErr)
			}
			if took := time.Since(start); took > 2*time.Second {
				t.Errorf("Stop took %v", took)
			}
			if err := s.Trigger("a"); !errors.Is(err, ErrStopped) {
				t.Errorf("trigger after stop: %v, want ErrStopped", err)
			}
			if tt.ignore {
				return
			}
			waiting := 0
			for _, n := range []string{"a", "b", "c"} {
				if got := rec.count(n, StatusCancelled); got != 1 {
					t.Errorf("%s: %d cancelled records, want 1", n, got)
				}
				if errors.Is(rec.last(n).Err, ErrStoppedWaiting) {
					waiting++
				}
			}
			if waiting != 1 {
				t.Errorf("%d runs recorded as stopped before their turn, want the 1 that waited for a slot", waiting)
			}
		})
	}
}

func TestReload(t *testing.T) {
	rec := &memRecorder{}
	b := newBlocker()
	s := newScheduler(t, sources("@hourly", "a", "b"), b.run, rec, 0)
	s.Start()
	if err := s.Trigger("b"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "b to run", func() bool { return b.calls.Load() == 1 })

	changed := append(sources("@daily", "a"), sources("@hourly", "c")...)
	if err := s.Reload(changed, 3); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, st := range s.Sources() {
		names = append(names, st.Name+" "+st.Schedule)
		if st.Next.IsZero() {
			t.Errorf("%s: no next run", st.Name)
		}
	}
	if got, want := strings.Join(names, ","), "a @daily,c @hourly"; got != want {
		t.Errorf("sources = %q, want %q", got, want)
	}
	if err := s.Trigger("b"); !errors.Is(err, ErrUnknown) {
		t.Errorf("trigger of removed source: %v, want ErrUnknown", err)
	}

	// Re-adding b while its old run goes on must not start a second run.
	if err := s.Reload(append(changed, sources("@hourly", "b")...), 3); err != nil {
		t.Fatal(err)
	}
	if err := s.Trigger("b"); !errors.Is(err, ErrRunning) {
		t.Errorf("trigger of re-added running source: %v, want ErrRunning", err)
	}

	bad := sources("@hourly", "a")
	bad = append(bad, config.Source{Name: "x", Schedule: "61 * * * *"})
	err := s.Reload(bad, 1)
	if err == nil || !strings.Contains(err.Error(), "source x: schedule") {
		t.Fatalf("invalid reload: %v, want an error naming source x", err)
	}
	if got := len(s.Sources()); got != 3 {
		t.Errorf("an invalid reload changed the sources: %d, want 3", got)
	}
	close(b.release)
}

func TestNewRefusesBadSchedule(t *testing.T) {
	tests := []struct{ spec, want string }{
		{"* * *", "source a: schedule"},
		{"@every", "source a: schedule"},
		{"CRON_TZ=Nowhere/Land 0 * * * *", "source a: schedule"},
		{"CRON_TZ=UTC", "source a: schedule"},
	}
	for _, tt := range tests {
		t.Run(tt.spec, func(t *testing.T) {
			_, err := New(sources(tt.spec, "a"), Options{Run: newBlocker().run, Recorder: &memRecorder{}})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("New = %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

// TestTicks runs the real clock on a one-second schedule: a run that
// outlasts its period turns the next ticks into recorded skips.
func TestTicks(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for cron ticks")
	}
	rec := &memRecorder{}
	b := newBlocker()
	s := newScheduler(t, sources("@every 1s", "a"), b.run, rec, 0)
	s.Start()
	waitFor(t, "a scheduled run", func() bool { return b.calls.Load() == 1 })
	waitFor(t, "a skipped tick", func() bool { return rec.count("a", StatusSkipped) >= 1 })
	close(b.release)
	waitFor(t, "the run to end", func() bool { return rec.count("a", StatusOK) >= 1 })
	if r := rec.last("a"); r.Trigger != TriggerSchedule {
		t.Errorf("trigger = %s, want schedule", r.Trigger)
	}
	if b.peak.Load() != 1 {
		t.Errorf("peak = %d, want 1", b.peak.Load())
	}
}

func TestNext(t *testing.T) {
	at := time.Date(2026, 3, 14, 10, 17, 30, 0, time.UTC)
	tests := []struct {
		spec  string
		since time.Time
		want  time.Time
	}{
		{"@hourly", time.Time{}, time.Date(2026, 3, 14, 11, 0, 0, 0, time.UTC)},
		{"@every 10m", time.Time{}, at.Add(10 * time.Minute).Truncate(time.Second)},
		{"30 6 * * *", time.Time{}, time.Date(2026, 3, 15, 6, 30, 0, 0, time.UTC)},
		{"CRON_TZ=Europe/Berlin 0 12 * * *", time.Time{}, time.Date(2026, 3, 14, 11, 0, 0, 0, time.UTC)},
		// Counted from the last run: an interval runs from it, ...
		{"@every 10m", at.Add(-4 * time.Minute), at.Add(6 * time.Minute)},
		// ... a run missed since is due now ...
		{"@every 10m", at.Add(-time.Hour), at},
		{"30 6 * * *", time.Date(2026, 3, 13, 6, 30, 0, 0, time.UTC), at},
		// ... and a daily run done today waits for tomorrow.
		{"30 6 * * *", time.Date(2026, 3, 14, 6, 30, 0, 0, time.UTC), time.Date(2026, 3, 15, 6, 30, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		t.Run(tt.spec, func(t *testing.T) {
			got, err := Next(tt.spec, tt.since, at)
			if err != nil {
				t.Fatal(err)
			}
			if !got.Equal(tt.want) {
				t.Errorf("Next since %v = %v, want %v", tt.since, got.UTC(), tt.want)
			}
		})
	}
	// A spec without CRON_TZ reads its hours in the zone of now, whatever
	// the zone of the last run's time.
	ist := time.FixedZone("IST", 5*3600+1800)
	now := time.Date(2026, 3, 14, 12, 0, 0, 0, ist)
	since := time.Date(2026, 3, 14, 9, 0, 0, 0, ist).UTC() // as the archive gives it
	if got, err := Next("0 9 * * *", since, now); err != nil || !got.Equal(time.Date(2026, 3, 15, 9, 0, 0, 0, ist)) {
		t.Errorf("Next in IST since 09:00 IST = %v, %v; want 09:00 IST the next day", got, err)
	}
	if _, err := Next("every day", time.Time{}, at); err == nil {
		t.Error("Next of a bad schedule: no error")
	}
}

// TestReloadRaisesParallel lets a queued run start when a reload raises
// max_parallel_sources, without waiting for a running one to end.
func TestReloadRaisesParallel(t *testing.T) {
	rec := &memRecorder{}
	b := newBlocker()
	srcs := sources("@hourly", "a", "b")
	s := newScheduler(t, srcs, b.run, rec, 1)
	for _, n := range []string{"a", "b"} {
		if err := s.Trigger(n); err != nil {
			t.Fatal(err)
		}
	}
	waitFor(t, "one running, one queued", func() bool { st := s.State(); return st.Running == 1 && st.Queued == 1 })
	if err := s.Reload(srcs, 2); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "both running", func() bool { return b.now.Load() == 2 })
	close(b.release)
	waitFor(t, "both done", func() bool { return rec.count("a", StatusOK)+rec.count("b", StatusOK) == 2 })
}

// TestReloadOfARunningSourceSkipsNothing: a reload that changes the
// schedule of a source whose run goes on counts the new schedule from
// now. Counted from the source's last start, it fired at once: into the
// run, a skip no schedule of it caused, or just after it, a second run.
func TestReloadOfARunningSourceSkipsNothing(t *testing.T) {
	rec := &memRecorder{}
	b := newBlocker()
	s, err := New(sources("@daily", "a"), Options{Run: b.run, Recorder: rec,
		Logger:     slog.New(slog.NewTextHandler(io.Discard, nil)),
		LastActive: func() map[string]time.Time { return map[string]time.Time{"a": time.Now().Add(-2 * time.Hour)} }})
	if err != nil {
		t.Fatal(err)
	}
	s.Start()
	if err := s.Trigger("a"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "a to run", func() bool { return b.calls.Load() == 1 })
	if err := s.Reload(sources("@every 1h", "a"), 0); err != nil {
		t.Fatal(err)
	}
	if st, _ := s.Source("a"); st.Next.Before(time.Now().Add(59 * time.Minute)) {
		t.Errorf("next run at %v, want an hour from the reload", st.Next)
	}
	close(b.release)
	waitFor(t, "the run recorded", func() bool { return rec.count("a", StatusOK) == 1 })
	if err := s.Stop(); err != nil { // and every tick under way has ended
		t.Fatal(err)
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	for _, r := range rec.done {
		if r.Trigger == TriggerSchedule {
			t.Errorf("a scheduled run recorded (%s) though the reload's schedule gave none yet", r.Status)
		}
	}
}

// deadlineRecorder notes how long each record may take, as a store
// waiting for another process's write lock would use it all.
type deadlineRecorder struct {
	mu    sync.Mutex
	limit map[Status]time.Duration
}

func (d *deadlineRecorder) Record(ctx context.Context, r Report) error {
	deadline, ok := ctx.Deadline()
	d.mu.Lock()
	defer d.mu.Unlock()
	if ok {
		d.limit[r.Status] = time.Until(deadline)
	}
	return nil
}

// TestStopBoundsRecords: the records written once the scheduler is
// stopped (its cancelled runs, those that never got a slot) may wait
// StopRecordTimeout, not DefaultRecordTimeout: another process holding
// the archive's write lock would hold the stop up that long per record.
func TestStopBoundsRecords(t *testing.T) {
	rec := &deadlineRecorder{limit: map[Status]time.Duration{}}
	b := newBlocker()
	s := newScheduler(t, sources("@hourly", "done", "cut"), b.run, rec, 0)
	if err := s.Trigger("done"); err != nil {
		t.Fatal(err)
	}
	b.release <- struct{}{}
	waitFor(t, "the first run recorded", func() bool {
		rec.mu.Lock()
		defer rec.mu.Unlock()
		return rec.limit[StatusOK] > 0
	})
	if err := s.Trigger("cut"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the second run to start", func() bool { return s.State().Running == 1 })
	if err := s.Stop(); err != nil {
		t.Fatal(err)
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if ok := rec.limit[StatusOK]; ok <= StopRecordTimeout || ok > DefaultRecordTimeout {
		t.Errorf("a run's record before the stop may take %v, want %v", ok, DefaultRecordTimeout)
	}
	if cut := rec.limit[StatusCancelled]; cut <= 0 || cut > StopRecordTimeout {
		t.Errorf("a cancelled run's record at the stop may take %v, want at most %v", cut, StopRecordTimeout)
	}
}

// TestLastActiveAskedOncePerReload: New and Reload ask when the sources
// last ran once for all of them, not once per source: the daemon answers
// with a query over every source, and a configuration of thousands took
// minutes to start (3000: 21 s), its API waiting all along.
func TestLastActiveAskedOncePerReload(t *testing.T) {
	names := make([]string, 500)
	for i := range names {
		names[i] = fmt.Sprintf("source-%d", i)
	}
	var asked atomic.Int64
	rec := &memRecorder{}
	s, err := New(sources("@daily", names...), Options{
		Run:      func(context.Context, config.Source, Trigger) (Result, error) { return Result{}, nil },
		Recorder: rec,
		Logger:   slog.New(slog.NewTextHandler(io.Discard, nil)),
		LastActive: func() map[string]time.Time {
			asked.Add(1)
			return map[string]time.Time{"source-7": time.Now().Add(-time.Hour)}
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Stop() })
	if err := s.Reload(sources("@hourly", names...), 0); err != nil {
		t.Fatal(err)
	}
	if n := asked.Load(); n != 2 {
		t.Errorf("LastActive asked %d times by New and one Reload of %d sources, want 2", n, len(names))
	}
	// What it said still counts: source-7's hourly run is made up.
	s.Start()
	waitFor(t, "source-7's missed run made up", func() bool { return rec.count("source-7", StatusOK) == 1 })
}

// TestSourcesOfManySources: listing the sources copies the scheduler's
// entries once, not once per source: with 4000 sources, a listing (each
// /api/sources, each POST .../run) took seconds, the scheduler's lock
// held throughout, every tick waiting on it.
func TestSourcesOfManySources(t *testing.T) {
	names := make([]string, 4000)
	for i := range names {
		names[i] = fmt.Sprintf("source-%d", i)
	}
	s := newScheduler(t, sources("@yearly", names...), func(context.Context, config.Source, Trigger) (Result, error) {
		return Result{}, nil
	}, &memRecorder{}, 1)
	s.Start()
	start := time.Now()
	list := s.Sources()
	took := time.Since(start)
	if len(list) != len(names) || list[3999].Next.IsZero() {
		t.Fatalf("%d sources listed, the last with next run %v", len(list), list[len(list)-1].Next)
	}
	t.Logf("listed %d sources in %v", len(list), took)
	if took > time.Second {
		t.Errorf("listing %d sources took %v, want well under a second", len(list), took)
	}
}
