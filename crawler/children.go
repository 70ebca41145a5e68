package crawler

import (
	"log/slog"
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
//     other rules leave alone (newest dated first, as readSitemap queues
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
