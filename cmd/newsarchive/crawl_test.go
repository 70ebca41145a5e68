package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/internal/newstest"
)

// writeCrawlConfig writes a configuration crawling the site without delays.
func writeCrawlConfig(t *testing.T, dir, body string) string {
	t.Helper()
	path := filepath.Join(dir, "newsarchive.yaml")
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func siteConfig(site string) string {
	return fmt.Sprintf(`database: archive.db
defaults: {delay: 0s, concurrency: 2, max_depth: 2, max_pages: 500}
sources:
  - name: courier
    start: ["%s/"]
`, site)
}

// latestRun reads the newest run of the archive.
func latestRun(t *testing.T, db string) (*archive.Run, archive.RunCounts) {
	t.Helper()
	s, err := archive.Open(context.Background(), db, archive.Options{MustExist: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var id int64
	if err := newstest.QueryDB(t, db).QueryRow(`SELECT MAX(id) FROM runs`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	r, err := s.RunByID(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	c, err := s.RunCountsOf(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return r, c
}

func TestCrawlArchivesThenFetchesOnlyChanges(t *testing.T) {
	site := newstest.NewSite(t, 12)
	dir := t.TempDir()
	cfg := writeCrawlConfig(t, dir, siteConfig(site.URL))
	db := filepath.Join(dir, "archive.db")

	first := mustRun(t, "crawl", "--config", cfg)
	if !strings.Contains(first.stdout, "courier: ok") || !strings.Contains(first.stdout, "articles 12 new, 0 updated") {
		t.Fatalf("first crawl summary:\n%s", first.stdout)
	}
	if n := newstest.Count(t, db, `SELECT COUNT(*) FROM articles`); n != 12 {
		t.Errorf("%d articles archived, want 12", n)
	}
	if n := newstest.Count(t, db, `SELECT COUNT(*) FROM fetches WHERE run_id IS NULL OR source_id IS NULL`); n != 0 {
		t.Errorf("%d fetches without their run and source", n)
	}
	// Section pages, the feed, the sitemap and robots.txt are fetches only.
	for _, u := range []string{"/", "/world/", "/feed.xml", "/sitemap.xml", "/robots.txt"} {
		if n := newstest.Count(t, db, `SELECT COUNT(*) FROM fetches WHERE requested_url = '`+site.URL+u+`'`); n != 1 {
			t.Errorf("%s recorded %d times, want once", u, n)
		}
	}
	if n := newstest.Count(t, db, `SELECT COUNT(*) FROM frontier_seen`); n != 0 {
		t.Errorf("%d seen URLs kept after a completed run", n)
	}
	assertAllIndexed(t, db, 12)
	for path, st := range site.Statuses() {
		if len(st) != 1 {
			t.Errorf("first crawl requested %s %d times", path, len(st))
		}
	}

	site.Edit(5)
	second := mustRun(t, "crawl", "--config", cfg, "--source", "courier")
	if !strings.Contains(second.stdout, "articles 0 new, 1 updated") {
		t.Errorf("second crawl summary:\n%s", second.stdout)
	}
	got := site.Statuses()
	for path, st := range got {
		switch {
		case path == newstest.ArticlePath(5):
			if len(st) != 1 || st[0] != 200 {
				t.Errorf("edited article answered %v, want one 200", st)
			}
		case strings.HasPrefix(path, "/news/"):
			t.Errorf("unchanged article %s requested again (%v)", path, st)
		case path == "/" || path == "/world/" || path == "/feed.xml":
			if len(st) != 1 || st[0] != http.StatusNotModified {
				t.Errorf("%s answered %v, want one 304 to a conditional request", path, st)
			}
		}
	}
	run, counts := latestRun(t, db)
	if run.Status != archive.RunOK || counts.Updated != 1 || counts.New != 0 || run.Fetches == 0 {
		t.Errorf("second run recorded as %+v %+v", run, counts)
	}
	if n := newstest.Count(t, db, `SELECT COUNT(*) FROM versions`); n != 13 {
		t.Errorf("%d versions, want 13 (12 articles, one edited)", n)
	}
	assertAllIndexed(t, db, 12)
	if r := mustRun(t, "search", "--db", db, "--format", "json", "reviewed"); strings.Count(r.stdout, `"id"`) != 1 {
		t.Errorf("search for the edit after the second crawl:\n%s", r.stdout)
	}
}

// assertAllIndexed checks that a finished crawl left every article's
// latest version, and only that, in the search index.
func assertAllIndexed(t *testing.T, db string, articles int) {
	t.Helper()
	if n := newstest.Count(t, db, `SELECT COUNT(*) FROM articles WHERE indexed_version_id IS NOT latest_version_id`); n != 0 {
		t.Errorf("%d articles left out of the search index after the crawl", n)
	}
	if n := newstest.Count(t, db, `SELECT COUNT(*) FROM search_docsize`); n != articles {
		t.Errorf("search index holds %d rows, want %d", n, articles)
	}
}

func TestCrawlConfigErrors(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name, config, want string
		args               []string
		code               int
	}{
		{"bad regex", "sources:\n  - name: courier\n    start: [\"http://127.0.0.1:1/\"]\n    deny: ['(']\n",
			"courier", nil, 1},
		{"unknown key", "sources:\n  - name: courier\n    start: [\"http://127.0.0.1:1/\"]\n    depth: 3\n",
			"depth", nil, 1},
		// A mistyped --source is a usage mistake, as in the other commands.
		{"unknown source", "sources:\n  - name: courier\n    start: [\"http://127.0.0.1:1/\"]\n",
			`no source "gazette"`, []string{"--source", "gazette"}, 2},
		{"no sources", "database: x.db\n", "lists no sources", nil, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := writeCrawlConfig(t, t.TempDir(), tc.config)
			res := runCLI(t, nil, append([]string{"crawl", "--config", cfg, "--db", filepath.Join(dir, "x.db")}, tc.args...)...)
			lines := strings.Split(strings.TrimSpace(res.stderr), "\n")
			if res.code != tc.code || len(lines) != 1 || !strings.Contains(res.stderr, tc.want) {
				t.Errorf("exit %d, stderr:\n%s\nwant exit %d, one line naming %q", res.code, res.stderr, tc.code, tc.want)
			}
		})
	}
	// A site that cannot be reached: the run is recorded as failed, and
	// with no other source the command fails.
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	db := filepath.Join(dir, "closed.db")
	res := runCLI(t, nil, "crawl", "--db", db, closed.URL+"/")
	if res.code != 1 || !strings.Contains(res.stdout, ": failed, 0 pages fetched") || !strings.Contains(res.stdout, "nothing fetched: "+closed.URL+"/ refused: robots.txt unreachable") {
		t.Errorf("crawl of a closed port: exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	if run, _ := latestRun(t, db); run.Status != archive.RunFailed {
		t.Errorf("run of a closed port recorded as %+v", run)
	}
	// An empty --db, --config or --source (a variable left unset) and a
	// --listen without a port are usage mistakes too.
	for _, args := range [][]string{{"crawl"}, {"crawl", "ftp://x/"}, {"crawl", "http://x/ y"}, {"crawl", "--source", "a", "http://x/"},
		{"crawl", "--db", "", "http://x/"}, {"runs", "--source", ""}, {"sources", "--config="},
		{"serve", "--config", "x.yaml", "--listen", "bogus"}} {
		if res := runCLI(t, nil, args...); res.code != 2 || strings.Count(strings.TrimSpace(res.stderr), "\n") != 0 {
			t.Errorf("%v: exit %d, stderr:\n%s", args, res.code, res.stderr)
		}
	}
}

func TestCrawlInterruptedResumes(t *testing.T) {
	c := startSlowCrawl(t, 6)
	site, cfg, db, cmd, stdout := c.site, c.cfg, c.db, c.cmd, &c.stdout
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err == nil {
		t.Errorf("an interrupted crawl exits 0")
	}
	run, counts := latestRun(t, db)
	archived := newstest.Count(t, db, `SELECT COUNT(*) FROM articles`)
	if run.Status != archive.RunCancelled || archived == 0 || archived >= 30 || int64(archived) != counts.New {
		t.Fatalf("interrupted run %+v %+v with %d articles archived\n%s", run, counts, archived, stdout.String())
	}
	if res := mustRun(t, "db", "--db", db, "check"); !strings.Contains(res.stdout, "ok") {
		t.Errorf("db check after the interrupt:\n%s", res.stdout)
	}

	site.Delay.Store(0)
	mustRun(t, "crawl", "--config", cfg)
	if n := newstest.Count(t, db, `SELECT COUNT(*) FROM articles`); n != 30 {
		t.Errorf("%d articles after resuming, want 30", n)
	}
	assertAllIndexed(t, db, 30)
	// What the interrupted run had is not fetched again (robots.txt is read
	// by every run); the request in flight at the interrupt was never
	// answered to it and is repeated.
	if n := newstest.Count(t, db, `SELECT COUNT(*) FROM (SELECT requested_url FROM fetches
		WHERE status = 200 AND requested_url NOT LIKE '%/robots.txt'
		GROUP BY requested_url HAVING COUNT(*) > 1)`); n != 0 {
		t.Errorf("%d pages fetched twice over the interrupted and the resumed run", n)
	}
	again := 0
	for path, st := range site.Statuses() {
		if strings.HasPrefix(path, "/news/") && len(st) > 1 {
			again++
		}
	}
	if again > 1 {
		t.Errorf("%d articles requested twice, want at most the one in flight at the interrupt", again)
	}
}

func TestCrawlKilledResumes(t *testing.T) {
	c := startSlowCrawl(t, 10)
	site, cfg, db, cmd := c.site, c.cfg, c.db, c.cmd
	cmd.Process.Kill()
	cmd.Wait()
	if res := mustRun(t, "db", "--db", db, "check"); !strings.Contains(res.stdout, "ok") {
		t.Errorf("db check after the kill:\n%s", res.stdout)
	}
	// Its process gone, the run shows as the next crawl will record it.
	if runs := mustRun(t, "runs", "--db", db, "--format", "json"); !strings.Contains(runs.stdout, `"status": "failed"`) ||
		!strings.Contains(runs.stdout, archive.RunInterrupted) {
		t.Errorf("runs after the kill:\n%s", runs.stdout)
	}
	before := newstest.Count(t, db, `SELECT COUNT(*) FROM articles`)

	site.Delay.Store(0)
	res := mustRun(t, "crawl", "--config", cfg)
	if !strings.Contains(res.stdout, "pending") {
		t.Errorf("the run after the kill did not resume:\n%s", res.stdout)
	}
	if n := newstest.Count(t, db, `SELECT COUNT(*) FROM articles`); n != 30 {
		t.Errorf("%d articles after resuming, want 30", n)
	}
	assertAllIndexed(t, db, 30)
	if n := newstest.Count(t, db, `SELECT COUNT(*) FROM (SELECT requested_url FROM fetches
		WHERE status = 200 AND requested_url NOT LIKE '%/robots.txt'
		GROUP BY requested_url HAVING COUNT(*) > 1)`); n != 0 {
		t.Errorf("%d pages stored twice over the killed and the resumed run", n)
	}
	t.Logf("%d articles archived before the kill", before)
}

func TestCrawlCompactsWhatItStored(t *testing.T) {
	site := newstest.NewSite(t, 6)
	dir := t.TempDir()
	cfg := writeCrawlConfig(t, dir, siteConfig(site.URL))
	db := filepath.Join(dir, "archive.db")
	const pending = `SELECT COUNT(*) FROM bodies WHERE encoding IN ('s2', 'spool')`

	mustRun(t, "crawl", "--config", cfg, "--no-compact")
	waiting := newstest.Count(t, db, pending)
	if waiting == 0 {
		t.Fatal("--no-compact crawl left no body awaiting compaction")
	}
	if st := mustRun(t, "stats", "--db", db); !strings.Contains(st.stdout, fmt.Sprintf("(%d awaiting compaction)", waiting)) {
		t.Errorf("stats does not count the %d bodies awaiting compaction:\n%s", waiting, st.stdout)
	}
	res := mustRun(t, "db", "--db", db, "compact")
	if !strings.Contains(res.stdout, fmt.Sprintf("compacted %d bodies", waiting)) {
		t.Errorf("db compact said %q, want %d bodies", res.stdout, waiting)
	}
	assertSlogLines(t, "db compact", res.stderr)
	if n := newstest.Count(t, db, pending); n != 0 {
		t.Errorf("%d bodies awaiting compaction after db compact", n)
	}
	mustRun(t, "db", "--db", db, "check")

	site.Edit(2)
	res = mustRun(t, "crawl", "--config", cfg)
	if !regexp.MustCompile(`msg="bodies compacted" bodies=[1-9]\d* deltas=[1-9]`).MatchString(res.stderr) {
		t.Errorf("crawl does not log the compaction of the edited page as a delta:\n%s\n%s", res.stdout, res.stderr)
	}
	if lines := strings.Split(strings.TrimSpace(res.stdout), "\n"); len(lines) != 1 {
		t.Errorf("crawl of one source wrote %d lines on stdout, want its summary alone:\n%s", len(lines), res.stdout)
	}
	assertSlogLines(t, "crawl", res.stderr)
	if n := newstest.Count(t, db, pending); n != 0 {
		t.Errorf("%d bodies left uncompacted by a crawl", n)
	}
	if n := newstest.Count(t, db, `SELECT COUNT(*) FROM bodies WHERE base_sha256 IS NOT NULL`); n == 0 {
		t.Error("no body of the site stored as a delta after compaction")
	}
	raw := mustRun(t, "show", "--db", db, "--raw", site.URL+newstest.ArticlePath(2))
	if !strings.Contains(raw.stdout, "</html>") {
		t.Errorf("show --raw of a compacted page:\n%.300s", raw.stdout)
	}
}

// assertSlogLines fails unless every line a command wrote to stderr is a
// slog text line of its logger: the archive's own lines (compaction, the
// spool emptied) included, none in another format or through log's
// default output.
func assertSlogLines(t *testing.T, cmd, stderr string) {
	t.Helper()
	if stderr == "" {
		t.Errorf("%s logged nothing", cmd)
	}
	for line := range strings.Lines(stderr) {
		if !strings.HasPrefix(line, "time=") || !strings.Contains(line, " level=") {
			t.Errorf("%s wrote a line its logger did not: %q", cmd, line)
		}
	}
}

// TestCrawlLeavesRemovedArticlesAlone: an archived article the site removed
// (404, still linked from its section and sitemap) is asked for once more
// by a source that refreshes its articles, then left alone by the next
// runs, which count no error for it.
func TestCrawlLeavesRemovedArticlesAlone(t *testing.T) {
	site := newstest.NewSite(t, 4)
	dir := t.TempDir()
	cfg := writeCrawlConfig(t, dir, siteConfig(site.URL)+"    refresh: 1h\n")
	mustRun(t, "crawl", "--config", cfg)
	site.Remove(3)
	site.Statuses()
	mustRun(t, "crawl", "--config", cfg)
	if got := site.Statuses()[newstest.ArticlePath(3)]; !slices.Equal(got, []int{404}) {
		t.Errorf("second run: the removed article answered %v, want one 404", got)
	}
	assertLeftAlone(t, site, cfg, 3)
}

// assertLeftAlone runs the crawl again and checks that it neither asked
// for article i nor counted an error.
func assertLeftAlone(t *testing.T, site *newstest.Site, cfg string, i int) {
	t.Helper()
	res := mustRun(t, "crawl", "--config", cfg)
	if got := site.Statuses()[newstest.ArticlePath(i)]; len(got) != 0 {
		t.Errorf("the next run asked for article %d again: %v", i, got)
	}
	if !strings.Contains(res.stdout, " 0 errors)") {
		t.Errorf("the next run counts errors: %s", res.stdout)
	}
}

// TestCrawlLeavesArticlesMovedOffSiteAlone: a linked article whose address
// redirects to another site, outside the source's scope, is recorded with
// that redirect (status and Location), the other site is not asked, and
// the next runs leave it alone, as they leave a 404, counting no error.
func TestCrawlLeavesArticlesMovedOffSiteAlone(t *testing.T) {
	elsewhere := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("a host outside allow was asked for %s", r.URL)
	}))
	t.Cleanup(elsewhere.Close)
	site := newstest.NewSite(t, 4)
	target := elsewhere.URL + "/2026/01/05/council-story-3"
	site.Move(3, target)
	dir := t.TempDir()
	cfg := writeCrawlConfig(t, dir, siteConfig(site.URL))
	mustRun(t, "crawl", "--config", cfg)
	if got := site.Statuses()[newstest.ArticlePath(3)]; !slices.Equal(got, []int{301}) {
		t.Errorf("first run: the moved article answered %v, want one 301", got)
	}
	db := filepath.Join(dir, "archive.db")
	if n := newstest.Count(t, db, `SELECT COUNT(*) FROM fetches WHERE requested_url = '`+site.URL+newstest.ArticlePath(3)+
		`' AND status = 301 AND error LIKE '%redirect out of scope to %' AND response_headers LIKE '%`+target+`%'`+
		` AND response_headers NOT LIKE '%X-Newsarchive%' AND proto = 'HTTP/1.1' AND remote_ip <> '' AND request_headers LIKE '%User-Agent%'`); n != 1 {
		t.Errorf("%d fetches record the redirect out of scope with its Location, protocol, address and headers as sent, want 1", n)
	}
	assertLeftAlone(t, site, cfg, 3)
}

// TestCrawlKeepsTheLatestMetadata: an article re-filed under another
// section, its headline and text unchanged, is fetched again by the date
// the sitemap gives the change; it stays one version, which now says the
// new section.
func TestCrawlKeepsTheLatestMetadata(t *testing.T) {
	site := newstest.NewSite(t, 4)
	site.Reclassify(2, "Politics")
	dir := t.TempDir()
	cfg := writeCrawlConfig(t, dir, siteConfig(site.URL))
	mustRun(t, "crawl", "--config", cfg)
	site.Reclassify(2, "Housing")
	res := mustRun(t, "crawl", "--config", cfg)
	if !strings.Contains(res.stdout, "0 new, 0 updated, 1 refreshed, 0 unchanged") {
		t.Errorf("second run: %s", res.stdout)
	}
	db := filepath.Join(dir, "archive.db")
	runs := mustRun(t, "runs", "--db", db, "--format", "json", "--limit", "1")
	if !strings.Contains(runs.stdout, `"articles_refreshed": 1,`) || !strings.Contains(runs.stdout, `"articles_unchanged": 0,`) {
		t.Errorf("second run recorded:\n%s", runs.stdout)
	}
	show := mustRun(t, "show", "--db", db, "--format", "json", site.URL+newstest.ArticlePath(2))
	var got struct {
		Section  string `json:"section"`
		Versions []any  `json:"versions"`
	}
	if err := json.Unmarshal([]byte(show.stdout), &got); err != nil {
		t.Fatalf("show: %v\n%s", err, show.stdout)
	}
	if got.Section != "Housing" {
		t.Errorf("show: section %q, want the page's new one; versions %d", got.Section, len(got.Versions))
	}
	if n := newstest.Count(t, db, `SELECT COUNT(*) FROM versions`); n != 4 {
		t.Errorf("%d versions, want one per article", n)
	}
}

// TestCrawlRefetchesAnEditTheFeedDoesNotDate: the feed names an edited story
// with its unchanged publication date, the sitemap with the edit's lastmod;
// whichever the crawl reads first, the story is fetched again.
func TestCrawlRefetchesAnEditTheFeedDoesNotDate(t *testing.T) {
	site := newstest.NewSite(t, 4)
	dir := t.TempDir()
	cfg := writeCrawlConfig(t, dir, siteConfig(site.URL))
	mustRun(t, "crawl", "--config", cfg)
	site.Edit(0) // in the feed, dated by its publication
	site.Statuses()
	res := mustRun(t, "crawl", "--config", cfg)
	if got := site.Statuses()[newstest.ArticlePath(0)]; len(got) != 1 {
		t.Errorf("the edited story was asked for %v times, want once", got)
	}
	if !strings.Contains(res.stdout, "1 updated") {
		t.Errorf("second run: %s", res.stdout)
	}
}

// TestIdleCrawlLogsItsSummaryOnce: a crawl that finds nothing new logs no
// compaction of the empty bodies of its 304 answers, and its run once (the
// summary line), not again as "run recorded".
func TestIdleCrawlLogsItsSummaryOnce(t *testing.T) {
	site := newstest.NewSite(t, 3)
	dir := t.TempDir()
	cfg := writeCrawlConfig(t, dir, siteConfig(site.URL))
	mustRun(t, "crawl", "--config", cfg)

	idle := mustRun(t, "crawl", "--config", cfg)
	if !strings.Contains(idle.stdout, "courier: ok") || !strings.Contains(idle.stdout, "not modified") {
		t.Fatalf("idle crawl summary:\n%s", idle.stdout)
	}
	for _, noise := range []string{`msg="run recorded"`, `bytes_before=0 `} {
		if strings.Contains(idle.stderr, noise) {
			t.Errorf("idle crawl logs %s:\n%s", noise, idle.stderr)
		}
	}
	assertSlogLines(t, "idle crawl", idle.stderr)
}

// TestCrawlAsksAgainForAListingWhoseCopyRotted: a section page answered
// 304 is read from its stored copy; a copy that rotted on disk left the
// section unread for as long as its server answered 304. The crawl now
// asks for it once more without validators, reads the answer and stores
// its bytes again in place of the rotten copy, which the runs after read.
func TestCrawlAsksAgainForAListingWhoseCopyRotted(t *testing.T) {
	site := newstest.NewSite(t, 3)
	dir := t.TempDir()
	cfg := writeCrawlConfig(t, dir, siteConfig(site.URL))
	mustRun(t, "crawl", "--config", cfg)
	dangle(t, filepath.Join(dir, "archive.db"), `UPDATE bodies SET data = zeroblob(length(data))
		WHERE sha256 = (SELECT body_sha256 FROM fetches WHERE final_url LIKE '%/world/' ORDER BY id DESC LIMIT 1)`)
	site.Statuses()

	res := mustRun(t, "crawl", "--config", cfg)
	statuses := site.Statuses()
	if got := statuses["/world/"]; !slices.Equal(got, []int{http.StatusNotModified, http.StatusOK}) {
		t.Errorf("the section with a rotten copy answered %v, want [304 200]: asked again without validators", got)
	}
	if !strings.Contains(res.stderr, "stored body unreadable") || !strings.Contains(res.stderr, "asked_again=true") {
		t.Errorf("the rotten copy is not logged as asked again:\n%s", res.stderr)
	}
	if strings.Count(res.stderr, `msg="stored body unreadable"`) != 1 || !strings.Contains(res.stderr, "unreadable body stored again") {
		t.Errorf("the rotten copy is not replaced once by the new answer's:\n%s", res.stderr)
	}
	mustRun(t, "crawl", "--config", cfg)
	if got := site.Statuses()["/world/"]; !slices.Equal(got, []int{http.StatusNotModified}) {
		t.Errorf("the run after answered %v for the section, want [304]: its copy healed", got)
	}
	mustRun(t, "db", "check", "--bodies", "--db", filepath.Join(dir, "archive.db"))
}

// TestCrawlHealsAnArticleWhoseCopyRotted: an archived article a source
// refreshes answers 304; its stored copy, rotted on disk, is found as the
// 304 comes, the article asked for once more without validators, and
// its answer stored again in place of the rotten copy.
func TestCrawlHealsAnArticleWhoseCopyRotted(t *testing.T) {
	site := newstest.NewSite(t, 3)
	dir := t.TempDir()
	cfg := writeCrawlConfig(t, dir, siteConfig(site.URL)+"    refresh: 1h\n")
	db := filepath.Join(dir, "archive.db")
	mustRun(t, "crawl", "--config", cfg)
	dangle(t, db, `UPDATE bodies SET data = zeroblob(length(data))
		WHERE sha256 = (SELECT body_sha256 FROM fetches WHERE final_url LIKE '%`+newstest.ArticlePath(1)+`' ORDER BY id DESC LIMIT 1)`)
	if r := runCLI(t, nil, "db", "check", "--bodies", "--db", db); r.code != 1 {
		t.Fatalf("db check --bodies of the rotten copy: exit %d\n%s", r.code, r.stdout)
	}
	site.Statuses()
	mustRun(t, "crawl", "--config", cfg)
	if got := site.Statuses()[newstest.ArticlePath(1)]; !slices.Equal(got, []int{http.StatusNotModified, http.StatusOK}) {
		t.Errorf("the article with a rotten copy answered %v, want [304 200]", got)
	}
	mustRun(t, "db", "check", "--bodies", "--db", db)
}
