package archive

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"sync"

	"github.com/klauspost/compress/s2"
)

// Body encodings (bodies.encoding). Ingest stores a body whole in S2, a
// codec twice as fast as zstd's fastest level (compression costs the
// crawl's cores), and Compact later re-encodes it in zstd: densely, and
// often as a delta against another body of its URL or host.
const (
	encodingS2   = "s2"
	encodingZstd = "zstd"
)

// body is a raw body ready to store: hashed and compressed outside the
// write transaction, so callers compress in parallel while one connection
// writes.
type body struct {
	sha256 string
	size   int
	stored bool   // those exact bytes are already stored: nothing to write
	data   []byte // S2-compressed
}

func hashBody(raw []byte) string {
	sum := sha256.Sum256(raw)
	return hex.EncodeToString(sum[:])
}

// prepareBodies hashes and compresses the bodies of a batch on all cores.
// Identical bytes already stored cost one lookup.
func (s *Store) prepareBodies(ctx context.Context, rs []Record) ([]*body, error) {
	out := make([]*body, len(rs))
	errs := make([]error, len(rs))
	forEach(len(rs), func(i int) {
		out[i], errs[i] = s.prepareBody(ctx, rs[i].Fetch.Body)
	})
	return out, errors.Join(errs...)
}

// prepareBody hashes raw and, unless those bytes are stored, compresses
// them.
func (s *Store) prepareBody(ctx context.Context, raw []byte) (*body, error) {
	if raw == nil {
		return nil, nil
	}
	b := &body{sha256: hashBody(raw), size: len(raw)}
	var one int
	err := s.readers.QueryRowContext(ctx, `SELECT 1 FROM bodies WHERE sha256 = ?`, b.sha256).Scan(&one)
	switch {
	case err == nil:
		b.stored = true
	case errors.Is(err, sql.ErrNoRows):
		b.data = encodeS2(raw)
	default:
		return nil, fmt.Errorf("look up body: %w", err)
	}
	return b, nil
}

// s2Buffers holds encoding buffers: S2 needs room for its worst case
// (a little over the raw size) and the result is about a quarter of it.
// Encoding into a reused buffer and keeping a right-sized copy took 9% of
// a crawl's allocation off the garbage collector.
var s2Buffers sync.Pool

// encodeS2 compresses raw with S2 into a right-sized new slice.
func encodeS2(raw []byte) []byte {
	need := s2.MaxEncodedLen(len(raw))
	if need < 0 {
		return s2.Encode(nil, raw) // too large for S2's block format: let it report
	}
	buf, _ := s2Buffers.Get().(*[]byte)
	if buf == nil || cap(*buf) < need {
		b := make([]byte, need)
		buf = &b
	}
	out := bytes.Clone(s2.Encode((*buf)[:need], raw))
	s2Buffers.Put(buf)
	return out
}

// insertBody stores a prepared body once; a concurrent or earlier copy of
// the same bytes wins and this one is dropped.
func (s *Store) insertBody(ctx context.Context, tx *writeTx, b *body) error {
	if b == nil || b.stored {
		return nil
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO bodies (sha256, size, stored_size, encoding, data)
		VALUES (?, ?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING`,
		b.sha256, b.size, len(b.data), encodingS2, b.data)
	if err != nil {
		return fmt.Errorf("insert body: %w", err)
	}
	return nil
}

// Body returns the raw bytes stored under a SHA-256, exactly as received.
func (s *Store) Body(ctx context.Context, sha string) ([]byte, error) {
	var (
		enc  string
		size int
		data []byte
		base sql.NullString
	)
	err := s.readers.QueryRowContext(ctx, `SELECT encoding, size, data, base_sha256
		FROM bodies WHERE sha256 = ?`, sha).Scan(&enc, &size, &data, &base)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("body %s: %w", sha, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("read body %s: %w", sha, err)
	}
	raw, err := s.decodeBody(ctx, enc, data, size, base)
	if err != nil {
		return nil, fmt.Errorf("decompress body %s: %w", sha, err)
	}
	if hashBody(raw) != sha {
		return nil, fmt.Errorf("body %s: stored bytes do not match their hash", sha)
	}
	return raw, nil
}

// decodeBody restores raw bytes from their stored form.
func (s *Store) decodeBody(ctx context.Context, enc string, data []byte, size int, base sql.NullString) ([]byte, error) {
	switch {
	case enc == encodingS2:
		return s2.Decode(make([]byte, size), data)
	case enc != encodingZstd:
		return nil, fmt.Errorf("unknown encoding %q", enc)
	case base.Valid:
		return s.decodeDelta(ctx, data, size, base.String)
	default:
		return s.dec.DecodeAll(data, make([]byte, 0, size))
	}
}
