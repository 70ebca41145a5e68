package crawler

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/newsarchive/newsarchive/crawler/discover"
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
	key := u.Scheme + "://" + u.Host
	r.robots.mu.Lock()
	h, ok := r.robots.hosts[key]
	if !ok {
		h = &hostRobots{}
		r.robots.hosts[key] = h
	}
	r.robots.mu.Unlock()
	h.once.Do(func() { h.robots, h.closed = r.fetchRobots(ctx, key) })
	return h
}

// fetchRobots fetches and reads one host's robots.txt and records the
// fetch. A host that cannot be reached is disallowed for the run, as a 5xx
// or a 429 is; closed then says why.
func (r *run) fetchRobots(ctx context.Context, origin string) (rules *discover.Robots, closed string) {
	u := origin + "/robots.txt"
	r.waitForHost(ctx, u)
	resp, err := r.client.Get(ctx, u, nil)
	if err != nil && ctx.Err() != nil {
		// The run was stopped: the host did not fail, and the next run asks.
		rules, _ := discover.ParseRobots(http.StatusServiceUnavailable, nil, r.opt.UserAgent)
		return rules, "the run was stopped"
	}
	r.save(ctx, Record{URL: u, Response: resp, Err: err})
	status, body := http.StatusServiceUnavailable, []byte(nil)
	if err != nil {
		r.stats.errors.Add(1) // recorded as a failed fetch, like a page's
		closed = fmt.Sprintf("robots.txt unreachable, host disallowed for this run (%v)", err)
		r.log.Warn("robots.txt unreachable, host disallowed for this run",
			slog.String("url", u), slog.String("error", err.Error()))
	} else {
		r.stats.fetched.Add(1)
		r.robotsFetched.Add(1)
		r.stats.bytes.Add(int64(len(resp.Body)))
		status, body = resp.Status, resp.Body
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
	return rules, closed
}

// waitForHost waits, before robots.txt (fetched outside the host limiter),
// until the host's pause or delay from an earlier run of the process has
// passed: a server that asked for a minute's rest is not asked for its
// robots.txt at once by the next run.
func (r *run) waitForHost(ctx context.Context, rawURL string) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return
	}
	if wait := time.Until(r.opt.Hosts.heldUntil(hostKey(u))); wait > 0 {
		_ = sleep(ctx, min(wait, r.opt.MaxRetryWait)) // a stop ends the wait; fetchRobots sees it
	}
}
