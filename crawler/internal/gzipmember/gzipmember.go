// Package gzipmember reads gzip streams as browsers do: member by member,
// ending the stream at the first bytes after a member that do not start
// another. Servers append such bytes (a page's script printing a newline
// after its compressed output, a .xml.gz file saved with a stray newline),
// which Go's reader takes for a broken member. The page fetch path and
// the sitemap and feed readers share it, so a body reads the same whether
// a Content-Encoding or the file itself says gzip.
package gzipmember

import (
	"bufio"
	"compress/gzip"
	"errors"
	"io"
)

// Reader reads the decompressed members of a gzip stream.
type Reader struct {
	src *bufio.Reader
	zr  *gzip.Reader
}

// NewReader starts reading the gzip stream r. It fails as gzip.NewReader
// does: io.EOF for an empty r, gzip.ErrHeader for one that is no gzip.
func NewReader(r io.Reader) (*Reader, error) {
	src := bufio.NewReader(r)
	zr, err := gzip.NewReader(src)
	if err != nil {
		return nil, err
	}
	zr.Multistream(false)
	return &Reader{src: src, zr: zr}, nil
}

// Read reads decompressed bytes. A member cut short fails with
// io.ErrUnexpectedEOF, a damaged one with the gzip or flate error, as
// from gzip.Reader: only bytes that do not start a member end the stream
// quietly.
func (g *Reader) Read(p []byte) (int, error) {
	for {
		n, err := g.zr.Read(p)
		if !errors.Is(err, io.EOF) {
			return n, err
		}
		more, err := g.nextMember()
		if !more || n > 0 {
			return n, err
		}
	}
}

// nextMember starts the member that follows the one read, if one does:
// more is false at the end of the stream or before bytes that are no gzip.
func (g *Reader) nextMember() (more bool, err error) {
	head, _ := g.src.Peek(2)
	if len(head) < 2 || head[0] != 0x1f || head[1] != 0x8b {
		return false, io.EOF
	}
	if err := g.zr.Reset(g.src); err != nil {
		return false, err
	}
	g.zr.Multistream(false)
	return true, nil
}
