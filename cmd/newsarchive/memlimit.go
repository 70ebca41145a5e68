package main

import (
	"os"
	"runtime/debug"
)

// defaultMemLimitMiB is crawl's soft memory limit. Without one the heap of
// a large crawl grows with the garbage of colly reading each body whole
// (measured in docs/benchmarks.md, "Crawl throughput"); the limit makes the
// collector run before that garbage piles up. It is soft: a crawl that
// needs more gets more.
const defaultMemLimitMiB = 100

// setMemoryLimit applies a soft memory limit in MiB unless GOMEMLIMIT is
// set (the runtime has applied it already) or mib is 0.
func setMemoryLimit(mib int64) {
	if mib <= 0 || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetMemoryLimit(mib << 20)
}
