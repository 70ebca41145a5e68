package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/internal/newstest"
)

// daemonProc is a newsarchive serve running as a child process, its log
// collected as it comes.
type daemonProc struct {
	cmd  *exec.Cmd
	addr string
	done chan struct{} // closed when the process has exited

	mu  sync.Mutex
	log strings.Builder
}

var listenRe = regexp.MustCompile(`msg=listening addr=(\S+)`)

// startServe runs serve with args and waits until it listens.
func startServe(t *testing.T, args ...string) *daemonProc {
	t.Helper()
	return startServeUnder(t, nil, args...)
}

// startServeUnder runs serve with args under a command that runs another
// (prlimit with its options, say), nil for none, and waits until it
// listens.
func startServeUnder(t *testing.T, under []string, args ...string) *daemonProc {
	t.Helper()
	d := &daemonProc{done: make(chan struct{})}
	argv := append(append(under, binPath, "serve", "--listen", "127.0.0.1:0"), args...)
	d.cmd = exec.Command(argv[0], argv[1:]...)
	stderr, err := d.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := d.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			d.mu.Lock()
			d.log.WriteString(sc.Text() + "\n")
			d.mu.Unlock()
		}
		d.cmd.Wait()
		close(d.done)
	}()
	t.Cleanup(func() {
		d.cmd.Process.Kill()
		<-d.done
	})
	d.waitLog(t, "msg=listening")
	d.addr = "http://" + listenRe.FindStringSubmatch(d.logText())[1]
	return d
}

func (d *daemonProc) logText() string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.log.String()
}

// waitLog waits until the log holds want n times in all.
func (d *daemonProc) waitLog(t *testing.T, want string) {
	t.Helper()
	d.waitLogN(t, want, 1)
}

func (d *daemonProc) waitLogN(t *testing.T, want string, n int) {
	t.Helper()
	poll(t, fmt.Sprintf("%q in the log", want), func() bool { return strings.Count(d.logText(), want) >= n }, d)
}

// poll checks cond until it holds, failing after a deadline with the log.
func poll(t *testing.T, what string, cond func() bool, d *daemonProc) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s; log:\n%s", what, d.logText())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// get fetches path from the daemon, returning the status and body.
func (d *daemonProc) request(t *testing.T, method, path string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, d.addr+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(body)
}

// apiRuns reads /api/runs.
func (d *daemonProc) apiRuns(t *testing.T) []runJSON {
	t.Helper()
	code, body := d.request(t, "GET", "/api/runs?limit=1000")
	if code != http.StatusOK {
		t.Fatalf("/api/runs: %d %s", code, body)
	}
	var runs []runJSON
	if err := json.Unmarshal([]byte(body), &runs); err != nil {
		t.Fatalf("/api/runs: %v in %s", err, body)
	}
	return runs
}

func countRuns(runs []runJSON, source, status string) int {
	n := 0
	for _, r := range runs {
		if r.Source == source && r.Status == status {
			n++
		}
	}
	return n
}

// stallingSite answers robots.txt at once and holds every other request
// until the client gives up: a crawl of it runs until cancelled.
func stallingSite(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		<-r.Context().Done()
	}))
	t.Cleanup(srv.Close)
	return srv
}

// serveConfig is a daemon's configuration of a stalling source, "slow",
// on a yearly schedule (an hourly one started a run under the tests that
// ran at the top of an hour), and sources of site on one every second.
func serveConfig(site, slow string, names ...string) string {
	var sb strings.Builder
	sb.WriteString("database: archive.db\nmax_parallel_sources: 3\n")
	sb.WriteString("defaults: {delay: 0s, concurrency: 2, max_depth: 2, max_pages: 100, schedule: '@every 1s'}\n")
	fmt.Fprintf(&sb, "sources:\n  - name: slow\n    schedule: '@yearly'\n    start: [\"%s/\"]\n", slow)
	for _, n := range names {
		fmt.Fprintf(&sb, "  - name: %s\n    start: [\"%s/\"]\n", n, site)
	}
	return sb.String()
}

func TestServe(t *testing.T) {
	site := newstest.NewSite(t, 4)
	slow := stallingSite(t)
	dir := t.TempDir()
	cfg := writeCrawlConfig(t, dir, serveConfig(site.URL, slow.URL, "courier", "gazette"))
	d := startServe(t, "--config", cfg, "--progress-every", "1ns")

	t.Run("health", func(t *testing.T) {
		code, body := d.request(t, "GET", "/healthz")
		if code != http.StatusOK || !strings.Contains(body, `"started": true`) {
			t.Errorf("/healthz: %d %s", code, body)
		}
	})
	t.Run("scheduled runs", func(t *testing.T) {
		poll(t, "two ok runs of each scheduled source", func() bool {
			runs := d.apiRuns(t)
			return countRuns(runs, "courier", "ok") >= 2 && countRuns(runs, "gazette", "ok") >= 2
		}, d)
		for _, r := range d.apiRuns(t) {
			if r.Source == "courier" && r.Status == "ok" && r.Trigger != "schedule" {
				t.Errorf("run %d: trigger %q, want schedule", r.ID, r.Trigger)
			}
		}
	})
	t.Run("compacts after runs", func(t *testing.T) {
		db := filepath.Join(dir, "archive.db")
		poll(t, "the runs' bodies compacted", func() bool {
			return newstest.Count(t, db, `SELECT COUNT(*) FROM bodies WHERE encoding = 'zstd'`) > 0 &&
				newstest.Count(t, db, `SELECT COUNT(*) FROM bodies WHERE encoding <> 'zstd'`) == 0
		}, d)
	})
	t.Run("metrics", func(t *testing.T) {
		_, body := d.request(t, "GET", "/metrics")
		for _, want := range []string{`newsarchive_runs_total{source="courier",status="ok"}`,
			`newsarchive_fetches_total{class="2xx",source="courier"}`, `newsarchive_articles_total{kind="new"`,
			`newsarchive_run_duration_seconds_count{source="gazette",status="ok"}`,
			`newsarchive_last_success_timestamp_seconds{source="courier"}`, "newsarchive_queue_size 0",
			"newsarchive_archive_disk_free_bytes ", "go_goroutines", "process_open_fds"} {
			if !strings.Contains(body, want) {
				t.Errorf("/metrics lacks %s", want)
			}
		}
		// Counted as the runs went and at their ends, each article once.
		stored := map[string]int64{}
		for _, r := range d.apiRuns(t) {
			stored[r.Source] += r.New
		}
		if stored["courier"]+stored["gazette"] == 0 {
			t.Errorf("no new article in the runs: %v", stored)
		}
		for _, src := range []string{"courier", "gazette"} {
			if want := fmt.Sprintf(`newsarchive_articles_total{kind="new",source=%q} %d`+"\n", src, stored[src]); !strings.Contains(body, want) {
				t.Errorf("/metrics lacks %q", want)
			}
		}
		if !strings.Contains(d.logText(), `msg="run progress" source=courier fetched=`) {
			t.Errorf("no progress line of a run in the log")
		}
	})
	t.Run("manual run", func(t *testing.T) {
		tests := []struct {
			path string
			want int
		}{
			{"/api/sources/slow/run", http.StatusAccepted},
			{"/api/sources/slow/run", http.StatusConflict}, // the stalling crawl is still going
			{"/api/sources/nowhere/run", http.StatusNotFound},
		}
		for _, tt := range tests {
			if code, body := d.request(t, "POST", tt.path); code != tt.want {
				t.Errorf("POST %s: %d %s, want %d", tt.path, code, body, tt.want)
			}
		}
		if code, _ := d.request(t, "GET", "/api/sources/slow/run"); code != http.StatusMethodNotAllowed {
			t.Errorf("GET of a POST route: %d, want 405", code)
		}
		// A filter the daemon cannot read is refused, not dropped.
		for _, query := range []string{"source=courier;", "limit=5&limit=6", "sourc=courier", "source=", "limit="} {
			if code, body := d.request(t, "GET", "/api/runs?"+query); code != http.StatusBadRequest {
				t.Errorf("GET /api/runs?%s: %d %s, want 400", query, code, body)
			}
		}
		// Nor does an endpoint that takes no parameters drop them.
		for _, req := range [][2]string{{"GET", "/healthz?%zz"}, {"GET", "/metrics?x=1"}, {"GET", "/api/sources?x=1&x=2"},
			{"POST", "/api/sources/slow/run?now=1"}} {
			if code, body := d.request(t, req[0], req[1]); code != http.StatusBadRequest {
				t.Errorf("%s %s: %d %s, want 400", req[0], req[1], code, body)
			}
		}
		// Months of runs in one answer would hold the daemon's memory.
		for _, limit := range []string{"0", "-1", "1001", "many"} {
			if code, body := d.request(t, "GET", "/api/runs?limit="+limit); code != http.StatusBadRequest ||
				!strings.Contains(body, "1 to 1000") {
				t.Errorf("GET /api/runs?limit=%s: %d %s, want 400 naming the bounds", limit, code, body)
			}
		}
	})
	t.Run("second daemon refused", func(t *testing.T) {
		res := runCLI(t, nil, "serve", "--config", cfg, "--listen", "127.0.0.1:0")
		if res.code == 0 || !strings.Contains(res.stderr, "in use by another daemon") {
			t.Errorf("second serve: exit %d, stderr %q", res.code, res.stderr)
		}
	})
	t.Run("reload", func(t *testing.T) { testReload(t, d, cfg, site.URL, slow.URL) })
	t.Run("stop", func(t *testing.T) { testStop(t, d, dir) })
	t.Run("sources", func(t *testing.T) {
		cfg := writeCrawlConfig(t, dir, serveConfig(site.URL, slow.URL, "courier", "new"))
		res := mustRun(t, "sources", "--config", cfg, "--format", "json")
		var list []sourceJSON
		if err := json.Unmarshal([]byte(res.stdout), &list); err != nil {
			t.Fatalf("sources --format json: %v in %s", err, res.stdout)
		}
		byName := map[string]sourceJSON{}
		for _, s := range list {
			byName[s.Name] = s
		}
		if c := byName["courier"]; c.Schedule != "@every 1s" || c.Next == "" || c.LastRun == nil ||
			c.LastRun.Status != "ok" {
			t.Errorf("courier: %+v", c)
		}
		if s := byName["slow"]; s.LastRun == nil || s.LastRun.Status != "cancelled" {
			t.Errorf("slow: %+v", s)
		}
		if n := byName["new"]; n.LastRun != nil || n.Next == "" {
			t.Errorf("a source never run: %+v", n)
		}
		text := mustRun(t, "sources", "--db", filepath.Join(dir, "archive.db"))
		for _, want := range []string{"gazette", "tribune", "cancelled"} {
			if !strings.Contains(text.stdout, want) {
				t.Errorf("sources without config lacks %q:\n%s", want, text.stdout)
			}
		}
	})
}

// testReload swaps gazette for a new source, then feeds an invalid file.
func testReload(t *testing.T, d *daemonProc, cfg, site, slow string) {
	writeCrawlConfig(t, filepath.Dir(cfg), serveConfig(site, slow, "courier", "tribune"))
	d.cmd.Process.Signal(syscall.SIGHUP)
	d.waitLog(t, "configuration reloaded")
	names := func() string {
		_, body := d.request(t, "GET", "/api/sources")
		var list []sourceJSON
		if err := json.Unmarshal([]byte(body), &list); err != nil {
			t.Fatalf("/api/sources: %v in %s", err, body)
		}
		var out []string
		for _, s := range list {
			out = append(out, s.Name)
		}
		return strings.Join(out, ",")
	}
	if got, want := names(), "slow,courier,tribune"; got != want {
		t.Errorf("sources after reload: %s, want %s", got, want)
	}
	// A removed source's last success goes with it: an alert on its age
	// would fire for a source removed on purpose.
	if _, body := d.request(t, "GET", "/metrics"); strings.Contains(body, `newsarchive_last_success_timestamp_seconds{source="gazette"}`) ||
		!strings.Contains(body, `newsarchive_last_success_timestamp_seconds{source="courier"}`) {
		t.Errorf("/metrics after gazette's removal:\n%s", body)
	}
	poll(t, "a run of the added source", func() bool { return countRuns(d.apiRuns(t), "tribune", "ok") >= 1 }, d)

	bad := strings.Replace(serveConfig(site, slow, "courier"), "@yearly", "61 * * * *", 1)
	writeCrawlConfig(t, filepath.Dir(cfg), bad)
	d.cmd.Process.Signal(syscall.SIGHUP)
	d.waitLog(t, "reload refused")
	if !strings.Contains(d.logText(), `source \"slow\": schedule`) {
		t.Errorf("refusal does not name the source:\n%s", d.logText())
	}
	if got, want := names(), "slow,courier,tribune"; got != want {
		t.Errorf("sources after an invalid reload: %s, want %s", got, want)
	}
	// An emptied file is no configuration to crawl nothing by.
	writeCrawlConfig(t, filepath.Dir(cfg), "")
	d.cmd.Process.Signal(syscall.SIGHUP)
	d.waitLog(t, "lists no sources")
	if got, want := names(), "slow,courier,tribune"; got != want {
		t.Errorf("sources after reloading an empty file: %s, want %s", got, want)
	}
}

// testStop sends SIGTERM while the stalling crawl runs: the daemon exits 0
// within the stop bound and no run is left running.
func testStop(t *testing.T, d *daemonProc, dir string) {
	start := time.Now()
	d.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-d.done:
	case <-time.After(15 * time.Second):
		t.Fatalf("serve still running 15s after SIGTERM; log:\n%s", d.logText())
	}
	if code := d.cmd.ProcessState.ExitCode(); code != 0 {
		t.Errorf("exit code %d after SIGTERM; log:\n%s", code, d.logText())
	}
	if took := time.Since(start); took > 10*time.Second {
		t.Errorf("stop took %v", took)
	}
	db := filepath.Join(dir, "archive.db")
	res := mustRun(t, "runs", "--db", db, "--format", "json", "--limit", "0")
	var runs []runJSON
	if err := json.Unmarshal([]byte(res.stdout), &runs); err != nil {
		t.Fatalf("runs --format json: %v in %s", err, res.stdout)
	}
	if countRuns(runs, "slow", "cancelled") != 1 {
		t.Errorf("the stalled run was not marked cancelled: %+v", runs)
	}
	for _, r := range runs {
		if r.Status == "running" || r.Ended == nil {
			t.Errorf("run %d of %s left %s", r.ID, r.Source, r.Status)
		}
		if _, err := time.Parse(time.RFC3339, r.Started); err != nil {
			t.Errorf("run %d: started %q is not RFC 3339", r.ID, r.Started)
		}
	}
	text := mustRun(t, "runs", "--db", db, "--source", "slow")
	if !strings.Contains(text.stdout, "manual") || !strings.Contains(text.stdout, "cancelled") {
		t.Errorf("runs --source slow:\n%s", text.stdout)
	}
}

func TestServeRefusesBadConfig(t *testing.T) {
	dir := t.TempDir()
	const good = "sources:\n  - name: c\n    start: [\"http://127.0.0.1:1/\"]\n"
	local := []string{"--listen", "127.0.0.1:0"}
	tests := []struct {
		name, config, want string
		flags              []string
	}{
		{"bad schedule", "sources:\n  - name: a\n    start: [\"http://127.0.0.1:1/\"]\n    schedule: '* * *'\n",
			"schedule", local},
		{"no sources", "database: x.db\n", "lists no sources", local},
		{"missing start", "sources:\n  - name: b\n", "start", local},
		{"empty listen", good, "--listen is empty", []string{"--listen", " "}},
		{"negative stop timeout", good, "--stop-timeout must not be negative", append(local, "--stop-timeout", "-1s")},
		{"no connections", good, "--max-connections must be positive", append(local, "--max-connections", "0")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := writeCrawlConfig(t, dir, tt.config)
			args := append([]string{"serve", "--config", cfg}, tt.flags...)
			res := runCLI(t, nil, args...)
			lines := strings.Split(strings.TrimSpace(res.stderr), "\n")
			if res.code == 0 || len(lines) != 1 || !strings.Contains(lines[0], tt.want) {
				t.Errorf("exit %d, stderr %q: want one line with %q", res.code, res.stderr, tt.want)
			}
		})
	}
}

// TestServeStaleLock kills a daemon outright: the next one starts anyway,
// and --run-now runs its sources at once rather than in an hour.
func TestServeStaleLock(t *testing.T) {
	dir := t.TempDir()
	cfg := writeCrawlConfig(t, dir, serveConfig("http://127.0.0.1:1", "http://127.0.0.1:1"))
	first := startServe(t, "--config", cfg)
	first.cmd.Process.Kill()
	<-first.done
	if _, err := os.Stat(filepath.Join(dir, "archive.db.lock")); err != nil {
		t.Fatalf("lock file: %v", err)
	}
	second := startServe(t, "--config", cfg, "--run-now")
	// Nothing listens on port 1: the run ends, failed, and the daemon goes on.
	second.waitLog(t, `msg="run ended" source=slow status=failed`)
	second.cmd.Process.Signal(syscall.SIGTERM)
	<-second.done
	if code := second.cmd.ProcessState.ExitCode(); code != 0 {
		t.Errorf("exit %d; log:\n%s", code, second.logText())
	}
}

// TestServeBesideCrawl crawls the daemon's database from a second process
// while the daemon crawls it too: both finish and the archive checks out.
func TestServeBesideCrawl(t *testing.T) {
	site := newstest.NewSite(t, 6)
	dir := t.TempDir()
	cfg := writeCrawlConfig(t, dir, serveConfig(site.URL, site.URL, "courier", "gazette"))
	d := startServe(t, "--config", cfg, "--run-now")
	for i := range 3 {
		site.Edit(i)
		res := runCLI(t, nil, "crawl", "--config", cfg, "--source", "courier")
		if res.code != 0 {
			t.Fatalf("crawl beside serve: exit %d\n%s%s", res.code, res.stdout, res.stderr)
		}
	}
	poll(t, "scheduled runs of both sources", func() bool {
		runs := d.apiRuns(t)
		return countRuns(runs, "courier", "ok") >= 4 && countRuns(runs, "gazette", "ok") >= 2
	}, d)
	d.cmd.Process.Signal(syscall.SIGTERM)
	<-d.done
	db := filepath.Join(dir, "archive.db")
	if res := runCLI(t, nil, "db", "--db", db, "check"); res.code != 0 {
		t.Errorf("db check after serve and crawl: %s%s\ndaemon log:\n%s", res.stdout, res.stderr, d.logText())
	}
	if n := newstest.Count(t, db, `SELECT COUNT(*) FROM runs WHERE status = 'running' OR ended_at IS NULL`); n != 0 {
		t.Errorf("%d runs left running", n)
	}
	if n := newstest.Count(t, db, `SELECT COUNT(*) FROM articles`); n != 6 {
		t.Errorf("%d articles archived, want 6", n)
	}
}

// TestServeTakenAddressTouchesNoArchive: a daemon that cannot listen
// exits with one line and leaves no archive, lock or spool behind.
func TestServeTakenAddressTouchesNoArchive(t *testing.T) {
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { taken.Close() })
	dir := t.TempDir()
	cfg := writeCrawlConfig(t, dir, "database: fresh.db\nsources:\n  - name: a\n    start: [\"http://127.0.0.1:1/\"]\n")
	res := runCLI(t, nil, "serve", "--config", cfg, "--listen", taken.Addr().String())
	if res.code == 0 || !strings.Contains(res.stderr, "listen") || strings.Count(strings.TrimSpace(res.stderr), "\n") != 0 {
		t.Errorf("exit %d, stderr %q: want one line naming the address", res.code, res.stderr)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "fresh.db*")); len(left) != 0 {
		t.Errorf("files left by a daemon that could not listen: %v", left)
	}
}

// TestServeManualRunQueued: a run asked for while max_parallel_sources runs
// hold every slot is answered "queued", not "started".
func TestServeManualRunQueued(t *testing.T) {
	slow := stallingSite(t)
	cfg := writeCrawlConfig(t, t.TempDir(), fmt.Sprintf("database: archive.db\nmax_parallel_sources: 1\n"+
		"defaults: {delay: 0s, schedule: '@yearly'}\nsources:\n"+
		"  - name: first\n    start: [\"%[1]s/a/\"]\n  - name: second\n    start: [\"%[1]s/b/\"]\n", slow.URL))
	d := startServe(t, "--config", cfg)
	tests := []struct {
		path, status string
		code         int
	}{
		{"/api/sources/first/run", `"status": "started"`, http.StatusAccepted},
		{"/api/sources/second/run", `"status": "queued"`, http.StatusAccepted},
		{"/api/sources/second/run", "waiting for a free slot", http.StatusConflict},
	}
	for _, tt := range tests {
		if code, body := d.request(t, "POST", tt.path); code != tt.code || !strings.Contains(body, tt.status) {
			t.Errorf("POST %s: %d %s, want %d with %s", tt.path, code, body, tt.code, tt.status)
		}
	}
}

// TestServeRunOfASourceCrawledElsewhere: asked for a run of a source a
// crawl command is crawling, the daemon answers 409, not "started" for a
// run it would record skipped at once.
func TestServeRunOfASourceCrawledElsewhere(t *testing.T) {
	var asked atomic.Int32
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		asked.Add(1)
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		<-r.Context().Done()
	}))
	t.Cleanup(slow.Close)
	dir := t.TempDir()
	cfg := writeCrawlConfig(t, dir, fmt.Sprintf("database: archive.db\ndefaults: {delay: 0s, schedule: '@yearly'}\n"+
		"sources:\n  - name: first\n    start: [\"%s/a/\"]\n", slow.URL))
	d := startServe(t, "--config", cfg)
	crawl := exec.Command(binPath, "crawl", "--config", cfg)
	if err := crawl.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		crawl.Process.Kill()
		crawl.Wait()
	})
	poll(t, "the crawl command to ask the site", func() bool { return asked.Load() > 0 }, d)
	code, body := d.request(t, "POST", "/api/sources/first/run")
	if code != http.StatusConflict || !strings.Contains(body, "being crawled by another process") {
		t.Errorf("POST run of a source a crawl command holds: %d %s, want 409", code, body)
	}
	// A source the configuration does not list is unknown, crawled or not
	// (one removed by a reload while its run finishes, say).
	store, err := archive.Open(t.Context(), filepath.Join(dir, "archive.db"), archive.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	lock, err := store.LockSource("removed")
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Unlock()
	if code, body := d.request(t, "POST", "/api/sources/removed/run"); code != http.StatusNotFound {
		t.Errorf("POST run of a source no longer configured, crawled: %d %s, want 404", code, body)
	}
}
