package crawler

import (
	"sync"
	"time"
)

// Hosts is a process's politeness toward each host, shared by the runs it
// makes at the same time: two sources on one site (a daemon crawling the
// world and the politics desks of one paper at once) share the site's
// turns, its delay between requests, its pauses and its going down, instead
// of each holding to the rule alone and together asking twice as fast. A
// host's state lasts while a run uses it. A nil *Hosts gives every run its
// own. Safe for concurrent use.
type Hosts struct {
	mu    sync.Mutex
	hosts map[string]*sharedHost
	// held keeps, for a host no run uses now, when its next request may
	// start (the delay after the last one, a pause its server asked for):
	// the next run waits as the last one would have.
	held map[string]time.Time
}

// sharedHost is one host's state and the runs using it.
type sharedHost struct {
	slots *hostSlots
	users int
}

// NewHosts makes an empty registry.
func NewHosts() *Hosts { return &Hosts{hosts: map[string]*sharedHost{}, held: map[string]time.Time{}} }

// join returns the state of host for a run, made when no run uses it.
func (hs *Hosts) join(host string) *hostSlots {
	if hs == nil {
		return &hostSlots{}
	}
	hs.mu.Lock()
	defer hs.mu.Unlock()
	sh, ok := hs.hosts[host]
	if !ok {
		sh = &sharedHost{slots: &hostSlots{}}
		if until, held := hs.held[host]; held {
			sh.slots.paused = until
			delete(hs.held, host)
		}
		hs.hosts[host] = sh
	}
	sh.users++
	return sh.slots
}

// leave gives up a run's use of hosts; a host no run uses is forgotten.
func (hs *Hosts) leave(hosts []string) {
	if hs == nil {
		return
	}
	hs.mu.Lock()
	defer hs.mu.Unlock()
	for _, host := range hosts {
		sh, ok := hs.hosts[host]
		if !ok {
			continue
		}
		if sh.users--; sh.users <= 0 {
			delete(hs.hosts, host)
			if until := sh.slots.nextStart(); until.After(time.Now()) {
				hs.held[host] = until
			}
		}
	}
	for host, until := range hs.held {
		if !until.After(time.Now()) {
			delete(hs.held, host)
		}
	}
}

// heldUntil is when the process's next request to host may start by
// what earlier requests left (a pause its server asked for, the delay
// after the last one); zero when nothing holds it.
func (hs *Hosts) heldUntil(host string) time.Time {
	if hs == nil {
		return time.Time{}
	}
	hs.mu.Lock()
	sh, ok := hs.hosts[host]
	until := hs.held[host]
	hs.mu.Unlock()
	if ok {
		return sh.slots.nextStart()
	}
	return until
}

// nextStart is when h's next request may start: after its delay and any
// pause its server asked for.
func (h *hostSlots) nextStart() time.Time {
	h.mu.Lock()
	defer h.mu.Unlock()
	return later(h.next, h.paused)
}

// setRule gives h its rule, on the first run to reach the host; a run that
// joins later with a longer delay (its source's, or Crawl-delay) lengthens
// the host's delay for all. The number in flight stays the first run's.
func (h *hostSlots) setRule(rule hostRule) {
	h.once.Do(func() {
		h.rule, h.slots = rule, make(chan struct{}, max(rule.parallel, 1))
		h.ready.Store(true)
	})
	h.mu.Lock()
	defer h.mu.Unlock()
	h.rule.delay = max(h.rule.delay, rule.delay)
	h.rule.paceCap = max(h.rule.paceCap, rule.paceCap)
}
