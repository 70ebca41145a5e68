package main

import (
	"strings"
	"testing"

	"github.com/newsarchive/newsarchive/archive"
)

func TestReparseSummary(t *testing.T) {
	tests := []struct {
		res  archive.ReparseResult
		want string
	}{
		{archive.ReparseResult{Snapshots: 3, Articles: 2, NewVersions: 1, Skipped: 1},
			"3 pages re-extracted: 2 with an article, 1 new version, 0 refreshed, 0 new articles, 1 not articles\n"},
		// Pages that could not be read back were not re-extracted.
		{archive.ReparseResult{Snapshots: 304, Unreadable: 304},
			"0 pages re-extracted: 0 with an article, 0 new versions, 0 refreshed, 0 new articles, 0 not articles; 304 unreadable, left as they were\n"},
	}
	for _, tt := range tests {
		var b strings.Builder
		if err := writeReparseSummary(&b, tt.res); err != nil {
			t.Fatal(err)
		}
		if b.String() != tt.want {
			t.Errorf("summary of %+v:\n got %q\nwant %q", tt.res, b.String(), tt.want)
		}
	}
}
