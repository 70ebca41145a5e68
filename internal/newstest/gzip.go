package newstest

import (
	"bytes"
	"compress/gzip"
	"testing"
)

// Gzipped is b as one gzip member, as a server sends a compressed body.
func Gzipped(tb testing.TB, b []byte) []byte {
	tb.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(b); err != nil {
		tb.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}
