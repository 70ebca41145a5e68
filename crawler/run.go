package crawler

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gocolly/colly/v2"

	"github.com/newsarchive/newsarchive/crawler/discover"
	"github.com/newsarchive/newsarchive/crawler/fetch"
	"github.com/newsarchive/newsarchive/parse/urlnorm"
)

// kind is why a URL is requested; it decides how its response is read.
type kind string

const (
	kindPage    kind = "page"    // start, section and other listing pages
	kindArticle kind = "article" // a page that looks like one article
	kindFeed    kind = "feed"
	kindSitemap kind = "sitemap"
)

// Keys of the colly request context. Values must survive the queue's JSON
// round trip, so they are strings.
const (
	ctxKind    = "kind"
	ctxURL     = "url"
	ctxStarted = "started"
	ctxAttempt = "attempt"
	// ctxUnarchived marks an article request queued while nothing was
	// archived from its URL (see archivedSince).
	ctxUnarchived = "unarchived"
	// ctxUnconditional marks a listing asked again without its last
	// fetch's validators, its stored copy unreadable (see replay).
	ctxUnconditional = "unconditional"
	// ctxListed is the publication the feed or sitemap entry that named
	// an article gave it (see parse.Page.Listed), in RFC 3339.
	ctxListed = "listed"
)

// run is the state of one crawl.
type run struct {
	ctx     context.Context
	opt     Options
	log     *slog.Logger
	scope   *discover.Scope
	traps   discover.TrapRules
	client  *fetch.Client // robots.txt only; pages go through colly
	pages   *http.Client  // colly's
	limiter *hostLimiter  // pages' per-host turns
	maxBody int64
	// maxSitemap caps a sitemap's body (see bodyLimit).
	maxSitemap int64
	// listings are the URLs of the sitemap and feed requests gone out,
	// which may be as large as the sitemap protocol allows (see
	// bodyLimit): a feed may be a sitemap listed under feeds.
	listings sync.Map
	robots   robotsCache
	coll     *colly.Collector
	front    Frontier
	disp     *dispatcher
	budget   atomic.Int64
	stats    counters
	// refreshes are the looks at archived articles the refresh period
	// asks for, queued once the run has nothing else to do.
	refreshes deferredLooks
	// backlog is what the last complete run left over its budget, queued
	// once this run has nothing of its own to fetch (the dispatcher's
	// drained hook, one goroutine at a time); overBudget collects what
	// this run leaves for the next.
	backlog    []Later
	overBudget overBudget
	// children are the child sitemaps of the indexes read, queued a few
	// at a time (see queueChildren).
	children childQueue
	// resumed is set when the run carries on an unfinished one, whose
	// children waiting it finds again (see childrenLeftWaiting); met
	// holds the sitemaps this run met, each looked at once.
	resumed bool
	met     sync.Map
	// passed holds archived articles passed over for an undated link or
	// an older date: a listing that dates them later in the run still
	// gets them looked at.
	passed passedOver
	// parsing holds a slot per core: extraction is CPU-bound, and more
	// parses at once than cores only hold more pages' DOMs in memory.
	parsing chan struct{}
	// robotsFetched counts the robots.txt answers among stats.fetched, and
	// firstMiss is the first URL refused or failed, with why: a run that
	// fetched nothing else tells its caller why (ErrNothingFetched).
	robotsFetched atomic.Int64
	firstMiss     atomic.Pointer[string]
	// answered counts the pages a server answered about (2xx within the
	// body cap, 304, 404, 410): a run with none reached no working site.
	answered atomic.Int64
	// downLogged holds the hosts whose going down was logged: the pages
	// still queued for such a host fail one by one, quietly.
	downLogged sync.Map
	// offsiteFeeds holds the feeds announced outside the scope that were
	// logged, once each per run.
	offsiteFeeds sync.Map
	// listedLate holds the publications listings gave articles already
	// queued by a link that gave none (see noteListed).
	listedLate sync.Map
	lateCount  atomic.Int64
	// cuts are the redirects not followed to a page fetched already.
	cuts shortcuts
	// scoped tells links within the scope from those outside it.
	scoped scopeTally
	// newsLooks counts the stored child sitemaps looked at for a Google
	// News sitemap (see storedNews).
	newsLooks atomic.Int64
}

// noteMiss remembers the first URL the run refused or failed to fetch:
// what befell it ("refused", "failed") and why.
func (r *run) noteMiss(rawURL, what, why string) {
	if r.firstMiss.Load() != nil {
		return // every refused link of every page comes here
	}
	s := rawURL + " " + what + ": " + why
	r.firstMiss.CompareAndSwap(nil, &s)
}

// nothingFetched returns ErrNothingFetched naming the first miss when the
// run got no answer but robots.txt files and failures (a site answering
// 500 to every page), nil otherwise.
func (r *run) nothingFetched() error {
	if r.answered.Load() > 0 {
		return nil
	}
	if why := r.firstMiss.Load(); why != nil {
		return fmt.Errorf("%w: %s", ErrNothingFetched, *why)
	}
	return ErrNothingFetched
}

func newRun(ctx context.Context, opt Options) (*run, error) {
	src := opt.Source
	r := &run{
		ctx:        ctx,
		opt:        opt,
		log:        opt.Logger.With(slog.String("source", src.Name)),
		scope:      discover.NewScope(scopeSeeds(src.Start, src.Feeds, src.Sitemaps), src.Allow, src.Deny),
		traps:      discover.TrapRules{Now: opt.Now()},
		maxBody:    opt.Fetch.WithDefaults().MaxBodyBytes,
		maxSitemap: opt.Fetch.WithDefaults().MaxSitemapBytes,
		robots:     robotsCache{hosts: map[string]*hostRobots{}},
		parsing:    make(chan struct{}, runtime.GOMAXPROCS(0)),
	}
	r.client = fetch.New(opt.Fetch).WithRedirects(r.robotsRedirect)
	r.budget.Store(int64(src.MaxPages))
	r.coll = colly.NewCollector(
		colly.StdlibContext(ctx),
		colly.UserAgent(opt.UserAgent),
		colly.AllowURLRevisit(), // the run keeps its own visited set
		colly.IgnoreRobotsTxt(), // robots.txt is read by robotsFor, with Google's semantics
		colly.ParseHTTPErrorResponse(),
		colly.MaxBodySize(0), // the transport caps bodies, after decompression
	)
	ignoreCollyEnv(r.coll, opt.UserAgent)
	// Politeness per host is the transport's (see hostLimiter), not colly
	// limit rules: those are fixed before the run, and every host met on
	// the way needs its own.
	r.pages, r.limiter = httpClient(opt.Fetch, src.Cookies, r.ruleFor, r.followRedirect, r.bodyLimit)
	r.limiter.maxPause, r.limiter.shared = opt.MaxRetryWait, opt.Hosts
	r.coll.SetClient(r.pages)
	r.front = opt.Frontier
	if r.front == nil {
		r.front = NewMemFrontier(src.MaxPages + 1)
	}
	if err := r.front.Init(); err != nil {
		return nil, fmt.Errorf("frontier: %w", err)
	}
	r.resumed = r.front.Resumed()
	r.disp = newDispatcher(ctx, r.front, r.limiter.parallel)
	r.disp.drained = r.queueLeftovers
	r.coll.OnRequest(r.onRequest)
	r.coll.OnResponse(r.handle)
	r.coll.OnError(r.handleError)
	return r, nil
}

// workers is how many requests a run handles at once: more than one host
// may take, so that other hosts are served while a slow or Crawl-delayed
// host holds its turns. It bounds the bodies in memory across all hosts.
func (r *run) workers() int { return max(r.opt.Source.Concurrency, 1) * hostsAtOnce }

// work handles the requests the dispatcher hands out until the run ends.
func (r *run) work() {
	for {
		w, ok := r.disp.next()
		if !ok {
			return
		}
		r.do(w)
	}
}

// do sends one queued request through colly, whose callbacks record it.
func (r *run) do(w waiting) {
	defer r.disp.done(w.host)
	req, err := r.coll.UnmarshalRequest(w.req)
	if err != nil {
		r.log.Warn("unreadable queued request", slog.String("error", err.Error()))
		return
	}
	normalizeQueued(req)
	defer r.recoverPanic(requestURL(req), nil)
	if err := req.Do(); err != nil && !errors.Is(err, colly.ErrAbortedBeforeRequest) {
		r.log.Debug("request not sent", slog.String("url", requestURL(req)), slog.String("error", urlnorm.RedactURLs(err.Error())))
	}
}

// normalizeQueued writes the URL a request is recorded under in the
// normal form of this build: a run resumed from a frontier an older build
// queued holds its spellings (%7e, not ~), which the archive, upgraded,
// keys otherwise.
func normalizeQueued(req *colly.Request) {
	u := req.Ctx.Get(ctxURL)
	if n, err := urlnorm.Normalize(u); err == nil && n != u {
		req.Ctx.Put(ctxURL, n)
	}
}

// closeIdle closes the run's idle connections: each run builds its own
// transports, and kept-alive connections of a finished run would hold a
// file and two goroutines each until the server dropped them.
func (r *run) closeIdle() {
	r.pages.CloseIdleConnections()
	r.client.HTTPClient().CloseIdleConnections()
}

// scopeSeeds are the URLs whose hosts a source may crawl by default: its
// start pages, or its feeds and sitemaps when it has no start pages.
func scopeSeeds(start, feeds, sitemaps []string) []string {
	if len(start) > 0 {
		return start
	}
	return append(append([]string{}, feeds...), sitemaps...)
}

// crawl seeds the queue and runs it until it is empty or ctx is done.
func (r *run) crawl(ctx context.Context) error {
	src := r.opt.Source
	for _, s := range src.Start {
		r.enqueueRaw(ctx, s, kindPage, "start")
	}
	for _, s := range src.Feeds {
		r.enqueueRaw(ctx, s, kindFeed, "feeds")
	}
	for _, s := range src.Sitemaps {
		r.enqueueRaw(ctx, s, kindSitemap, "sitemaps")
	}
	r.seedRobotsSitemaps(ctx)
	r.loadBacklog(ctx)
	// On cancellation no more requests are handed out, and those in
	// flight fail with the context.
	defer r.disp.wakeOnCancel()()
	var wg sync.WaitGroup
	for range r.workers() {
		wg.Go(r.work)
	}
	wg.Wait()
	r.coll.Wait()
	if err := r.disp.giveBack(); err != nil {
		return fmt.Errorf("frontier: %w", err)
	}
	if ctx.Err() != nil {
		// The redirects cut short stay queued in a kept frontier: the
		// run that resumes this one asks them again.
		return ctx.Err()
	}
	r.saveShortcuts(ctx)
	r.keepBacklog(ctx)
	r.noteChildrenLeft()
	return nil
}

// seedRobotsSitemaps queues the sitemaps the start hosts' robots.txt lists.
func (r *run) seedRobotsSitemaps(ctx context.Context) {
	if r.opt.IgnoreRobots {
		return
	}
	for _, s := range scopeSeeds(r.opt.Source.Start, nil, nil) {
		if u, err := url.Parse(s); err == nil {
			robotsURL := &url.URL{Scheme: u.Scheme, Host: u.Host, Path: "/robots.txt"}
			for _, sm := range r.robotsFor(ctx, u).Sitemaps(robotsURL) {
				r.enqueueRaw(ctx, sm, kindSitemap, "")
			}
		}
	}
}

// progress reports the counts so far to the Progress callback.
func (r *run) progress() {
	if r.opt.Progress != nil {
		r.opt.Progress(r.snapshot())
	}
}

// snapshot is the run's counts so far.
func (r *run) snapshot() Stats {
	st := r.stats.snapshot()
	st.ChildSitemaps = int64(r.children.left())
	return st
}

// The refusals of a URL outside the source's allow, and of one its deny
// names.
const (
	outOfScope = "out of scope"
	denied     = "the source's deny names it"
)

// GoneRecheck is how long a page that answered 404 or 410, or redirected
// out of the scope (see AnswerGone), is left alone before it is asked for
// again (unless a listing dates it since): links to removed pages stay on
// a site for years, and asking every run is noise in the site's logs and
// the run's errors.
const GoneRecheck = 7 * 24 * time.Hour

// ignoreCollyEnv sets again what colly's COLLY_* environment variables
// override after the collector's options: a crawl follows its source's
// configuration alone. Left alone, COLLY_MAX_BODY_SIZE would truncate
// bodies, COLLY_CACHE_DIR serve stale pages from disk, COLLY_DETECT_CHARSET
// rewrite the bytes archived and COLLY_USER_AGENT hide who crawls. Cookies
// and redirects are the crawl's own client's, which colly's variables do
// not reach.
func ignoreCollyEnv(c *colly.Collector, userAgent string) {
	c.UserAgent = userAgent
	c.AllowedDomains, c.DisallowedDomains = nil, nil
	c.CacheDir = ""
	c.DetectCharset = false
	c.IgnoreRobotsTxt = true
	c.MaxBodySize, c.MaxDepth, c.MaxRequests = 0, 0, 0
	c.ParseHTTPErrorResponse = true
	c.TraceHTTP = false
}
