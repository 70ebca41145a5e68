package crawler

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"net/url"
	"slices"
	"sync"
)

// dispatcher hands a run's waiting requests to its workers: the oldest
// request whose host is free. A host is busy with perHost requests for
// each one its rule lets it have in flight: one on the wire (the host
// limiter enforces the rule), one being read, parsed and saved or waiting
// for its turn. A request for a busy host is set aside, in order, until
// the host is free. So a slow or Crawl-delayed host holds a few workers,
// not every worker, and the source's other hosts are fetched meanwhile (a
// crawler's per-host queues).
//
// It replaces colly's queue, whose workers take requests in arrival order
// whatever their host. Requests live in the Frontier until handed out; a
// request set aside was taken from it, and giveBack returns those to it
// when the run stops early (a persistent frontier keeps every taken
// request until its fetch is saved, see Frontier).
type dispatcher struct {
	ctx   context.Context // the run's: once done, nothing more is handed out
	front Frontier
	// parallel is the requests a host may have in flight; known is false
	// before its rule is set, when the host gets one request to learn it.
	parallel func(host string) (n int, known bool)

	mu      sync.Mutex
	changed *sync.Cond           // signalled on add and done, broadcast on stop
	aside   map[string][]waiting // set aside for a busy host, oldest first
	taken   uint64               // requests taken from the frontier so far
	busy    map[string]int       // requests being handled, by host
	working int                  // workers handling a request
	stopped bool
	// drained, when set, is called when nothing waits and no worker is
	// busy, before the run is declared over: it may queue more (the run's
	// deferred refreshes), and reports whether it did.
	drained  func() bool
	draining bool // a worker is running drained
}

// waiting is a serialised colly request, the host it is for and its rank
// in the order the frontier gave it.
type waiting struct {
	host string
	req  []byte
	rank uint64
}

func newDispatcher(ctx context.Context, front Frontier, parallel func(string) (int, bool)) *dispatcher {
	d := &dispatcher{ctx: ctx, front: front, parallel: parallel,
		aside: map[string][]waiting{}, busy: map[string]int{}}
	d.changed = sync.NewCond(&d.mu)
	return d
}

// add queues a serialised request.
func (d *dispatcher) add(req []byte) error {
	if err := d.front.AddRequest(req); err != nil {
		return err
	}
	d.mu.Lock()
	d.changed.Signal()
	d.mu.Unlock()
	return nil
}

// next waits for a request a worker may handle now. It reports false when
// the run is over: stopped, or nothing waits and no worker is busy (none
// can queue more). The worker calls done with the request's host after.
func (d *dispatcher) next() (waiting, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for !d.stopped && d.ctx.Err() == nil {
		w, found, empty := d.pick()
		if found {
			d.busy[w.host]++
			d.working++
			d.changed.Signal() // more may be free: a host's rule may just have been learned
			return w, true
		}
		if empty && d.working == 0 && d.drained != nil {
			if d.draining { // another worker is queueing: its outcome decides
				d.changed.Wait()
				continue
			}
			d.draining = true
			d.mu.Unlock()
			more := d.drained()
			d.mu.Lock()
			d.draining = false
			d.changed.Broadcast()
			if more {
				continue
			}
		}
		if empty && d.working == 0 {
			d.stopped = true
			d.changed.Broadcast()
			break
		}
		d.changed.Wait()
	}
	return waiting{}, false
}

// pick takes the oldest request whose host is free; empty reports that
// nothing waits at all. Requests set aside are older than the frontier's,
// and a free host has none set aside once the first loop found nothing.
// Called with d.mu held.
func (d *dispatcher) pick() (w waiting, found, empty bool) {
	best := ""
	for host, queue := range d.aside {
		if d.free(host) && (best == "" || queue[0].rank < d.aside[best][0].rank) {
			best = host
		}
	}
	if best != "" {
		queue := d.aside[best]
		w, queue[0] = queue[0], waiting{}
		if d.aside[best] = queue[1:]; len(queue) == 1 {
			delete(d.aside, best)
		}
		return w, true, false
	}
	for {
		req, err := d.front.GetRequest()
		if err != nil || req == nil {
			return waiting{}, false, len(d.aside) == 0
		}
		d.taken++
		w := waiting{host: requestHost(req), req: req, rank: d.taken}
		if d.free(w.host) {
			return w, true, false
		}
		d.aside[w.host] = append(d.aside[w.host], w)
	}
}

// perHost is how many requests a host may have handed out (on the wire,
// waiting for its turn, or being parsed and saved) for each request it may
// have in flight.
const perHost = 2

// free reports whether host may take one more request; a host whose rule
// is not known yet takes one, which learns it. Called with d.mu held.
func (d *dispatcher) free(host string) bool {
	n, known := d.parallel(host)
	if !known {
		return d.busy[host] == 0
	}
	return d.busy[host] < perHost*max(n, 1)
}

// done ends a request next handed out.
func (d *dispatcher) done(host string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.busy[host]--
	if d.busy[host] <= 0 {
		delete(d.busy, host)
	}
	d.working--
	d.changed.Signal()
}

// wakeOnCancel wakes the workers waiting in next once the run's context
// is done, so that they end; stop releases it.
func (d *dispatcher) wakeOnCancel() (stop func() bool) {
	return context.AfterFunc(d.ctx, func() {
		d.mu.Lock()
		defer d.mu.Unlock()
		d.stopped = true
		d.changed.Broadcast()
	})
}

// giveBack returns the requests set aside to the frontier, for the next
// run of a run that stopped early.
func (d *dispatcher) giveBack() error {
	d.mu.Lock()
	var aside []waiting
	for _, queue := range d.aside {
		aside = append(aside, queue...)
	}
	clear(d.aside)
	d.mu.Unlock()
	slices.SortFunc(aside, func(a, b waiting) int { return cmp.Compare(a.rank, b.rank) })
	var errs []error
	for _, w := range aside {
		errs = append(errs, d.front.AddRequest(w.req))
	}
	return errors.Join(errs...)
}

// requestHost is the lower-cased host a serialised colly request is for,
// as the host limiter names it.
func requestHost(raw []byte) string {
	var r struct{ URL string }
	if json.Unmarshal(raw, &r) != nil {
		return ""
	}
	u, err := url.Parse(r.URL)
	if err != nil {
		return ""
	}
	return hostKey(u)
}
