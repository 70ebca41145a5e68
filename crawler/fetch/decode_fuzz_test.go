package fetch

import (
	"bytes"
	"compress/gzip"
	"io"
	"testing"
)

// FuzzGzipBody: a body labelled gzip, whatever its bytes (members cut
// short, damaged, followed by other bytes), decodes to an error or to
// bytes, never a panic or a read that stops making progress; whole
// members read as what was compressed, with anything after them that is
// no gzip left out.
func FuzzGzipBody(f *testing.F) {
	member := func(s string) []byte {
		var b bytes.Buffer
		zw := gzip.NewWriter(&b)
		zw.Write([]byte(s))
		zw.Close()
		return b.Bytes()
	}
	f.Add(member("<p>one</p>"), []byte("\n\n"))
	f.Add(member("<p>one</p>"), member("<p>two</p>"))
	f.Add([]byte{0x1f, 0x8b}, []byte{0x1f, 0x8b, 8})
	f.Add([]byte{}, []byte("plain"))
	f.Fuzz(func(t *testing.T, body, tail []byte) {
		r, err := decoder(bytes.NewReader(append(body, tail...)), []string{"gzip"})
		if err != nil {
			return
		}
		got, err := io.ReadAll(io.LimitReader(r, 1<<20))
		if err != nil {
			return
		}
		if want, ok := gunzipWhole(body); ok && len(tail) > 0 && (tail[0] != 0x1f) && !bytes.Equal(got, want) {
			t.Fatalf("members followed by %q read as %q, want %q", tail, got, want)
		}
	})
}

// gunzipWhole is what the standard reader makes of body, when it reads it
// whole without error.
func gunzipWhole(body []byte) ([]byte, bool) {
	zr, err := gzip.NewReader(bytes.NewReader(body))
	if err != nil {
		return nil, false
	}
	got, err := io.ReadAll(io.LimitReader(zr, 1<<20))
	return got, err == nil
}
