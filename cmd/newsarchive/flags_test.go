package main

import (
	"errors"
	"flag"
	"io"
	"strings"
	"testing"
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
		{nil, 0, ""},
	}
	for _, tt := range tests {
		var out strings.Builder
		if code := exitCode(tt.err, &out); code != tt.code || out.String() != tt.wantLine {
			t.Errorf("exitCode(%v) = %d, %q; want %d, %q", tt.err, code, out.String(), tt.code, tt.wantLine)
		}
	}
}

// TestParseRangeDays: bounds given as days are compared as days (the page's
// own), a bound given as a time makes the range one of instants.
func TestParseRangeDays(t *testing.T) {
	tests := []struct {
		since, until string
		days         bool
	}{
		{"2024-05-02", "", true},
		{"", "2024-05-02", true},
		{"2024-05-01", "2024-05-02", true},
		{"2024-05-01T00:00:00+09:00", "", false},
		{"2024-05-01", "2024-05-02T12:00:00Z", false},
		{"", "", false},
	}
	for _, tt := range tests {
		_, _, days, err := parseRange(tt.since, tt.until)
		if err != nil || days != tt.days {
			t.Errorf("parseRange(%q, %q): days %v, %v; want %v", tt.since, tt.until, days, err, tt.days)
		}
	}
}
