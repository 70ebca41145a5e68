package crawler

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"sync"

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
}

// get returns the rules for u's host, fetching them on first use. Rules are
// shared per scheme and host.
func (r *run) robotsFor(ctx context.Context, u *url.URL) *discover.Robots {
	key := u.Scheme + "://" + u.Host
	r.robots.mu.Lock()
	h, ok := r.robots.hosts[key]
	if !ok {
		h = &hostRobots{}
		r.robots.hosts[key] = h
	}
	r.robots.mu.Unlock()
	h.once.Do(func() { h.robots = r.fetchRobots(ctx, key) })
	return h.robots
}

// fetchRobots fetches and reads one host's robots.txt and records the fetch.
// A host that cannot be reached is disallowed for the run, as a 5xx is.
func (r *run) fetchRobots(ctx context.Context, origin string) *discover.Robots {
	u := origin + "/robots.txt"
	resp, err := r.client.Get(ctx, u, nil)
	r.save(ctx, Record{URL: u, Response: resp, Err: err})
	status, body := http.StatusServiceUnavailable, []byte(nil)
	if err != nil {
		r.log.Warn("robots.txt unreachable, host disallowed for this run",
			slog.String("url", u), slog.String("error", err.Error()))
	} else {
		r.stats.fetched.Add(1)
		r.stats.bytes.Add(int64(len(resp.Body)))
		status, body = resp.Status, resp.Body
	}
	rules, perr := discover.ParseRobots(status, body, r.opt.UserAgent)
	if perr != nil {
		r.log.Warn("robots.txt", slog.String("url", u), slog.String("error", perr.Error()))
	}
	return rules
}
