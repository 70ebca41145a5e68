package crawler

import (
	"sync"
	"time"

	"github.com/newsarchive/newsarchive/crawler/fetch"
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
	// claimed are the articles a run of the host asked for while another
	// run used the host too, and which run: the other does not ask again
	// (two sources on one site link the same stories). Kept only while
	// runs share the host, so a run alone holds no set of its URLs.
	claimed map[string]any
	// robots are the host's robots.txt fetches (one per scheme), made
	// once for the runs using the host; forgotten with the host, so a
	// later run reads robots.txt anew.
	robots map[string]*robotsFetch
}

// robotsFetch is one fetch of a robots.txt, which the runs sharing its
// host wait for rather than ask again.
type robotsFetch struct {
	done chan struct{} // closed when the fields below are set
	// ok is false when the run fetching it was stopped first: it holds
	// no answer.
	ok   bool
	resp *fetch.Response
	err  error
	at   time.Time // when the answer, or the failure, came
}

// robotsOf returns the fetch of the robots.txt at u, on host, that the
// runs using host share. first tells the caller to make it and call
// finishRobots; the others wait for its done. The run must have joined
// host.
func (hs *Hosts) robotsOf(host, u string) (f *robotsFetch, first bool) {
	if hs == nil {
		return &robotsFetch{done: make(chan struct{})}, true
	}
	hs.mu.Lock()
	defer hs.mu.Unlock()
	sh, ok := hs.hosts[host]
	if !ok {
		return &robotsFetch{done: make(chan struct{})}, true
	}
	if f := sh.robots[u]; f != nil {
		return f, false
	}
	if sh.robots == nil {
		sh.robots = map[string]*robotsFetch{}
	}
	f = &robotsFetch{done: make(chan struct{})}
	sh.robots[u] = f
	return f, true
}

// finishRobots tells the runs waiting for f that it is made. A fetch the
// run stopped before making is forgotten: the next run to need it makes it.
func (hs *Hosts) finishRobots(host, u string, f *robotsFetch) {
	if hs != nil && !f.ok {
		hs.mu.Lock()
		if sh, ok := hs.hosts[host]; ok && sh.robots[u] == f {
			delete(sh.robots, u)
		}
		hs.mu.Unlock()
	}
	close(f.done)
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

// claim records that owner (a run) asks for the article at url on host,
// and reports false when another run of the process asked for it while
// both used the host: the page is archived once, whichever source it
// goes to. A run alone on the host claims nothing.
func (hs *Hosts) claim(host, url string, owner any) bool {
	if hs == nil {
		return true
	}
	hs.mu.Lock()
	defer hs.mu.Unlock()
	sh, ok := hs.hosts[host]
	if !ok || sh.users < 2 {
		return true
	}
	if by, ok := sh.claimed[url]; ok {
		return by == owner
	}
	if sh.claimed == nil {
		sh.claimed = map[string]any{}
	}
	sh.claimed[url] = owner
	return true
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
		if sh.users--; sh.users == 1 {
			sh.claimed = nil // the run left alone asks for what it likes
		}
		if sh.users <= 0 {
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
		h.mu.Lock()
		defer h.mu.Unlock()
		h.rule, h.slots = rule, make(chan struct{}, max(rule.parallel, 1))
		// A robots.txt on the wire, sent before the host had slots,
		// holds one from now on (see robotsSlot).
		for ; h.owed < h.robotsOut; h.owed++ {
			h.slots <- struct{}{}
		}
		h.ready.Store(true)
	})
	h.mu.Lock()
	defer h.mu.Unlock()
	h.rule.delay = max(h.rule.delay, rule.delay)
	h.rule.paceCap = max(h.rule.paceCap, rule.paceCap)
}
