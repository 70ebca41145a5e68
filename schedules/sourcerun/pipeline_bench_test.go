package sourcerun

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/gocolly/colly/v2"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/bench/site"
	"github.com/newsarchive/newsarchive/crawler"
	"github.com/newsarchive/newsarchive/crawler/config"
	"github.com/newsarchive/newsarchive/parse"
)

var (
	benchArticles = flag.Int("crawl.articles", 2000, "articles of BenchmarkCrawlPipeline's site")
	// 90 MiB is the crawl command's soft memory limit (defaultMemLimitMiB in
	// cmd/newsarchive), which the pipeline runs under.
	benchMemLimit = flag.Int64("crawl.memlimit", 90, "soft memory limit (MiB) of the pipeline; 0 for none")
	benchNoDelta  = flag.Bool("crawl.nodelta", false, "compact every body whole (archive.Options.NoDelta)")
	benchCompact  = flag.Bool("crawl.compact", true, "compact the archive after the crawl, as the crawl command does")
	benchSiteProc = flag.Bool("crawl.site-process", false,
		"serve the site from a child process, so that the process figures (peak RSS, CPU) are the crawler's alone")
)

// siteChildEnv, set in the environment of a test binary, makes it serve
// the benchmark site of that many articles instead of running tests (see
// startSiteProcess).
const siteChildEnv = "NEWSARCHIVE_BENCH_SITE_ARTICLES"

func TestMain(m *testing.M) {
	if n := os.Getenv(siteChildEnv); n != "" {
		os.Exit(serveSiteChild(n)) // the benchmark's site, in a process of its own
	}
	os.Exit(m.Run())
}

// serveSiteChild serves the benchmark site on 127.0.0.1, prints its base
// URL and serves until its standard input closes (its parent is done or
// gone); it returns the exit code.
func serveSiteChild(articles string) int {
	n, err := strconv.Atoi(articles)
	if err != nil {
		fmt.Fprintln(os.Stderr, "site child:", err)
		return 2
	}
	pages, err := site.DatasetPages()
	if err != nil {
		fmt.Fprintln(os.Stderr, "site child:", err)
		return 1
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, "site child:", err)
		return 1
	}
	go http.Serve(ln, site.New(pages, n, benchSections))
	fmt.Println("http://" + ln.Addr().String())
	io.Copy(io.Discard, os.Stdin)
	return 0
}

// startSite serves the benchmark site in-process, or with
// -crawl.site-process from a child process, and returns its base URL and
// how many distinct pages it serves.
func startSite(b *testing.B) (base string, pages int) {
	if !*benchSiteProc {
		ps := site.PagesOrSkip(b)
		srv := httptest.NewServer(site.New(ps, *benchArticles, benchSections))
		b.Cleanup(srv.Close)
		return srv.URL, len(ps)
	}
	ds := site.Dataset()
	n, _ := filepath.Glob(filepath.Join(ds, "html", "*.html.gz"))
	if ds == "" || len(n) == 0 {
		b.Skip("extraction benchmark pages not found in ../shared")
	}
	return startSiteProcess(b), len(n)
}

// startSiteProcess runs this test binary as the site's server and returns
// the URL it serves at; the child ends with the benchmark.
func startSiteProcess(b *testing.B) string {
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), fmt.Sprintf("%s=%d", siteChildEnv, *benchArticles))
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		b.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		stdin.Close()
		cmd.Wait()
	})
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		b.Fatalf("site child: %v", err)
	}
	return strings.TrimSpace(line)
}

// parseAloneRate is the pages/s of the last parse-alone run, to which the
// crawl stages after it in the same run compare themselves.
var parseAloneRate float64

// reportShare reports rate as a percentage of the last parse-alone run's.
func reportShare(b *testing.B, rate float64) {
	if parseAloneRate > 0 {
		b.ReportMetric(100*rate/parseAloneRate, "%-of-parse-alone")
	}
}

// benchSections is how many sections list the site's articles.
const benchSections = 20

// benchWorkers is the requests in flight of every crawl measured.
var benchWorkers = 8

// BenchmarkCrawlPipeline measures side by side, in one run, on the loopback
// site of bench/site with the extraction benchmark's real pages: bare colly
// fetching every page, parse alone over the same articles on all cores
// (the extraction-bound ceiling), and the whole pipeline as the crawl
// command runs it (crawl, parse, archive into a SQLite file). Run with
// -benchtime=1x: one iteration is a whole crawl. Skipped without ../shared.
func BenchmarkCrawlPipeline(b *testing.B) {
	base, pages := startSite(b)
	b.Run("colly-fetch", func(b *testing.B) { reportCPU(b, func() int64 { return benchBareColly(b, base) }) })
	b.Run("parse-alone", func(b *testing.B) {
		// Fetched here, so the pipeline's memory figures do not carry them.
		served := servedArticles(b, base, min(pages, *benchArticles))
		reportCPU(b, func() int64 { return benchParseOnly(b, base, served) })
	})
	b.Run("crawl-parse", func(b *testing.B) { reportCPU(b, func() int64 { return benchCrawlParse(b, base) }) })
	b.Run("pipeline", func(b *testing.B) { reportCPU(b, func() int64 { return benchPipeline(b, base) }) })
}

// benchBareColly fetches every page of the site with colly and does
// nothing else: the transport's ceiling.
func benchBareColly(b *testing.B, base string) int64 {
	var n atomic.Int64
	for b.Loop() {
		c := colly.NewCollector(colly.Async(true), colly.AllowURLRevisit())
		c.Limit(&colly.LimitRule{DomainGlob: "*", Parallelism: benchWorkers})
		c.OnResponse(func(*colly.Response) { n.Add(1) })
		for _, p := range append([]string{"/", "/feed.xml", "/sitemap.xml"}, sectionPaths()...) {
			c.Visit(base + p)
		}
		for i := range *benchArticles {
			c.Visit(base + site.ArticlePath(i))
		}
		c.Wait()
	}
	b.ReportMetric(float64(n.Load())/b.Elapsed().Seconds(), "pages/s")
	return n.Load()
}

func sectionPaths() []string {
	out := make([]string, benchSections)
	for i := range out {
		out[i] = fmt.Sprintf("/section/%d/", i)
	}
	return out
}

// servedArticles fetches the site's first n articles as the crawl gets
// them (each real page with its canonical link and markers), so that
// parse-alone parses the very bytes the pipeline does: article i of the
// site differs from article i mod n only in the digits of its number.
func servedArticles(b *testing.B, base string, n int) [][]byte {
	out := make([][]byte, n)
	for i := range out {
		resp, err := http.Get(base + site.ArticlePath(i))
		if err != nil {
			b.Fatal(err)
		}
		out[i], err = io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusOK {
			b.Fatalf("article %d: status %d, %v", i, resp.StatusCode, err)
		}
	}
	return out
}

// benchParseOnly parses the site's articles, as served (pages[i] is
// article i; article i of the site is parsed as pages[i mod len(pages)]
// under its own URL), on all cores.
func benchParseOnly(b *testing.B, base string, pages [][]byte) int64 {
	workers := runtime.GOMAXPROCS(0)
	for b.Loop() {
		var next atomic.Int64
		var wg sync.WaitGroup
		for range workers {
			wg.Go(func() {
				for i := next.Add(1) - 1; i < int64(*benchArticles); i = next.Add(1) - 1 {
					parse.Parse(parse.Page{URL: base + site.ArticlePath(int(i)), Body: pages[int(i)%len(pages)],
						ContentType: "text/html; charset=utf-8"})
				}
			})
		}
		wg.Wait()
	}
	parseAloneRate = float64(*benchArticles*b.N) / b.Elapsed().Seconds()
	b.ReportMetric(parseAloneRate, "pages/s")
	return int64(*benchArticles * b.N)
}

// benchCrawlParse crawls and parses the site as the pipeline does, with
// the archive left out (a store that keeps nothing, the frontier in
// memory): what the crawler adds to extraction, apart from the archive.
func benchCrawlParse(b *testing.B, base string) int64 {
	if *benchMemLimit > 0 {
		defer debug.SetMemoryLimit(debug.SetMemoryLimit(*benchMemLimit << 20))
	}
	var fetched int64
	for b.Loop() {
		st, err := crawler.Run(context.Background(), crawler.Options{Source: benchSource(base),
			Store: discardStore{}, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		if err != nil {
			b.Fatal(err)
		}
		fetched += st.Fetched
	}
	b.ReportMetric(float64(fetched)/b.Elapsed().Seconds(), "pages/s")
	reportShare(b, float64(fetched)/b.Elapsed().Seconds())
	return fetched
}

// discardStore is an archive that holds nothing and keeps nothing.
type discardStore struct{}

func (discardStore) Known(context.Context, string) (crawler.Known, error) {
	return crawler.Known{}, nil
}
func (discardStore) Save(context.Context, crawler.Record) (crawler.Outcome, error) {
	return crawler.Outcome{}, nil
}
func (discardStore) LastBody(context.Context, string) ([]byte, error) { return nil, nil }

// benchSource is the source every crawl of the benchmark site runs: the
// site's sections, feed and sitemap, politeness delays off.
func benchSource(base string) config.Source {
	src := config.Default().Defaults.Source("loopback", base+"/")
	src.Feeds, src.Sitemaps = []string{base + "/feed.xml"}, []string{base + "/sitemap.xml"}
	src.Allow = []*regexp.Regexp{site.Allow(base)}
	src.Delay, src.Concurrency, src.MaxPages = 0, benchWorkers, 3**benchArticles
	return src
}

// benchPipeline crawls the site into a fresh archive per iteration with
// Run, under the crawl command's soft memory limit.
func benchPipeline(b *testing.B, base string) int64 {
	if *benchMemLimit > 0 {
		defer debug.SetMemoryLimit(debug.SetMemoryLimit(*benchMemLimit << 20))
	}
	var fetched, articles int64
	var compacting, compactCPU time.Duration
	var peak site.Peaks
	dir := b.TempDir()
	for i := 0; b.Loop(); i++ {
		store, err := archive.Open(context.Background(), filepath.Join(dir, fmt.Sprintf("bench-%d.db", i)),
			archive.Options{NoDelta: *benchNoDelta})
		if err != nil {
			b.Fatal(err)
		}
		res, err := Run(context.Background(), store, benchSource(base), Options{
			Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Progress: func(crawler.Stats) { peak.Sample() }})
		if err != nil {
			b.Fatal(err)
		}
		// The crawl command compacts after the crawl; timed apart.
		start, startCPU := time.Now(), cpuTime()
		if *benchCompact {
			if _, err := store.Compact(context.Background()); err != nil {
				b.Fatal(err)
			}
		}
		compacting += time.Since(start)
		compactCPU += cpuTime() - startCPU
		store.Close()
		fetched += res.Stats.Fetched
		articles += res.Stats.New
	}
	crawling := b.Elapsed() - compacting
	b.ReportMetric(float64(fetched)/crawling.Seconds(), "pages/s")
	reportShare(b, float64(fetched)/crawling.Seconds())
	b.ReportMetric(float64(fetched)/b.Elapsed().Seconds(), "pages/s-with-compaction")
	b.ReportMetric(compacting.Seconds()/float64(b.N), "compaction-s/op")
	if fetched > 0 {
		b.ReportMetric(float64(compactCPU.Microseconds())/1000/float64(fetched), "compaction-cpu-ms/page")
	}
	b.ReportMetric(float64(articles)/float64(b.N), "articles/op")
	b.ReportMetric(float64(peak.Goroutines()), "max-goroutines")
	b.ReportMetric(peak.HeapMiB(), "peak-heap-MiB")
	if hwm := site.PeakRSS(); hwm > 0 {
		b.ReportMetric(float64(hwm)/(1<<20), "process-peak-RSS-MiB")
	}
	return fetched
}

// reportCPU runs a benchmark that returns the pages it handled and
// reports the cores it kept busy on average (process CPU time over wall
// time, the test site included: on a machine shared with other work, a low
// figure means the benchmark waited for the CPU or for itself) and the CPU
// time per page, the steadier measure of what each stage costs.
func reportCPU(b *testing.B, run func() int64) {
	start := cpuTime()
	pages := run()
	used := cpuTime() - start
	if secs := b.Elapsed().Seconds(); secs > 0 {
		b.ReportMetric(used.Seconds()/secs, "cores")
	}
	if pages > 0 {
		b.ReportMetric(float64(used.Microseconds())/1000/float64(pages), "cpu-ms/page")
	}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
