package crawler

import (
	"context"
	"log/slog"
	"net/url"
	"sync"

	"github.com/newsarchive/newsarchive/crawler/discover"
)

// Backlog keeps, from one complete run of a source to the next, the URLs
// a run found and could not fetch within its page budget (max_pages).
// Without it, the pages a sitemap listed past the budget were never asked
// for again once the sitemap stopped changing.
type Backlog interface {
	// Later returns the URLs the last complete run left, in the order it
	// found them.
	Later(ctx context.Context) ([]Later, error)
	// KeepForLater replaces them by those of the run just completed,
	// and returns how many it kept (a store may bound them).
	KeepForLater(ctx context.Context, later []Later) (int, error)
}

// Later is a URL left for a later run.
type Later struct {
	URL   string
	Kind  string // page, article, feed or sitemap
	Depth int
}

// overBudget collects what a run refused for its budget.
type overBudget struct {
	mu   sync.Mutex
	list []Later
}

// add keeps t for a later run, unless it is an article already archived:
// a refresh, or a date a listing gives again, is no page to catch up on.
func (o *overBudget) add(t target, k Known) {
	if t.kind == kindArticle && k.Article {
		return
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	o.list = append(o.list, Later{URL: t.url, Kind: string(t.kind), Depth: t.depth})
}

func (o *overBudget) take() []Later {
	o.mu.Lock()
	defer o.mu.Unlock()
	out := o.list
	o.list = nil
	return out
}

// loadBacklog reads what the last complete run left for this one.
func (r *run) loadBacklog(ctx context.Context) {
	if r.opt.Backlog == nil || ctx.Err() != nil {
		return
	}
	later, err := r.opt.Backlog.Later(ctx)
	if err != nil && ctx.Err() == nil {
		r.log.Warn("backlog unreadable: this run starts without it", slog.String("error", err.Error()))
		return
	}
	r.backlog = later
	if len(later) > 0 {
		r.log.Info("pages left by the last run over its budget", slog.Int("pages", len(later)))
	}
}

// queueBacklog queues, once nothing found by this run waits, what the
// last run left over its budget; it reports whether it queued any. The
// sitemaps among it join the children waiting (see queueChildren), after the
// dated ones: queued at once, the thousands an earlier build left took
// the budget.
func (r *run) queueBacklog() bool {
	later := r.backlog
	r.backlog = nil
	before := r.stats.queued.Load()
	var sitemaps []target
	for _, l := range later {
		switch _, err := url.Parse(l.URL); {
		case err != nil:
		case kind(l.Kind) == kindSitemap:
			// Undated: after the children an index dates.
			sitemaps = append(sitemaps, target{url: l.URL, kind: kindSitemap, depth: l.Depth,
				listed: &discover.Entry{URL: l.URL}})
		default:
			r.enqueue(r.ctx, target{url: l.URL, kind: kind(l.Kind), depth: l.Depth})
		}
	}
	r.children.add(sitemaps)
	return r.stats.queued.Load() > before
}

// keepBacklog hands the store what this run, complete, left over its
// budget.
func (r *run) keepBacklog(ctx context.Context) {
	if r.opt.Backlog == nil {
		return
	}
	left := r.overBudget.take()
	kept, err := r.opt.Backlog.KeepForLater(ctx, left)
	if err != nil {
		r.log.Warn("backlog not kept: pages over this run's budget may be missed", slog.String("error", err.Error()))
		return
	}
	if len(left) > 0 {
		r.log.Info("pages over the budget kept for the next run", slog.Int("pages", kept),
			slog.Int("over_budget", len(left)))
	}
}
