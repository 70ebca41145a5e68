// Command crawlrss measures the newsarchive binary as a user runs it: it
// serves the benchmark site (package bench/site, the extraction benchmark's
// real pages from ../shared) on 127.0.0.1 from this process, runs
// `newsarchive crawl` over it in a child process with a fresh archive
// (politeness delays off, compaction after the crawl as the command does),
// and reports the child's wall time, CPU time and peak resident set, which
// hold nothing of the site:
//
//	go build -o /tmp/newsarchive ./cmd/newsarchive
//	go run ./bench/crawlrss -bin /tmp/newsarchive -articles 20000
package main

import (
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"time"

	"github.com/newsarchive/newsarchive/bench/site"
)

// options are the command's flags.
type options struct {
	bin                             string
	articles, sections, concurrency int
}

func main() {
	var o options
	flag.StringVar(&o.bin, "bin", "", "the newsarchive `binary` to measure")
	flag.IntVar(&o.articles, "articles", 2000, "articles of the site")
	flag.IntVar(&o.sections, "sections", 20, "sections of the site")
	flag.IntVar(&o.concurrency, "concurrency", 8, "requests in flight to the site")
	flag.Parse()
	if err := run(o); err != nil {
		fmt.Fprintln(os.Stderr, "crawlrss:", err)
		os.Exit(1)
	}
}

func run(o options) error {
	if o.bin == "" {
		return fmt.Errorf("-bin: give the newsarchive binary to measure")
	}
	base, stop, err := serveSite(o.articles, o.sections)
	if err != nil {
		return err
	}
	defer stop()
	dir, err := os.MkdirTemp("", "crawlrss-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	cfg := filepath.Join(dir, "crawl.yaml")
	if err := os.WriteFile(cfg, []byte(crawlConfig(dir, base, o.articles, o.concurrency)), 0o644); err != nil {
		return err
	}
	cmd := exec.Command(o.bin, "crawl", "--config", cfg)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	start := time.Now()
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s crawl: %w", o.bin, err)
	}
	report(time.Since(start), cmd.ProcessState)
	return nil
}

// serveSite serves the site on a loopback port and returns its base URL.
func serveSite(articles, sections int) (base string, stop func(), err error) {
	pages, err := site.DatasetPages()
	if err != nil {
		return "", nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{Handler: site.New(pages, articles, sections), ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	return "http://" + ln.Addr().String(), func() { srv.Close() }, nil
}

// crawlConfig is the crawl's configuration: the site's start page, feed and
// sitemap, its own pages only, no politeness delay.
func crawlConfig(dir, base string, articles, concurrency int) string {
	return fmt.Sprintf(`database: %s
user_agent: "newsarchive-bench/1.0"
sources:
  - name: loopback
    start: ["%[2]s/"]
    feeds: ["%[2]s/feed.xml"]
    sitemaps: ["%[2]s/sitemap.xml"]
    allow: ['%s']
    concurrency: %d
    delay: 0s
    max_pages: %d
`, filepath.Join(dir, "bench.db"), base, site.Allow(base).String(), concurrency, 3*articles)
}

// report prints what the child process used.
func report(wall time.Duration, ps *os.ProcessState) {
	cpu := ps.UserTime() + ps.SystemTime()
	fmt.Printf("wall %.1f s, CPU %.1f s (%.2f cores)", wall.Seconds(), cpu.Seconds(), cpu.Seconds()/wall.Seconds())
	if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
		fmt.Printf(", peak RSS %.1f MiB", float64(ru.Maxrss)/1024) // Linux: KiB
	}
	fmt.Println()
}
