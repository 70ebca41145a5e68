package archive

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
)

func TestRunsAndLastRuns(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	a, err := s.EnsureSource(ctx, "alpha", "h1")
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.EnsureSource(ctx, "beta", "h2")
	if err != nil {
		t.Fatal(err)
	}
	okRun, err := s.StartTriggeredRun(ctx, a, TriggerSchedule)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.FinishRun(ctx, okRun, RunResult{Status: RunOK, Fetches: 5, Articles: 2}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetRunCounts(ctx, okRun, RunCounts{New: 2, Bytes: 900}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.RecordUnstartedRun(ctx, a, TriggerSchedule, RunSkipped, "still running"); err != nil {
		t.Fatal(err)
	}
	cancelled, err := s.StartRun(ctx, b)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetRunTrigger(ctx, cancelled, TriggerManual); err != nil {
		t.Fatal(err)
	}
	if err := s.FinishRun(ctx, cancelled, RunResult{Status: RunCancelled, Fetches: 1}); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name   string
		filter RunFilter
		want   []string // statuses, newest first
	}{
		{"all", RunFilter{}, []string{RunCancelled, RunSkipped, RunOK}},
		{"one source", RunFilter{Source: "alpha"}, []string{RunSkipped, RunOK}},
		{"limit", RunFilter{Limit: 1}, []string{RunCancelled}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			runs, err := s.Runs(ctx, tt.filter)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range runs {
				got = append(got, r.Status)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("statuses %v, want %v", got, tt.want)
			}
		})
	}
	if _, err := s.Runs(ctx, RunFilter{Source: "gamma"}); !errors.Is(err, ErrNotFound) {
		t.Errorf("runs of unknown source: %v, want ErrNotFound", err)
	}

	last, err := s.LastRuns(ctx)
	if err != nil {
		t.Fatal(err)
	}
	la := last["alpha"]
	if la.ID != okRun || la.Trigger != TriggerSchedule || la.New != 2 || la.Bytes != 900 || la.Fetches != 5 ||
		la.EndedAt == nil || la.EndedAt.Before(la.StartedAt) {
		t.Errorf("last run of alpha: %+v (skips must not count)", la)
	}
	if lb := last["beta"]; lb.Status != RunCancelled || lb.Trigger != TriggerManual {
		t.Errorf("last run of beta: %+v", lb)
	}
}

func TestDaemonLock(t *testing.T) {
	db := t.TempDir() + "/a.db"
	first, err := LockDaemon(db, "pid 1 on here")
	if err != nil {
		t.Fatal(err)
	}
	_, err = LockDaemon(db, "pid 2 on here")
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("second lock: %v, want ErrLocked", err)
	}
	if want := "pid 1 on here"; !strings.Contains(err.Error(), want) {
		t.Errorf("refusal %q does not name the holder %q", err, want)
	}
	if err := first.Unlock(); err != nil {
		t.Fatal(err)
	}
	again, err := LockDaemon(db, "pid 3 on here")
	if err != nil {
		t.Fatalf("lock after unlock: %v", err)
	}
	again.Unlock()
}

func TestRunStatusClasses(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	src, err := s.EnsureSource(ctx, "alpha", "h")
	if err != nil {
		t.Fatal(err)
	}
	run, err := s.StartRun(ctx, src)
	if err != nil {
		t.Fatal(err)
	}
	for i, status := range []int{200, 200, 304, 404, 503, 0} {
		f := Fetch{SourceID: src, RunID: run, RequestedURL: fmt.Sprintf("https://a.example/%d", i),
			FinalURL: fmt.Sprintf("https://a.example/%d", i), Method: "GET", Status: status, FetchedAt: t0}
		if status == 0 {
			f.Err = "connection refused"
		}
		if _, err := s.Save(ctx, Record{Fetch: f}); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.RunStatusClasses(ctx, run)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int64{"2xx": 2, "3xx": 1, "4xx": 1, "5xx": 1, "error": 1}
	if !maps.Equal(got, want) {
		t.Errorf("classes %v, want %v", got, want)
	}
	if err := s.Ping(ctx); err != nil {
		t.Errorf("ping: %v", err)
	}
}
