package schedules

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/crawler/config"
	"github.com/newsarchive/newsarchive/internal/logbuf"
)

// TestRunEndedLogLine: each run that ran gets one "run ended" line with
// its counts and record id, a warning with the error when it failed.
func TestRunEndedLogLine(t *testing.T) {
	tests := []struct {
		name  string
		res   Result
		err   error
		want  []string
		avoid []string
	}{
		{name: "ok", res: Result{RunID: 7, Fetched: 12, New: 3, Updated: 1, Unchanged: 5, Duplicates: 4, Errors: 2},
			want: []string{"level=INFO", "status=ok", "fetched=12", "new=3", "updated=1", "unchanged=5", "duplicates=4",
				"errors=2", "run=7"},
			avoid: []string{"error="}},
		{name: "failed", res: Result{RunID: 8, Errors: 1, Status: StatusFailed}, err: errors.New("nothing fetched: host down"),
			want: []string{"level=WARN", "status=failed", "run=8", `error="nothing fetched: host down"`}},
		{name: "no record id", res: Result{Fetched: 1},
			want: []string{"level=INFO", "status=ok"}, avoid: []string{"run="}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var logs logbuf.Buffer
			rec := &memRecorder{}
			run := func(context.Context, config.Source, Trigger) (Result, error) { return tt.res, tt.err }
			s, err := New(sources("@hourly", "a"), Options{Run: run, Recorder: rec, StopTimeout: 2 * time.Second,
				Logger: slog.New(slog.NewTextHandler(&logs, nil))})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Stop()
			if err := s.Trigger("a"); err != nil {
				t.Fatal(err)
			}
			waitFor(t, "the run's record", func() bool { return rec.count("a", "") == 1 })
			var ended []string
			for line := range strings.Lines(logs.String()) {
				if strings.Contains(line, `msg="run ended"`) {
					ended = append(ended, line)
				}
			}
			if len(ended) != 1 {
				t.Fatalf("%d run ended lines, want 1:\n%s", len(ended), logs.String())
			}
			for _, w := range tt.want {
				if !strings.Contains(ended[0], w) {
					t.Errorf("run ended line lacks %s: %s", w, ended[0])
				}
			}
			for _, a := range tt.avoid {
				if strings.Contains(ended[0], a) {
					t.Errorf("run ended line has %s: %s", a, ended[0])
				}
			}
		})
	}
}

// TestDroppedRunLogsItsEnd: a run that never got a slot (its source removed
// while it waited) logs its end too.
func TestDroppedRunLogsItsEnd(t *testing.T) {
	var logs logbuf.Buffer
	rec := &memRecorder{}
	b := newBlocker()
	defer close(b.release)
	s, err := New(sources("@hourly", "a", "b"), Options{Run: b.run, Recorder: rec, MaxParallel: 1,
		StopTimeout: 2 * time.Second, Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Stop()
	for _, n := range []string{"a", "b"} {
		if err := s.Trigger(n); err != nil {
			t.Fatal(err)
		}
	}
	waitFor(t, "b to wait", func() bool { return s.State().Queued == 1 })
	if err := s.Reload(sources("@hourly", "a"), 1); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "b dropped", func() bool { return rec.count("b", StatusCancelled) == 1 })
	if !strings.Contains(logs.String(), `msg="run ended" source=b status=cancelled error=`) {
		t.Errorf("no end logged for the dropped run, or with counts of a run that never started:\n%s", logs.String())
	}
}
