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
		client:     fetch.New(opt.Fetch),
		maxBody:    opt.Fetch.WithDefaults().MaxBodyBytes,
		maxSitemap: opt.Fetch.WithDefaults().MaxSitemapBytes,
		robots:     robotsCache{hosts: map[string]*hostRobots{}},
		parsing:    make(chan struct{}, runtime.GOMAXPROCS(0)),
	}
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
		r.log.Debug("request not sent", slog.String("url", requestURL(req)), slog.String("error", err.Error()))
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

// onRequest stamps a request's start, or aborts and requeues it when the
// run was cancelled between the queue and the wire.
func (r *run) onRequest(req *colly.Request) {
	defer r.recoverPanic(requestURL(req), req.Abort)
	if r.ctx.Err() != nil {
		req.Abort()
		r.requeue(req)
		return
	}
	if reason := r.refusedNow(req); reason != "" {
		req.Abort()
		r.stats.skipped.Add(1)
		r.log.Debug("skip", slog.String("url", requestURL(req)), slog.String("reason", reason))
		return
	}
	if r.archivedSince(req) {
		req.Abort()
		r.stats.skipped.Add(1)
		r.log.Debug("skip", slog.String("url", requestURL(req)), slog.String("reason", archivedSinceQueued))
		return
	}
	if kind(req.Ctx.Get(ctxKind)) == kindArticle && !r.opt.Hosts.claim(hostKey(req.URL), requestURL(req), r) {
		req.Abort()
		r.stats.skipped.Add(1)
		r.log.Debug("skip", slog.String("url", requestURL(req)), slog.String("reason", "asked for by another run of the process"))
		return
	}
	if k := kind(req.Ctx.Get(ctxKind)); k == kindSitemap || k == kindFeed {
		r.listings.Store(req.URL.String(), true)
	}
	req.Ctx.Put(ctxStarted, time.Now().Format(time.RFC3339Nano))
	r.cuts.start(req)
}

// bodyLimit is the cap of a request's body: a sitemap's or a feed's (or
// where its redirects lead) is the protocol's 50 MB (MaxSitemapBytes), a
// sitemap of 50,000 stories with their pictures being larger than a
// page's 10 MiB; 0, the usual cap, for every other request.
func (r *run) bodyLimit(req *http.Request) int64 {
	for q := req; q != nil; q = q.Response.Request {
		if _, ok := r.listings.Load(q.URL.String()); ok {
			return r.capOf(kindSitemap)
		}
		if q.Response == nil {
			break
		}
	}
	return 0
}

// capOf is the body cap of a request of kind k (see bodyLimit): a
// listing's, feed or sitemap, is the sitemap's.
func (r *run) capOf(k kind) int64 {
	if k == kindSitemap || k == kindFeed {
		return max(r.maxBody, r.maxSitemap)
	}
	return r.maxBody
}

// archivedSinceQueued is why a request archivedSince finds is skipped.
const archivedSinceQueued = "archived since it was queued (by another run)"

// archivedSince says whether an article request queued while nothing was
// archived from its URL now finds it archived: another source's run in
// another process (a crawl command beside the daemon), or one that
// fetched it while this run's frontier waited after a kill or a stop.
// Runs of one process ask for an article once between them already (see
// Hosts.claim); the look costs one lookup of the archive's.
func (r *run) archivedSince(req *colly.Request) bool {
	if req.Ctx.Get(ctxUnarchived) == "" {
		return false
	}
	k, err := r.opt.Store.Known(r.ctx, requestURL(req))
	return err == nil && k.Article
}

// refusedNow says why the source's deny or the host's robots.txt forbids
// a request on its way out, or returns "". A request this run queued was
// checked when it was queued; one a cancelled or killed run left in the
// frontier, resumed by this one, was checked against that run's rules,
// which a robots.txt read since or a deny added since may overrule.
func (r *run) refusedNow(req *colly.Request) string {
	if r.scope.Denies(requestURL(req)) {
		return denied
	}
	if r.opt.IgnoreRobots {
		return ""
	}
	return r.robotsRefusal(r.ctx, req.URL)
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

// enqueueRaw normalises and queues a URL the source lists under the key
// configured (start, feeds, sitemaps), or, configured "", a sitemap its
// robots.txt lists: either may lie outside allow.
func (r *run) enqueueRaw(ctx context.Context, raw string, k kind, configured string) {
	if u, ok := discover.Resolve(nil, raw); ok {
		r.enqueue(ctx, target{url: u, kind: k, force: true, configured: configured})
	}
}

// target is a URL the crawl may request.
type target struct {
	url   string // normalised
	kind  kind
	depth int
	// force skips the scope check: the feeds and sitemaps the source
	// configures, and the sitemaps its robots.txt and sitemap indexes name,
	// may live on another host. Feeds pages announce are links: in scope
	// only.
	force bool
	// listed is the feed or sitemap entry that named the URL, if any.
	listed *discover.Entry
	// configured is the key of the source's configuration that lists the
	// URL (start, feeds, sitemaps), "" for a URL the crawl found.
	configured string
}

// enqueue queues t unless it was seen, is out of scope, a trap, disallowed
// by robots.txt, already archived and unchanged, or over the budget.
func (r *run) enqueue(ctx context.Context, t target) {
	if ctx.Err() != nil {
		return
	}
	t.url = discover.WithoutSession(t.url)
	fresh, err := r.front.Visit(t.url)
	if err != nil {
		r.log.Warn("frontier", slog.String("url", t.url), slog.String("error", err.Error()))
		return
	}
	if !fresh && !r.passed.reconsider(t) {
		return
	}
	// An article is judged by the first link or entry that names it; one
	// passed over stays open to a listing that dates it later.
	judging := t.kind == kindArticle
	if judging {
		r.passed.begin(t.url)
	}
	u, err := url.Parse(t.url)
	if err != nil {
		return
	}
	reason := r.refusal(ctx, t, u)
	if !t.force {
		r.scoped.count(t.url, reason != outOfScope && reason != denied)
	}
	if reason != "" {
		if judging {
			r.passed.end(t.url, true) // refused for good: nothing to reconsider
		}
		r.refuse(ctx, t, u, reason)
		return
	}
	known, err := r.opt.Store.Known(ctx, t.url)
	if err != nil {
		r.log.Warn("store lookup failed", slog.String("url", t.url), slog.String("error", err.Error()))
	}
	worth := r.worthFetching(t, known)
	if judging {
		// A dated entry that came while this one was judged decides.
		if d := r.passed.end(t.url, worth); d != nil {
			t, worth = *d, r.worthFetching(*d, known)
			if !worth {
				r.passed.pass(t.url)
			}
		}
	}
	if !worth {
		return
	}
	if r.onlyRefresh(t, known) {
		r.refreshes.add(t, u, known)
		return
	}
	r.queue(t, u, known)
}

// refuse counts and notes a URL refused for reason. One refused because
// the run stopped (its host's robots.txt was being read) is queued for
// the run that resumes this one, which would otherwise take it for seen.
func (r *run) refuse(ctx context.Context, t target, u *url.URL, reason string) {
	if ctx.Err() != nil {
		r.push(t, u, Known{})
		return
	}
	r.stats.skipped.Add(1)
	r.noteMiss(t.url, "refused", reason)
	if t.configured != "" {
		// The source asked for it by name: its operator is to know why it
		// is not read (robots.txt disallows it, say), run after run.
		r.log.Warn("configured URL refused: not fetched", slog.String("url", t.url),
			slog.String("listed_under", t.configured), slog.String("reason", reason))
		return
	}
	r.log.Debug("skip", slog.String("url", t.url), slog.String("reason", reason))
}

// queue pushes t within the run's budget, and reports whether it did.
func (r *run) queue(t target, u *url.URL, known Known) bool {
	if r.budget.Add(-1) < 0 {
		r.stats.skipped.Add(1)
		r.overBudget.add(t, known)
		return false
	}
	r.push(t, u, known)
	r.stats.queued.Add(1)
	r.progress()
	return true
}

// progress reports the counts so far to the Progress callback.
func (r *run) progress() {
	if r.opt.Progress != nil {
		r.opt.Progress(r.stats.snapshot())
	}
}

// The refusals of a URL outside the source's allow, and of one its deny
// names.
const (
	outOfScope = "out of scope"
	denied     = "the source's deny names it"
)

// refusal names the rule that forbids requesting t, or returns "". A
// forced target may lie outside allow, never in deny: the source's deny
// wins over the sitemaps its robots.txt and sitemap indexes name, and
// over what it lists itself.
func (r *run) refusal(ctx context.Context, t target, u *url.URL) string {
	if r.scope.Denies(t.url) {
		return denied
	}
	if !t.force && !r.scope.Allows(t.url) {
		return outOfScope
	}
	if err := r.traps.Check(u); err != nil {
		return err.Error()
	}
	if !r.opt.IgnoreRobots {
		return r.robotsRefusal(ctx, u)
	}
	return ""
}

// worthFetching decides whether a known URL needs another look: a child
// sitemap when its index dates it after the last answer, or it is current
// (see childDue); a Gone page when
// a listing dates it after that, or once GoneRecheck has passed; an
// archived article when a listing dates it after the last fetch, or when
// it is due for a refresh (see refreshDue).
func (r *run) worthFetching(t target, k Known) bool {
	if t.kind == kindSitemap && t.listed != nil && !k.Fetched.IsZero() {
		return r.childDue(t, k)
	}
	// An undated entry proves nothing: an archived article is not fetched
	// again for every listing that names it without a date.
	listedLater := func(after time.Time) bool {
		return t.listed != nil && t.listed.Unsettled(after, r.opt.Now())
	}
	if k.Gone && (t.kind == kindArticle || t.depth > 0) {
		return listedLater(k.Checked) || r.opt.Now().Sub(k.Checked) >= GoneRecheck
	}
	// A link that does not look like an article, such as /latest, is
	// asked again even when it last led to one (conditionally: it may
	// lead elsewhere now).
	if t.kind != kindArticle || !k.Article {
		return true
	}
	// A 304 to a listing's newer date settles it: the page did not change.
	return listedLater(k.answered()) || r.refreshDue(k)
}

// GoneRecheck is how long a page that answered 404 or 410, or redirected
// out of the scope (see AnswerGone), is left alone before it is asked for
// again (unless a listing dates it since): links to removed pages stay on
// a site for years, and asking every run is noise in the site's logs and
// the run's errors.
const GoneRecheck = 7 * 24 * time.Hour

// dated reports whether a listing entry gives a date.
func dated(e *discover.Entry) bool { return !e.Modified.IsZero() || !e.Published.IsZero() }

// push adds t to the queue, conditional on the last fetch's validators.
func (r *run) push(t target, u *url.URL, k Known) {
	h := http.Header{}
	if k.ETag != "" {
		h.Set("If-None-Match", k.ETag)
	}
	if k.LastModified != "" {
		h.Set("If-Modified-Since", k.LastModified)
	}
	c := colly.NewContext()
	c.Put(ctxKind, string(t.kind))
	c.Put(ctxURL, t.url)
	if t.kind == kindArticle && !k.Article {
		c.Put(ctxUnarchived, "1")
	}
	req := &colly.Request{URL: u, Method: http.MethodGet, Depth: t.depth, Ctx: c, Headers: &h}
	if err := r.queueRequest(req); err != nil {
		r.log.Warn("queue full", slog.String("url", t.url), slog.String("error", err.Error()))
	}
}

// requeue puts back a request the cancelled run took from the frontier
// and did not complete, so that a run resuming from the frontier fetches
// it. Without it, every request waiting for its host's turn at the cancel
// would be lost from a frontier that forgets what it hands out. A
// persistent frontier still holds it (see Frontier) and must not queue it
// twice.
func (r *run) requeue(req *colly.Request) {
	if req == nil {
		return
	}
	if err := r.queueRequest(req); err != nil {
		r.log.Warn("requeue", slog.String("url", requestURL(req)), slog.String("error", err.Error()))
	}
}

// queueRequest stores a request in the frontier for the dispatcher.
func (r *run) queueRequest(req *colly.Request) error {
	raw, err := req.Marshal()
	if err != nil {
		return err
	}
	return r.disp.add(raw)
}

// mustParse parses a URL that discover already normalised.
func mustParse(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		return &url.URL{}
	}
	return u
}

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
