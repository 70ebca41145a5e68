package main

import (
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestServeRunDurationsLeaveOutDroppedRuns: a run dropped while it waited
// for a slot (its source removed by a reload) is counted cancelled, but
// not observed as a 0 s run in the durations of the runs that started.
func TestServeRunDurationsLeaveOutDroppedRuns(t *testing.T) {
	slow := stallingSite(t)
	config := func(sources ...string) string {
		var sb strings.Builder
		sb.WriteString("database: archive.db\nmax_parallel_sources: 1\ndefaults: {delay: 0s, schedule: '@yearly'}\nsources:\n")
		for _, s := range sources {
			fmt.Fprintf(&sb, "  - name: %s\n    start: [\"%s/%s/\"]\n", s, slow.URL, s)
		}
		return sb.String()
	}
	cfg := writeCrawlConfig(t, t.TempDir(), config("first", "second"))
	d := startServe(t, "--config", cfg)
	for _, path := range []string{"/api/sources/first/run", "/api/sources/second/run"} {
		if code, body := d.request(t, "POST", path); code != http.StatusAccepted {
			t.Fatalf("POST %s: %d %s", path, code, body)
		}
	}
	writeCrawlConfig(t, filepath.Dir(cfg), config("first"))
	d.cmd.Process.Signal(syscall.SIGHUP)
	cancelled := `newsarchive_runs_total{source="second",status="cancelled"} 1`
	var body string
	poll(t, "the queued run of the removed source counted", func() bool {
		_, body = d.request(t, "GET", "/metrics")
		return strings.Contains(body, cancelled)
	}, d)
	if strings.Contains(body, `newsarchive_run_duration_seconds_count{source="second"`) {
		t.Errorf("/metrics observes the duration of a run that never started:\n%s", grepLines(body, `source="second"`))
	}
}

// grepLines returns the lines of s that hold sub.
func grepLines(s, sub string) string {
	var sb strings.Builder
	for line := range strings.Lines(s) {
		if strings.Contains(line, sub) {
			sb.WriteString(line)
		}
	}
	return sb.String()
}
