package crawler

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/newsarchive/newsarchive/crawler/discover"
	"github.com/newsarchive/newsarchive/crawler/fetch"
)

// robotsCache holds the robots.txt of each host for one run. Each host's
// file is fetched once, by the first URL that needs it.
type robotsCache struct {
	mu    sync.Mutex
	hosts map[string]*hostRobots
}

type hostRobots struct {
	once   sync.Once
	robots *discover.Robots
	// closed says why the whole host is disallowed for the run when its
	// robots.txt could not be read (unreachable, 5xx, 429); "" otherwise.
	closed string
}

// robotsFor returns the rules for u's host, fetching them on first use.
// Rules are shared per scheme and host.
func (r *run) robotsFor(ctx context.Context, u *url.URL) *discover.Robots {
	return r.hostRobots(ctx, u).robots
}

// robotsRefusal says why robots.txt refuses u, or "" when it allows it.
func (r *run) robotsRefusal(ctx context.Context, u *url.URL) string {
	h := r.hostRobots(ctx, u)
	switch {
	case h.robots.Allowed(u):
		return ""
	case h.closed != "":
		return h.closed
	}
	return "disallowed by robots.txt"
}

// hostRobots returns the robots.txt record of u's host, fetching it on
// first use.
func (r *run) hostRobots(ctx context.Context, u *url.URL) *hostRobots {
	key := strings.ToLower(u.Scheme) + "://" + hostKey(u)
	r.robots.mu.Lock()
	h, ok := r.robots.hosts[key]
	if !ok {
		h = &hostRobots{}
		r.robots.hosts[key] = h
	}
	r.robots.mu.Unlock()
	h.once.Do(func() { h.robots, h.closed = r.fetchRobots(ctx, u) })
	return h
}

// fetchRobots fetches and reads one host's robots.txt and records the
// fetch. A host that cannot be reached is disallowed for the run, as a 5xx
// or a 429 is; closed then says why.
func (r *run) fetchRobots(ctx context.Context, page *url.URL) (rules *discover.Robots, closed string) {
	robotsURL := &url.URL{Scheme: strings.ToLower(page.Scheme), Host: hostKey(page), Path: "/robots.txt"}
	u := robotsURL.String()
	host := r.limiter.joined(robotsURL)
	ans, ok := r.robotsAnswer(ctx, host, robotsURL)
	if !ok {
		// The run was stopped: the host did not fail, and the next run asks.
		rules, _ := discover.ParseRobots(http.StatusServiceUnavailable, nil, r.opt.UserAgent)
		return rules, "the run was stopped"
	}
	status, body := http.StatusServiceUnavailable, []byte(nil)
	if ans.err != nil {
		closed = fmt.Sprintf("robots.txt unreachable, host disallowed for this run (%v)", ans.err)
		r.log.Warn("robots.txt unreachable, host disallowed for this run",
			slog.String("url", u), slog.String("error", ans.err.Error()))
	} else {
		status, body = ans.resp.Status, ans.resp.Body
		if status >= 500 || status == http.StatusTooManyRequests {
			closed = fmt.Sprintf("robots.txt answered %d, host disallowed for this run", status)
			r.log.Warn("robots.txt answered an error, host disallowed for this run",
				slog.String("url", u), slog.Int("status", status))
		}
	}
	rules, perr := discover.ParseRobots(status, body, r.opt.UserAgent)
	if perr != nil {
		r.log.Warn("robots.txt", slog.String("url", u), slog.String("error", perr.Error()))
	}
	// robots.txt was a request of the host: the next waits the delay
	// after it, the Crawl-delay it set included.
	host.holdUntil(ans.at.Add(r.robotsDelay(rules)))
	return rules, closed
}

// robotsAnswer is the answer to the robots.txt at u, on host: fetched by
// this run, or by another run sharing the host (see Hosts), once for
// both. ok is false when the run was stopped first.
func (r *run) robotsAnswer(ctx context.Context, host *hostSlots, u *url.URL) (ans robotsFetch, ok bool) {
	key, robotsURL := hostKey(u), u.String()
	for {
		f, first := r.opt.Hosts.robotsOf(key, robotsURL)
		if first {
			f.resp, f.err = r.getRobots(ctx, host, robotsURL)
			f.at, f.ok = time.Now(), ctx.Err() == nil
			r.opt.Hosts.finishRobots(key, robotsURL, f)
			return *f, f.ok
		}
		select {
		case <-f.done:
		case <-ctx.Done():
			return robotsFetch{}, false
		}
		if f.ok {
			return *f, true
		}
		// The run fetching it was stopped first: this one asks.
	}
}

// getRobots fetches u in its host's turn, holding one of its slots, and
// records the fetch.
func (r *run) getRobots(ctx context.Context, host *hostSlots, u string) (*fetch.Response, error) {
	release, err := host.robotsSlot(ctx)
	if err != nil {
		return nil, err
	}
	if err := host.robotsTurn(ctx); err != nil {
		release()
		return nil, err
	}
	resp, err := r.client.Get(ctx, u, nil)
	release()
	if err != nil && ctx.Err() != nil {
		return nil, err
	}
	r.save(ctx, Record{URL: u, Response: resp, Err: err})
	if err != nil {
		r.stats.errors.Add(1) // recorded as a failed fetch, like a page's
		return nil, err
	}
	r.stats.fetched.Add(1)
	r.robotsFetched.Add(1)
	r.stats.bytes.Add(int64(len(resp.Body)))
	return resp, nil
}

// robotsHops is how many redirects a robots.txt may take: RFC 9309
// (2.3.1.2) has crawlers follow at least five and lets them take the file
// for unavailable past them, as Google does.
const robotsHops = 5

// robotsRedirect decides one hop of a robots.txt's redirect chain. The
// chain ends at the redirect's answer, read as no file (see
// discover.ParseRobots), past robotsHops (a loop shut the host for the
// run, each run) and at a host the source may not request, other than the
// file's own host with or without "www." (a server could send the crawl to
// any address, internal ones included, and have its answer archived).
func (r *run) robotsRedirect(req *http.Request, via []*http.Request) error {
	from := via[0].URL.String()
	if len(via) > robotsHops {
		r.log.Warn("robots.txt redirects more than five times: read as no file", slog.String("url", from))
		return http.ErrUseLastResponse
	}
	target, ok := discover.Resolve(nil, req.URL.String())
	if !ok || !sameSite(req.URL, via[0].URL) && !r.scope.Allows(target) {
		r.log.Warn("robots.txt redirects outside the source's scope: read as no file",
			slog.String("url", from), slog.String("to", req.URL.String()))
		return http.ErrUseLastResponse
	}
	return nil
}

// sameSite reports whether a and b are on one host, but for a leading
// "www." and a default port.
func sameSite(a, b *url.URL) bool {
	return strings.TrimPrefix(hostKey(a), "www.") == strings.TrimPrefix(hostKey(b), "www.")
}

// robotsDelay is the delay the run keeps between requests to a host
// with rules: the source's, or the host's Crawl-delay (bounded) when
// longer, as sourceRule sets it once the host's rule is made.
func (r *run) robotsDelay(rules *discover.Robots) time.Duration {
	return max(r.opt.Source.Delay, min(rules.CrawlDelay(), r.opt.MaxCrawlDelay))
}

// joined returns the state of u's host for the run, joining the process's
// registry on first use, as the host's first page request does, but
// without making the host's rule: robots.txt, which the rule needs, is
// fetched in the host's turn first.
func (l *hostLimiter) joined(u *url.URL) *hostSlots { return l.runHost(u).slots }

// robotsSlot takes one of the host's slots for its robots.txt, as a page
// request holds one: the host's pages may be on the wire meanwhile, those
// of its other scheme (http links on an https site share the host's
// slots, not its robots.txt) or of another run sharing it (see Hosts), and
// robots.txt is one request of the host like theirs. A host whose rule is
// not made yet has no slots (the rule may wait for this robots.txt): one
// robots.txt at a time goes then, and the rule, made meanwhile, takes a
// slot for it. A redirect hop gives its slot back before its target is
// judged (see giveBackHop), so robots.txt read for the target does not
// wait for the slot of its own chain. The returned func gives the slot
// back.
func (h *hostSlots) robotsSlot(ctx context.Context) (release func(), err error) {
	for !h.ready.Load() {
		h.mu.Lock()
		if h.early == nil {
			h.early = make(chan struct{}, 1)
		}
		early := h.early
		h.mu.Unlock()
		select {
		case early <- struct{}{}:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		h.mu.Lock()
		if !h.ready.Load() {
			h.robotsOut++
			h.mu.Unlock()
			return func() { h.earlyDone(); <-early }, nil
		}
		h.mu.Unlock() // the rule was made while it waited
		<-early
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	select {
	case h.slots <- struct{}{}:
		return h.release, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// earlyDone ends a robots.txt sent before the host had slots, giving
// back the slot its rule took for it, if it was made meanwhile.
func (h *hostSlots) earlyDone() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.robotsOut--
	if h.owed > h.robotsOut {
		h.owed--
		<-h.slots
	}
}

// robotsTurn waits until the host's next request may start (its delay
// after the last one, a pause its server asked for, in this run or one
// of the process's runs before) and books that start. Until robots.txt is
// answered no page request of the host's scheme is sent: each waits for
// the rules.
func (h *hostSlots) robotsTurn(ctx context.Context) error {
	for {
		h.mu.Lock()
		now := time.Now()
		start := later(now, later(h.next, h.paused))
		h.next = start
		h.mu.Unlock()
		if !start.After(now) {
			return nil
		}
		if err := sleep(ctx, start.Sub(now)); err != nil {
			return err
		}
	}
}

// holdUntil keeps the host's next request from starting before t.
func (h *hostSlots) holdUntil(t time.Time) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.next = later(h.next, t)
}
