package archive

import (
	"context"
	"errors"
	"flag"
	"io/fs"
	"os"
	"testing"
	"time"
)

// reindexBenchDB names an archive for BenchmarkRebuildSearchIndex to
// rebuild the index of, built there first (as BenchmarkCheckSearchIndex
// builds its own) when no file is, and kept.
var reindexBenchDB = flag.String("reindexbench.db", "", "archive for BenchmarkRebuildSearchIndex, built there when absent")

// BenchmarkRebuildSearchIndex measures db reindex's rebuild of the search
// index over BenchmarkCheckSearchIndex's 100,000 synthetic articles: the
// index emptied, every article indexed again a batch per transaction, the
// index merged. Run it with -benchtime 1x.
func BenchmarkRebuildSearchIndex(b *testing.B) {
	ctx := context.Background()
	s := reindexBenchStore(b)
	for b.Loop() {
		start := time.Now()
		n, err := s.RebuildSearchIndex(ctx, nil)
		if err != nil || n != checkBenchArticles {
			b.Fatalf("RebuildSearchIndex = %d, %v; want %d", n, err, checkBenchArticles)
		}
		b.ReportMetric(float64(n)/time.Since(start).Seconds(), "articles/s")
	}
}

// reindexBenchStore opens the archive -reindexbench.db names, built there
// when absent, or builds one as BenchmarkCheckSearchIndex does.
func reindexBenchStore(b *testing.B) *Store {
	path := *reindexBenchDB
	if path == "" {
		return checkBenchStore(b)
	}
	_, err := os.Stat(path)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		b.Fatal(err)
	}
	s := mustOpenAt(b, path)
	if err != nil {
		start := time.Now()
		fillCheckBench(b, s)
		b.Logf("built %d articles in %s", checkBenchArticles, time.Since(start).Round(time.Second))
	}
	return s
}
