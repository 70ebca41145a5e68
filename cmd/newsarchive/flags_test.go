package main

import (
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
