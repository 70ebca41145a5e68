package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/internal/newstest"
)

// archiveFileLimit caps the size of every file the crawl writes, as a
// full disk would refuse them: prlimit's file size limit.
const archiveFileLimit = "--fsize=8000000"

// paddedSite is a test site whose articles carry 300 KB of script each,
// so that about 26 of them fill archiveFileLimit's spool.
func paddedSite(t *testing.T, articles int) *newstest.Site {
	site := newstest.NewSite(t, articles)
	site.Padding.Store(300 << 10)
	return site
}

// TestCrawlStopsWhenTheArchiveCannotStore crawls into an archive whose
// files may not grow past 8 MB, with compaction off: the crawl stops at
// the first refused save instead of fetching the rest of the site for
// nothing, says why in one line and exits non-zero, records the run as
// failed, and keeps what it saved; once there is room, the next run
// fetches the rest.
func TestCrawlStopsWhenTheArchiveCannotStore(t *testing.T) {
	prlimit := mustPrlimit(t)
	const articles = 90
	site := paddedSite(t, articles)
	site.Delay.Store(int64(10 * time.Millisecond))
	dir := t.TempDir()
	cfg := writeCrawlConfig(t, dir, siteConfig(site.URL))
	db := filepath.Join(dir, "archive.db")

	res := runLimited(t, prlimit, archiveFileLimit, "crawl", "--no-compact", "--config", cfg)
	if res.code == 0 {
		t.Fatalf("crawl into a full archive exited 0:\n%s\n%s", res.stdout, res.stderr)
	}
	last := lastLine(res.stderr)
	if !strings.Contains(last, "cannot store more") || !strings.Contains(last, "too large") {
		t.Errorf("last line of stderr does not say the archive cannot store more, and why:\n%s", last)
	}
	if n := site.ArticlesRequested(); n >= articles/2 {
		t.Errorf("%d of %d articles requested: the crawl went on after the archive refused a save", n, articles)
	}
	run, _ := latestRun(t, db)
	if run.Status != archive.RunFailed || !strings.Contains(run.Message, "cannot store more") {
		t.Errorf("run recorded %q with %q, want failed and why", run.Status, run.Message)
	}
	if res := mustRun(t, "db", "--db", db, "check"); !strings.Contains(res.stdout, "ok") {
		t.Errorf("db check after the refused saves:\n%s", res.stdout)
	}
	saved := newstest.Count(t, db, `SELECT COUNT(*) FROM articles`)

	site.Delay.Store(0)
	res = mustRun(t, "crawl", "--config", cfg)
	if !strings.Contains(res.stdout, "pending") {
		t.Errorf("the run after the full archive did not resume:\n%s", res.stdout)
	}
	if n := newstest.Count(t, db, `SELECT COUNT(*) FROM articles`); n != articles {
		t.Errorf("%d articles after the second run, want %d", n, articles)
	}
	assertAllIndexed(t, db, articles)
	t.Logf("%d articles saved before the archive was full", saved)
}

// TestCrawlCompactsToMakeRoom crawls the same site under the same limit
// with compaction on: when the disk refuses a save, the crawl compacts
// the spooled bodies (which empties the spool) and tries once more, and
// archives the whole site in one run.
func TestCrawlCompactsToMakeRoom(t *testing.T) {
	prlimit := mustPrlimit(t)
	const articles = 90
	site := paddedSite(t, articles)
	dir := t.TempDir()
	cfg := writeCrawlConfig(t, dir, siteConfig(site.URL))
	db := filepath.Join(dir, "archive.db")

	res := runLimited(t, prlimit, archiveFileLimit, "crawl", "--config", cfg)
	if res.code != 0 {
		t.Fatalf("crawl exited %d:\n%s\n%s", res.code, res.stdout, res.stderr)
	}
	if !strings.Contains(res.stderr, "refused a save") {
		t.Errorf("the disk never refused a save: the limit did not bite\n%s", res.stderr)
	}
	if n := newstest.Count(t, db, `SELECT COUNT(*) FROM articles`); n != articles {
		t.Errorf("%d articles, want %d", n, articles)
	}
	if res := mustRun(t, "db", "--db", db, "check"); !strings.Contains(res.stdout, "ok") {
		t.Errorf("db check:\n%s", res.stdout)
	}
}

func mustPrlimit(t *testing.T) string {
	t.Helper()
	prlimit, err := exec.LookPath("prlimit")
	if err != nil {
		t.Skip("prlimit (util-linux) caps the archive's file size here")
	}
	return prlimit
}

// runLimited runs the binary under prlimit with the given limit.
func runLimited(t *testing.T, prlimit, limit string, args ...string) cliResult {
	t.Helper()
	cmd := exec.Command(prlimit, append([]string{limit, binPath}, args...)...)
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if _, ok := err.(*exec.ExitError); err != nil && !ok {
		t.Fatalf("run newsarchive under prlimit: %v", err)
	}
	return cliResult{stdout: stdout.String(), stderr: stderr.String(), code: cmd.ProcessState.ExitCode()}
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}

// startEverySecond starts the daemon under prlimit's limit on a source of
// site scheduled every second, in a new directory it returns.
func startEverySecond(t *testing.T, prlimit, limit string, site *newstest.Site) (*daemonProc, string) {
	t.Helper()
	dir := t.TempDir()
	cfg := writeCrawlConfig(t, dir, `database: archive.db
defaults: {delay: 0s, concurrency: 2, max_depth: 2, max_pages: 50, schedule: '@every 1s'}
sources:
  - name: paper
    start: ["`+site.URL+`/"]
`)
	return startServeUnder(t, []string{prlimit, limit}, "--config", cfg), dir
}

// healthOf asks the daemon's /healthz.
func healthOf(t *testing.T, d *daemonProc) (int, health) {
	t.Helper()
	code, body := d.request(t, "GET", "/healthz")
	var h health
	if err := json.Unmarshal([]byte(body), &h); err != nil {
		t.Fatalf("/healthz: %v in %s", err, body)
	}
	return code, h
}

// setFileSizeLimit changes the running daemon's file size limit.
func setFileSizeLimit(t *testing.T, prlimit string, d *daemonProc, limit string) {
	t.Helper()
	cmd := exec.Command(prlimit, "--pid", strconv.Itoa(d.cmd.Process.Pid), limit)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("set the file size limit %s: %v %s", limit, err, out)
	}
}

// TestServeHealthShowsAFullDisk runs the daemon under a file size limit
// smaller than any article of its site, so that no compaction can make
// room: its runs stop at the first article, /healthz answers 503 naming
// why, and the daemon goes on; once the limit is lifted, the next
// scheduled run archives the site and /healthz is ok again.
func TestServeHealthShowsAFullDisk(t *testing.T) {
	prlimit := mustPrlimit(t)
	site := newstest.NewSite(t, 3)
	site.Padding.Store(3 << 20) // each article alone is past the limit
	// The hard limit stays open, so that the soft one can be lifted later.
	d, dir := startEverySecond(t, prlimit, "--fsize=2000000:unlimited", site)
	health := func() (int, health) { return healthOf(t, d) }
	poll(t, "/healthz to report the full disk", func() bool {
		code, h := health()
		return code == http.StatusServiceUnavailable && strings.Contains(h.Storage, "cannot store more")
	}, d)
	if _, h := health(); h.Database != "ok" || !h.Scheduler.Started || h.DiskFree == nil || *h.DiskFree <= 0 {
		t.Errorf("/healthz beside the full disk: %+v", h)
	}
	// The runs' records say why they stopped; none is left for a start to
	// mark interrupted.
	db := filepath.Join(dir, "archive.db")
	if n := newstest.Count(t, db, `SELECT COUNT(*) FROM runs WHERE status = 'failed' AND message LIKE '`+
		archive.RunStorageRefused+` (%too large%'`); n == 0 {
		t.Errorf("no run recorded failed for the file size limit:\n%s", d.logText())
	}
	if n := newstest.Count(t, db, `SELECT COUNT(*) FROM runs WHERE message = '`+archive.RunInterrupted+`'`); n != 0 {
		t.Errorf("%d runs recorded interrupted beside the full disk", n)
	}

	setFileSizeLimit(t, prlimit, d, "--fsize=unlimited")
	poll(t, "/healthz ok once there is room", func() bool {
		code, h := health()
		return code == http.StatusOK && h.Storage == "ok"
	}, d)
	if n := newstest.Count(t, db, `SELECT COUNT(*) FROM articles`); n != 3 {
		t.Errorf("%d articles archived once there was room, want 3", n)
	}
}

// TestServeHealthShowsADiskFullAtRunStart fills the disk of a daemon whose
// site is archived whole: its next runs fail before fetching anything,
// when they record their start, and /healthz must say so as it does for a
// run stopped mid-way; where not even their record can be written, the
// log says that too.
func TestServeHealthShowsADiskFullAtRunStart(t *testing.T) {
	prlimit := mustPrlimit(t)
	site := newstest.NewSite(t, 3)
	d, dir := startEverySecond(t, prlimit, "--fsize=unlimited:unlimited", site)
	health := func() (int, health) { return healthOf(t, d) }
	poll(t, "the site archived", func() bool {
		return newstest.Count(t, filepath.Join(dir, "archive.db"), `SELECT COUNT(*) FROM runs WHERE status = 'ok'`) > 0
	}, d)
	setFileSizeLimit(t, prlimit, d, "--fsize=1:unlimited")
	poll(t, "/healthz to report the full disk", func() bool {
		code, h := health()
		return code == http.StatusServiceUnavailable && h.Storage != "ok"
	}, d)
	// No file may grow, the reserve's room included: the runs cannot be
	// recorded, and the log must say so.
	d.waitLog(t, "the run could not be recorded")
	setFileSizeLimit(t, prlimit, d, "--fsize=unlimited")
	poll(t, "/healthz ok once there is room", func() bool {
		code, h := health()
		return code == http.StatusOK && h.Storage == "ok"
	}, d)
}

// TestReadCommandsReadAnArchiveTheyCannotWrite: where nothing may be
// written (the disk full: no file may grow, here prlimit's file size limit
// of one byte), stats, search, show, runs and export still read the
// archive, as it is; a command that writes fails naming the refusal.
func TestReadCommandsReadAnArchiveTheyCannotWrite(t *testing.T) {
	prlimit := mustPrlimit(t)
	site := newstest.NewSite(t, 4)
	dir := t.TempDir()
	cfg := writeCrawlConfig(t, dir, siteConfig(site.URL))
	db := filepath.Join(dir, "archive.db")
	mustRun(t, "crawl", "--config", cfg)

	for _, args := range [][]string{
		{"stats", "--db", db},
		{"search", "--db", db, "council"},
		{"show", "--db", db, site.URL + newstest.ArticlePath(1)},
		{"runs", "--db", db},
		{"export", "--db", db, "--format", "jsonl"},
		{"db", "--db", db, "version"},
		{"db", "--db", db, "check"}, // a backup on a read-only mount can be verified
	} {
		res := runLimited(t, prlimit, "--fsize=1", args...)
		if res.code != 0 || res.stdout == "" {
			t.Errorf("%s on a disk that takes no write: exit %d\n%s%s", args[0], res.code, res.stdout, res.stderr)
		}
	}
	if res := runLimited(t, prlimit, "--fsize=1", "db", "--db", db, "compact"); res.code == 0 {
		t.Errorf("db compact on a disk that takes no write exited 0:\n%s", res.stdout)
	}
	if res := mustRun(t, "db", "--db", db, "check"); !strings.Contains(res.stdout, "ok") {
		t.Errorf("db check after the read-only reads:\n%s", res.stdout)
	}
}

// TestReadCommandsReadAReadOnlyMount reads a copy of an archive on a file
// system mounted read-only (a backup, a snapshot), where SQLite opens the
// file but cannot make its -wal and -shm files. It needs the right to
// mount, and skips without it.
func TestReadCommandsReadAReadOnlyMount(t *testing.T) {
	site := newstest.NewSite(t, 4)
	dir := t.TempDir()
	cfg := writeCrawlConfig(t, dir, siteConfig(site.URL))
	mustRun(t, "crawl", "--config", cfg)
	mnt := newstest.MountTmpfs(t)
	raw, err := os.ReadFile(filepath.Join(dir, "archive.db"))
	if err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(mnt, "archive.db")
	if err := os.WriteFile(db, raw, 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("mount", "-o", "remount,ro", mnt).CombinedOutput(); err != nil {
		t.Fatalf("remount read-only: %v %s", err, out)
	}
	for _, args := range [][]string{
		{"stats", "--db", db},
		{"search", "--db", db, "council"},
		{"db", "--db", db, "check"},
	} {
		res := runCLI(t, nil, args...)
		if res.code != 0 || res.stdout == "" {
			t.Errorf("%s on a read-only mount: exit %d\n%s%s", args[0], res.code, res.stdout, res.stderr)
		}
	}
	if res := runCLI(t, nil, "db", "--db", db, "compact"); res.code != 1 || !strings.Contains(res.stderr, "mounted read-only") {
		t.Errorf("db compact on a read-only mount: exit %d, stderr %q; want the mount named", res.code, res.stderr)
	}
}

// TestCompactionInterruptedSaysSo: a crawl stopped while it compacts (a
// Ctrl-C after its last source) exits 1 naming what waits, as one
// stopped earlier does; it exited 0 without a word.
func TestCompactionInterruptedSaysSo(t *testing.T) {
	store, _ := testStore(t)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	for i := range 3 {
		mustSaveBody(t, store, fmt.Sprintf("https://n.example/page-%d", i))
	}
	out := &crawlOutput{logger: log}
	if err := compactAfterCrawl(context.Background(), store, out); err != nil {
		t.Fatalf("compaction not interrupted: %v", err)
	}
	mustSaveBody(t, store, "https://n.example/late")
	stopped, cancel := context.WithCancel(context.Background())
	cancel()
	err := compactAfterCrawl(stopped, store, out)
	if err == nil || !strings.Contains(err.Error(), "crawl interrupted while compacting") || !strings.Contains(err.Error(), "1 bodies wait") {
		t.Errorf("interrupted compaction: %v; want it said, with the one body waiting", err)
	}
}

// mustSaveBody stores the page at u with a body of its own, left for
// compaction.
func mustSaveBody(t *testing.T, store *archive.Store, u string) {
	t.Helper()
	_, err := store.Save(context.Background(), archive.Record{Fetch: archive.Fetch{
		RequestedURL: u, Method: "GET", Status: 200, Proto: "HTTP/1.1",
		Header: http.Header{"Content-Type": {"text/html"}}, FetchedAt: time.Now(),
		Body: []byte("<html><body><p>The page at " + u + "</p></body></html>"),
	}})
	if err != nil {
		t.Fatal(err)
	}
}
