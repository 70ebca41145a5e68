package archive

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
)

// encodingZstd names how bodies.data is compressed.
const encodingZstd = "zstd"

// body is a raw body ready to store: hashed and compressed outside the
// write transaction, so callers compress in parallel while one connection
// writes.
type body struct {
	sha256 string
	size   int
	data   []byte // compressed; nil when the body is already stored
	base   string // sha256 of the full body data is a delta against, or ""
	host   string // host of the URL it was fetched from: a full body becomes its base
}

func hashBody(raw []byte) string {
	sum := sha256.Sum256(raw)
	return hex.EncodeToString(sum[:])
}

// prepareBody hashes raw and compresses it unless those exact bytes are
// already stored: identical pages fetched again cost one lookup. A page
// fetched before from the same URL, or else any page of a host with a
// stored full body, is stored as a delta against that body.
func (s *Store) prepareBody(ctx context.Context, raw []byte, url string) (*body, error) {
	if raw == nil {
		return nil, nil
	}
	b := &body{sha256: hashBody(raw), size: len(raw)}
	if !s.noDelta {
		b.host = hostOf(url)
	}
	var one int
	err := s.readers.QueryRowContext(ctx, `SELECT 1 FROM bodies WHERE sha256 = ?`, b.sha256).Scan(&one)
	switch {
	case err == nil:
		return b, nil
	case !errors.Is(err, sql.ErrNoRows):
		return nil, fmt.Errorf("look up body: %w", err)
	}
	base, err := s.deltaBase(ctx, url, len(raw))
	if err != nil {
		return nil, err
	}
	if base == "" {
		b.data = s.compressWhole(raw)
		return b, nil
	}
	if b.data, err = s.encodeDelta(ctx, raw, base); err != nil {
		return nil, err
	}
	if len(b.data) <= len(raw)/maxDeltaShare {
		b.base = base
		return b, nil
	}
	// A larger delta is kept only when clearly smaller than the whole
	// body. Otherwise the page has drifted from its base (a live blog, a
	// redesign): it is stored whole and becomes the base of later pages.
	whole := s.compressWhole(raw)
	if len(b.data) <= len(whole)*keepDeltaNum/keepDeltaDen {
		b.base = base
		return b, nil
	}
	b.data = whole
	return b, nil
}

func (s *Store) compressWhole(raw []byte) []byte {
	return s.enc.EncodeAll(raw, make([]byte, 0, len(raw)/4))
}

// insertBody stores a prepared body once; a concurrent or earlier copy of
// the same bytes wins and this one is dropped.
func (s *Store) insertBody(ctx context.Context, tx *sql.Tx, b *body) error {
	if b == nil || b.data == nil {
		return nil
	}
	var base any
	if b.base != "" {
		base = b.base
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO bodies (sha256, size, stored_size, encoding, data, base_sha256)
		VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING`,
		b.sha256, b.size, len(b.data), encodingZstd, b.data, base)
	if err != nil {
		return fmt.Errorf("insert body: %w", err)
	}
	return setHostBase(ctx, tx, b)
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
	if enc != encodingZstd {
		return nil, fmt.Errorf("body %s: unknown encoding %q", sha, enc)
	}
	var raw []byte
	if base.Valid {
		raw, err = s.decodeDelta(ctx, data, size, base.String)
	} else {
		raw, err = s.dec.DecodeAll(data, make([]byte, 0, size))
	}
	if err != nil {
		return nil, fmt.Errorf("decompress body %s: %w", sha, err)
	}
	if hashBody(raw) != sha {
		return nil, fmt.Errorf("body %s: stored bytes do not match their hash", sha)
	}
	return raw, nil
}
