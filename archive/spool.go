package archive

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
)

// spoolSuffix names the spool beside its database, as SQLite names its
// "-wal" file.
const spoolSuffix = "-spool"

// spool is the append-only file that holds raw bodies from ingest until
// Compact stores them in zstd: hashing is all ingest does to a body, and
// its bytes go to the disk once instead of through the WAL and then the
// database. A body's row records its offset; the file is emptied once no
// row points into it.
//
// Appends happen only inside a write transaction, under SQLite's write
// lock, which also keeps other processes on the same database from
// appending at once. A process killed after an append but before its
// commit leaves bytes no row points at, at the file's end: harmless, the
// next append goes after them and the next emptying drops them.
type spool struct {
	path string
	// dbPath and db are the database's path and the file opened there:
	// bodies are spooled only while that path still leads to it.
	dbPath string
	db     os.FileInfo
	mu     sync.Mutex
	w      *os.File // read-write, opened on the first append or emptying
	r      *os.File // read-only, opened on the first read; ReadAt is safe concurrently
}

// errPunchUnsupported says the file system cannot free a range of a file.
var errPunchUnsupported = errors.New("punching holes is not supported here")

// release frees the disk space of compacted bodies' bytes while the spool
// still holds others. The spool is emptied only when no row points into
// it; while crawls keep spooling (the daemon runs several sources at
// once), that moment may not come for long, and the raw bytes of every
// compacted page would stay on disk. Punching a hole keeps every offset
// as it was. Where the file system cannot, the bytes stay until the
// spool is emptied.
func (sp *spool) release(ranges []spoolRange) error {
	f, err := sp.writer(false)
	if err != nil || f == nil {
		return err
	}
	for _, r := range ranges {
		if r.size <= 0 {
			continue // an empty body holds no bytes, and fallocate refuses a 0 length
		}
		if err := punchHole(f, r.offset, r.size); err != nil {
			if errors.Is(err, errPunchUnsupported) {
				return nil
			}
			return fmt.Errorf("release spool %s: %w", sp.path, err)
		}
	}
	return nil
}

// spoolRange is where one body lies in the spool.
type spoolRange struct{ offset, size int64 }

// overlaps tells whether two ranges share a byte.
func (r spoolRange) overlaps(o spoolRange) bool {
	return r.offset < o.offset+o.size && o.offset < r.offset+r.size
}

// end is the spool's current end, where the next body goes. It is the
// file's size, not an O_APPEND offset, so the offset a row records is
// the one its bytes are written at; a spool not created yet ends at 0.
// A spool deleted behind the store's back while it is open (as one might
// delete a stray "-wal" file) is restored from the open handle, its
// offsets intact; a file put in its place is taken as the spool from
// then on, and the bodies the old one held are lost. Either way appends
// stop going to a file no name leads to, and event says what happened
// ("" when nothing did).
func (sp *spool) end() (offset int64, event string, err error) {
	if err := sp.checkDatabase(); err != nil {
		return 0, "", err
	}
	f, err := sp.writer(false)
	if err != nil || f == nil {
		return 0, "", err
	}
	fi, err := f.Stat()
	if err != nil {
		return 0, "", fmt.Errorf("spool %s: %w", sp.path, err)
	}
	if !sp.replaced(fi) {
		return fi.Size(), "", nil
	}
	if _, err := os.Stat(sp.path); errors.Is(err, os.ErrNotExist) {
		if err := sp.restore(f, fi.Size()); err != nil {
			return 0, "", err
		}
		return fi.Size(), "spool deleted while the archive had it open: restored from the open file", nil
	}
	if err := sp.close(); err != nil {
		return 0, "", err
	}
	offset, _, err = sp.end()
	return offset, "spool replaced by another file while the archive had it open: the bodies it held are lost " +
		"(newsarchive db check lists them)", err
}

// ErrArchiveGone is a save refused because the archive's database file
// was deleted or replaced while the store had it open: the rows would go
// to a file no name leads to, and the bodies into the spool of whatever
// archive now lies at the path, under another database's lock, over its
// bodies. Unwritable reports it, so a crawl stops.
var ErrArchiveGone = errors.New("the archive's database file was deleted or replaced while it was open")

// checkDatabase refuses to spool once the database's path no longer leads
// to the file the store opened.
func (sp *spool) checkDatabase() error {
	if sp.db == nil {
		return nil
	}
	now, err := os.Stat(sp.dbPath)
	if err != nil || !os.SameFile(sp.db, now) {
		return fmt.Errorf("%w: %s", ErrArchiveGone, sp.dbPath)
	}
	return nil
}

// restore writes the open spool's size bytes to a new file at its path,
// synced, and makes that the spool.
func (sp *spool) restore(old *os.File, size int64) error {
	f, err := sp.create()
	if err != nil {
		return fmt.Errorf("restore spool %s: %w", sp.path, err)
	}
	err = copySparse(f, old, size)
	if err == nil {
		err = fdatasync(f)
	}
	if err != nil {
		f.Close()
		return fmt.Errorf("restore spool %s: %w", sp.path, err)
	}
	if err := sp.close(); err != nil {
		f.Close()
		return err
	}
	sp.mu.Lock()
	sp.w = f
	sp.mu.Unlock()
	return nil
}

// copySparse copies size bytes from src to the empty dst at the same
// offsets, leaving blocks of zeros unwritten: the holes compaction punched
// stay holes instead of filling the disk.
func copySparse(dst, src *os.File, size int64) error {
	const block = 4096
	buf := make([]byte, 1<<20)
	for off := int64(0); off < size; {
		n, err := src.ReadAt(buf[:min(int64(len(buf)), size-off)], off)
		if err != nil && !errors.Is(err, io.EOF) {
			return err
		}
		if n == 0 {
			break
		}
		for b := 0; b < n; b += block {
			chunk := buf[b:min(b+block, n)]
			if isZero(chunk) {
				continue
			}
			if _, err := dst.WriteAt(chunk, off+int64(b)); err != nil {
				return err
			}
		}
		off += int64(n)
	}
	return dst.Truncate(size)
}

func isZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}

// replaced tells whether the file at the spool's path is no longer the
// one open (open is its handle's FileInfo): someone deleted it, as one
// might a stray "-wal" file, or put another in its place.
func (sp *spool) replaced(open os.FileInfo) bool {
	now, err := os.Stat(sp.path)
	return err != nil || !os.SameFile(open, now)
}

// writeAt writes a body's raw bytes at offset, creating the spool when
// it does not exist yet.
func (sp *spool) writeAt(raw []byte, offset int64) error {
	f, err := sp.writer(true)
	if err != nil {
		return err
	}
	if _, err := f.WriteAt(raw, offset); err != nil {
		return fmt.Errorf("spool %s: %w", sp.path, err)
	}
	return nil
}

// cut truncates the spool to offset, dropping what was appended past it.
func (sp *spool) cut(offset int64) error {
	f, err := sp.writer(false)
	if err != nil || f == nil {
		return err
	}
	if err := f.Truncate(offset); err != nil {
		return fmt.Errorf("cut spool %s: %w", sp.path, err)
	}
	return nil
}

// sync makes the appended bytes durable. It runs before the commit of the
// rows pointing at them: the database runs synchronous=NORMAL, and a
// committed row must never point at bytes a power cut could lose.
func (sp *spool) sync() error {
	f, err := sp.writer(false)
	if err != nil || f == nil {
		return err
	}
	if err := fdatasync(f); err != nil {
		return fmt.Errorf("sync spool %s: %w", sp.path, err)
	}
	return nil
}

// readAt reads the size bytes of a body spooled at offset.
func (sp *spool) readAt(offset int64, size int) ([]byte, error) {
	f, err := sp.reader()
	if err != nil {
		return nil, err
	}
	raw := make([]byte, size)
	n, err := f.ReadAt(raw, offset)
	if errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("spool %s: body at offset %d is cut short (%d of %d bytes)", sp.path, offset, n, size)
	}
	if err != nil {
		return nil, fmt.Errorf("spool %s: %w", sp.path, err)
	}
	return raw, nil
}

// size is the spool's size, 0 when there is none.
func (sp *spool) size() (int64, error) {
	fi, err := os.Stat(sp.path)
	if errors.Is(err, os.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("spool %s: %w", sp.path, err)
	}
	return fi.Size(), nil
}

// empty truncates the spool to nothing, durably, and returns the bytes it
// released. The caller holds the write lock and has made sure no row
// points into the file.
func (sp *spool) empty() (int64, error) {
	f, err := sp.writer(false)
	if err != nil || f == nil {
		return 0, err
	}
	fi, err := f.Stat()
	if err != nil || fi.Size() == 0 {
		return 0, err
	}
	if err := f.Truncate(0); err != nil {
		return 0, fmt.Errorf("empty spool %s: %w", sp.path, err)
	}
	if err := f.Sync(); err != nil {
		return 0, fmt.Errorf("empty spool %s: %w", sp.path, err)
	}
	return fi.Size(), nil
}

// writer is the read-write handle, opened once. Without create, a spool
// that does not exist yet gives nil and no error: there is nothing to
// sync or empty.
func (sp *spool) writer(create bool) (*os.File, error) {
	sp.mu.Lock()
	defer sp.mu.Unlock()
	if sp.w != nil {
		return sp.w, nil
	}
	f, err := os.OpenFile(sp.path, os.O_RDWR, 0)
	switch {
	case errors.Is(err, os.ErrNotExist) && !create:
		return nil, nil
	case errors.Is(err, os.ErrNotExist):
		f, err = sp.create()
	case err == nil:
		err = refuseDatabase(f)
	}
	if err != nil {
		return nil, fmt.Errorf("open spool %s: %w", sp.path, err)
	}
	sp.w = f
	return f, nil
}

// refuseDatabase closes f and fails when it holds a SQLite database: an
// archive an older build let a user make at another archive's spool path.
// Bodies appended to it, and the compaction emptying it, would destroy it.
func refuseDatabase(f *os.File) error {
	head := make([]byte, len(sqliteMagic))
	if n, _ := f.ReadAt(head, 0); n == len(head) && bytes.Equal(head, sqliteMagic) {
		f.Close()
		return errors.New("it holds a SQLite database, not this archive's bodies: move it away")
	}
	return nil
}

// create makes the spool file and syncs its directory, so the file's
// name survives a power cut as the rows pointing into it do.
func (sp *spool) create() (*os.File, error) {
	f, err := os.OpenFile(sp.path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	dir, err := os.Open(filepath.Dir(sp.path))
	if err == nil {
		err = errors.Join(dir.Sync(), dir.Close())
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// reader is the read-only handle, opened once the file exists.
func (sp *spool) reader() (*os.File, error) {
	sp.mu.Lock()
	defer sp.mu.Unlock()
	if sp.r != nil {
		return sp.r, nil
	}
	f, err := os.Open(sp.path)
	if err != nil {
		return nil, fmt.Errorf("open spool: %w", err)
	}
	sp.r = f
	return f, nil
}

func (sp *spool) close() error {
	sp.mu.Lock()
	defer sp.mu.Unlock()
	var errs []error
	for _, f := range []**os.File{&sp.w, &sp.r} {
		if *f != nil {
			errs = append(errs, (*f).Close())
			*f = nil
		}
	}
	return errors.Join(errs...)
}

// emptySpool truncates the spool once no row points into it. It holds the
// write lock meanwhile, so no other writer, in this process or another,
// spools a body between the count and the truncation. It first syncs the
// WAL: with synchronous=NORMAL the compactions that moved the bodies into
// the table may not be on disk yet, and a power cut that rolled them back
// would leave rows pointing into an emptied spool. Committed transactions
// are all in the WAL or in the database file a completed checkpoint
// synced, and only a writer (this one holds the lock) restarts the WAL. Rows left (damaged
// bodies, or bodies a writer spooled since Compact last looked) keep the
// file as it is.
func (s *Store) emptySpool(ctx context.Context) error {
	// An empty spool stays empty without the write lock: anything
	// spooled from now on has its row, and waits for the next Compact.
	if size, err := s.spool.size(); err != nil || size == 0 {
		return err
	}
	tx, err := s.begin(ctx)
	if err != nil {
		return fmt.Errorf("begin emptying spool: %w", describe(err))
	}
	defer tx.Rollback()
	var spooled int64
	err = tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM bodies b WHERE b.encoding = 'spool' AND `+pendingEncoding).Scan(&spooled)
	if err != nil {
		return fmt.Errorf("count spooled bodies: %w", err)
	}
	if spooled > 0 {
		return nil
	}
	if err := syncFile(s.path + "-wal"); err != nil {
		return err
	}
	released, err := s.spool.empty()
	if err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit emptying spool: %w", describe(err))
	}
	if released > 0 {
		s.log.Info("spool emptied", slog.String("path", s.spool.path), slog.Int64("bytes", released))
	}
	return nil
}

// spoolProblem describes spooled bodies whose bytes the spool does not
// hold (the file is gone, or shorter than they need), or is "". It checks
// lengths only; Compact checks the bytes against their hashes.
func (s *Store) spoolProblem(ctx context.Context) (string, error) {
	size, err := s.spool.size()
	if err != nil {
		return "", err
	}
	var missing int64
	err = s.readers.QueryRowContext(ctx, `SELECT COUNT(*) FROM bodies b
		WHERE b.encoding = 'spool' AND `+pendingEncoding+` AND b.spool_offset + b.size > ?`, size).Scan(&missing)
	if err != nil {
		return "", fmt.Errorf("check spool: %w", err)
	}
	if missing == 0 {
		return "", nil
	}
	held := fmt.Sprintf("the file holds %d bytes", size)
	if _, err := os.Stat(s.spool.path); errors.Is(err, os.ErrNotExist) {
		held = "the file is missing"
	}
	return fmt.Sprintf("spooled bodies whose bytes are missing from the spool %s (%s): %d", s.spool.path, held, missing), nil
}

// syncFile flushes to the disk a file another handle wrote, or a
// directory whose entries changed.
func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("sync %s: %w", path, err)
	}
	if err := errors.Join(f.Sync(), f.Close()); err != nil {
		return fmt.Errorf("sync %s: %w", path, err)
	}
	return nil
}

// TrimSpool cuts off the end of the spool that no row points into, and
// returns the bytes it gave back. A batch whose commit the disk refused
// leaves its bodies there (its Rollback cannot tell a refused commit from
// one that went through), up to a batch of raw bodies: on a full disk,
// that is the room the writes recording how the run ended need.
func (s *Store) TrimSpool(ctx context.Context) (int64, error) {
	size, err := s.spool.size()
	if err != nil || size == 0 {
		return 0, err
	}
	tx, err := s.begin(ctx)
	if err != nil {
		return 0, fmt.Errorf("begin trimming spool: %w", describe(err))
	}
	defer tx.Rollback()
	var end int64
	err = tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(b.spool_offset + b.size), 0) FROM bodies b
		WHERE b.encoding = 'spool' AND `+pendingEncoding).Scan(&end)
	if err != nil {
		return 0, fmt.Errorf("trim spool: %w", err)
	}
	if end >= size {
		return 0, nil
	}
	if err := s.spool.cut(end); err != nil {
		return 0, err
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("commit trimming spool: %w", describe(err))
	}
	return size - end, nil
}
