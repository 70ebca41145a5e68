package crawler

import (
	"net/url"
	"sync"
)

// refreshDue tells whether an archived article is due for another look
// under the source's refresh period: while younger than the period
// (counted from when it was first archived), each time its age has about
// doubled since it was last asked for (grown by three quarters or more:
// a look made late in its run must not push the next past the run that
// doubles the age), so on an hourly schedule a story is looked at again
// about 1, 2, 4, 7, 13... hours after it was first archived, when updates
// are likely, and less and less often after. A 304 or a failure counts
// as a look.
func (r *run) refreshDue(k Known) bool {
	refresh := r.opt.Source.Refresh
	if refresh <= 0 || k.FirstSeen.IsZero() {
		return false
	}
	now, checked := r.opt.Now(), k.Checked
	if checked.IsZero() {
		checked = k.Fetched
	}
	age, ageAtCheck := now.Sub(k.FirstSeen), checked.Sub(k.FirstSeen)
	return age < refresh && 4*age >= 7*ageAtCheck
}

// onlyRefresh tells an archived article asked for again only because the
// source's refresh period makes it due (see refreshDue): no listing dates
// a change. Such looks wait until the run has nothing else to do, so that
// on a tight max_pages new articles come first.
func (r *run) onlyRefresh(t target, k Known) bool {
	return t.kind == kindArticle && k.Article && !k.Gone &&
		!(t.listed != nil && t.listed.Unsettled(k.answered(), r.opt.Now()))
}

// queueLeftovers queues, once nothing else waits, what the last run left
// over its budget (found before the children this run has yet to read,
// they are the newer), then the next child sitemaps waiting, then, once
// none waits, the refreshes this run deferred; it reports whether it
// queued any.
func (r *run) queueLeftovers() bool {
	if len(r.backlog) > 0 && r.queueBacklog() {
		return true
	}
	if r.queueChildren() {
		return true
	}
	return r.queueRefreshes()
}

// queueRefreshes queues the refreshes the run deferred, within what is
// left of its budget, once nothing else waits; it reports whether it
// queued any.
func (r *run) queueRefreshes() bool {
	queued := false
	for _, d := range r.refreshes.take() {
		queued = r.queue(d.t, d.u, d.known) || queued
	}
	return queued
}

// deferredLooks holds the refreshes a run keeps for its end: one per
// article, however many of its addresses (a trailing slash, its AMP
// copy, a short link) the run met.
type deferredLooks struct {
	mu       sync.Mutex
	list     []deferredLook
	articles map[int64]bool
}

type deferredLook struct {
	t     target
	u     *url.URL
	known Known
}

func (d *deferredLooks) add(t target, u *url.URL, k Known) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if k.ArticleID != 0 {
		if d.articles[k.ArticleID] {
			return
		}
		if d.articles == nil {
			d.articles = map[int64]bool{}
		}
		d.articles[k.ArticleID] = true
	}
	d.list = append(d.list, deferredLook{t: t, u: u, known: k})
}

func (d *deferredLooks) take() []deferredLook {
	d.mu.Lock()
	defer d.mu.Unlock()
	out := d.list
	d.list = nil
	return out
}
