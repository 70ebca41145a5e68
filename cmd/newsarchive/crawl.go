package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/crawler"
	"github.com/newsarchive/newsarchive/crawler/config"
	"github.com/newsarchive/newsarchive/schedules/sourcerun"
)

const crawlUsage = `[--config FILE] [--source NAME] [--db PATH] [--memory-limit MiB] [--no-compact] [URL...]

Crawls each configured source once (or only --source NAME), or the given
start URLs with the default settings, into the archive, then exits. Pages
already archived are not fetched again; listings are asked for with
conditional requests. A crawl interrupted (Ctrl-C, SIGTERM, SIGHUP, or a
killed process) resumes where it stopped on the next run. A source another process is
crawling is skipped, and the skip recorded. The database is --db, else the
config's database, else $NEWSARCHIVE_DB, else newsarchive.db. Pages are
stored quickly during the crawl and compacted after it, or during it when
the disk runs low (--no-compact leaves both to the daemon or to "db
compact").
Crawl only sites you may crawl: robots.txt is obeyed.`

// crawlFlags are the command line of crawl.
type crawlFlags struct {
	config, source, db string
	memLimitMiB        int64
	noCompact          bool
	urls               []string
}

func parseCrawlFlags(e env, args []string) (*crawlFlags, error) {
	fs := newFlagSet("crawl", crawlUsage, e.stderr)
	var f crawlFlags
	fs.StringVar(&f.config, "config", "", "configuration `FILE` (YAML)")
	fs.StringVar(&f.source, "source", "", "crawl only the source called `NAME`")
	fs.StringVar(&f.db, "db", "", "SQLite database `PATH`")
	fs.Int64Var(&f.memLimitMiB, "memory-limit", defaultMemLimitMiB,
		"soft memory limit in `MiB` (0: none; GOMEMLIMIT wins when set)")
	fs.BoolVar(&f.noCompact, "no-compact", false, "leave the bodies stored during the crawl uncompacted")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return nil, err
	}
	f.urls = rest
	switch {
	case f.config == "" && len(f.urls) == 0:
		return nil, usageErrorf("crawl: give --config FILE or start URLs")
	case f.config != "" && len(f.urls) > 0:
		return nil, usageErrorf("crawl: give --config FILE or start URLs, not both")
	case f.source != "" && f.config == "":
		return nil, usageErrorf("crawl: --source needs --config")
	case f.memLimitMiB < 0:
		return nil, usageErrorf("crawl: --memory-limit must not be negative (0 is no limit), got %d", f.memLimitMiB)
	case f.memLimitMiB > maxMemLimitMiB:
		return nil, usageErrorf("crawl: --memory-limit %d MiB is more than a process can address", f.memLimitMiB)
	}
	return &f, nil
}

func runCrawl(ctx context.Context, e env, args []string) error {
	// A closed terminal (SIGHUP) stops a crawl as Ctrl-C does: what was
	// fetched is committed and the run recorded, where the default
	// action killed it with its run left "running".
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGHUP)
	defer stop()
	f, err := parseCrawlFlags(e, args)
	if err != nil {
		return helpOK(err)
	}
	cfg, sources, err := crawlSources(f)
	if err != nil {
		return err
	}
	setMemoryLimit(f.memLimitMiB)
	out := newCrawlOutput(e.stderr)
	routeStdLog(out.logger)
	store, err := openArchive(ctx, crawlDB(f, cfg), false, out.logger)
	if err != nil {
		return err
	}
	defer store.Close()
	lowDisk := lowDiskCompactor(ctx, f, store, out.logger)
	defer lowDisk.stop()
	failed, unwritable := crawlEach(ctx, e, store, cfg, sources, out, lowDisk)
	if ctx.Err() != nil {
		return fmt.Errorf("crawl interrupted; what was fetched is archived, the next crawl resumes")
	}
	lowDisk.stop()
	if !f.noCompact {
		if err := compactAfterCrawl(ctx, store, out); err != nil {
			return err
		}
	}
	if unwritable != nil {
		return fmt.Errorf("crawl stopped: %w", unwritable)
	}
	if failed == len(sources) {
		return fmt.Errorf("crawl: no source could be crawled")
	}
	return nil
}

// crawlEach crawls the sources one after the other, printing a summary
// line for each, and returns how many failed. It stops at the first
// source the archive refuses to store (no source can be crawled into it:
// unwritable says why) or when ctx is done.
func crawlEach(ctx context.Context, e env, store *archive.Store, cfg *config.Config, sources []config.Source,
	out *crawlOutput, lowDisk backgroundCompactor) (failed int, unwritable error) {
	// Sources on one host share its politeness, one after the other as
	// the daemon's do at once: the next waits the delay after the last.
	hosts := crawler.NewHosts()
	for _, src := range sources {
		if ctx.Err() != nil {
			break
		}
		res, err := sourcerun.Run(ctx, store, src, sourcerun.Options{
			UserAgent: cfg.UserAgent, Logger: out.logger, Progress: out.progress(src.Name),
			Compactor: lowDisk.Compactor, Hosts: hosts,
		})
		out.done()
		if errors.Is(err, archive.ErrSourceBusy) {
			// Another process crawls it now: the work is being done.
			fmt.Fprintln(e.stdout, visible(summaryLine(res, archive.ErrSourceBusy)))
			continue
		}
		if err != nil {
			failed++
			out.logger.Error("crawl failed", slog.String("source", src.Name), slog.String("error", err.Error()))
		}
		fmt.Fprintln(e.stdout, visible(summaryLine(res, err)))
		if errors.Is(err, sourcerun.ErrUnwritable) {
			return failed, err
		}
	}
	return failed, nil
}

// compactAfterCrawl compacts what the crawl stored. Stopped part-way (a
// Ctrl-C as it runs), it says so and how much waits, as a crawl stopped
// earlier does.
func compactAfterCrawl(ctx context.Context, store *archive.Store, out *crawlOutput) error {
	start := time.Now()
	var report func(archive.Compacted)
	if waiting, err := store.Pending(ctx); err == nil {
		report = out.compacting(waiting)
	}
	done := sourcerun.Compact(ctx, store, out.logger, report)
	out.done()
	if done.Bodies > 0 {
		// stdout keeps one summary line per source; the archive logs
		// the compaction, and a terminal is told in words.
		out.note(fmt.Sprintf("%s in %.1fs", compactedLine(done), time.Since(start).Seconds()))
	}
	if ctx.Err() == nil {
		return nil
	}
	waiting, err := store.Pending(context.WithoutCancel(ctx))
	if err != nil {
		return fmt.Errorf("crawl interrupted while compacting; what was fetched is archived: %w", err)
	}
	return fmt.Errorf("crawl interrupted while compacting; what was fetched is archived, %d bodies wait for the next compaction (db compact, or the next crawl)", waiting)
}

// backgroundCompactor is a compactor running until stop.
type backgroundCompactor struct {
	*sourcerun.Compactor // nil when compaction is off
	cancel               context.CancelFunc
}

// lowDiskCompactor starts the compactor that the crawl kicks when the
// disk runs low, unless --no-compact.
func lowDiskCompactor(ctx context.Context, f *crawlFlags, store *archive.Store, log *slog.Logger) backgroundCompactor {
	if f.noCompact {
		return backgroundCompactor{cancel: func() {}}
	}
	ctx, cancel := context.WithCancel(ctx)
	c := sourcerun.NewCompactor(store, log)
	c.Start(ctx)
	return backgroundCompactor{Compactor: c, cancel: cancel}
}

// stop ends a compaction under way (what it finished stays) and waits for
// it; stopping again does nothing.
func (b backgroundCompactor) stop() {
	b.cancel()
	if b.Compactor != nil {
		b.Wait()
	}
}

// crawlSources loads the configuration, or makes one source of the start
// URLs with the default settings.
func crawlSources(f *crawlFlags) (*config.Config, []config.Source, error) {
	if f.config == "" {
		cfg := config.Default()
		for _, u := range f.urls {
			if err := config.CheckURL(u); err != nil {
				return nil, nil, usageErrorf("crawl: %v", err)
			}
		}
		name, err := config.AdHocName(f.urls[0])
		if err != nil {
			return nil, nil, usageErrorf("crawl: %v", err)
		}
		return &cfg, []config.Source{cfg.Defaults.Source(name, f.urls...)}, nil
	}
	cfg, err := config.Load(f.config)
	if err != nil {
		return nil, nil, err
	}
	if f.source != "" {
		src, ok := cfg.Source(f.source)
		if !ok {
			return nil, nil, usageErrorf("crawl: %s has no source %q", f.config, f.source)
		}
		return cfg, []config.Source{src}, nil
	}
	if len(cfg.Sources) == 0 {
		return nil, nil, fmt.Errorf("crawl: %s lists no sources", f.config)
	}
	return cfg, cfg.Sources, nil
}

// crawlDB picks the database: --db, else the config's database key, else
// $NEWSARCHIVE_DB, else newsarchive.db. A config that leaves the key out
// gets the built-in name, which yields to $NEWSARCHIVE_DB.
func crawlDB(f *crawlFlags, cfg *config.Config) string {
	if f.db != "" {
		return f.db
	}
	env := os.Getenv(dbEnv)
	if f.config != "" {
		builtin := filepath.Join(filepath.Dir(f.config), config.DefaultDatabase)
		if cfg.Database != builtin || env == "" {
			return cfg.Database
		}
	}
	if env != "" {
		return env
	}
	return defaultDBFile
}

// summaryLine is the one line a source's crawl ends with. Its error may
// quote a page's URL or a server's text: it is printed made visible.
func summaryLine(res sourcerun.Result, err error) string {
	st := res.Stats
	var sb strings.Builder
	fmt.Fprintf(&sb, "%s: %s, %d pages fetched (%d not modified, %d errors), articles %d new, %d updated, %d refreshed, %d unchanged, %d duplicates, %s",
		res.Source, res.Status, st.Fetched, st.NotChanged, st.Errors, st.New, st.Updated, st.Refreshed, st.Unchanged, st.Duplicates,
		megabytes(st.Bytes))
	if secs := res.Elapsed.Seconds(); secs > 0 {
		fmt.Fprintf(&sb, " in %.1fs (%.1f pages/s)", secs, float64(st.Fetched)/secs)
	}
	if res.RunID != 0 {
		fmt.Fprintf(&sb, ", run %d", res.RunID)
	}
	if res.Resumed > 0 {
		fmt.Fprintf(&sb, ", resumed %d pending", res.Resumed)
	}
	if err != nil && !errors.Is(err, context.Canceled) {
		fmt.Fprintf(&sb, ": %s", errorLine(err))
	}
	return sb.String()
}

func megabytes(n int64) string {
	return fmt.Sprintf("%.1f MB", float64(n)/1e6)
}
