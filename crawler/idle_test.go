package crawler

import (
	"runtime"
	"testing"
	"time"
)

// TestRunClosesIdleConnections checks a finished run leaves no kept-alive
// connections behind: each run builds its own transports, so a daemon
// running sources for months would otherwise pile up their goroutines and
// sockets until the servers dropped them.
func TestRunClosesIdleConnections(t *testing.T) {
	site := newNewsSite(t)
	baseline := runtime.NumGoroutine()
	runCrawl(t, testOptions(testSource(site.URL+"/"), newMemStore()))
	// Connection goroutines wind down asynchronously once closed.
	deadline := time.Now().Add(5 * time.Second)
	n := runtime.NumGoroutine()
	for n > baseline+2 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
		n = runtime.NumGoroutine()
	}
	if n > baseline+2 {
		buf := make([]byte, 1<<16)
		t.Errorf("%d goroutines after the run, %d before:\n%s", n, baseline, buf[:runtime.Stack(buf, true)])
	}
}
