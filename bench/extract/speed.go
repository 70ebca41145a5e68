package main

import (
	"fmt"
	"io"
	"slices"
	"time"
)

// timing holds, per extractor, the best wall time of each page.
type timing struct {
	Name  string
	Times []time.Duration
}

// timeAll runs every extractor on every page, page by page and round by
// round, keeping each page's fastest run: the machine is shared, and the
// minimum is the figure least disturbed by other work.
func timeAll(samples []sample, rounds int) []timing {
	ts := make([]timing, len(extractors))
	for i, e := range extractors {
		ts[i] = timing{Name: e.Name, Times: make([]time.Duration, len(samples))}
	}
	for r := 0; r < rounds; r++ {
		for p, s := range samples {
			for i, e := range extractors {
				start := time.Now()
				_, _ = e.Run(s) // timing only: quality is scored elsewhere
				d := time.Since(start)
				if r == 0 || d < ts[i].Times[p] {
					ts[i].Times[p] = d
				}
			}
		}
	}
	return ts
}

func printTimings(w io.Writer, ts []timing) {
	var base float64
	for i, t := range ts {
		sorted := slices.Clone(t.Times)
		slices.Sort(sorted)
		var total time.Duration
		for _, d := range sorted {
			total += d
		}
		median := ms(sorted[len(sorted)/2])
		if i == len(ts)-1 {
			base = median
		}
		fmt.Fprintf(w, "%-26s median %6.2f ms/page  p90 %6.2f ms  %6.1f pages/s\n", t.Name, median,
			ms(sorted[len(sorted)*9/10]), float64(len(sorted))/total.Seconds())
	}
	if base > 0 {
		first := slices.Clone(ts[0].Times)
		slices.Sort(first)
		fmt.Fprintf(w, "median ratio %s / %s: %.2fx\n", ts[0].Name, ts[len(ts)-1].Name,
			ms(first[len(first)/2])/base)
	}
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
