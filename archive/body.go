package archive

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"

	"github.com/klauspost/compress/s2"
)

// Body encodings (bodies.encoding). Ingest appends a body whole and raw
// to the spool (spool.go): hashing is all it costs the crawl's cores.
// Compact later re-encodes it in zstd: densely, and often as a delta
// against another body of its URL or host. Older versions stored S2
// bodies in the table instead of spooling; those still read and compact.
const (
	encodingSpool = "spool"
	encodingS2    = "s2"
	encodingZstd  = "zstd"
)

// body is a raw body ready to store, hashed outside the write transaction
// so callers hash in parallel while one connection writes.
type body struct {
	sha256 string
	size   int
	stored bool   // those exact bytes are already stored: nothing to write
	heal   bool   // stored, but found unreadable: raw replaces them
	raw    []byte // the bytes to spool when not stored, or to heal with
}

func hashBody(raw []byte) string {
	sum := sha256.Sum256(raw)
	return hex.EncodeToString(sum[:])
}

// prepareBodies hashes the bodies of a batch on all cores. Identical
// bytes already stored cost one lookup.
func (s *Store) prepareBodies(ctx context.Context, rs []Record) ([]*body, error) {
	out := make([]*body, len(rs))
	errs := make([]error, len(rs))
	forEach(len(rs), func(i int) {
		out[i], errs[i] = s.prepareBody(ctx, rs[i].Fetch.Body)
	})
	return out, errors.Join(errs...)
}

// prepareBody hashes raw and looks up whether those bytes are stored, and
// whether the stored copy still reads back: a fetch of bytes the archive
// holds checks the copy it holds (a read and a hash, a fraction of what
// the fetch cost) and heals it when it rotted.
func (s *Store) prepareBody(ctx context.Context, raw []byte) (*body, error) {
	if raw == nil {
		return nil, nil
	}
	b := &body{sha256: hashBody(raw), size: len(raw)}
	var one int
	err := s.readRow(ctx, `SELECT 1 FROM bodies WHERE sha256 = ?`, b.sha256).Scan(&one)
	switch {
	case err == nil && s.unreadable(ctx, b.sha256):
		b.heal, b.raw = true, raw
	case err == nil:
		b.stored = true
	case errors.Is(err, sql.ErrNoRows):
		b.raw = raw
	default:
		return nil, fmt.Errorf("look up body: %w", err)
	}
	return b, nil
}

// insertBody stores a prepared body once; a concurrent or earlier copy of
// the same bytes wins and this one is dropped. The row goes in first, at
// the spool's end, and the bytes are spooled only when it went in: a
// duplicate costs no spool space. The transaction syncs the spool before
// it commits (writeTx.Commit).
func (s *Store) insertBody(ctx context.Context, tx *writeTx, b *body) error {
	if b == nil || b.stored {
		return nil
	}
	if b.heal {
		return s.healBody(ctx, tx, b)
	}
	end, event, err := s.spool.end()
	if err != nil {
		return err
	}
	if event != "" {
		s.log.Error(event, slog.String("path", s.spool.path))
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO bodies (sha256, size, stored_size, encoding, data, spool_offset)
		VALUES (?, ?, ?, ?, x'', ?) ON CONFLICT (sha256) DO NOTHING`,
		b.sha256, b.size, b.size, encodingSpool, end)
	if err != nil {
		return fmt.Errorf("insert body: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("insert body: %w", err)
	}
	if n == 0 {
		return nil
	}
	if tx.spooled == nil {
		tx.spooled, tx.spoolStart = &s.spool, end
	}
	if err := s.spool.writeAt(b.raw, end); err != nil {
		return fmt.Errorf("insert body: %w", err)
	}
	return nil
}

// errHashMismatch is a body whose stored bytes read back as other bytes
// than those its SHA-256 names.
var errHashMismatch = errors.New("stored bytes do not match their hash")

// Body returns the raw bytes stored under a SHA-256, exactly as received.
// Compaction in another process may move a spooled body into the table
// and empty the spool between the row's lookup and the read of its bytes:
// a spooled body that fails to read is looked up once more.
func (s *Store) Body(ctx context.Context, sha string) ([]byte, error) {
	raw, enc, err := s.readBody(ctx, sha)
	if err != nil && enc == encodingSpool {
		raw, _, err = s.readBody(ctx, sha)
	}
	return raw, err
}

// storedBody is a bodies row as read back.
type storedBody struct {
	enc    string
	size   int
	data   []byte
	base   sql.NullString
	offset sql.NullInt64 // where a spooled body starts in the spool
}

// readBody reads the body stored under sha and checks it against its
// hash; it returns the encoding it found, for Body to retry a spooled one.
func (s *Store) readBody(ctx context.Context, sha string) ([]byte, string, error) {
	var b storedBody
	err := s.readers.QueryRowContext(ctx, `SELECT encoding, size, data, base_sha256, spool_offset
		FROM bodies WHERE sha256 = ?`, sha).Scan(&b.enc, &b.size, &b.data, &b.base, &b.offset)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, "", fmt.Errorf("body %s: %w", sha, ErrNotFound)
	}
	if err != nil {
		return nil, "", fmt.Errorf("read body %s: %w", sha, err)
	}
	raw, err := s.decodeBody(ctx, b)
	var re *readError
	if errors.As(err, &re) {
		return nil, b.enc, fmt.Errorf("read body %s: %w", sha, re.err)
	}
	if err != nil {
		return nil, b.enc, fmt.Errorf("decode body %s: %w: %w", sha, ErrBodyUnreadable, err)
	}
	if hashBody(raw) != sha {
		return nil, b.enc, fmt.Errorf("body %s: %w: %w", sha, ErrBodyUnreadable, errHashMismatch)
	}
	return raw, b.enc, nil
}

// ErrBodyUnreadable marks a stored body whose bytes cannot be read back as
// they were received: gone from its spool, cut short, altered.
var ErrBodyUnreadable = errors.New("stored body unreadable")

// readError is a failure to read the database while decoding a body (a
// delta's base on a damaged page), not a body that is unreadable: the
// export must stop on it rather than leave the fetch out.
type readError struct{ err error }

func (e *readError) Error() string { return e.err.Error() }
func (e *readError) Unwrap() error { return e.err }

// decodeBody restores raw bytes from their stored form.
func (s *Store) decodeBody(ctx context.Context, b storedBody) ([]byte, error) {
	switch {
	case b.enc == encodingSpool:
		return s.spool.readAt(b.offset.Int64, b.size)
	case b.enc == encodingS2:
		return s2.Decode(make([]byte, b.size), b.data)
	case b.enc != encodingZstd:
		return nil, fmt.Errorf("unknown encoding %q", b.enc)
	case b.base.Valid:
		return s.decodeDelta(ctx, b.data, b.size, b.base.String)
	default:
		return s.dec.DecodeAll(b.data, make([]byte, 0, b.size))
	}
}
