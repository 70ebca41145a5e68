package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// binPath is the newsarchive binary built once for the command line tests,
// which run it as a user would.
var binPath string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "newsarchive-cli")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binPath = filepath.Join(dir, "newsarchive")
	build := exec.Command("go", "build", "-o", binPath, ".")
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "build newsarchive: %v\n%s", err, out)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// cliResult is what one run of the binary printed and returned.
type cliResult struct {
	stdout, stderr string
	code           int
}

// runCLI runs the binary with args, feeding it stdin (may be nil).
func runCLI(t *testing.T, stdin io.Reader, args ...string) cliResult {
	t.Helper()
	cmd := exec.Command(binPath, args...)
	cmd.Stdin = stdin
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatalf("run newsarchive: %v", err)
	}
	return cliResult{stdout: stdout.String(), stderr: stderr.String(), code: cmd.ProcessState.ExitCode()}
}

// TestCommandLineMistakes: what a command does not take is a usage
// mistake, exit 2 and one line naming it, not ignored with exit 0.
func TestCommandLineMistakes(t *testing.T) {
	db := filepath.Join(t.TempDir(), "never.db") // should a mistake be taken
	for _, tt := range []struct {
		args         []string
		code         int
		stdout, want string // want: in stderr's one line
	}{
		{[]string{"version", "extra"}, 2, "", `version: takes no arguments (got "extra")`},
		{[]string{"--version", "extra"}, 2, "", `version: takes no arguments`},
		{[]string{"help", "bogus"}, 2, "", `unknown command "bogus"`},
		{[]string{"help", "crawl", "db"}, 2, "", "help: give one command at most"},
		{[]string{"crawl", "--db", db, "--memory-limit", "-5", "http://127.0.0.1:1/"}, 2, "", "--memory-limit must not be negative"},
		{[]string{"crawl", "--db", db, "--memory-limit", "9000000000000", "http://127.0.0.1:1/"}, 2, "", "--memory-limit 9000000000000 MiB"},
		{[]string{"export", "--db", db, "--spreadsheet-safe", "-o", "x.jsonl"}, 2, "", "--spreadsheet-safe is for csv, not jsonl"},
		{[]string{"version"}, 0, "newsarchive ", ""},
		{[]string{"help"}, 0, "Commands:", ""},
		{[]string{"help", "-h"}, 0, "Commands:", ""},
		{[]string{"help", "crawl"}, 0, "Usage: newsarchive crawl", ""},
	} {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			r := runCLI(t, nil, tt.args...)
			lines := strings.Count(strings.TrimSpace(r.stderr), "\n") + 1
			if r.code != tt.code || !strings.Contains(r.stdout, tt.stdout) ||
				(tt.want == "" && r.stderr != "") || (tt.want != "" && (lines != 1 || !strings.Contains(r.stderr, tt.want))) {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit %d, %q on stdout, one line with %q on stderr",
					r.code, r.stdout, r.stderr, tt.code, tt.stdout, tt.want)
			}
		})
	}
}
