package crawler

import (
	"log/slog"
	"sync"
	"time"

	"github.com/newsarchive/newsarchive/crawler/discover"
)

// How a child sitemap its index has dated before the last answer is asked
// again. Index lastmods are often left stale while a child changes, so
// such a child is trusted only when it is an archive's past:
//   - dated within currentChild (its latest moment, see
//     discover.Entry.MayHaveChanged): a current sitemap, asked every run;
//   - its stored copy a Google News sitemap (which lists only the last two
//     days' stories, so it is current by definition): asked every run,
//     but a run reads the stored copies of at most newsLooks children the
//     other rules leave alone (newest dated first, as queueChildren takes
//     them), so the reads stay bounded on a huge index;
//   - dated within recentChild: asked once its last answer is a day old;
//   - older: trusted, so an index of 5,000 monthly children costs the
//     index and its current children a run, not 5,000 requests.
//
// Each request is conditional: an unchanged child costs a 304.
const (
	currentChild  = 48 * time.Hour
	recentChild   = 30 * 24 * time.Hour
	recentRecheck = 24 * time.Hour
	newsLooks     = 50
)

// childDue decides whether a child sitemap fetched before is asked again:
// when its index dates it after the last answer (or gives no date), and
// by the rules above.
func (r *run) childDue(t target, k Known) bool {
	e := t.listed
	if e.MayHaveChanged(k.answered()) {
		return true
	}
	now := r.opt.Now()
	age := now.Sub(e.Modified.Add(e.ModifiedWithin))
	if e.Published.After(e.Modified) {
		age = now.Sub(e.Published)
	}
	switch {
	case age < currentChild:
		return true
	case age < recentChild && now.Sub(k.answered()) >= recentRecheck:
		return true
	}
	return r.storedNews(t.url)
}

// storedNews reports whether the stored copy of a child sitemap is a
// Google News sitemap, for the first newsLooks children a run asks about.
func (r *run) storedNews(u string) bool {
	if r.newsLooks.Add(1) > newsLooks {
		return false
	}
	body, err := r.opt.Store.LastBody(r.ctx, u)
	if err != nil {
		r.log.Warn("stored body unreadable", slog.String("url", u), slog.String("error", err.Error()))
		return false
	}
	return discover.IsNewsSitemap(discover.UTF8XML(body, ""))
}

// childQueue holds the child sitemaps of the indexes a run read, newest
// first, until the run needs more pages to fetch (see queueChildren).
type childQueue struct {
	mu   sync.Mutex
	list []target
}

// add merges children, newest first and each with the entry that listed
// it, into the queue: an index of indexes mixes the children of its own
// children.
func (q *childQueue) add(children []target) {
	q.mu.Lock()
	defer q.mu.Unlock()
	merged := make([]target, 0, len(q.list)+len(children))
	i := 0
	for _, c := range children {
		for ; i < len(q.list) && !latestDate(*q.list[i].listed).Before(latestDate(*c.listed)); i++ {
			merged = append(merged, q.list[i])
		}
		merged = append(merged, c)
	}
	q.list = append(merged, q.list[i:]...)
}

// childTargets are the targets of an index's children, listed at depth.
func childTargets(children []discover.Entry, depth int) []target {
	ts := make([]target, len(children))
	for i := range children {
		e := &children[i]
		ts[i] = target{url: e.URL, kind: kindSitemap, depth: depth, force: true, listed: e}
	}
	return ts
}

// take removes and returns the newest child waiting.
func (q *childQueue) take() (target, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.list) == 0 {
		return target{}, false
	}
	t := q.list[0]
	q.list[0] = target{}
	q.list = q.list[1:]
	return t, true
}

// left counts the children waiting.
func (q *childQueue) left() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.list)
}

// queueChildren queues the newest waiting child sitemaps worth a fetch,
// while the budget lasts, and reports whether it queued any. An index's
// children are queued a few at a time, the next once the run has nothing
// else to fetch (see queueLeftovers): queued all at once, the thousands
// of daily or monthly children of a large site's index took a first
// run's whole max_pages, which left none for the stories they list.
// Those a run leaves are the next run's, which reads the index again and
// finds them not fetched.
//
// Children read before, which list pages mostly known already, go as
// many at a time as the source may have in flight to a host: one at a
// time, an index without lastmods, whose children are all asked again
// each run, was read one round trip after another while the host could
// take more (136 children 20 ms away took 1.4 s more). A child never read
// ends its batch, so that its stories, new, are not raced for the budget
// by those of the child after it: the newest come first.
func (r *run) queueChildren() bool {
	queued := 0
	for queued < max(r.opt.Source.Concurrency, 1) && r.budget.Load() > 0 {
		t, ok := r.children.take()
		if !ok {
			break
		}
		before := r.readBefore(t.url)
		if !r.enqueue(r.ctx, t) {
			continue
		}
		queued++
		if !before {
			break
		}
	}
	return queued > 0
}

// readBefore reports whether the archive holds an answer to u.
func (r *run) readBefore(u string) bool {
	k, err := r.opt.Store.Known(r.ctx, u)
	return err == nil && !k.answered().IsZero()
}

// childrenLeftWaiting queues again, on a run that carries on an unfinished
// one (killed or stopped, its frontier kept), the child sitemaps that
// run's indexes left waiting: they were in its memory alone, and the
// index, seen, is not asked again, so they waited for the next whole run.
// A sitemap the frontier had seen before this run met it was asked for by
// that run; the children its stored copy lists join those waiting (the
// ones that run queued are seen, and skipped as any seen URL), to be
// queued one at a time once nothing else waits, as ever. One whose last
// ask failed is left: that run read no children from it. One whose
// request that run left waiting is asked again by this one; the copy an
// earlier run stored adds the children it listed meanwhile, each asked
// once whichever copy lists it.
func (r *run) childrenLeftWaiting(t target, fresh bool) {
	if !r.resumed {
		return
	}
	if _, met := r.met.LoadOrStore(t.url, true); met || fresh {
		return
	}
	k, err := r.opt.Store.Known(r.ctx, t.url)
	if err != nil || k.Fetched.IsZero() || k.Checked.After(k.Fetched) && !k.Settled {
		return
	}
	body, err := r.opt.Store.LastBody(r.ctx, t.url)
	if err != nil {
		r.log.Warn("stored body unreadable", slog.String("url", t.url), slog.String("error", err.Error()))
		return
	}
	sm, _ := discover.ParseSitemap(discover.UTF8XML(body, ""), t.url, discover.SitemapLimits{}) // a break: as read then
	if sm == nil || len(sm.Sitemaps) == 0 {
		return
	}
	// Dated as the stored copy's fetch could date them (see replay).
	notAfter(sm.Sitemaps, k.Fetched)
	newestFirst(sm.Sitemaps)
	r.children.add(childTargets(sm.Sitemaps, t.depth))
	r.log.Info("child sitemaps of an index the resumed run read: those not read wait their turn",
		slog.String("url", t.url), slog.Int("sitemaps", len(sm.Sitemaps)))
}

// noteChildrenLeft logs the child sitemaps a run did not get to within
// its budget (those the next run finds fetched and trusted included).
func (r *run) noteChildrenLeft() {
	if n := r.children.left(); n > 0 {
		r.log.Info("child sitemaps not looked at within the budget: the next run reads the index again",
			slog.Int("sitemaps", n))
	}
}
