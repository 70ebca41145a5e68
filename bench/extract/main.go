// Command extract scores parse.Parse against the ScrapingHub article
// extraction benchmark, beside go-readability alone, and times both.
//
// Usage (from the repository root):
//
//	go run ./bench/extract [-data DIR] [-report FILE] [-worst N] [-rounds N]
//
// It exits cleanly when the benchmark pages are absent.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime"

	"github.com/newsarchive/newsarchive/bench/site"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		if errors.Is(err, errNoDataset) {
			slog.Info("skipping extraction benchmark", slog.String("reason", err.Error()))
			return
		}
		slog.Error("extract benchmark failed", slog.String("err", err.Error()))
		os.Exit(1)
	}
}

type options struct {
	data   string
	report string
	worst  int
	rounds int
	only   string
	sortBy string
	scores string
}

func run(args []string, out io.Writer) error {
	var o options
	fs := flag.NewFlagSet("extract", flag.ContinueOnError)
	fs.StringVar(&o.data, "data", site.Dataset(), "benchmark directory (ground-truth.json, html/)")
	fs.StringVar(&o.report, "report", "bench/extract/report.md", "where to write the worst pages")
	fs.IntVar(&o.worst, "worst", 20, "how many of the worst pages to report")
	fs.IntVar(&o.rounds, "rounds", 3, "timing rounds per page (0 skips timing)")
	fs.StringVar(&o.sortBy, "sort", "f1", "rank the report's pages by f1, precision or recall")
	fs.StringVar(&o.scores, "scores", "", "write each page's precision and recall of parse.Parse to this TSV file")
	fs.StringVar(&o.only, "only", "", "score only the page with this id prefix and print its text")
	if err := fs.Parse(args); err != nil {
		return err
	}
	samples, err := loadDataset(o.data)
	if err != nil {
		return err
	}
	if o.only != "" {
		return showOne(samples, o.only, out)
	}
	fmt.Fprintf(out, "%d pages from %s\n\n", len(samples), o.data)
	results := make([][]pageResult, len(extractors))
	for i, e := range extractors {
		results[i] = score(e, samples)
		m := aggregate(scoresOf(results[i]))
		fmt.Fprintf(out, "%-26s precision %.3f  recall %.3f  F1 %.3f  accuracy %.3f\n",
			e.Name, m.Precision, m.Recall, m.F1, m.Accuracy)
	}
	if o.scores != "" {
		if err := writeScores(o.scores, samples, results[0]); err != nil {
			return err
		}
	}
	if err := writeReport(o.report, o.worst, o.sortBy, samples, results[0]); err != nil {
		return err
	}
	fmt.Fprintf(out, "\nworst %d pages written to %s\n", o.worst, o.report)
	if o.rounds > 0 {
		runtime.GOMAXPROCS(1)
		fmt.Fprintf(out, "\nspeed, one core (GOMAXPROCS=1), sequential, best of %d per page:\n", o.rounds)
		printTimings(out, timeAll(samples, o.rounds))
	}
	return nil
}
