package main

import (
	"fmt"
	"net"
	"net/http"
	"os"
	"strconv"
	"testing"
	"time"
)

// TestServeConnectionCap: idle clients past --max-connections wait in the
// kernel's accept queue instead of holding a descriptor each (5,000 held
// 5,000 for the header timeout), and /healthz answers once they let go.
func TestServeConnectionCap(t *testing.T) {
	if _, err := os.Stat("/proc/self/fd"); err != nil {
		t.Skip("needs /proc to count the daemon's descriptors")
	}
	const limit, extra = 8, 40
	dir := t.TempDir()
	cfg := writeCrawlConfig(t, dir, "database: archive.db\nsources:\n  - name: quiet\n    schedule: '@yearly'\n    start: [\"http://127.0.0.1:1/\"]\n")
	d := startServe(t, "--config", cfg, "--max-connections", strconv.Itoa(limit))
	if code, body := d.request(t, "GET", "/healthz"); code != http.StatusOK {
		t.Fatalf("/healthz before: %d %s", code, body)
	}
	http.DefaultClient.CloseIdleConnections()
	fds := func() int {
		ents, err := os.ReadDir(fmt.Sprintf("/proc/%d/fd", d.cmd.Process.Pid))
		if err != nil {
			t.Fatal(err)
		}
		return len(ents)
	}
	time.Sleep(100 * time.Millisecond) // the closed keep-alive connection let go
	before := fds()
	addr := d.addr[len("http://"):]
	var idle []net.Conn
	for range limit + extra {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		idle = append(idle, c)
	}
	// The daemon accepts up to the cap at once; give it the time to
	// accept the rest too, were they not held back.
	poll(t, "the capped connections accepted", func() bool { return fds() >= before+limit }, d)
	time.Sleep(300 * time.Millisecond)
	if n := fds(); n > before+limit+2 {
		t.Errorf("%d descriptors open with %d idle clients, %d before: want at most %d more", n, limit+extra, before, limit)
	}
	for _, c := range idle {
		c.Close()
	}
	client := &http.Client{Timeout: 10 * time.Second}
	resp, err := client.Get(d.addr + "/healthz")
	if err != nil {
		t.Fatalf("/healthz after the idle clients left: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("/healthz after the idle clients left: %d", resp.StatusCode)
	}
}
