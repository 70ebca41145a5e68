package archive

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/bits"
	"net/url"
	"slices"
	"strings"
	"sync"

	"github.com/klauspost/compress/zstd"
)

// deltaDictID names the raw dictionary inside delta frames; the base is
// found through bodies.base_sha256, not through this id.
const deltaDictID = 1

// maxDeltaShare bounds a delta kept without a second look: one at most
// 1/maxDeltaShare of the raw page is well under a whole body (about 1/5 of
// raw). A larger delta is kept only when it beats the whole body by a
// quarter (keepDeltaNum/keepDeltaDen).
const (
	maxDeltaShare = 16
	keepDeltaNum  = 3
	keepDeltaDen  = 4
)

// maxHostBase caps the size of a body that serves as the dictionary of
// other pages of its host: a cached encoder holds it, and one not cached
// decompresses and indexes it again, so a huge page would cost memory and
// the CPU of later pages. News pages average 169 KB; 2 MiB keeps all the benchmark
// pages (the largest is 1.4 MB: with 1 MiB, second pages took 0.069 of
// their raw size instead of 0.042).
const maxHostBase = 2 << 20

// minHostDelta is the smallest body stored against its host's base, or
// serving as one: a page of a few KB compresses to about a KB alone, less
// than a delta saves to pay for building an encoder. Synthetic 3 KB pages
// on one host ingested at half the rate when every one tried.
const minHostDelta = 8 << 10

// urlBase is the full body behind the latest other compacted fetch of
// rawURL (that body, or its base when it is a delta), when its size is
// close enough to sha's to be worth a delta.
func (s *Store) urlBase(ctx context.Context, rawURL, sha string, size int) (string, error) {
	if rawURL == "" {
		return "", nil
	}
	var base string
	var baseSize int
	err := s.readers.QueryRowContext(ctx, `SELECT b.sha256, b.size FROM bodies b WHERE b.sha256 = (
		SELECT COALESCE(pb.base_sha256, pb.sha256) FROM fetches f JOIN bodies pb ON pb.sha256 = f.body_sha256
		WHERE f.final_url = ? AND pb.sha256 <> ? AND pb.encoding = 'zstd' ORDER BY f.id DESC LIMIT 1)`,
		rawURL, sha).Scan(&base, &baseSize)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("look up delta base: %w", err)
	}
	if baseSize < size/2 || baseSize > size*2 {
		return "", nil
	}
	return base, nil
}

// hostBaseQuery reads a host's base and how many bodies in a row missed
// it.
const hostBaseQuery = `SELECT b.sha256, h.misses FROM host_bases h JOIN bodies b ON b.sha256 = h.body_sha256
	WHERE h.host = ? AND b.base_sha256 IS NULL AND b.encoding = 'zstd'`

// hostBase is the latest full body stored from host, or "", and how many
// bodies in a row missed it.
func (s *Store) hostBase(ctx context.Context, host string) (string, int, error) {
	var sha string
	var misses int
	err := s.readers.QueryRowContext(ctx, hostBaseQuery, host).Scan(&sha, &misses)
	if errors.Is(err, sql.ErrNoRows) {
		return "", 0, nil
	}
	if err != nil {
		return "", 0, fmt.Errorf("look up host base: %w", err)
	}
	return sha, misses, nil
}

// hostOf is the lowercased host (with port) of a URL, or "" when it has
// none.
func hostOf(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return ""
	}
	return strings.ToLower(u.Host)
}

// setHostBase makes a body just compacted whole the dictionary of its
// host's later pages. The SELECT keeps a body that is not a full zstd body
// from becoming a base, so deltas never chain.
func setHostBase(ctx context.Context, tx *writeTx, host, sha string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO host_bases (host, body_sha256)
		SELECT ?, sha256 FROM bodies WHERE sha256 = ? AND base_sha256 IS NULL AND encoding = 'zstd'
		ON CONFLICT (host) DO UPDATE SET body_sha256 = excluded.body_sha256, misses = 0`, host, sha)
	if err != nil {
		return fmt.Errorf("set host base: %w", err)
	}
	return nil
}

// setHostMisses records how many bodies in a row missed each host's base.
func setHostMisses(ctx context.Context, tx *writeTx, misses map[string]int) error {
	for host, n := range misses {
		if _, err := tx.ExecContext(ctx, `UPDATE host_bases SET misses = ? WHERE host = ?`, n, host); err != nil {
			return fmt.Errorf("count host base misses: %w", err)
		}
	}
	return nil
}

// maxCachedBases bounds the delta encoders kept ready: each holds its
// base's raw bytes (169 KB on average, maxHostBase at most), a window of
// twice that and its match tables (about 2.5 MB in all for a 170 KB base
// at deltaLevel), built once and reused for every page compacted against
// that base. Compaction goes through bodies in the order they were stored,
// so a crawl's pages come host by host; with 8 cached, compacting after a
// 20,000-page crawl raised the process's peak RSS by 13 MiB.
const maxCachedBases = 4

// deltaLevel is the zstd level of deltas, whatever the store's level:
// building an encoder around a base at the better level cost 23 ms and
// held about 9 MB of match tables (the benchmark site, whose pages share
// little, rebuilt one per page), at the default level 4 ms and 2.5 MB; the
// deltas it makes are 5% larger.
const deltaLevel = zstd.SpeedDefault

// deltaEncoders keeps the encoders of recently used bases, so a page
// stored against its host's base costs no decompression of the base and
// no re-indexing of it. Encoders are safe for concurrent EncodeAll.
type deltaEncoders struct {
	mu    sync.Mutex
	order []string // least recently used first
	enc   map[string]*zstd.Encoder
}

func (c *deltaEncoders) get(sha string) *zstd.Encoder {
	c.mu.Lock()
	defer c.mu.Unlock()
	e := c.enc[sha]
	if e != nil {
		c.order = append(slices.DeleteFunc(c.order, func(s string) bool { return s == sha }), sha)
	}
	return e
}

// clear drops every encoder: a compaction that ended gives their memory
// back rather than keep it between runs.
func (c *deltaEncoders) clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.enc, c.order = nil, nil
}

func (c *deltaEncoders) put(sha string, e *zstd.Encoder) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.enc == nil {
		c.enc = map[string]*zstd.Encoder{}
	}
	if _, ok := c.enc[sha]; !ok {
		c.order = append(c.order, sha)
	}
	c.enc[sha] = e
	for len(c.order) > maxCachedBases {
		// Dropped, not closed: another goroutine may still be encoding
		// with it, and EncodeAll starts no goroutine to stop.
		delete(c.enc, c.order[0])
		c.order = c.order[1:]
	}
}

// deltaEncoder is the encoder with the raw bytes of the full body base as
// dictionary; baseRaw, when given, saves reading them from the store.
func (s *Store) deltaEncoder(ctx context.Context, base string, baseRaw []byte) (*zstd.Encoder, error) {
	if enc := s.deltas.get(base); enc != nil {
		return enc, nil
	}
	if baseRaw == nil {
		var err error
		if baseRaw, err = s.Body(ctx, base); err != nil {
			return nil, err
		}
	} else {
		baseRaw = bytes.Clone(baseRaw) // the encoder outlives the caller's record
	}
	// The default window (8 MB) made each encoder hold 9 MB; twice the
	// base reaches all of it from a page of its size, and with the lower
	// memory option an encoder for a 170 KB base holds about 1.2 MB.
	window := max(zstd.MinWindowSize, 1<<bits.Len(uint(2*len(baseRaw))))
	enc, err := zstd.NewWriter(nil, zstd.WithEncoderLevel(min(s.level, deltaLevel)), zstd.WithEncoderConcurrency(1),
		zstd.WithWindowSize(window), zstd.WithLowerEncoderMem(true), zstd.WithEncoderDictRaw(deltaDictID, baseRaw))
	if err != nil {
		return nil, fmt.Errorf("delta encoder: %w", err)
	}
	s.deltas.put(base, enc)
	return enc, nil
}

// decodeDelta restores a body stored against the full body base.
func (s *Store) decodeDelta(ctx context.Context, data []byte, size int, base string) ([]byte, error) {
	baseRaw, err := s.Body(ctx, base)
	if err != nil && !errors.Is(err, ErrBodyUnreadable) && !errors.Is(err, ErrNotFound) {
		return nil, &readError{fmt.Errorf("base: %w", err)} // the database, not the body, failed
	}
	if err != nil {
		return nil, fmt.Errorf("base: %w", err)
	}
	dec, err := zstd.NewReader(nil, zstd.WithDecoderConcurrency(1), zstd.WithDecoderDictRaw(deltaDictID, baseRaw))
	if err != nil {
		return nil, fmt.Errorf("delta decoder: %w", err)
	}
	defer dec.Close()
	return dec.DecodeAll(data, make([]byte, 0, size))
}
