package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/internal/newstest"
)

// soakEnv turns the soak test on with its length ("10m"); it is not part
// of the normal test run.
const soakEnv = "NEWSARCHIVE_SOAK"

// TestSoak runs the daemon with five sources on ten-second schedules
// against a local site whose articles are slow and keep changing, printing goroutines,
// open files and RSS over time, then checks that no run of a source
// overlapped another and that every tick became a run or a recorded skip:
//
//	NEWSARCHIVE_SOAK=10m go test -run TestSoak -v -timeout 20m ./cmd/newsarchive
func TestSoak(t *testing.T) {
	length, err := time.ParseDuration(os.Getenv(soakEnv))
	if err != nil {
		t.Skipf("set %s to a duration (10m) to run the soak test", soakEnv)
	}
	const every = 10 * time.Second
	site := newstest.NewSite(t, 60)
	// Slow articles make the first crawl of each source outlast its
	// period, so ticks are skipped and sources queue for a slot.
	site.Delay.Store(int64(400 * time.Millisecond))
	stopEdits := make(chan struct{})
	go editArticles(site, stopEdits)
	defer close(stopEdits)
	dir := t.TempDir()
	cfg := writeCrawlConfig(t, dir, soakConfig(site.URL, every, 5))
	d := startServe(t, "--config", cfg)
	started := time.Now()
	var first, last map[string]float64
	for time.Since(started) < length {
		m := scrapeMetrics(t, d)
		if first == nil {
			first = m
		}
		last = m
		t.Logf("%6.0fs goroutines %4.0f  open files %3.0f  RSS %6.1f MiB  spool on disk %6.1f MiB  runs ok %4.0f  skipped %3.0f",
			time.Since(started).Seconds(), m["go_goroutines"], m["process_open_fds"],
			m["process_resident_memory_bytes"]/(1<<20), float64(onDisk(filepath.Join(dir, "archive.db-spool")))/(1<<20),
			m["runs_ok"], m["runs_skipped"])
		time.Sleep(min(30*time.Second, length-time.Since(started)+time.Millisecond))
	}
	ran := time.Since(started)
	d.cmd.Process.Signal(syscall.SIGTERM)
	<-d.done
	t.Logf("first → last: goroutines %.0f → %.0f, open files %.0f → %.0f, RSS %.1f → %.1f MiB",
		first["go_goroutines"], last["go_goroutines"], first["process_open_fds"], last["process_open_fds"],
		first["process_resident_memory_bytes"]/(1<<20), last["process_resident_memory_bytes"]/(1<<20))
	checkSoakRuns(t, filepath.Join(dir, "archive.db"), ran, every)
}

// onDisk is the disk space a file takes, holes left out; 0 when it does
// not exist.
func onDisk(path string) int64 {
	fi, err := os.Stat(path)
	if err != nil {
		return 0
	}
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return st.Blocks * 512
	}
	return fi.Size()
}

func soakConfig(site string, every time.Duration, n int) string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "database: archive.db\nmax_parallel_sources: 2\n"+
		"defaults: {delay: 0s, concurrency: 2, max_depth: 2, max_pages: 200, schedule: '@every %s'}\nsources:\n", every)
	for i := range n {
		fmt.Fprintf(&sb, "  - name: source%d\n    start: [\"%s/\"]\n", i, site)
	}
	return sb.String()
}

// editArticles changes a random article every second until stop.
func editArticles(site *newstest.Site, stop <-chan struct{}) {
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case <-stop:
			return
		case <-tick.C:
			site.Edit(rand.IntN(site.Articles))
		}
	}
}

// scrapeMetrics reads the unlabelled samples of /metrics, and the runs
// by status summed over sources as runs_STATUS.
func scrapeMetrics(t *testing.T, d *daemonProc) map[string]float64 {
	t.Helper()
	_, body := d.request(t, "GET", "/metrics")
	out := map[string]float64{}
	sc := bufio.NewScanner(strings.NewReader(body))
	for sc.Scan() {
		line := sc.Text()
		name, value, ok := strings.Cut(line, " ")
		if !ok || strings.HasPrefix(line, "#") {
			continue
		}
		var v float64
		if _, err := fmt.Sscan(value, &v); err != nil {
			continue
		}
		if rest, ok := strings.CutPrefix(name, "newsarchive_runs_total{"); ok {
			_, status, _ := strings.Cut(rest, `status="`)
			status, _, _ = strings.Cut(status, `"`)
			out["runs_"+status] += v
			continue
		}
		out[name] = v
	}
	return out
}

// checkSoakRuns reads the recorded runs: per source, no two runs overlap,
// and runs plus skips account for every tick of the schedule.
func checkSoakRuns(t *testing.T, db string, ran, every time.Duration) {
	res := mustRun(t, "runs", "--db", db, "--format", "json", "--limit", "0")
	var runs []runJSON
	if err := json.Unmarshal([]byte(res.stdout), &runs); err != nil {
		t.Fatal(err)
	}
	bySource := map[string][]runJSON{}
	for _, r := range runs {
		bySource[r.Source] = append(bySource[r.Source], r)
	}
	ticks := int(ran / every)
	for name, rs := range bySource {
		slices.Reverse(rs) // oldest first
		statuses := map[string]int{}
		var prevEnd time.Time
		for _, r := range rs {
			statuses[r.Status]++
			if r.Status == "skipped" || r.Ended == nil {
				continue
			}
			start, _ := time.Parse(time.RFC3339, r.Started)
			if start.Before(prevEnd.Truncate(time.Second)) {
				t.Errorf("%s: run %d started %s before the previous run ended %s", name, r.ID, start, prevEnd)
			}
			prevEnd, _ = time.Parse(time.RFC3339, *r.Ended)
		}
		t.Logf("%s: %d ticks expected, %d recorded %v", name, ticks, len(rs), statuses)
		if d := len(rs) - ticks; d < -1 || d > 1 {
			t.Errorf("%s: %d runs and skips recorded for about %d ticks", name, len(rs), ticks)
		}
	}
}
