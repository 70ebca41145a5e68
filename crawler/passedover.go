package crawler

import "sync"

// passedOver follows the archived articles a run passed over because the
// link that named them gave no date, or a date before their last fetch
// (a feed's pubDate does not move when a story is edited; the sitemap's
// lastmod does). Links come in any order: a section page or the feed may
// name an article before, or while, the sitemap dates its update.
type passedOver struct {
	mu     sync.Mutex
	states map[string]*passState
}

// passState is an article's link or entry being judged, or passed over
// when judged.
type passState struct {
	judging bool
	dated   *target // a dated entry that came while judging
}

// begin marks a link or entry of url as being judged.
func (p *passedOver) begin(url string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.states == nil {
		p.states = map[string]*passState{}
	}
	p.states[url] = &passState{judging: true}
}

// pass records url as passed over, open to a later dated entry.
func (p *passedOver) pass(url string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.states == nil {
		p.states = map[string]*passState{}
	}
	p.states[url] = &passState{}
}

// end records the judgement of url's link or entry: settled when taken
// (or refused), passed over otherwise. It returns a dated entry that came
// meanwhile, for the caller to judge instead.
func (p *passedOver) end(url string, settled bool) *target {
	p.mu.Lock()
	defer p.mu.Unlock()
	st := p.states[url]
	if st == nil {
		return nil
	}
	if settled || st.dated != nil {
		delete(p.states, url)
		if settled {
			return nil
		}
		return st.dated
	}
	st.judging = false
	return nil
}

// reconsider reports, once, whether a URL seen before deserves another
// look: a dated listing entry of an article passed over. One that comes
// while an earlier link or entry is judged is handed to that judgement
// (see end).
func (p *passedOver) reconsider(t target) bool {
	if t.listed == nil || !dated(t.listed) {
		return false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	st := p.states[t.url]
	switch {
	case st == nil:
		return false
	case st.judging:
		st.dated = &t
		return false
	}
	delete(p.states, t.url)
	return true
}
