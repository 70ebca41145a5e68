package archive

import (
	"path/filepath"
	"testing"

	"github.com/klauspost/compress/s2"
	"github.com/klauspost/compress/zstd"

	"github.com/newsarchive/newsarchive/bench/site"
)

// BenchmarkBodyCodecs compresses the extraction benchmark's real pages
// with the codecs ingest could use: why ingest stores S2 and leaves zstd
// to compaction. Skipped without ../shared.
func BenchmarkBodyCodecs(b *testing.B) {
	ds := site.Dataset()
	if ds == "" {
		b.Skip("extraction benchmark pages not found in ../shared")
	}
	files, err := filepath.Glob(filepath.Join(ds, "html", "*.html.gz"))
	if err != nil || len(files) == 0 {
		b.Skip("no benchmark pages")
	}
	var pages [][]byte
	var total int
	for _, f := range files {
		raw, err := site.ReadGzip(f)
		if err != nil {
			b.Fatal(err)
		}
		pages, total = append(pages, raw), total+len(raw)
	}
	zstdAt := func(l zstd.EncoderLevel) func([]byte) []byte {
		enc, err := zstd.NewWriter(nil, zstd.WithEncoderLevel(l), zstd.WithEncoderConcurrency(1))
		if err != nil {
			b.Fatal(err)
		}
		return func(p []byte) []byte { return enc.EncodeAll(p, nil) }
	}
	for _, c := range []struct {
		name string
		enc  func([]byte) []byte
	}{
		{"s2", func(p []byte) []byte { return s2.Encode(nil, p) }},
		{"zstd-fastest", zstdAt(zstd.SpeedFastest)},
		{"zstd-default", zstdAt(zstd.SpeedDefault)},
		{"zstd-better", zstdAt(zstd.SpeedBetterCompression)},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(total))
			var out int
			for b.Loop() {
				out = 0
				for _, p := range pages {
					out += len(c.enc(p))
				}
			}
			b.ReportMetric(float64(out)/float64(total), "stored/raw")
		})
	}
}
