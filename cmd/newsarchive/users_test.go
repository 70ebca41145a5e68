//go:build unix

package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/newsarchive/newsarchive/archive/export"
	"github.com/newsarchive/newsarchive/internal/newstest"
)

// The user ids the test runs the binary as: the archive's owner (a
// daemon's user) and another user who may read it.
const (
	ownerUID  = 50001
	readerUID = 50002
)

// runAsUser runs the binary as uid, as runCLI does.
func runAsUser(t *testing.T, uid uint32, args ...string) cliResult {
	t.Helper()
	cmd := exec.Command(binPath, args...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uid, Gid: uid}}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatalf("run newsarchive as %d: %v", uid, err)
	}
	return cliResult{stdout: stdout.String(), stderr: stderr.String(), code: cmd.ProcessState.ExitCode()}
}

// sharedDir is a directory every user may write, as a group-writable data
// directory is; the binary's own directory is opened to them too.
func sharedDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "newsarchive-users")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	for _, d := range []string{dir, filepath.Dir(binPath)} {
		if err := os.Chmod(d, 0o777); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// giveTo makes every file under dir uid's, readable by all.
func giveTo(t *testing.T, dir string, uid int) {
	t.Helper()
	err := filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err != nil || p == dir {
			return err
		}
		if err := os.Chown(p, uid, uid); err != nil {
			return err
		}
		return os.Chmod(p, fi.Mode().Perm()&^0o022|0o444)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestAnotherUsersArchive: a user who may read an archive but not write
// it reads it without leaving files of theirs beside it (SQLite would make
// -wal and -shm files the owner could not write after); a command that
// writes refuses at once, naming the file; the owner, told of a -shm file
// another user left, is told which and what to do.
func TestAnotherUsersArchive(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to run the binary as other users")
	}
	_, db := ownedArchive(t)

	if r := runAsUser(t, readerUID, "stats", "--db", db); r.code != 0 || !strings.Contains(r.stdout, "articles") {
		t.Fatalf("stats by a reader: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	for _, f := range []string{db + "-wal", db + "-shm"} {
		if _, err := os.Lstat(f); err == nil {
			t.Errorf("a reader left %s beside the owner's archive", filepath.Base(f))
		}
	}
	r := runAsUser(t, readerUID, "reparse", "--db", db)
	if r.code != 1 || !strings.Contains(r.stderr, "a.db is not writable") || strings.Count(strings.TrimSpace(r.stderr), "\n") > 0 {
		t.Errorf("reparse by a reader: exit %d, stderr %q; want 1 and one line naming the file", r.code, r.stderr)
	}
	if r := runAsUser(t, ownerUID, "reparse", "--db", db); r.code != 0 {
		t.Fatalf("reparse by the owner after a reader: exit %d\n%s", r.code, r.stderr)
	}

	stray := db + "-shm"
	if err := os.WriteFile(stray, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(stray, readerUID, readerUID); err != nil {
		t.Fatal(err)
	}
	r = runAsUser(t, ownerUID, "reparse", "--db", db)
	if r.code != 1 || !strings.Contains(r.stderr, "a.db-shm is not writable") || !strings.Contains(r.stderr, "another user's process") {
		t.Errorf("reparse by the owner beside another user's -shm: exit %d, stderr %q", r.code, r.stderr)
	}
}

// ownedArchive crawls a site of three articles into an archive in a
// shared directory and gives both to the owner's user.
func ownedArchive(t *testing.T) (dir, db string) {
	t.Helper()
	dir = sharedDir(t)
	db = filepath.Join(dir, "a.db")
	site := newstest.NewSite(t, 3)
	mustRun(t, "crawl", "--config", writeCrawlConfig(t, t.TempDir(), siteConfig(site.URL)), "--db", db)
	giveTo(t, dir, ownerUID)
	return dir, db
}

// TestExportWritesWhereAShellCould: an export replaces only a file its
// user could write with a shell's >, and is written only in a directory
// its user may write; a refusal names the file or the directory and
// leaves it as it was. Renaming into place would otherwise replace a
// file kept read-only, or another user's.
func TestExportWritesWhereAShellCould(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to run the binary as other users")
	}
	dir, db := ownedArchive(t)
	readOnly := filepath.Join(dir, "kept.jsonl")
	others := filepath.Join(dir, "others.jsonl")
	closedDir := filepath.Join(dir, "closed")
	inClosed := filepath.Join(closedDir, "open.jsonl")
	placeFile(t, readOnly, readerUID, 0o444)
	placeFile(t, others, ownerUID, 0o644)
	if err := os.Mkdir(closedDir, 0o755); err != nil {
		t.Fatal(err)
	}
	placeFile(t, inClosed, readerUID, 0o666)

	for _, tc := range []struct{ path, refusal string }{
		{readOnly, readOnly + " may not be written"},
		{others, others + " may not be written"},
		{inClosed, "output directory " + closedDir + " may not be written"},
	} {
		r := runAsUser(t, readerUID, "export", "--db", db, "-o", tc.path)
		if r.code != 1 || !strings.Contains(r.stderr, tc.refusal) || strings.Count(strings.TrimSpace(r.stderr), "\n") > 0 {
			t.Errorf("export -o %s: exit %d, stderr %q; want 1 and one line: %s", tc.path, r.code, r.stderr, tc.refusal)
		}
		if b, err := os.ReadFile(tc.path); err != nil || string(b) != "kept\n" {
			t.Errorf("%s after the refusal: %.40q, %v", tc.path, b, err)
		}
		if _, err := os.Stat(tc.path + export.ManifestSuffix); err == nil {
			t.Errorf("a refused export left a manifest beside %s", tc.path)
		}
	}
	writable := filepath.Join(dir, "mine.jsonl")
	placeFile(t, writable, readerUID, 0o644)
	if r := runAsUser(t, readerUID, "export", "--db", db, "-o", writable); r.code != 0 {
		t.Fatalf("export over the reader's own file: exit %d, stderr %q", r.code, r.stderr)
	}
	if n, _ := jsonLinesOf(t, writable); n != 3 {
		t.Errorf("the reader's own file holds %d rows after the export; want 3", n)
	}
}

// placeFile writes "kept\n" to path, owned by uid, with mode perm.
func placeFile(t *testing.T, path string, uid int, perm os.FileMode) {
	t.Helper()
	if err := os.WriteFile(path, []byte("kept\n"), perm); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(path, uid, uid); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, perm); err != nil {
		t.Fatal(err)
	}
}

// jsonLinesOf counts the JSON lines of the file at path.
func jsonLinesOf(t *testing.T, path string) (int, error) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return jsonLines(b)
}
