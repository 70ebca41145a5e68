// Command export measures `newsarchive export`: it fills a database with
// synthetic but realistically sized articles (a few KB of text and HTML
// each, with raw snapshots, refetches and corrected versions) through
// Store.SaveBatch, then exports it to every format, each export in a child
// process so its peak RSS is its own. It prints a Markdown report.
//
//	go run ./bench/export [-articles N] [-dir DIR] [-formats jsonl,csv,parquet,warc]
//
// An existing DIR/export.db with the requested number of articles is
// reused, so the exports can be measured again without refilling.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"runtime/pprof"
	"strings"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "bench/export:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	articles := fs.Int("articles", 100000, "articles in the database")
	dir := fs.String("dir", "", "work `DIR` for the database and exports (default a new temporary directory)")
	formats := fs.String("formats", "jsonl,csv,parquet,warc", "comma-separated `formats` to export")
	child := fs.String("child", "", "internal: export DB to PATH in `FORMAT` and report peak RSS")
	cpuprofile := fs.String("cpuprofile", "", "with -child, write a CPU profile to `FILE`")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *child != "" {
		if *cpuprofile != "" {
			f, err := os.Create(*cpuprofile)
			if err != nil {
				return err
			}
			defer f.Close()
			if err := pprof.StartCPUProfile(f); err != nil {
				return err
			}
			defer pprof.StopCPUProfile()
		}
		return runChild(ctx, *child, fs.Args())
	}
	if *articles <= 0 {
		return fmt.Errorf("-articles must be positive")
	}
	work := *dir
	if work == "" {
		var err error
		if work, err = os.MkdirTemp("", "bench-export"); err != nil {
			return err
		}
		defer os.RemoveAll(work)
	}
	db, err := fill(ctx, work, *articles)
	if err != nil {
		return err
	}
	return measure(ctx, db, work, strings.Split(*formats, ","))
}
