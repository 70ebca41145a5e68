package main

import (
	"bytes"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"

	"github.com/newsarchive/newsarchive/crawler"
	"github.com/newsarchive/newsarchive/schedules"
)

// TestRunProgressCountsAsItGoes: a daemon run's articles and bytes reach
// the metrics as the run goes, each counted once however often it
// reports, and a line is logged at most every interval.
func TestRunProgressCountsAsItGoes(t *testing.T) {
	m := newDaemonMetrics(func() schedules.State { return schedules.State{} }, func() (int64, error) { return 1 << 30, nil })
	var logs bytes.Buffer
	p := newRunProgress("gazette", time.Nanosecond, m, slog.New(slog.NewTextHandler(&logs, nil)))
	article := func(kind string) float64 { return counterValue(t, m.articles.WithLabelValues("gazette", kind)) }
	if n := article("new"); n != 0 {
		t.Fatalf("new articles before any report: %v", n)
	}
	steps := []struct {
		st                     crawler.Stats
		new, updated, dup, byt float64
	}{
		{crawler.Stats{Fetched: 2, New: 1, Bytes: 100}, 1, 0, 0, 100},
		{crawler.Stats{Fetched: 3, New: 1, Bytes: 100}, 1, 0, 0, 100}, // the same counts again
		{crawler.Stats{Fetched: 5, New: 3, Updated: 1, Duplicates: 2, Bytes: 250}, 3, 1, 2, 250},
		{crawler.Stats{Fetched: 5, New: 2, Bytes: 200}, 3, 1, 2, 250}, // lower: counters never fall
	}
	for i, s := range steps {
		time.Sleep(time.Millisecond) // past the interval
		p.update(s.st)
		got := []float64{article("new"), article("updated"), article("duplicate"), counterValue(t, m.bytes.WithLabelValues("gazette"))}
		if want := []float64{s.new, s.updated, s.dup, s.byt}; !slices.Equal(got, want) {
			t.Errorf("after report %d: new, updated, duplicate, bytes = %v, want %v", i+1, got, want)
		}
	}
	p.finish(crawler.Stats{Fetched: 6, New: 4, Updated: 1, Duplicates: 2, Bytes: 300})
	if n, b := article("new"), counterValue(t, m.bytes.WithLabelValues("gazette")); n != 4 || b != 300 {
		t.Errorf("after the run: %v new, %v bytes; want 4, 300", n, b)
	}
	if n := strings.Count(logs.String(), "msg=\"run progress\" source=gazette fetched="); n != len(steps) {
		t.Errorf("%d progress lines for %d reports past the interval:\n%s", n, len(steps), logs.String())
	}
	if !strings.Contains(logs.String(), "fetched=5 queued=0 new=3 updated=1") {
		t.Errorf("progress lines lack the counts:\n%s", logs.String())
	}

	// Interval 0: counted, never logged.
	logs.Reset()
	quiet := newRunProgress("courier", 0, m, slog.New(slog.NewTextHandler(&logs, nil)))
	quiet.update(crawler.Stats{Fetched: 1, New: 1})
	if logs.Len() != 0 || counterValue(t, m.articles.WithLabelValues("courier", "new")) != 1 {
		t.Errorf("interval 0: log %q, new %v", logs.String(), counterValue(t, m.articles.WithLabelValues("courier", "new")))
	}
}

// counterValue reads a counter as /metrics would show it.
func counterValue(t *testing.T, c prometheus.Counter) float64 {
	t.Helper()
	var m dto.Metric
	if err := c.Write(&m); err != nil {
		t.Fatal(err)
	}
	return m.GetCounter().GetValue()
}
