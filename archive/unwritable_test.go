package archive

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func TestUnwritable(t *testing.T) {
	full, constraint := sqliteErrors(t)
	for _, tc := range []struct {
		name string
		err  error
		want bool
	}{
		{"spool past the file size limit", fmt.Errorf("insert body: %w",
			&os.PathError{Op: "write", Path: "a.db-spool", Err: syscall.EFBIG}), true},
		{"disk full", fmt.Errorf("save: %w", &os.PathError{Op: "write", Path: "a.db-spool", Err: syscall.ENOSPC}), true},
		{"read-only file system", &os.PathError{Op: "open", Path: "a.db-spool", Err: syscall.EROFS}, true},
		{"database full", fmt.Errorf("save: %w", full), true},
		{"database damaged", fmt.Errorf("save: %w", corruptError(t)), true},
		{"constraint violated", fmt.Errorf("save: %w", constraint), false},
		{"one record without its body", ErrNoBody, false},
		{"cancelled", context.Canceled, false},
		{"file missing", &os.PathError{Op: "open", Path: "x", Err: syscall.ENOENT}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Unwritable(tc.err); got != tc.want {
				t.Errorf("Unwritable(%v) = %v, want %v", tc.err, got, tc.want)
			}
		})
	}
}

// sqliteErrors returns the errors SQLite itself gives for a database that
// cannot grow (its page count capped) and for a broken UNIQUE constraint.
func sqliteErrors(t *testing.T) (full, constraint error) {
	t.Helper()
	db, err := sql.Open("sqlite", filepath.Join(t.TempDir(), "small.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	for _, q := range []string{`CREATE TABLE t (k TEXT UNIQUE, v BLOB)`, `INSERT INTO t VALUES ('a', x'')`,
		`PRAGMA max_page_count = 3`} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	_, constraint = db.Exec(`INSERT INTO t VALUES ('a', x'')`)
	_, full = db.Exec(`INSERT INTO t VALUES ('b', zeroblob(100000))`)
	if full == nil || !strings.Contains(full.Error(), "full") || constraint == nil {
		t.Fatalf("want SQLite's full and constraint errors, got %v and %v", full, constraint)
	}
	return full, constraint
}

// corruptError returns the error SQLite gives when a write meets pages
// overwritten with junk, as a failing disk leaves them.
func corruptError(t *testing.T) error {
	t.Helper()
	path := filepath.Join(t.TempDir(), "damaged.db")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	if _, err := db.Exec(`CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT); CREATE INDEX tv ON t (v)`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)
		INSERT INTO t (v) SELECT 'value number ' || i || ' with some padding text' FROM n`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteAt(bytes.Repeat([]byte{0xa5}, 3*4096), 10*4096); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if db, err = sql.Open("sqlite", path); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for i := range 50 {
		if _, err := db.Exec(`UPDATE t SET v = v || 'y' WHERE k % 7 = ?`, i); err != nil {
			if !strings.Contains(err.Error(), "malformed") {
				t.Fatalf("want SQLite's malformed-database error, got %v", err)
			}
			return err
		}
	}
	t.Fatal("writes over junk pages all succeeded")
	return nil
}
