package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/crawler"
	"github.com/newsarchive/newsarchive/crawler/config"
	"github.com/newsarchive/newsarchive/schedules"
	"github.com/newsarchive/newsarchive/schedules/sourcerun"
	"golang.org/x/net/netutil"
)

const serveUsage = `--config FILE [--listen ADDR] [--max-connections N] [--run-now] [--stop-timeout D]
       [--progress-every D] [--db PATH]

Runs as a daemon: crawls every configured source on its own schedule into
the archive until SIGINT or SIGTERM (a second signal exits at once, with
status 1).
SIGHUP reloads the configuration; an invalid one is logged and the old one
kept. A run still going when its next tick comes is skipped and the skip
recorded; at most max_parallel_sources sources crawl at once. One daemon
per database. The HTTP server (loopback by default; port 0 picks a free
port, logged) answers GET /healthz, /metrics, /api/sources, /api/runs and
POST /api/sources/NAME/run, at most --max-connections clients at once
(the others wait to be accepted). The database is chosen as crawl chooses it.`

// defaultListen keeps the HTTP API off the network unless asked.
const defaultListen = "127.0.0.1:8080"

// defaultMaxConns caps the API's open connections: each holds a file
// descriptor for up to the header timeout, and thousands of idle ones left
// a crawl's sockets and the archive short of descriptors. The healthz,
// metrics and API clients of one daemon are a handful.
const defaultMaxConns = 256

// serveFlags are the command line of serve.
type serveFlags struct {
	config, db, listen string
	maxConns           int
	runNow             bool
	stopTimeout        time.Duration
	progressEvery      time.Duration
}

func parseServeFlags(e env, args []string) (*serveFlags, error) {
	fs := newFlagSet("serve", serveUsage, e.stderr)
	var f serveFlags
	fs.StringVar(&f.config, "config", "", "configuration `FILE` (YAML)")
	fs.StringVar(&f.db, "db", "", "SQLite database `PATH`")
	fs.StringVar(&f.listen, "listen", defaultListen, "HTTP `ADDR`ess (host:port; port 0 picks one)")
	fs.IntVar(&f.maxConns, "max-connections", defaultMaxConns, "at most `N` HTTP connections open at once")
	fs.BoolVar(&f.runNow, "run-now", false, "run every source once at start, then on schedule")
	fs.DurationVar(&f.stopTimeout, "stop-timeout", schedules.DefaultStopTimeout,
		"how long a stop waits for running crawls")
	fs.DurationVar(&f.progressEvery, "progress-every", defaultProgressEvery,
		"how often a running crawl logs how far it got (0: never)")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return nil, err
	}
	switch {
	case len(rest) > 0:
		return nil, usageErrorf("serve: unexpected argument %q", rest[0])
	case f.config == "":
		return nil, usageErrorf("serve: give --config FILE")
	case strings.TrimSpace(f.listen) == "":
		// net.Listen takes "" as every interface: an empty variable in a
		// unit file would open the API to the network.
		return nil, usageErrorf("serve: --listen is empty; give host:port (%s by default)", defaultListen)
	case !hasPort(f.listen):
		return nil, usageErrorf("serve: --listen %q: give host:port (%s by default)", f.listen, defaultListen)
	case f.maxConns < 1:
		return nil, usageErrorf("serve: --max-connections must be positive, got %d", f.maxConns)
	case f.stopTimeout < 0:
		return nil, usageErrorf("serve: --stop-timeout must not be negative, got %s", f.stopTimeout)
	case f.progressEvery < 0:
		return nil, usageErrorf("serve: --progress-every must not be negative, got %s", f.progressEvery)
	}
	return &f, nil
}

// hasPort is true for an address written host:port (the host may be
// empty, every interface; the port a number or a service name).
func hasPort(addr string) bool {
	_, port, err := net.SplitHostPort(addr)
	return err == nil && port != ""
}

func runServe(ctx context.Context, e env, args []string) error {
	// Signals are taken from the start: a SIGHUP (a reload, a log
	// rotation hook) while the archive opens would otherwise end the
	// process, and is a reload once the daemon runs.
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, syscall.SIGHUP, syscall.SIGINT, syscall.SIGTERM)
	defer signal.Stop(sigs)
	f, err := parseServeFlags(e, args)
	if err != nil {
		return helpOK(err)
	}
	cfg, err := config.Load(f.config)
	if err != nil {
		return err
	}
	if len(cfg.Sources) == 0 {
		return fmt.Errorf("serve: %s lists no sources", f.config)
	}
	// The address first: a daemon that cannot listen must not create or
	// lock an archive on its way out.
	ln, err := net.Listen("tcp", f.listen)
	if err != nil {
		return fmt.Errorf("serve: listen: %w", err)
	}
	defer ln.Close()
	// Past the cap a client waits in the kernel's accept queue, holding
	// none of the process's descriptors.
	ln = netutil.LimitListener(ln, f.maxConns)
	log := slog.New(slog.NewTextHandler(e.stderr, nil))
	routeStdLog(log)
	d, err := openDaemon(ctx, f, cfg, log)
	if err != nil && errors.Is(err, context.Canceled) && ctx.Err() != nil {
		// A stop asked for while the archive opened: nothing ran, and
		// what was written is committed or rolled back. A stop, not a
		// failure ("interrupt runs of source 332: context canceled",
		// exit 1, a unit marked failed).
		log.Info("stopped before the daemon started")
		return nil
	}
	if err != nil {
		return err
	}
	defer d.close()
	return d.serve(ctx, ln, sigs)
}

// daemon is a running serve: the archive, its lock, the scheduler and the
// configuration in force.
type daemon struct {
	flags   *serveFlags
	log     *slog.Logger
	store   *archive.Store
	lock    *archive.DaemonLock
	sched   *schedules.Scheduler
	metrics *daemonMetrics
	compact *sourcerun.Compactor
	storage storageState
	// hosts is shared by the runs, so that sources on one site share its
	// politeness when they run at once.
	hosts *crawler.Hosts

	mu  sync.Mutex
	cfg *config.Config
}

// openDaemon locks and opens the database and schedules the sources.
func openDaemon(ctx context.Context, f *serveFlags, cfg *config.Config, log *slog.Logger) (*daemon, error) {
	dbPath := crawlDB(&crawlFlags{config: f.config, db: f.db}, cfg)
	host, _ := os.Hostname()
	lock, err := archive.LockDaemon(dbPath, fmt.Sprintf("serve pid %d on %s", os.Getpid(), host))
	if err != nil {
		return nil, fmt.Errorf("serve: %w", err)
	}
	d := &daemon{flags: f, log: log, lock: lock, cfg: cfg, hosts: crawler.NewHosts()}
	if d.store, err = openArchive(ctx, dbPath, false, log); err != nil {
		d.close()
		return nil, err
	}
	if err := d.ensureSources(ctx, cfg.Sources); err != nil {
		d.close()
		return nil, err
	}
	d.metrics = newDaemonMetrics(func() schedules.State { return d.sched.State() }, d.store.DiskFree)
	if err := d.interruptOrphans(ctx); err != nil {
		d.close()
		return nil, fmt.Errorf("serve: %w", err)
	}
	d.compact = sourcerun.NewCompactor(d.store, log)
	rec := &runRecorder{store: d.store}
	d.sched, err = schedules.New(cfg.Sources, schedules.Options{
		Run: d.crawl, Recorder: rec, MaxParallel: cfg.MaxParallelSources, StopTimeout: f.stopTimeout,
		Logger: log, OnReport: d.metrics.observe, LastActive: d.lastActive,
	})
	if err != nil {
		d.close()
		return nil, fmt.Errorf("serve: %w", err)
	}
	if err := d.metrics.load(ctx, d.store, cfg.Sources); err != nil {
		log.Warn("last successes not loaded", slog.Any("err", err))
	}
	log.Info("database", slog.String("path", dbPath))
	return d, nil
}

// samePath tells whether two paths name one file.
func samePath(a, b string) bool {
	absA, errA := filepath.Abs(a)
	absB, errB := filepath.Abs(b)
	return errA == nil && errB == nil && absA == absB
}

// lastActive tells the scheduler when each source last started a run, or
// was first recorded; nothing when the archive cannot say (the schedules
// then count from now). With --run-now, the schedules first set count from
// the runs it starts: a run the schedule missed is not made up beside
// them.
func (d *daemon) lastActive() map[string]time.Time {
	if d.flags.runNow && d.sched == nil {
		now := time.Now()
		active := make(map[string]time.Time, len(d.cfg.Sources))
		for _, src := range d.cfg.Sources {
			active[src.Name] = now
		}
		return active
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	active, err := d.store.SourcesLastActive(ctx)
	if err != nil {
		d.log.Warn("last runs unreadable: the schedules set now count from now", slog.Any("err", err))
	}
	return active
}

// ensureSources records the sources with their fingerprints, so skips
// and runs of a source never crawled yet have a source to belong to.
func (d *daemon) ensureSources(ctx context.Context, sources []config.Source) error {
	recs := make([]archive.SourceConfig, len(sources))
	for i, src := range sources {
		recs[i] = archive.SourceConfig{Name: src.Name, ConfigHash: src.Fingerprint()}
	}
	if err := d.store.EnsureSources(ctx, recs); err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}

// interruptOrphans marks failed the runs of the configured sources left
// running by a process that died, and counts them failed in the metrics,
// if no crawl of the source holds its lock now; the next crawl of the
// source would do it anyway, but `runs` and /api/runs should not show
// them running until then. Only before the scheduler starts: holding the
// lock later could make one of its own runs skip.
func (d *daemon) interruptOrphans(ctx context.Context) error {
	running, err := d.store.SourcesRunning(ctx)
	if err != nil {
		return err
	}
	configured := make(map[string]bool, len(d.cfg.Sources))
	for _, src := range d.cfg.Sources {
		configured[src.Name] = true
	}
	for _, name := range running {
		if !configured[name] {
			continue
		}
		if err := d.interruptOrphansOf(ctx, name); err != nil {
			return err
		}
	}
	return nil
}

// interruptOrphansOf marks failed the runs of one source left running, if
// no crawl of it holds its lock.
func (d *daemon) interruptOrphansOf(ctx context.Context, name string) error {
	sourceID, err := d.store.SourceID(ctx, name)
	if err != nil {
		return err
	}
	lock, err := d.store.LockSource(name)
	if errors.Is(err, archive.ErrSourceBusy) {
		return nil
	}
	if err != nil {
		return err
	}
	n, err := d.store.InterruptRuns(ctx, sourceID)
	if n > 0 {
		d.log.Warn("runs left running by an ended process marked failed", slog.String("source", name),
			slog.Int64("runs", n))
		// The process that ran them counted nothing: a crash loop shows.
		d.metrics.runs.WithLabelValues(name, archive.RunFailed).Add(float64(n))
	}
	return errors.Join(err, lock.Unlock())
}

func (d *daemon) close() {
	if d.store != nil {
		if err := d.store.Close(); err != nil {
			d.log.Error("close database", slog.Any("err", err))
		}
	}
	if err := d.lock.Unlock(); err != nil {
		d.log.Error("unlock database", slog.Any("err", err))
	}
}

func (d *daemon) config() *config.Config {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.cfg
}

// serve runs the HTTP server and the scheduler until a stop signal (or
// ctx), reloading the configuration on SIGHUP; sigs delivers the three.
func (d *daemon) serve(ctx context.Context, ln net.Listener, sigs <-chan os.Signal) error {
	// A client slow to send or to read, or idle on a kept-alive
	// connection, lets go of its connection in time: the daemon's files
	// are few (a crawl holds many of them).
	srv := &http.Server{
		Handler:           guard(d.routes(), listensOnLoopback(ln.Addr())),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      2 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(d.log.Handler(), slog.LevelWarn),
	}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			d.log.Error("http server", slog.Any("err", err))
		}
	}()
	compactCtx, stopCompacting := context.WithCancel(context.WithoutCancel(ctx))
	d.compact.Start(compactCtx)
	d.compact.Kick() // what an earlier process left uncompacted
	d.sched.Start()
	// Logged once the scheduler runs: from this line on /healthz says ok.
	d.log.Info("listening", slog.String("addr", ln.Addr().String()))
	if d.flags.runNow {
		d.runAll()
	}
	stops := d.waitForStop(ctx, sigs)
	go exitOnSecondSignal(sigs, stops, time.Now(), d.log)
	d.log.Info("stopping: no new runs, running crawls cancelled")
	if err := d.sched.Stop(); err != nil {
		d.log.Warn("stop", slog.Any("err", err))
	}
	stopCompacting()
	d.compact.Wait()
	shutdown, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		d.log.Warn("http shutdown", slog.Any("err", err))
	}
	d.log.Info("stopped")
	return nil
}

// waitForStop handles SIGHUP until a stop signal comes or ctx ends, and
// returns how many stop signals it counts. The end of ctx counts as one:
// the signal that ended it reached sigs too, and is left there for
// exitOnSecondSignal to take as its echo. Counted as none, when both were
// ready at once (the daemon busy with a reload as the signal came), the
// next signal did not end the process at once, though a second.
func (d *daemon) waitForStop(ctx context.Context, sigs <-chan os.Signal) int {
	for {
		select {
		case <-ctx.Done():
			return 1
		case s := <-sigs:
			if s != syscall.SIGHUP {
				return 1
			}
			d.reload(ctx)
		}
	}
}

// stopEcho is how soon after the first a stop signal is taken for the
// same request: timeout(1), and a kill of the process group, signal the
// daemon and then its group, which holds it, a few milliseconds apart.
const stopEcho = 100 * time.Millisecond

// exitOnSecondSignal ends the process at once on a second stop signal,
// for the operator who will not wait for crawls to wind down; first is
// when the first came (see stopEcho).
func exitOnSecondSignal(sigs <-chan os.Signal, seen int, first time.Time, log *slog.Logger) {
	for s := range sigs {
		if s == syscall.SIGHUP || time.Since(first) < stopEcho {
			continue
		}
		if seen++; seen >= 2 {
			log.Warn("second signal: exiting now", slog.String("signal", s.String()))
			os.Exit(1)
		}
	}
}

// reload applies the configuration file as it is now; an invalid one
// changes nothing.
func (d *daemon) reload(ctx context.Context) {
	cfg, err := config.Load(d.flags.config)
	if err == nil && len(cfg.Sources) == 0 {
		// A file emptied by an editor or a deployment half done: crawling
		// nothing while healthy would go unnoticed.
		err = fmt.Errorf("%s lists no sources", d.flags.config)
	}
	if err == nil {
		err = d.ensureSources(ctx, cfg.Sources)
	}
	if err == nil {
		err = d.sched.Reload(cfg.Sources, cfg.MaxParallelSources)
	}
	if err != nil {
		d.log.Error("reload refused, the running configuration stays", slog.Any("err", err))
		return
	}
	if inUse, configured := d.store.Path(), crawlDB(&crawlFlags{config: d.flags.config, db: d.flags.db}, cfg); !samePath(inUse, configured) {
		d.log.Warn("reload: the database changes only with a restart", slog.String("in_use", inUse),
			slog.String("configured", configured))
	}
	d.mu.Lock()
	old := d.cfg
	d.cfg = cfg
	d.mu.Unlock()
	d.metrics.forget(old.Sources, cfg.Sources)
	d.log.Info("configuration reloaded", slog.Int("sources", len(cfg.Sources)))
}

// runAll triggers every source once (--run-now).
func (d *daemon) runAll() {
	for _, st := range d.sched.Sources() {
		if err := d.sched.Trigger(st.Name); err != nil {
			d.log.Warn("run now", slog.String("source", st.Name), slog.Any("err", err))
		}
	}
}
