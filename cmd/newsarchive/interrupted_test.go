package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestMaintenanceInterrupted: Ctrl-C in the middle of a command that
// works through the whole archive says in one line that it was
// interrupted and what that leaves, exit 1, where it printed the
// database's "context canceled" behind internal steps ("304s of URL",
// "compact body SHA", "integrity check"); and the archive stays sound.
func TestMaintenanceInterrupted(t *testing.T) {
	template := filepath.Join(t.TempDir(), "many.db")
	fillMany(t, template, 3000)
	for _, tt := range []struct {
		args []string
		// writes: signal once the command has written (its first
		// transaction is in the WAL), else after a moment.
		writes bool
		want   string
	}{
		{[]string{"db", "check"}, false, `^newsarchive: db check interrupted; it gave no verdict, run it again$`},
		{[]string{"db", "--bodies", "check"}, false, `^newsarchive: db check interrupted; it gave no verdict, run it again$`},
		{[]string{"db", "compact"}, true, `^newsarchive: db compact interrupted; nothing lost, run it again to finish$`},
		{[]string{"db", "optimize"}, true, `^newsarchive: db optimize interrupted; nothing lost, run it again to finish$`},
		{[]string{"reparse"}, true, `^newsarchive: reparse interrupted after [1-9][0-9]* pages; what it changed is kept, run it again to finish$`},
		{[]string{"db", "reindex"}, true, `^newsarchive: db reindex: stopped after [0-9]+ articles: interrupted; [0-9]+ articles wait for the search index`},
	} {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "many.db")
			copyFile(t, template, db)
			copyFile(t, template+"-spool", db+"-spool")
			cmd := exec.Command(binPath, append(tt.args, "--db", db)...)
			var stdout, stderr strings.Builder
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			// Each takes a second or more over 3,000 pages.
			time.Sleep(300 * time.Millisecond)
			for deadline := time.Now().Add(10 * time.Second); tt.writes && time.Now().Before(deadline); {
				if fi, err := os.Stat(db + "-wal"); err == nil && fi.Size() > 0 {
					break
				}
				time.Sleep(5 * time.Millisecond)
			}
			if err := cmd.Process.Signal(os.Interrupt); err != nil {
				t.Fatal(err)
			}
			cmd.Wait()
			// The archive may log what it left (a WARN line); the error is
			// the one line the command ends with.
			msg := lastLine(stderr.String())
			if code := cmd.ProcessState.ExitCode(); code != 1 || strings.Count(stderr.String(), "newsarchive: ") != 1 ||
				!regexp.MustCompile(tt.want).MatchString(msg) {
				t.Errorf("exit %d, stdout %q, stderr:\n%s\nwant exit 1 and one line matching %s (did it finish first?)",
					code, stdout.String(), stderr.String(), tt.want)
			}
			if r := mustRun(t, "db", "--db", db, "check"); !strings.HasSuffix(strings.TrimSpace(r.stdout), ": ok") {
				t.Errorf("db check after the interrupt:\n%s%s", r.stdout, r.stderr)
			}
		})
	}
}

// copyFile copies an archive's file for a test to work on.
func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err == nil {
		err = os.WriteFile(to, b, 0o600)
	}
	if err != nil {
		t.Fatal(err)
	}
}
