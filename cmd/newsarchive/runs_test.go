package main

import (
	"net"
	"path/filepath"
	"strings"
	"testing"
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
