package main

import (
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/crawler/config"
)

// TestListSourcesNextRun: the next run `sources --config` shows is the
// schedule's next activation after the source's last run, now for one
// the daemon would make up at once, and for a run still going the next
// activation after now (the one that started it is spent).
func TestListSourcesNextRun(t *testing.T) {
	at := func(hhmmss string) time.Time {
		tm, err := time.Parse(time.DateTime, "2026-11-27 "+hhmmss)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	now := at("10:02:30")
	const fiveMinutes, hourly = "*/5 * * * *", "@every 1h"
	tests := []struct {
		name     string
		schedule string
		status   string
		active   time.Time // the last run's start
		want     time.Time
	}{
		{"last run done", fiveMinutes, archive.RunOK, at("10:00:00"), at("10:05:00")},
		{"activation missed", fiveMinutes, archive.RunOK, at("09:00:00"), now},
		{"run still going", fiveMinutes, archive.RunRunning, at("10:00:00"), at("10:05:00")},
		{"run going since long", fiveMinutes, archive.RunRunning, at("09:00:00"), at("10:05:00")},
		{"run going, hourly", hourly, archive.RunRunning, at("10:01:09"), at("11:01:09")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := config.Default().Defaults.Source("paper", "https://paper.example/")
			src.Schedule = tt.schedule
			last := map[string]archive.RunSummary{"paper": {Source: "paper", Status: tt.status, StartedAt: tt.active}}
			got := listSources([]config.Source{src}, last, map[string]time.Time{"paper": tt.active}, now)
			if len(got) != 1 || got[0].Next != tt.want.UTC().Format(time.RFC3339) {
				t.Errorf("next run %+v, want %s", got, tt.want.UTC().Format(time.RFC3339))
			}
		})
	}
}
