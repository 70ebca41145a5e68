package main

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/archive"
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
			// Each takes half a second or more over 3,000 pages, once it
			// has the archive open (its signal handlers are in place by
			// then). A signal that still comes while it opens the archive
			// gets a line of its own (TestOpenInterrupted).
			waitForOpenFile(t, cmd.Process.Pid, db)
			time.Sleep(50 * time.Millisecond)
			for deadline := time.Now().Add(10 * time.Second); tt.writes && time.Now().Before(deadline); {
				if fi, err := os.Stat(db + "-wal"); err == nil && fi.Size() > 0 {
					break
				}
				time.Sleep(time.Millisecond)
			}
			if err := cmd.Process.Signal(os.Interrupt); err != nil {
				t.Fatal(err)
			}
			cmd.Wait()
			// The archive may log what it left (a WARN line); the error is
			// the one line the command ends with.
			msg := lastLine(stderr.String())
			if code := cmd.ProcessState.ExitCode(); code != 1 || strings.Count(stderr.String(), "newsarchive: ") != 1 ||
				!regexp.MustCompile(tt.want).MatchString(msg) && msg != "newsarchive: interrupted while opening the archive "+db+"; nothing lost" {
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

// TestOpenInterrupted: Ctrl-C while a command waits to open the archive
// (another program holds it locked) ends the command at once, not after the
// busy timeout (10 s), and says so in one line, not with the database's
// "read schema: context canceled"; the archive stays sound.
func TestOpenInterrupted(t *testing.T) {
	if _, err := os.Stat("/proc/self/fd"); err != nil {
		t.Skip("needs /proc to see the command open the archive")
	}
	db := filepath.Join(t.TempDir(), "locked.db")
	fillMany(t, db, 10)
	unlock := holdExclusive(t, db)
	for _, args := range [][]string{{"stats"}, {"search", "flood"}, {"reparse"}} {
		cmd := exec.Command(binPath, append(args, "--db", db)...)
		var stderr strings.Builder
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		waitForOpenFile(t, cmd.Process.Pid, db)
		if err := cmd.Process.Signal(os.Interrupt); err != nil {
			t.Fatal(err)
		}
		signalled := time.Now()
		cmd.Wait()
		// Well under the busy timeout however slow the machine: the
		// command does not wait for the lock once interrupted.
		if took := time.Since(signalled); took > archive.DefaultBusyTimeout/2 {
			t.Errorf("%v: ended %v after the interrupt", args, took)
		}
		want := "newsarchive: interrupted while opening the archive " + db + "; nothing lost"
		if code := cmd.ProcessState.ExitCode(); code != 1 || strings.TrimSpace(stderr.String()) != want {
			t.Errorf("%v: exit %d, stderr:\n%s\nwant exit 1 and %q", args, code, stderr.String(), want)
		}
	}
	unlock()
	if r := mustRun(t, "db", "--db", db, "check"); !strings.HasSuffix(strings.TrimSpace(r.stdout), ": ok") {
		t.Errorf("db check after the interrupts:\n%s%s", r.stdout, r.stderr)
	}
}

// holdExclusive puts the archive db back in rollback-journal mode and holds
// it locked, as another program writing it would, so that opening it waits
// for the lock; it returns what releases the lock.
func holdExclusive(t *testing.T, db string) (unlock func()) {
	t.Helper()
	ctx := context.Background()
	other, err := sql.Open("sqlite", "file:"+db)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { other.Close() })
	conn, err := other.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	for _, q := range []string{`PRAGMA journal_mode = DELETE`, `BEGIN EXCLUSIVE`} {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	return func() {
		if _, err := conn.ExecContext(ctx, `ROLLBACK`); err != nil {
			t.Errorf("release the lock: %v", err)
		}
	}
}

// waitForOpenFile waits until process pid has path open: the command is
// past installing its signal handlers and inside opening the archive.
func waitForOpenFile(t *testing.T, pid int, path string) {
	t.Helper()
	dir := fmt.Sprintf("/proc/%d/fd", pid)
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(2 * time.Millisecond) {
		fds, _ := os.ReadDir(dir)
		for _, fd := range fds {
			if target, err := os.Readlink(filepath.Join(dir, fd.Name())); err == nil && target == path {
				return
			}
		}
	}
	t.Fatalf("process %d never opened %s", pid, path)
}
