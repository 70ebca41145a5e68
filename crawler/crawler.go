// Package crawler runs one crawl of one configured source: it visits the
// source's start pages, feeds and sitemaps, recognises article links,
// fetches what the archive does not have yet and hands every fetch to a
// Store. It is polite by default (robots.txt, per-host concurrency and
// delay) and bounded (depth, page budget, trap rules), so a hostile or
// broken server costs a logged, recorded failure and nothing more.
//
// colly drives the requests: its queue bounds the workers, and a per-host
// limiter in the transport (hostlimit.go) holds every host to the
// source's concurrency and delay, or to its robots.txt Crawl-delay.
// Fetching goes through crawler/fetch's
// transport, so timeouts, size caps and decompression are those of every
// other fetch of the tool. robots.txt, scope, traps, link discovery and
// the visited set are the crawler's own (colly's robots handling ignores
// 5xx answers and Crawl-delay). colly applies COLLY_* environment variables
// over a collector's options; the crawl sets its own again (ignoreCollyEnv).
package crawler

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/newsarchive/newsarchive/crawler/config"
	"github.com/newsarchive/newsarchive/crawler/fetch"
	"github.com/newsarchive/newsarchive/parse"
)

// Defaults of Options.
const (
	DefaultMaxAttempts   = 3
	DefaultMaxRetryWait  = 60 * time.Second
	DefaultMaxCrawlDelay = 30 * time.Second
)

// Options configure a Crawler. Source and Store are required.
type Options struct {
	Source config.Source
	// UserAgent is sent with every request and matched against robots.txt.
	UserAgent string
	// Fetch sets timeouts and the body cap; its UserAgent is replaced.
	Fetch fetch.Config
	Store Store
	// Logger defaults to slog.Default().
	Logger *slog.Logger
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// Parse extracts articles; parse.Parse when nil.
	Parse func(parse.Page) (*parse.Article, error)
	// MaxAttempts bounds the tries of a page answered 429 or 503.
	MaxAttempts int
	// MaxRetryWait bounds a Retry-After wait; longer waits give up.
	MaxRetryWait time.Duration
	// MaxCrawlDelay bounds the Crawl-delay a robots.txt may impose.
	MaxCrawlDelay time.Duration
	// IgnoreRobots skips robots.txt; for tests of sites one owns only.
	IgnoreRobots bool
	// Frontier holds pending requests and seen URLs; in memory when nil.
	Frontier Frontier
	// Backlog keeps what a run finds past its page budget for the next;
	// nil keeps nothing.
	Backlog Backlog
	// Progress, when set, receives the counts after every queued URL and
	// every fetch, from the crawl's goroutines: it must be quick and safe
	// for concurrent use.
	Progress func(Stats)
	// Hosts shares each host's politeness with the other runs given the
	// same registry (the sources a daemon crawls at once); nil keeps it to
	// this run.
	Hosts *Hosts
}

func (o Options) withDefaults() Options {
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Parse == nil {
		o.Parse = parse.Parse
	}
	if o.UserAgent == "" {
		o.UserAgent = fetch.DefaultUserAgent()
	}
	o.Fetch.UserAgent = o.UserAgent
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = DefaultMaxAttempts
	}
	if o.MaxRetryWait <= 0 {
		o.MaxRetryWait = DefaultMaxRetryWait
	}
	if o.MaxCrawlDelay <= 0 {
		o.MaxCrawlDelay = DefaultMaxCrawlDelay
	}
	// A Source built by hand rather than loaded may leave limits at zero.
	if o.Source.Concurrency <= 0 {
		o.Source.Concurrency = config.DefaultConcurrency
	}
	if o.Source.MaxPages <= 0 {
		o.Source.MaxPages = config.DefaultMaxPages
	}
	return o
}

// Stats count what a run did.
type Stats struct {
	Queued     int64 // URLs queued for fetching
	Fetched    int64 // responses received, whatever their status
	NotChanged int64 // 304 answers to conditional requests
	Errors     int64 // failed fetches: no response or an error status
	New        int64 // articles archived for the first time
	Updated    int64 // articles whose content changed
	Unchanged  int64 // articles fetched again with the same content
	Refreshed  int64 // articles fetched again whose metadata the store refreshed
	Duplicates int64 // articles whose content the store held under another URL
	NotArticle int64 // HTML pages parse judged not to be articles
	Skipped    int64 // URLs refused by scope, robots.txt, traps or budget
	Bytes      int64 // body bytes received
	// ChildSitemaps counts the child sitemaps of the indexes read that
	// wait their turn, not queued yet (see Waiting).
	ChildSitemaps int64
}

// Waiting is about how many URLs the run has yet to fetch, for a
// progress line: those queued and not fetched, never below zero though
// Fetched also counts robots.txt answers and retried requests, which
// Queued does not, and the child sitemaps waiting their turn, which a
// run queues one at a time once nothing else waits: a line reading 0
// queued while they waited looked like a run about to end.
func (s Stats) Waiting() int64 { return max(s.Queued-s.Fetched, 0) + s.ChildSitemaps }

// counters is Stats with atomic fields, updated by the workers.
type counters struct {
	queued, fetched, notChanged, errors, added, updated, unchanged, refreshed, duplicates, notArticle, skipped, bytes atomic.Int64
}

func (c *counters) snapshot() Stats {
	return Stats{
		Queued: c.queued.Load(), Fetched: c.fetched.Load(), NotChanged: c.notChanged.Load(), Errors: c.errors.Load(),
		New: c.added.Load(), Updated: c.updated.Load(), Unchanged: c.unchanged.Load(), Refreshed: c.refreshed.Load(),
		Duplicates: c.duplicates.Load(),
		NotArticle: c.notArticle.Load(), Skipped: c.skipped.Load(), Bytes: c.bytes.Load(),
	}
}

// ErrNothingFetched is returned by a run that got no answer for any page
// but robots.txt: the site is unreachable, or robots.txt or the source's
// rules refuse every start page. The error names the first URL refused or
// failed, and why.
var ErrNothingFetched = errors.New("nothing fetched")

// ErrNoStart is returned when a source gives nothing to start from.
var ErrNoStart = errors.New("source has no start pages, feeds or sitemaps")

// Run crawls the source once and returns what it did. Failures of single
// pages are logged, recorded in the store and counted, not returned; Run
// fails only when the crawl cannot run at all. Cancelling ctx stops the run
// after the requests in flight.
func Run(ctx context.Context, opt Options) (Stats, error) {
	opt = opt.withDefaults()
	src := opt.Source
	if len(src.Start)+len(src.Feeds)+len(src.Sitemaps) == 0 {
		return Stats{}, fmt.Errorf("crawl %s: %w", src.Name, ErrNoStart)
	}
	if opt.Store == nil {
		return Stats{}, fmt.Errorf("crawl %s: no store", src.Name)
	}
	r, err := newRun(ctx, opt)
	if err != nil {
		return Stats{}, fmt.Errorf("crawl %s: %w", src.Name, err)
	}
	err = r.crawl(ctx)
	r.limiter.release()
	r.closeIdle()
	st := r.snapshot()
	r.scoped.warn(r.log)
	// Article counts and the saves that failed are left to the caller: a
	// store that writes behind knows them only once it has committed.
	// Debug: the caller records the run with these counts and more.
	opt.Logger.Debug("crawl finished", slog.String("source", src.Name),
		slog.Int64("fetched", st.Fetched), slog.Int64("fetch_errors", st.Errors), slog.Int64("skipped", st.Skipped))
	if err != nil {
		return st, fmt.Errorf("crawl %s: %w", src.Name, err)
	}
	// Not prefixed: a run's outcome, which its caller reports beside the
	// source's name.
	return st, r.nothingFetched()
}
