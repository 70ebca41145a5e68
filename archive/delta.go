package archive

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/klauspost/compress/zstd"
)

// deltaDictID names the raw dictionary inside delta frames; the base is
// found through bodies.base_sha256, not through this id.
const deltaDictID = 1

// maxDeltaShare bounds a delta: one larger than 1/maxDeltaShare of the raw
// page saves too little over a whole body (about 1/5 of raw) to be kept.
const maxDeltaShare = 16

// deltaBase finds the full body a new body of url can be stored against:
// the base of the latest body fetched from that URL, or that body itself
// when it is full. Bodies of very different size are not worth it.
func (s *Store) deltaBase(ctx context.Context, url string, size int) (string, []byte, error) {
	if s.noDelta || url == "" {
		return "", nil, nil
	}
	var sha string
	var baseSize int
	err := s.readers.QueryRowContext(ctx, `SELECT b.sha256, b.size FROM bodies b WHERE b.sha256 = (
		SELECT COALESCE(pb.base_sha256, pb.sha256) FROM fetches f JOIN bodies pb ON pb.sha256 = f.body_sha256
		WHERE f.final_url = ? ORDER BY f.id DESC LIMIT 1)`, url).Scan(&sha, &baseSize)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil, nil
	}
	if err != nil {
		return "", nil, fmt.Errorf("look up delta base: %w", err)
	}
	if baseSize < size/2 || baseSize > size*2 {
		return "", nil, nil
	}
	raw, err := s.Body(ctx, sha)
	if err != nil {
		return "", nil, err
	}
	return sha, raw, nil
}

// encodeDelta compresses raw with the base's raw bytes as dictionary.
func (s *Store) encodeDelta(raw, base []byte) ([]byte, error) {
	enc, err := zstd.NewWriter(nil, zstd.WithEncoderLevel(s.level), zstd.WithEncoderConcurrency(1),
		zstd.WithEncoderDictRaw(deltaDictID, base))
	if err != nil {
		return nil, fmt.Errorf("delta encoder: %w", err)
	}
	defer enc.Close()
	return enc.EncodeAll(raw, make([]byte, 0, len(raw)/32)), nil
}

// decodeDelta restores a body stored against the full body base.
func (s *Store) decodeDelta(ctx context.Context, data []byte, size int, base string) ([]byte, error) {
	baseRaw, err := s.Body(ctx, base)
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
