package gzipmember

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"testing"

	"github.com/newsarchive/newsarchive/internal/newstest"
)

// TestReader: bytes after the stream that start no member end it quietly;
// members cut short or damaged still fail.
func TestReader(t *testing.T) {
	page := []byte(`<?xml version="1.0"?><urlset><url><loc>https://e.com/a</loc></url></urlset>`)
	whole := newstest.Gzipped(t, page)
	damaged := bytes.Clone(whole)
	damaged[len(damaged)-6] ^= 0xff // the CRC
	tests := []struct {
		name    string
		body    []byte
		want    []byte
		wantErr error
	}{
		{"one member", whole, page, nil},
		{"a newline after", append(bytes.Clone(whole), '\n'), page, nil},
		{"text after", append(bytes.Clone(whole), "<!-- served by cache 3 -->\n"...), page, nil},
		{"zeros after", append(bytes.Clone(whole), make([]byte, 512)...), page, nil},
		{"two members", append(newstest.Gzipped(t, page[:20]), newstest.Gzipped(t, page[20:])...), page, nil},
		{"cut short", whole[:len(whole)-10], nil, io.ErrUnexpectedEOF},
		{"second member cut short", append(bytes.Clone(whole), whole[:20]...), nil, io.ErrUnexpectedEOF},
		{"damaged", damaged, nil, gzip.ErrChecksum},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := NewReader(bytes.NewReader(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			got, err := io.ReadAll(r)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("error %v, want %v", err, tt.wantErr)
			}
			if tt.wantErr == nil && !bytes.Equal(got, tt.want) {
				t.Errorf("read %q, want %q", got, tt.want)
			}
		})
	}
}
