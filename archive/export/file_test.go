package export

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/archive"
)

func TestFileWritesManifest(t *testing.T) {
	st, _ := fillArchive(t)
	path := filepath.Join(t.TempDir(), "news.jsonl")
	m := Manifest{Tool: "newsarchive", Version: "v1.2.3", Command: []string{"newsarchive", "export", "--source", "harbor"}}
	filter := archive.ExportFilter{Source: "harbor", AllVersions: true, Language: "en"}
	stats, err := File(context.Background(), st, path, Options{Format: JSONL, Filter: filter}, m)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var got Manifest
	mb, err := os.ReadFile(path + ManifestSuffix)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(mb, &got); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b)
	if got.SHA256 != hex.EncodeToString(sum[:]) || got.Bytes != int64(len(b)) {
		t.Errorf("manifest sha256 %s bytes %d, file has %x and %d", got.SHA256, got.Bytes, sum, len(b))
	}
	if got.Rows != 2 || got.PerSource["harbor"] != 2 || stats.Rows != 2 || got.Filters.Source != "harbor" ||
		got.Filters.Language != "en" ||
		got.Filters.Versions != "all" || got.Version != "v1.2.3" || got.File != "news.jsonl" || got.CreatedAt.IsZero() {
		t.Errorf("manifest %s", mb)
	}
	if got.Published.From == nil || got.Fetched.To == nil || len(got.Command) != 4 {
		t.Errorf("manifest ranges or command missing: %s", mb)
	}
	onlyFiles(t, filepath.Dir(path), "news.jsonl", "news.jsonl"+ManifestSuffix)
	created := filepath.Join(t.TempDir(), "created")
	cf, err := os.Create(created)
	if err != nil {
		t.Fatal(err)
	}
	cf.Close()
	want, _ := os.Stat(created)
	for _, p := range []string{path, path + ManifestSuffix} {
		if fi, err := os.Stat(p); err != nil || fi.Mode().Perm() != want.Mode().Perm() {
			t.Errorf("%s: mode %v (%v), want %v as os.Create makes", p, fi.Mode(), err, want.Mode().Perm())
		}
	}
}

// TestFileModes: a new export and its manifest get 0666 less the umask, as
// os.Create gives, and a file replaced keeps its mode: a 0600 export
// overwritten came out 0644, and a umask of 077 was ignored.
func TestFileModes(t *testing.T) {
	st, _ := fillArchive(t)
	old := syscall.Umask(0o077)
	defer syscall.Umask(old)
	dir := t.TempDir()
	path := filepath.Join(dir, "private.jsonl")
	if _, err := File(context.Background(), st, path, Options{Format: JSONL}, Manifest{}); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{path, path + ManifestSuffix} {
		if fi, err := os.Stat(p); err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("%s under umask 077: mode %v (%v), want 0600", filepath.Base(p), fi.Mode(), err)
		}
	}
	syscall.Umask(0o022)
	for _, p := range []string{path, path + ManifestSuffix} {
		if err := os.Chmod(p, 0o640); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := File(context.Background(), st, path, Options{Format: JSONL}, Manifest{}); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{path, path + ManifestSuffix} {
		if fi, err := os.Stat(p); err != nil || fi.Mode().Perm() != 0o640 {
			t.Errorf("%s overwritten: mode %v (%v), want the 0640 it had", filepath.Base(p), fi.Mode(), err)
		}
	}
	onlyFiles(t, dir, "private.jsonl", "private.jsonl"+ManifestSuffix)
}

// onlyFiles fails unless dir holds exactly the named files: no temporary
// file is left behind.
func onlyFiles(t *testing.T, dir string, names ...string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if strings.Join(got, " ") != strings.Join(names, " ") {
		t.Errorf("%s holds %q, want %q", dir, got, names)
	}
}

func TestFileLeavesNothingOnFailure(t *testing.T) {
	st, _ := fillArchive(t)
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	for _, tt := range []struct {
		name string
		ctx  context.Context
		opt  Options
	}{
		{"cancelled", cancelled, Options{Format: JSONL}},
		{"cancelled warc", cancelled, Options{Format: WARC}},
		{"bad query", context.Background(), Options{Format: CSV, Filter: archive.ExportFilter{Query: `"unterminated`}}},
		{"cancelled mid-way", context.Background(), Options{Format: Parquet}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "out."+string(tt.opt.Format))
			ctx := tt.ctx
			if tt.name == "cancelled mid-way" {
				// Stop after the second row, as a Ctrl-C would.
				var stop context.CancelFunc
				ctx, stop = context.WithCancel(ctx)
				tt.opt.Progress = func(rows int, _ int64) {
					if rows == 2 {
						stop()
					}
				}
			}
			if _, err := File(ctx, st, path, tt.opt, Manifest{}); err == nil {
				t.Fatal("no error")
			}
			onlyFiles(t, dir)
		})
	}
}

func TestFileBadDirectory(t *testing.T) {
	st, _ := fillArchive(t)
	dir := t.TempDir()
	locked := filepath.Join(dir, "locked")
	if err := os.Mkdir(locked, 0o500); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "file")
	os.WriteFile(file, nil, 0o600)
	tests := []struct {
		name, path, want string
	}{
		{"missing", filepath.Join(dir, "nope", "out.jsonl"), "does not exist"},
		{"not a directory", filepath.Join(file, "out.jsonl"), "not a directory"},
		{"a directory", dir, "is a directory"},
	}
	if os.Geteuid() != 0 { // root writes anywhere
		tests = append(tests, struct{ name, path, want string }{"unwritable", filepath.Join(locked, "out.jsonl"), "permission denied"})
	}
	if _, err := os.Stat("/proc/version"); err == nil {
		// /proc/version is there, and root may write /proc, but no file
		// can be made in it: "no such file or directory", it said.
		want := "/proc/version may not be written (permission denied)"
		if os.Geteuid() == 0 {
			want = "/proc/version cannot be replaced: its file system makes no new files in /proc"
		}
		tests = append(tests, struct{ name, path, want string }{"a file of /proc", "/proc/version", want})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := File(context.Background(), st, tt.path, Options{Format: JSONL}, Manifest{})
			if err == nil || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), ".tmp") ||
				strings.Contains(err.Error(), "no such file") {
				t.Errorf("error %v, want %q", err, tt.want)
			}
		})
	}
}

// TestFileRefusesTargetsItWouldDestroy: an export never replaces a file of
// the archive it reads (database, log, spool), a device or a pipe, and a
// manifest that cannot be put in place stops it before the old export is
// replaced; through a symbolic link it writes the file linked to.
func TestFileRefusesTargetsItWouldDestroy(t *testing.T) {
	st, _ := fillArchive(t)
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	old := filepath.Join(dir, "old.jsonl")
	if err := os.WriteFile(old, []byte("OLD\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(old+ManifestSuffix, 0o755); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, path, want string
	}{
		{"the database", st.Path(), "file of the archive"},
		{"its write-ahead log", st.Path() + "-wal", "file of the archive"},
		{"its spool", st.Path() + "-spool", "file of the archive"},
		{"a pipe", fifo, "not a regular file"},
		{"a device", os.DevNull, "not a regular file"},
		{"manifest path a directory", old, "manifest"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := File(context.Background(), st, tt.path, Options{Format: JSONL}, Manifest{})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want %q", err, tt.want)
			}
		})
	}
	if b, err := os.ReadFile(old); err != nil || string(b) != "OLD\n" {
		t.Errorf("the old export is %q, %v; want it untouched", b, err)
	}
	if problems, err := st.Check(context.Background()); err != nil || len(problems) > 0 {
		t.Errorf("archive after the refusals: %v, %v", problems, err)
	}
	target, link := filepath.Join(dir, "target.jsonl"), filepath.Join(dir, "link.jsonl")
	if err := os.Symlink("target.jsonl", link); err != nil {
		t.Fatal(err)
	}
	if _, err := File(context.Background(), st, link, Options{Format: JSONL}, Manifest{}); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link is %v, %v; want it kept", fi, err)
	}
	if b, err := os.ReadFile(target); err != nil || len(b) == 0 {
		t.Errorf("the linked file holds %d bytes, %v; want the export", len(b), err)
	}
	if _, err := os.Stat(target + ManifestSuffix); err != nil {
		t.Errorf("no manifest beside the linked file: %v", err)
	}
	if _, err := File(context.Background(), st, "/dev/stdout", Options{Format: JSONL}, Manifest{}); err == nil || !strings.Contains(err.Error(), "open descriptor") {
		t.Errorf("export through /dev/stdout: %v; want a refusal (the file it has open would be replaced)", err)
	}
}

// TestManifestBoundsInUTC: the manifest records --since and --until in UTC,
// whatever zone they were given in.
func TestManifestBoundsInUTC(t *testing.T) {
	since := time.Date(2026, 2, 1, 0, 0, 0, 0, time.FixedZone("", -12*3600))
	until := time.Date(2026, 3, 1, 0, 0, 0, 0, time.FixedZone("", 14*3600))
	f := filtersOf(archive.ExportFilter{DateBounds: archive.DateBounds{Since: since, Until: until}})
	if f.Since == nil || f.Before == nil || f.Since.Location() != time.UTC || f.Before.Location() != time.UTC ||
		!f.Since.Equal(since) || !f.Before.Equal(until) {
		t.Errorf("filters since %v before %v; want %v and %v in UTC", f.Since, f.Before, since.UTC(), until.UTC())
	}
}

// TestFileRefusesTheWALBehindALink: an archive opened through a symbolic
// link keeps its -wal beside the file linked to; an export refuses that
// file too.
func TestFileRefusesTheWALBehindALink(t *testing.T) {
	st, _ := fillArchive(t)
	link := filepath.Join(t.TempDir(), "link.db")
	if err := os.Symlink(st.Path(), link); err != nil {
		t.Fatal(err)
	}
	via, err := archive.Open(context.Background(), link, archive.Options{MustExist: true})
	if err != nil {
		t.Fatal(err)
	}
	defer via.Close()
	for _, target := range []string{st.Path() + "-wal", st.Path() + "-spool", st.Path()} {
		if _, err := File(context.Background(), via, target, Options{Format: JSONL}, Manifest{}); err == nil || !strings.Contains(err.Error(), "file of the archive") {
			t.Errorf("export over %s through a link: %v; want a refusal", filepath.Base(target), err)
		}
	}
}

// TestManifestRangesInUTC: the published range kept the offsets pages gave,
// so "from" could read later than "to" as a string; and a relative
// database path was recorded as given, meaningless away from its
// directory.
func TestManifestRangesInUTC(t *testing.T) {
	var r TimeRange
	early := time.Date(2026, 3, 14, 23, 0, 0, 0, time.FixedZone("", 9*3600)) // 14:00Z
	late := time.Date(2026, 3, 14, 20, 0, 0, 0, time.UTC)
	r.add(late)
	r.add(early)
	from, _ := json.Marshal(r.From)
	to, _ := json.Marshal(r.To)
	if string(from) != `"2026-03-14T14:00:00Z"` || string(to) != `"2026-03-14T20:00:00Z"` {
		t.Errorf("range from %s to %s; want both in UTC", from, to)
	}
	st, _ := fillArchive(t)
	dir := t.TempDir()
	t.Chdir(filepath.Dir(st.Path()))
	path := filepath.Join(dir, "m.jsonl")
	if _, err := File(context.Background(), st, path, Options{Format: JSONL}, Manifest{Database: filepath.Base(st.Path())}); err != nil {
		t.Fatal(err)
	}
	var m Manifest
	mb, _ := os.ReadFile(path + ManifestSuffix)
	if err := json.Unmarshal(mb, &m); err != nil {
		t.Fatal(err)
	}
	if m.Database != st.Path() {
		t.Errorf("manifest database %q; want the absolute %q", m.Database, st.Path())
	}
}

// TestFileRemovesAbandonedTemporaries: the temporary files of exports
// killed part-way (kill -9: 34 MB of a WARC stayed) go with the next
// export to the same path; a running export's, and names it cannot read,
// stay.
func TestFileRemovesAbandonedTemporaries(t *testing.T) {
	st, _ := fillArchive(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "news[1].jsonl")
	exited := exec.Command("true")
	if err := exited.Run(); err != nil {
		t.Skipf("no process to outlive: %v", err)
	}
	gone := exited.Process.Pid
	abandoned := []string{fmt.Sprintf(".news[1].jsonl.%d-x1.tmp", gone), fmt.Sprintf(".news[1].jsonl.manifest.json.%d-x2.tmp", gone)}
	kept := []string{fmt.Sprintf(".news[1].jsonl.%d-x3.tmp", os.Getpid()), ".news[1].jsonl.x4.tmp", ".other.jsonl.1-x5.tmp"}
	for _, name := range append(slices.Clip(abandoned), kept...) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("part"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := File(context.Background(), st, path, Options{Format: JSONL}, Manifest{}); err != nil {
		t.Fatal(err)
	}
	want := append(slices.Clip(kept), "news[1].jsonl", "news[1].jsonl"+ManifestSuffix)
	slices.Sort(want)
	onlyFiles(t, dir, want...)
}
