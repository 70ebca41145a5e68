package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/schedules/sourcerun"
)

func TestRepeatedFlag(t *testing.T) {
	tests := []struct {
		args string
		want string
	}{
		{"--source a --source b", "source"},
		{"--source=a -source b", "source"},
		{"--source a --limit 3 x --limit=4", "limit"},
		{"--raw --raw --source a", ""},
		{"--source a -- --source", ""},
		{"--source --source", ""}, // the second is the first's value
		{"--unknown 1 --unknown 2", ""},
		{"", ""},
	}
	for _, tt := range tests {
		fs := flag.NewFlagSet("test", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		fs.String("source", "", "")
		fs.Int("limit", 0, "")
		fs.Bool("raw", false, "")
		if got := repeatedFlag(fs, strings.Fields(tt.args)); got != tt.want {
			t.Errorf("repeatedFlag(%q) = %q, want %q", tt.args, got, tt.want)
		}
	}
}

func TestExitCodeMessages(t *testing.T) {
	tests := []struct {
		err      error
		code     int
		wantLine string
	}{
		{errors.New("count per source: database disk image is malformed (11)"), 1,
			"newsarchive: count per source: database disk image is malformed (11) ('newsarchive db check' tells what is damaged)\n"},
		{errors.New("integrity check: database disk image is malformed (11)"), 1,
			"newsarchive: integrity check: database disk image is malformed (11)\n"},
		{unopenable(errors.New("open a.db: database disk image is malformed (11)")), 1,
			"newsarchive: open a.db: database disk image is malformed (11): the file is too damaged to open; restore it from a backup, or salvage its rows with sqlite3's .recover\n"},
		{usageErrorf("search: no query"), 2, "newsarchive: search: no query\n"},
		{fmt.Errorf("crawl x: %w", errors.Join(errors.New("record run 1: disk full"), errors.New("commit: disk full"))), 1,
			"newsarchive: crawl x: record run 1: disk full; commit: disk full\n"},
		// Page and server text in an error is shown, not obeyed.
		{errors.New("fetch http://a.test/x: HTTP 503 Service Unavailable (Retry-After: \u202e021)"), 1,
			"newsarchive: fetch http://a.test/x: HTTP 503 Service Unavailable (Retry-After: \\u202e021)\n"},
		{errors.New("no article found at \x1b[2Jhttp://a.test/\x9b: thin"), 1,
			"newsarchive: no article found at \\x1b[2Jhttp://a.test/\\x9b: thin\n"},
		{errors.New("read /news/חדשות-سد-café-新闻.html: no such file"), 1,
			"newsarchive: read /news/חדשות-سد-café-新闻.html: no such file\n"},
		{nil, 0, ""},
	}
	for _, tt := range tests {
		var out strings.Builder
		if code := exitCode(tt.err, &out); code != tt.code || out.String() != tt.wantLine {
			t.Errorf("exitCode(%q) = %d, %q; want %d, %q", tt.err, code, out.String(), tt.code, tt.wantLine)
		}
	}
}

// TestParseRangeDays: a bound given as a day is compared as a day (the
// page's own), one given as a time as an instant.
func TestParseRangeDays(t *testing.T) {
	tests := []struct {
		since, until       string
		sinceDay, untilDay bool
	}{
		{"2024-05-02", "", true, false},
		{"", "2024-05-02", false, true},
		{"2024-05-01", "2024-05-02", true, true},
		{"2024-05-01T00:00:00+09:00", "", false, false},
		{"2024-05-01", "2024-05-02T12:00:00Z", true, false},
		{"", "", false, false},
		{"2024-05-01T23:30:00-05:00", "2024-05-01", false, true}, // the day is the page's, in its zone: not ordered
	}
	for _, tt := range tests {
		b, err := parseRange(tt.since, tt.until)
		if err != nil || b.SinceDay != tt.sinceDay || b.UntilDay != tt.untilDay {
			t.Errorf("parseRange(%q, %q) = %+v, %v; want days %v %v", tt.since, tt.until, b, err, tt.sinceDay, tt.untilDay)
		}
	}
}

// TestRFC3339Forms: --since and --until take the forms RFC 3339 section
// 5.6 allows beside the usual one (a space or a lower-case t between date
// and time, a lower-case z), which were refused as "not a date".
func TestRFC3339Forms(t *testing.T) {
	want := time.Date(2026, 3, 14, 10, 0, 0, 0, time.UTC)
	for _, v := range []string{"2026-03-14T10:00:00Z", "2026-03-14 10:00:00Z", "2026-03-14t10:00:00z",
		"2026-03-14 10:00:00z", "2026-03-14 11:00:00+01:00"} {
		b, err := parseRange(v, v)
		if err != nil || !b.Since.Equal(want) || b.SinceDay || b.UntilDay || !b.Until.Equal(want.Add(time.Microsecond)) {
			t.Errorf("parseRange(%q) = %+v, %v; want the instant %v", v, b, err, want)
		}
	}
	for _, v := range []string{"2026-03-14x10:00:00Z", "2026-03-14 10:00:00", "2026-03-14  10:00:00Z"} {
		if _, err := parseDate("until", v); err == nil {
			t.Errorf("parseDate(%q) took it", v)
		}
	}
	db := exportArchive(t)
	if r := runCLI(t, nil, "export", "--db", db, "--until", "2026-03-14 10:00:00z", "--by", "fetched"); r.code != 0 {
		t.Errorf("export --until with a space and a lower-case z: exit %d, %s", r.code, r.stderr)
	}
}

// TestSummaryLineIsOneLine: a run whose record failed too ends with an
// error errors.Join made of two; the source's summary stays one line.
func TestSummaryLineIsOneLine(t *testing.T) {
	err := fmt.Errorf("the archive cannot store more; %w", errors.Join(errors.New("record run 1: counts"), errors.New("commit: disk full")))
	line := summaryLine(sourcerun.Result{Source: "gazette", Status: "failed", RunID: 1}, err)
	if strings.Contains(line, "\n") || !strings.HasSuffix(line, "record run 1: counts; commit: disk full") {
		t.Errorf("summary line %q", line)
	}
}

// TestCheckRefused: a command stopped (SIGINT) during its check of the
// file says it changed nothing, without sending the user to db check as
// for damage (it said "integrity check: context canceled ... tells what
// is damaged").
func TestCheckRefused(t *testing.T) {
	stopped, cancel := context.WithCancel(context.Background())
	cancel()
	for _, tt := range []struct {
		name string
		ctx  context.Context
		err  error
		want string
	}{
		{"stopped", stopped, fmt.Errorf("integrity check: %w", context.Canceled),
			"db reindex interrupted before it changed anything"},
		{"damaged", context.Background(), errors.New("integrity check: database disk image is malformed (11)"),
			"db reindex: integrity check: database disk image is malformed (11): nothing was changed ('newsarchive db check' tells what is damaged)"},
	} {
		if got := checkRefused(tt.ctx, "db reindex", tt.err).Error(); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}
