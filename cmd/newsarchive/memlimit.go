package main

import (
	"math"
	"os"
	"runtime/debug"
)

// defaultMemLimitMiB is crawl's soft memory limit. Without one the heap of
// a large crawl grows with the garbage of colly reading each body whole
// (measured in docs/benchmarks.md, "Crawl throughput"); the limit makes the
// collector run before that garbage piles up. It is soft: a crawl that
// needs more gets more. The heap grows to it, and SQLite's own memory
// comes on top: at 100 MiB a 20,000-page crawl peaked at 144-151 MiB of
// RSS against the 150 MiB target; at 90, 138 (docs/benchmarks.md, "Memory
// at 20,000 pages").
const defaultMemLimitMiB = 90

// maxMemLimitMiB is the largest limit whose bytes fit an int64.
const maxMemLimitMiB = math.MaxInt64 >> 20

// setMemoryLimit applies a soft memory limit in MiB unless GOMEMLIMIT is
// set (the runtime has applied it already) or mib is 0.
func setMemoryLimit(mib int64) {
	if mib <= 0 || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetMemoryLimit(mib << 20)
}
