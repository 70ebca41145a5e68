package main

import (
	"net"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/archive"
)

// TestRunsSaysWhyARunFailed: the runs table ends each row with the run's
// message, so a failed run says why without --format json (the table
// showed "failed" and an error count only).
func TestRunsSaysWhyARunFailed(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + ln.Addr().String() + "/"
	ln.Close() // nothing answers there now
	db := filepath.Join(t.TempDir(), "archive.db")
	if r := runCLI(t, nil, "crawl", "--db", db, closed); r.code == 0 {
		t.Fatalf("crawl of a closed port exited 0:\n%s", r.stdout)
	}
	out := mustRun(t, "runs", "--db", db).stdout
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 || !strings.HasSuffix(lines[0], "MESSAGE") {
		t.Fatalf("runs:\n%s", out)
	}
	if row := lines[1]; !strings.Contains(row, "failed") || !strings.Contains(row, "connection refused") {
		t.Errorf("the failed run's row does not say why:\n%s", out)
	}
}

func TestOneLine(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"", ""},
		{"nothing fetched: robots.txt unreachable", "nothing fetched: robots.txt unreachable"},
		{"first\nsecond\r\nthird\tfourth", "first second third fourth"},
		{"\n trailing \n", " trailing "},
	} {
		if got := oneLine(tt.in); got != tt.want {
			t.Errorf("oneLine(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestRenderRunsColumns: each count of a run sits under its own heading.
func TestRenderRunsColumns(t *testing.T) {
	ended := time.Date(2026, 11, 25, 19, 0, 12, 0, time.UTC)
	run := archive.RunSummary{ID: 6, Source: "gazette", Trigger: "schedule", Status: "ok",
		StartedAt: ended.Add(-2 * time.Second), EndedAt: &ended, Fetches: 18, Errors: 3,
		RunCounts: archive.RunCounts{New: 4, Updated: 5, Refreshed: 6, Unchanged: 7, Duplicates: 8, Bytes: 2048}}
	var b strings.Builder
	if err := renderRuns(&b, []archive.RunSummary{run}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	head, row := strings.Fields(lines[0]), strings.Fields(lines[1])
	want := map[string]string{"FETCHES": "18", "NEW": "4", "UPDATED": "5", "REFRESHED": "6", "UNCHANGED": "7",
		"DUPLICATES": "8", "ERRORS": "3", "TOOK": "2s"}
	// STARTED spans three fields of the row: date, time, zone.
	for i, h := range head {
		j := i
		if i > slices.Index(head, "STARTED") {
			j += 2
		}
		if w, ok := want[h]; ok && (j >= len(row) || row[j] != w) {
			t.Errorf("column %s: %q, want %s\n%s", h, row[min(j, len(row)-1)], w, b.String())
		}
		delete(want, h)
	}
	if len(want) > 0 {
		t.Errorf("columns missing: %v\n%s", want, b.String())
	}
}
