package export

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/newsarchive/newsarchive/archive"
)

// Manifest describes an export file so a paper can cite exactly what it
// used; it is written beside the file as PATH.manifest.json.
type Manifest struct {
	Tool      string    `json:"tool"`
	Version   string    `json:"version"`
	Command   []string  `json:"command"`
	CreatedAt time.Time `json:"created_at"`
	Database  string    `json:"database"`
	File      string    `json:"file"`
	Format    Format    `json:"format"`
	// Compression is "gzip" for a gzipped JSON lines or CSV file.
	Compression string `json:"compression,omitempty"`
	// SpreadsheetSafe says formula-like CSV fields were written after a '.
	SpreadsheetSafe bool    `json:"spreadsheet_safe,omitempty"`
	Filters         Filters `json:"filters"`
	// Unindexed counts the articles a query could not select: a crawl had
	// saved them, and they were not in the search index yet.
	Unindexed int64  `json:"unindexed_articles,omitempty"`
	SHA256    string `json:"sha256"`
	Stats
}

// Filters is the selection of an export as the manifest records it.
type Filters struct {
	Source string     `json:"source,omitempty"`
	Since  *time.Time `json:"since,omitempty"`  // the first instant selected
	Before *time.Time `json:"before,omitempty"` // the end of the selection, not in it (--until's day or time is)
	// SinceDay and BeforeDay are set for a bound given as a day, compared
	// with the day each date names where it was given, not its instant.
	SinceDay  bool   `json:"since_day,omitempty"`
	BeforeDay bool   `json:"before_day,omitempty"`
	By        string `json:"by"` // published or fetched
	Query     string `json:"query,omitempty"`
	Section   string `json:"section,omitempty"`
	Language  string `json:"language,omitempty"`
	Versions  string `json:"versions"` // latest or all
}

func filtersOf(f archive.ExportFilter) Filters {
	out := Filters{Source: f.Source, Query: f.Query, Section: f.Section, Language: f.Language,
		By: "published", Versions: "latest", SinceDay: f.SinceDay, BeforeDay: f.UntilDay}
	if f.ByFetched {
		out.By = "fetched"
	}
	if f.AllVersions {
		out.Versions = "all"
	}
	if !f.Since.IsZero() {
		since := f.Since.UTC()
		out.Since = &since
	}
	if !f.Until.IsZero() {
		before := f.Until.UTC()
		out.Before = &before
	}
	return out
}

// newFileMode is the mode an export file or manifest is created with, as
// os.Create makes one: the kernel takes the umask from it. A file that is
// replaced keeps its own mode instead (keepMode).
const newFileMode = 0o666

// ManifestSuffix is appended to an export's path to name its manifest.
const ManifestSuffix = ".manifest.json"

// File exports to path and writes its manifest, m filled in with what was
// written. Both are written to temporary files in the same directory and
// renamed into place only when complete: a failed or cancelled export
// leaves nothing under either name.
func File(ctx context.Context, st *archive.Store, path string, opt Options, m Manifest) (*Stats, error) {
	path, err := writableTarget(path, st.Files())
	if err != nil {
		return nil, err
	}
	if _, err := writableTarget(path+ManifestSuffix, st.Files()); err != nil {
		return nil, fmt.Errorf("manifest: %w", err)
	}
	opt.Filename = filepath.Base(path)
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if m.CreatedAt.IsZero() {
		m.CreatedAt = opt.Now().UTC()
	}
	if m.Database != "" {
		// The manifest outlives the directory it was made in.
		abs, err := filepath.Abs(m.Database)
		if err != nil {
			return nil, fmt.Errorf("manifest: database path: %w", err)
		}
		m.Database = abs
	}
	removeAbandoned(path)
	removeAbandoned(path + ManifestSuffix)
	tmp, err := createTemp(path, ".tmp")
	if err != nil {
		return nil, createError(path, err)
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	sum, stats, err := writeHashed(ctx, st, tmp, path, opt)
	if cerr := tmp.Close(); stats != nil && cerr != nil {
		return nil, fmt.Errorf("write %s: %w", path, cerr)
	}
	if stats == nil {
		return nil, err
	}
	damaged := err // nil, or a DamagedError: the file is whole but for the fetches it names
	m.File, m.Format, m.Filters, m.SHA256, m.Stats = filepath.Base(path), opt.Format, filtersOf(opt.Filter), sum, *stats
	if opt.Gzip {
		m.Compression = "gzip"
	}
	m.SpreadsheetSafe = opt.SpreadsheetSafe
	mtmp, err := writeManifest(path, &m)
	if err != nil {
		return nil, err
	}
	defer os.Remove(mtmp)
	if err := publish(ctx, path, tmp.Name(), mtmp); err != nil {
		return nil, err
	}
	return stats, damaged
}

// afterDataRename lets a test act between the two renames of publish.
var afterDataRename = func() {}

// publish renames an export's file and manifest, complete under their
// temporary names, into place as one pair. Two exports to one path at
// once each rename their own pair: without the lock, one's manifest could
// land after the other's file and describe a file it did not write. The
// lock is held only for the renames, so a second export waits
// milliseconds, not for the first to finish writing; the last to publish
// wins both names. The old manifest goes first: an export killed between
// the renames leaves a file without a manifest, never one with a manifest
// of other contents.
func publish(ctx context.Context, path, tmp, mtmp string) (err error) {
	unlock, err := lockDir(ctx, filepath.Dir(path))
	if err != nil {
		return err
	}
	defer func() {
		if uerr := unlock(); err == nil {
			err = uerr
		}
	}()
	if err := os.Remove(path + ManifestSuffix); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("replace %s: %w", path+ManifestSuffix, unwrapPath(err))
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("rename into %s: %w", path, unwrapPath(err))
	}
	afterDataRename()
	if err := os.Rename(mtmp, path+ManifestSuffix); err != nil {
		return fmt.Errorf("rename into %s: %w", path+ManifestSuffix, unwrapPath(err))
	}
	return nil
}

// writeHashed exports to f, the temporary file of an export to path,
// through a buffer, hashing what it writes. Its stats are nil when the
// export failed; with stats, the error is nil or a DamagedError. Errors
// name path, the file the user asked for.
func writeHashed(ctx context.Context, st *archive.Store, f *os.File, path string, opt Options) (string, *Stats, error) {
	h := sha256.New()
	bw := bufio.NewWriterSize(io.MultiWriter(namedWriter{f, path}, h), 1<<20)
	stats, err := Write(ctx, st, bw, opt)
	var damaged *DamagedError
	if err != nil && !errors.As(err, &damaged) {
		return "", nil, err
	}
	if err := bw.Flush(); err != nil {
		return "", nil, err
	}
	if err := f.Sync(); err != nil {
		return "", nil, fmt.Errorf("sync %s: %w", path, unwrapPath(err))
	}
	return hex.EncodeToString(h.Sum(nil)), stats, err // nil, or the damaged fetches
}

// namedWriter writes to a temporary file, its errors naming the file it
// is to become.
type namedWriter struct {
	f    *os.File
	name string
}

func (w namedWriter) Write(p []byte) (int, error) {
	n, err := w.f.Write(p)
	if err != nil {
		err = fmt.Errorf("write %s: %w", w.name, unwrapPath(err))
	}
	return n, err
}

// writeManifest writes m to a temporary file beside path and returns its
// name.
func writeManifest(path string, m *Manifest) (string, error) {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return "", fmt.Errorf("manifest: %w", err)
	}
	f, err := createTemp(path+ManifestSuffix, ".tmp")
	if err != nil {
		return "", fmt.Errorf("manifest: %w", createError(path+ManifestSuffix, err))
	}
	_, err = f.Write(append(b, '\n'))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(f.Name())
		return "", fmt.Errorf("write manifest: %w", err)
	}
	return f.Name(), nil
}

// createTemp creates the temporary file that is to be renamed to path,
// beside it (.NAME.*.tmp), with the mode path will have: that of the file
// it replaces, or os.Create's (0666 less the umask) for a new one.
// os.CreateTemp makes a private file, and the umask cannot be read
// without changing it for every thread: the file is created with
// O_EXCL and 0666 instead, for the kernel to apply the umask.
func createTemp(path, suffix string) (*os.File, error) {
	prefix := tempPrefix(path)
	for range 100 {
		name := prefix + strconv.Itoa(os.Getpid()) + "-" + strconv.FormatUint(rand.Uint64(), 36) + suffix
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, newFileMode)
		if errors.Is(err, os.ErrExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if err := keepMode(f, path); err != nil {
			f.Close()
			os.Remove(name)
			return nil, err
		}
		return f, nil
	}
	return nil, fmt.Errorf("create a temporary file beside %s: too many exist", path)
}

// createError words why the temporary file to be renamed to path could
// not be created. A directory that takes no new files, though it is there
// and this user may write it (/proc, /sys: their file systems make files
// of their own only), answers "no such file or directory", which named a
// problem the path did not have.
func createError(path string, err error) error {
	dir := filepath.Dir(path)
	if fi, serr := os.Stat(dir); errors.Is(err, os.ErrNotExist) && serr == nil && fi.IsDir() {
		return fmt.Errorf("%s cannot be replaced: its file system makes no new files in %s, and an export is written beside its target under a temporary name, then renamed: give another path",
			path, dir)
	}
	return fmt.Errorf("create %s: %w", path, unwrapPath(err))
}

// tempPrefix begins the names of the temporary files of an export to
// path: .NAME.PID-RANDOM.tmp beside it.
func tempPrefix(path string) string {
	return filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".")
}

// removeAbandoned removes the temporary files that exports to path
// killed part-way left beside it (a kill -9 leaves no time to remove
// them): those whose process is gone. A running export's file stays.
func removeAbandoned(path string) {
	prefix := tempPrefix(path)
	names, _ := filepath.Glob(globEscape(prefix) + "*.tmp")
	for _, name := range names {
		pid, _, ok := strings.Cut(strings.TrimPrefix(name, prefix), "-")
		if n, err := strconv.Atoi(pid); ok && err == nil && processGone(n) {
			os.Remove(name)
		}
	}
}

// globEscape quotes the characters filepath.Glob reads as a pattern.
func globEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune(`*?[\`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// keepMode gives f the permissions of the regular file at path, when
// there is one: an export of mode 0600 overwritten stays 0600.
func keepMode(f *os.File, path string) error {
	fi, err := os.Stat(path)
	if err != nil || !fi.Mode().IsRegular() {
		return nil // a new file: the mode it was created with stands
	}
	return f.Chmod(fi.Mode().Perm())
}

// writableTarget checks the file an export is to replace, before any work
// is done, and returns the path to write: the file a symbolic link points
// to, so the link stays. It refuses a directory, a device, a pipe or a
// socket (an export is renamed into place, which would replace the
// special file itself, not write through it), and any file of the archive
// being exported (the export would replace the archive), and a file this
// user may not write, as a shell's > would.
func writableTarget(path string, archiveFiles []string) (string, error) {
	path, err := followLinks(path)
	if err != nil {
		return "", err
	}
	if err := checkDir(filepath.Dir(path)); err != nil {
		return "", err
	}
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
	case err != nil:
		return "", fmt.Errorf("%s: %w", path, unwrapPath(err))
	case fi.IsDir():
		return "", fmt.Errorf("%s is a directory", path)
	case !fi.Mode().IsRegular():
		return "", fmt.Errorf("%s is not a regular file (a device, pipe or socket): give -o - and redirect standard output to it", path)
	default:
		if err := archive.WriteRefused(path); err != nil {
			// Renaming over it would work, but the user kept it from writes.
			return "", fmt.Errorf("%s may not be written (%w): the export would replace it", path, err)
		}
	}
	for _, f := range archiveFiles {
		if sameFile(path, f) {
			return "", fmt.Errorf("%s is a file of the archive being exported: give another path", path)
		}
	}
	return path, nil
}

// followLinks returns the file path names through its symbolic links,
// which need not exist yet.
func followLinks(path string) (string, error) {
	for range 40 { // as the kernel's limit on links in a path
		if isDescriptor(path) {
			return "", fmt.Errorf("%s names an open descriptor, not a file to replace: give -o - and redirect standard output", path)
		}
		fi, err := os.Lstat(path)
		if err != nil || fi.Mode()&os.ModeSymlink == 0 {
			return path, nil
		}
		to, err := os.Readlink(path)
		if err != nil {
			return "", fmt.Errorf("%s: %w", path, unwrapPath(err))
		}
		if !filepath.IsAbs(to) {
			to = filepath.Join(filepath.Dir(path), to)
		}
		path = to
	}
	return "", fmt.Errorf("%s: too many levels of symbolic links", path)
}

// isDescriptor reports whether path is a link to an open descriptor
// (/proc/self/fd/1, which /dev/stdout leads to): renaming an export into
// place there would replace the file the descriptor has open, a log
// appended to, say, instead of writing to it.
func isDescriptor(path string) bool {
	path = filepath.Clean(path)
	if strings.HasPrefix(path, "/dev/fd/") {
		return true
	}
	rest, ok := strings.CutPrefix(path, "/proc/")
	if !ok {
		return false
	}
	_, fd, ok := strings.Cut(rest, "/")
	return ok && strings.HasPrefix(fd, "fd/")
}

// sameFile reports whether two paths name one file: the same file when
// both exist, else the same absolute path (a -wal or spool file that is
// not there now may be by the time the export is renamed into place).
func sameFile(a, b string) bool {
	fa, erra := os.Stat(a)
	fb, errb := os.Stat(b)
	if erra == nil && errb == nil {
		return os.SameFile(fa, fb)
	}
	absA, erra := filepath.Abs(a)
	absB, errb := filepath.Abs(b)
	return erra == nil && errb == nil && absA == absB
}

// checkDir refuses an output directory that is missing, not one, or not
// writable, before any work is done.
func checkDir(dir string) error {
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return fmt.Errorf("output directory %s does not exist", dir)
	case err != nil:
		return fmt.Errorf("output directory %s: %w", dir, unwrapPath(err))
	case !fi.IsDir():
		return fmt.Errorf("output directory %s is not a directory", dir)
	}
	if err := archive.WriteRefused(dir); err != nil {
		return fmt.Errorf("output directory %s may not be written (%w): the export is written there under a temporary name, then renamed", dir, err)
	}
	return nil
}

// unwrapPath drops the *PathError wrapping (its path is the temporary
// file's, not one the user named) and keeps the cause.
func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
