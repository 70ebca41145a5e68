package site

import (
	"fmt"
	"os"
	"runtime"
	"strings"
	"sync/atomic"
)

// PeakRSS is the process's peak resident set (VmHWM) in bytes on Linux,
// whatever else the process holds (a site served in-process included); 0
// elsewhere.
func PeakRSS() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			var kb int64
			fmt.Sscanf(strings.TrimSpace(v), "%d kB", &kb)
			return kb << 10
		}
	}
	return 0
}

// Peaks records the most goroutines and the largest heap in use seen
// during a crawl. Sample is meant for a crawl's progress callback: it
// counts goroutines every call and reads the heap every 200th (reading it
// stops the world). It is safe for concurrent use.
type Peaks struct {
	calls, goroutines, heap atomic.Int64
}

// Sample takes one sample.
func (p *Peaks) Sample() {
	raise(&p.goroutines, int64(runtime.NumGoroutine()))
	if p.calls.Add(1)%200 != 0 {
		return
	}
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	raise(&p.heap, int64(m.HeapInuse))
}

// Goroutines is the most goroutines seen.
func (p *Peaks) Goroutines() int64 { return p.goroutines.Load() }

// HeapMiB is the largest heap in use seen, in MiB.
func (p *Peaks) HeapMiB() float64 { return float64(p.heap.Load()) / (1 << 20) }

func raise(v *atomic.Int64, n int64) {
	for old := v.Load(); n > old && !v.CompareAndSwap(old, n); old = v.Load() {
	}
}
