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
	stored bool   // those exact bytes are already stored: nothing to write
	data   []byte // compressed
	base   string // sha256 of the full body data is a delta against, or ""
	host   string // host of the URL it was fetched from: a full body becomes its base
	// raw is kept for a delta against a body of the same batch, in case
	// that body turns out to be stored already as a delta.
	raw []byte
}

func hashBody(raw []byte) string {
	sum := sha256.Sum256(raw)
	return hex.EncodeToString(sum[:])
}

// prepareBodies hashes and compresses the bodies of a batch on all cores.
// Identical bytes already stored cost one lookup. A page fetched before
// from the same URL, or else any page of a host with a stored full body,
// is stored as a delta against that body. Pages of a host new to the
// archive are stored against the first of them in the batch, so the
// first batch of a site is not stored whole.
func (s *Store) prepareBodies(ctx context.Context, rs []Record) ([]*body, error) {
	out := make([]*body, len(rs))
	bases := make([]string, len(rs))
	errs := make([]error, len(rs))
	forEach(len(rs), func(i int) {
		out[i], bases[i], errs[i] = s.lookupBody(ctx, rs[i].Fetch.Body, rs[i].Fetch.FinalURL)
	})
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	within := batchBases(out, bases)
	forEach(len(rs), func(i int) {
		if _, later := within[i]; !later && out[i] != nil && !out[i].stored {
			errs[i] = s.compressBody(ctx, out[i], rs[i].Fetch.Body, bases[i], nil)
		}
	})
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	forEach(len(rs), func(i int) {
		if j, later := within[i]; later {
			raw := rs[i].Fetch.Body
			errs[i] = s.compressBody(ctx, out[i], raw, out[j].sha256, rs[j].Fetch.Body)
			if out[i].base != "" {
				out[i].raw = raw
			}
		}
	})
	return out, errors.Join(errs...)
}

// lookupBody hashes raw and finds whether it is stored, and if not which
// stored full body it can be a delta against.
func (s *Store) lookupBody(ctx context.Context, raw []byte, url string) (*body, string, error) {
	if raw == nil {
		return nil, "", nil
	}
	b := &body{sha256: hashBody(raw), size: len(raw)}
	if !s.noDelta {
		b.host = hostOf(url)
	}
	var one int
	err := s.readers.QueryRowContext(ctx, `SELECT 1 FROM bodies WHERE sha256 = ?`, b.sha256).Scan(&one)
	switch {
	case err == nil:
		b.stored = true
		return b, "", nil
	case !errors.Is(err, sql.ErrNoRows):
		return nil, "", fmt.Errorf("look up body: %w", err)
	}
	base, err := s.deltaBase(ctx, url, len(raw))
	return b, base, err
}

// batchBases maps each new body of a host with no stored base to the
// first such body of its host in the batch, which is stored whole.
func batchBases(bs []*body, bases []string) map[int]int {
	first := map[string]int{}
	within := map[int]int{}
	for i, b := range bs {
		if b == nil || b.stored || b.host == "" || bases[i] != "" || b.size < minHostDelta {
			continue
		}
		if j, ok := first[b.host]; ok {
			within[i] = j
		} else if b.size <= maxHostBase {
			first[b.host] = i
		}
	}
	return within
}

// compressBody compresses raw whole, or as a delta against base (whose
// raw bytes are baseRaw, or read from the store when nil). A delta is kept
// when small, or when clearly smaller than the whole body; otherwise the
// page has drifted from its base (a live blog, a redesign): it is stored
// whole and becomes the base of later pages.
func (s *Store) compressBody(ctx context.Context, b *body, raw []byte, base string, baseRaw []byte) error {
	if base == "" {
		b.data = s.compressWhole(raw)
		return nil
	}
	enc, err := s.deltaEncoder(ctx, base, baseRaw)
	if err != nil {
		return err
	}
	b.data = enc.EncodeAll(raw, make([]byte, 0, len(raw)/32))
	if len(b.data) <= len(raw)/maxDeltaShare {
		b.base = base
		return nil
	}
	whole := s.compressWhole(raw)
	if len(b.data) <= len(whole)*keepDeltaNum/keepDeltaDen {
		b.base = base
		return nil
	}
	b.data = whole
	return nil
}

func (s *Store) compressWhole(raw []byte) []byte {
	return s.enc.EncodeAll(raw, make([]byte, 0, len(raw)/4))
}

// insertBody stores a prepared body once; a concurrent or earlier copy of
// the same bytes wins and this one is dropped.
func (s *Store) insertBody(ctx context.Context, tx *sql.Tx, b *body) error {
	if b == nil || b.stored {
		return nil
	}
	if err := s.checkBatchBase(ctx, tx, b); err != nil {
		return err
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

// checkBatchBase stores whole a body prepared against a body of its batch
// that was not stored full (a concurrent batch stored the same bytes as a
// delta first): deltas never chain.
func (s *Store) checkBatchBase(ctx context.Context, tx *sql.Tx, b *body) error {
	if b.raw == nil {
		return nil
	}
	var full bool
	err := tx.QueryRowContext(ctx, `SELECT base_sha256 IS NULL FROM bodies WHERE sha256 = ?`, b.base).Scan(&full)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("check body base: %w", err)
	}
	if !full {
		b.data, b.base = s.compressWhole(b.raw), ""
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
