// Command archive measures the archive: ingest rate of parsed benchmark
// pages with their raw snapshots at several zstd levels, snapshot storage
// against a gzip-per-record WARC file, and search latency and memory over
// 100,000 synthetic articles. It prints a Markdown report.
//
//	go run ./bench/archive [-pages N] [-articles N] [-dir DIR]
//
// The benchmark pages are read from ../shared beside the module root; when
// they are absent the page measurements are skipped.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"runtime"
	"runtime/pprof"

	"github.com/newsarchive/newsarchive/bench/site"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "bench/archive:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context) error {
	pages := flag.Int("pages", 3000, "benchmark page fetches ingested per zstd level (0 skips the level table)")
	articles := flag.Int("articles", 100_000, "synthetic articles for the search and memory run (0 skips)")
	queries := flag.Int("queries", 300, "search queries timed")
	dir := flag.String("dir", "", "directory for the databases (default: a temporary one, removed after)")
	dataset := flag.String("dataset", site.Dataset(), "article-extraction-benchmark directory")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile to `FILE`")
	ingestOnly := flag.Bool("ingest-only", false, "measure only ingest and compaction of the pages, one level (skips the storage tables)")
	flag.Parse()
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	slog.SetDefault(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))

	work := *dir
	if work == "" {
		tmp, err := os.MkdirTemp("", "bench-archive")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		work = tmp
	}
	fmt.Printf("## Archive (bench/archive)\n\nMachine: %d cores (GOMAXPROCS %d), %s/%s, %s.\n\n",
		runtime.NumCPU(), runtime.GOMAXPROCS(0), runtime.GOOS, runtime.GOARCH, runtime.Version())
	if err := pageBenchmarks(ctx, work, *dataset, *pages, *ingestOnly); err != nil {
		return err
	}
	if *articles > 0 {
		return syntheticBenchmarks(ctx, work, *articles, *queries)
	}
	return nil
}
