package crawler

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/newsarchive/newsarchive/crawler/fetch"
	"github.com/newsarchive/newsarchive/parse/urlnorm"
)

// hostsAtOnce is how many hosts a crawl serves at full concurrency at the
// same time: the queue runs Concurrency × hostsAtOnce workers and the host
// limiter holds each host to its own Concurrency. It bounds the requests
// in flight, and so the memory of bodies, across all hosts.
const hostsAtOnce = 4

// hostRule is the politeness owed to one host.
type hostRule struct {
	parallel int           // requests in flight at most
	delay    time.Duration // between the starts of two requests
	// paceCap bounds the pause a slow answer earns its host (see
	// hostSlots.paceAfter); 0 leaves the pace to delay alone.
	paceCap time.Duration
}

// hostLimiter is an http.RoundTripper that holds every host to its rule: at
// most rule.parallel requests in flight, from the request sent to its body
// closed, and rule.delay between the starts of consecutive requests. A
// host's state is made on its first request, with the rule ruleFor gives
// then. Every hop of a redirect chain waits its host's turn.
//
// The fetch timeout starts when the turn comes, not before: waiting behind
// a host's Crawl-delay is politeness, not a slow server. A redirect keeps
// the deadline of the hop before it, so timeout bounds the whole chain.
type hostLimiter struct {
	next    http.RoundTripper
	ruleFor func(ctx context.Context, u *url.URL) hostRule
	timeout time.Duration
	// maxPause bounds how long a server's Retry-After holds its host.
	maxPause time.Duration

	// shared holds the hosts' states the process's other runs share (see
	// Hosts); nil keeps them to this run.
	shared *Hosts

	mu    sync.Mutex
	hosts map[string]*runHost
}

// runHost is a host as one run uses it: the host's state, shared or not,
// and the run's rule for it, given once.
type runHost struct {
	slots *hostSlots
	ruled sync.Once
}

func newHostLimiter(next http.RoundTripper, timeout time.Duration, ruleFor func(context.Context, *url.URL) hostRule) *hostLimiter {
	return &hostLimiter{next: next, ruleFor: ruleFor, timeout: timeout, hosts: map[string]*runHost{}}
}

// release gives the hosts this run used back to the process's registry.
func (l *hostLimiter) release() {
	l.mu.Lock()
	defer l.mu.Unlock()
	keys := make([]string, 0, len(l.hosts))
	for k := range l.hosts {
		keys = append(keys, k)
	}
	l.shared.leave(keys)
	clear(l.hosts)
}

// hostSlots is the state of one host.
type hostSlots struct {
	once  sync.Once
	rule  hostRule
	slots chan struct{} // a token per request in flight
	ready atomic.Bool   // rule and slots are set

	mu     sync.Mutex
	next   time.Time // the earliest start of the next request
	last   time.Time // when the last request started (see claim)
	paused time.Time // no request starts before: the server asked to wait
	// failures counts the requests in a row that got no answer,
	// serverErrors those answered with a server error (5xx).
	failures, serverErrors int
	// sent counts the requests on the wire, their turn taken and not
	// given back (see awaitVerdict).
	sent atomic.Int32
	// early lets one robots.txt at a time on the wire before the host
	// has slots; robotsOut counts it, and owed is the slot the rule,
	// once made, took for it (see robotsSlot). Under mu.
	early           chan struct{}
	robotsOut, owed int
}

// hostDownAfter is how many requests to a host in a row may get no answer
// at all (refused, reset, timed out) before the run stops asking it: a
// host that dies mid-run would otherwise cost every page still queued for
// it its timeouts. Those pages are recorded as failed, and the next run
// asks again.
const hostDownAfter = 5

// hostFailingAfter is how many requests to a host in a row may be
// answered with a server error (5xx, after their retries) before the run
// stops asking it: a site in an outage answers every page 500 or 503 at
// once, and asking on at full pace would only add to its load, with a
// warning per page. A page that fails alone, among pages that load, does
// not count against its host.
const hostFailingAfter = 10

// errHostDown fails the requests to a host that stopped answering.
var errHostDown = errors.New("host down")

// RoundTrip waits for the host's turn, then sends req with the fetch's
// deadline. The turn is given back when the body is closed.
func (l *hostLimiter) RoundTrip(req *http.Request) (*http.Response, error) {
	h := l.host(req.Context(), req.URL)
	if err := h.downErr(req.URL.Host); err != nil {
		return nil, err
	}
	if err := h.acquire(req.Context()); err != nil {
		return nil, fmt.Errorf("wait for %s: %w", req.URL.Host, err)
	}
	if err := h.awaitVerdict(req.Context(), req.URL.Host); err != nil {
		h.release()
		return nil, err
	}
	h.sent.Add(1)
	ctx, cancel := context.WithDeadline(req.Context(), l.deadline(req))
	start := time.Now()
	turn := func() {
		h.paceAfter(time.Since(start))
		h.sent.Add(-1)
		h.release()
	}
	resp, err := l.next.RoundTrip(req.WithContext(ctx))
	if err != nil {
		h.noAnswer(req.Context())
		cancel()
		turn()
		return nil, err
	}
	l.pauseIfAsked(hostKey(req.URL), resp)
	h.serverAnswered(resp.StatusCode)
	resp.Body = &releasingBody{ReadCloser: resp.Body, cancel: cancel, turn: turn, ctx: req.Context(), host: h}
	return resp, nil
}

// firstBackoff is how long a host that answered 429 or 503 without a
// usable Retry-After is paused.
const firstBackoff = 500 * time.Millisecond

// pauseIfAsked pauses a host that answered 429 (too many requests) or 503
// (unavailable) for its Retry-After, at least firstBackoff, up to maxPause: the
// server asked the crawler to slow down, not only for that page. It runs
// before the host's turn is given back, so no request slips in between.
func (l *hostLimiter) pauseIfAsked(host string, resp *http.Response) {
	if resp.StatusCode != http.StatusTooManyRequests && resp.StatusCode != http.StatusServiceUnavailable {
		return
	}
	now := time.Now()
	wait := firstBackoff // at least, though Retry-After say 0 or a date gone by
	if asked, ok := retryAfter(resp.Header.Get("Retry-After"), now); ok {
		wait = max(wait, asked)
	}
	l.pause(host, now.Add(min(wait, l.maxPause)))
}

// CloseIdleConnections closes the idle connections of the wrapped
// transport; http.Client.CloseIdleConnections calls it.
func (l *hostLimiter) CloseIdleConnections() { closeIdle(l.next) }

// deadline is when the fetch req belongs to must end: timeout from now for
// a first request, the deadline of the hop before for a redirect.
func (l *hostLimiter) deadline(req *http.Request) time.Time {
	if prev := req.Response; prev != nil && prev.Request != nil {
		if d, ok := prev.Request.Context().Deadline(); ok {
			return d
		}
	}
	return time.Now().Add(l.timeout)
}

// host returns the state of u's host, made or joined on first use.
func (l *hostLimiter) host(ctx context.Context, u *url.URL) *hostSlots {
	rh := l.runHost(u)
	// Outside the lock: the rule may need the host's robots.txt.
	rh.ruled.Do(func() { rh.slots.setRule(l.ruleFor(ctx, u)) })
	return rh.slots
}

// runHost returns the run's use of u's host, joining the process's
// registry on first use.
func (l *hostLimiter) runHost(u *url.URL) *runHost {
	key := hostKey(u)
	l.mu.Lock()
	defer l.mu.Unlock()
	rh, ok := l.hosts[key]
	if !ok {
		rh = &runHost{slots: l.shared.join(key)}
		l.hosts[key] = rh
	}
	return rh
}

// parallel tells how many requests a host may have in flight; known is
// false until the host's first request has set its rule.
func (l *hostLimiter) parallel(host string) (n int, known bool) {
	l.mu.Lock()
	rh, ok := l.hosts[host]
	l.mu.Unlock()
	if !ok || !rh.slots.ready.Load() {
		return 0, false
	}
	return cap(rh.slots.slots), true
}

// hostKey is how the limiter names u's host: in its normal form, so that
// a start URL or a redirect naming the scheme's port, in capitals or in
// letters beyond ASCII (http://127.0.0.1:80/, HTTP://NEWS.EXAMPLE/,
// http://café.example/) shares the host's slots, delay and robots.txt.
func hostKey(u *url.URL) string {
	if host := urlnorm.Host(u); host != "" {
		return host
	}
	return strings.ToLower(u.Host)
}

// acquire takes a slot and waits for the host's next start; it gives up,
// holding nothing, when ctx is done.
func (h *hostSlots) acquire(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	select {
	case h.slots <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	// The request waits for its booked start, then claims it: the wait
	// may end late, or a pause may come meanwhile (see claim).
	for wait := h.reserve(); wait > 0; wait = h.claim() {
		if err := sleep(ctx, wait); err != nil {
			h.release()
			return err
		}
	}
	return nil
}

// reserve books the next start on the host and returns the wait for it;
// a request that need not wait starts now.
func (h *hostSlots) reserve() time.Duration {
	h.mu.Lock()
	defer h.mu.Unlock()
	now := time.Now()
	wait := h.book(now)
	if wait <= 0 {
		h.started(now)
	}
	return wait
}

// claim starts, once its booked wait has passed, a request now, or
// returns how much longer it must wait. A pause that came meanwhile books
// it a start after the pause, behind the others that waited, so they go
// out a delay apart and not all at once when it ends. A wait that ended
// late (a loaded machine wakes a sleeper tens of milliseconds past its
// time) moved the request before it too: the delay counts from when that
// one went out, not from when it was booked, or two requests to the host
// went out a fraction of the delay apart.
func (h *hostSlots) claim() time.Duration {
	h.mu.Lock()
	defer h.mu.Unlock()
	now := time.Now()
	if h.paused.After(now) {
		return h.book(now)
	}
	if wait := h.last.Add(h.rule.delay).Sub(now); wait > 0 {
		return wait
	}
	h.started(now)
	return 0
}

// started records a request's start at now: the next may start a delay
// after it, whenever it was booked. h.mu is held.
func (h *hostSlots) started(now time.Time) {
	h.last = now
	h.next = later(h.next, now.Add(h.rule.delay))
}

// book books the next start, after the host's pause and a delay after the
// start booked before, and returns the wait for it. h.mu is held.
func (h *hostSlots) book(now time.Time) time.Duration {
	start := later(now, later(h.next, h.paused))
	h.next = start.Add(h.rule.delay)
	return start.Sub(now)
}

// paceAfter keeps the host's next start at least as long after an answer
// as the answer took, up to the rule's paceCap: a server that slows down
// under the crawl gets more time between requests, as Heritrix's delay
// factor gives it, while a quick one is held to the delay alone. It runs
// before the request's turn is given back, so the next start sees it.
func (h *hostSlots) paceAfter(took time.Duration) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.rule.paceCap > 0 {
		h.next = later(h.next, time.Now().Add(min(took, h.rule.paceCap)))
	}
}

// downErr tells whether the host stopped answering, as an error naming it.
func (h *hostSlots) downErr(host string) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	switch {
	case h.failures >= hostDownAfter:
		return fmt.Errorf("%w: %s left %d requests in a row unanswered; not asked again this run", errHostDown, host, h.failures)
	case h.serverErrors >= hostFailingAfter:
		return fmt.Errorf("%w: %s answered %d requests in a row with a server error (5xx); not asked again this run",
			errHostDown, host, h.serverErrors)
	}
	return nil
}

// serverAnswered counts an answer with a server error (5xx) in the
// host's row of them, or starts the row over.
func (h *hostSlots) serverAnswered(status int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if status >= 500 && status <= 599 {
		h.serverErrors++
		return
	}
	h.serverErrors = 0
}

// verdictPoll is how often a request to a host that left one unanswered
// looks whether the others in flight were answered.
const verdictPoll = 20 * time.Millisecond

// awaitVerdict holds a request to a host that left the last one
// unanswered until the others on the wire end (it holds a turn itself, so
// those that wait as it does are not counted), and then fails it if the
// host is down: requests that all time out together end together, and a
// request admitted as the first of them gave its turn back would be sent
// to a host about to be given up, to wait out its own timeout.
func (h *hostSlots) awaitVerdict(ctx context.Context, host string) error {
	for h.suspect() && h.sent.Load() > 0 {
		if err := sleep(ctx, verdictPoll); err != nil {
			return fmt.Errorf("wait for %s: %w", host, err)
		}
	}
	return h.downErr(host)
}

// suspect reports whether the host's last request got no answer.
func (h *hostSlots) suspect() bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.failures > 0
}

// noAnswer counts a request that got no answer, unless the crawl itself
// was stopping (ctx is the request's, not the fetch's deadline).
func (h *hostSlots) noAnswer(ctx context.Context) {
	if ctx.Err() != nil {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.failures++
}

// answered starts the count of unanswered requests over.
func (h *hostSlots) answered() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.failures = 0
}

// pause holds every request to host, those already waiting included,
// until until: the server answered 429 or 503 and asked the crawl to wait.
func (l *hostLimiter) pause(host string, until time.Time) {
	l.mu.Lock()
	rh, ok := l.hosts[host]
	l.mu.Unlock()
	if !ok {
		return
	}
	h := rh.slots
	h.mu.Lock()
	defer h.mu.Unlock()
	h.paused = later(h.paused, until)
}

// later returns the later of a and b.
func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

func (h *hostSlots) release() { <-h.slots }

// sleep waits d or until ctx is done.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// releasingBody gives the host's turn back when the body is closed, and
// then counts the request answered, or unanswered when its body ran out
// of time: a host that sends its headers and then a few bytes a second
// answers nothing, and five such pages in a row take it out of the run as
// a silent host is.
type releasingBody struct {
	io.ReadCloser
	once, given sync.Once
	cancel      context.CancelFunc // ends the fetch's deadline
	turn        func()             // paces the host after the answer and gives its turn back
	ctx         context.Context    // the request's, to tell a stopping crawl apart
	host        *hostSlots
	timedOut    bool
}

func (b *releasingBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err != nil && err != io.EOF && fetch.IsTimeout(err) {
		b.timedOut = true
	}
	return n, err
}

func (b *releasingBody) Close() error {
	err := b.ReadCloser.Close()
	b.once.Do(func() {
		if b.timedOut {
			b.host.noAnswer(b.ctx)
		} else {
			b.host.answered()
		}
		b.cancel()
		b.giveBack()
	})
	return err
}

// giveBack gives the host's turn back, once: when the body is closed, or
// sooner for a redirect (see giveBackHop).
func (b *releasingBody) giveBack() { b.given.Do(b.turn) }

// giveBackHop gives back the host's turn that the hop before req holds
// until its body is closed, after req is judged. The hop's answer, a
// redirect, is in; judging req may read the robots.txt of req's host,
// which takes one of the host's slots (see robotsSlot): a redirect from
// http to https on a host allowed one request at a time would otherwise
// wait for ever for the slot its own chain holds.
func giveBackHop(req *http.Request) {
	if prev := req.Response; prev != nil {
		if b, ok := prev.Body.(*releasingBody); ok {
			b.giveBack()
		}
	}
}

// closeIdle closes the idle connections of rt, when it has any.
func closeIdle(rt http.RoundTripper) {
	if c, ok := rt.(interface{ CloseIdleConnections() }); ok {
		c.CloseIdleConnections()
	}
}

// ruleFor is the source's concurrency and delay for u's host; a host
// whose robots.txt sets a longer Crawl-delay (bounded by MaxCrawlDelay)
// gets one request at a time with that delay. A host crawled with a delay
// is also paced by its answers' durations, up to MaxCrawlDelay; a source
// with no delay (its operator's own servers, benchmarks) is not.
func (r *run) ruleFor(ctx context.Context, u *url.URL) hostRule {
	rule := r.sourceRule(ctx, u)
	if rule.delay > 0 {
		rule.paceCap = r.opt.MaxCrawlDelay
	}
	return rule
}

// sourceRule is the concurrency and delay the source and the host's
// robots.txt set.
func (r *run) sourceRule(ctx context.Context, u *url.URL) hostRule {
	src := r.opt.Source
	rule := hostRule{parallel: max(src.Concurrency, 1), delay: src.Delay}
	if r.opt.IgnoreRobots {
		return rule
	}
	if cd := min(r.robotsFor(ctx, u).CrawlDelay(), r.opt.MaxCrawlDelay); cd > rule.delay {
		rule = hostRule{parallel: 1, delay: cd}
	}
	return rule
}
