package crawler

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"time"

	"github.com/gocolly/colly/v2"

	"github.com/newsarchive/newsarchive/crawler/discover"
)

// enqueueRaw normalises and queues a URL the source lists under the key
// configured (start, feeds, sitemaps), or, configured "", a sitemap its
// robots.txt lists: either may lie outside allow.
func (r *run) enqueueRaw(ctx context.Context, raw string, k kind, configured string) {
	if u, ok := discover.Resolve(nil, raw); ok {
		r.enqueue(ctx, target{url: u, kind: k, force: true, configured: configured})
	}
}

// target is a URL the crawl may request.
type target struct {
	url   string // normalised
	kind  kind
	depth int
	// force skips the scope check: the feeds and sitemaps the source
	// configures, and the sitemaps its robots.txt and sitemap indexes name,
	// may live on another host. Feeds pages announce are links: in scope
	// only.
	force bool
	// listed is the feed or sitemap entry that named the URL, if any.
	listed *discover.Entry
	// configured is the key of the source's configuration that lists the
	// URL (start, feeds, sitemaps), "" for a URL the crawl found.
	configured string
	// unconditional marks a listing asked again without validators, its
	// stored copy unreadable (see replay): it is not asked a third time.
	unconditional bool
}

// enqueue queues t unless it was seen, is out of scope, a trap, disallowed
// by robots.txt, already archived and unchanged, or over the budget; it
// reports whether it queued t.
func (r *run) enqueue(ctx context.Context, t target) bool {
	if ctx.Err() != nil {
		return false
	}
	t.url = discover.WithoutSession(t.url)
	fresh, err := r.front.Visit(t.url)
	if err != nil {
		r.log.Warn("frontier", slog.String("url", t.url), slog.String("error", err.Error()))
		return false
	}
	if !fresh {
		r.noteListed(t)
	}
	if t.kind == kindSitemap {
		r.childrenLeftWaiting(t, fresh)
	}
	if !fresh && !r.passed.reconsider(t) {
		return false
	}
	// An article is judged by the first link or entry that names it; one
	// passed over stays open to a listing that dates it later.
	judging := t.kind == kindArticle
	if judging {
		r.passed.begin(t.url)
	}
	u, err := url.Parse(t.url)
	if err != nil {
		return false
	}
	reason := r.refusal(ctx, t, u)
	if !t.force {
		r.scoped.count(t.url, reason != outOfScope && reason != denied)
	}
	if reason != "" {
		if judging {
			r.passed.end(t.url, true) // refused for good: nothing to reconsider
		}
		r.refuse(ctx, t, u, reason)
		return false
	}
	known, err := r.opt.Store.Known(ctx, t.url)
	if err != nil {
		r.log.Warn("store lookup failed", slog.String("url", t.url), slog.String("error", err.Error()))
	}
	if to := r.movedAway(t, known); to != "" {
		if judging {
			r.passed.end(t.url, true) // judged as its new address
		}
		return r.enqueueMoved(ctx, t, to)
	}
	worth := r.worthFetching(t, known)
	if judging {
		// A dated entry that came while this one was judged decides.
		if d := r.passed.end(t.url, worth); d != nil {
			t, worth = *d, r.worthFetching(*d, known)
			if !worth {
				r.passed.pass(t.url)
			}
		}
	}
	if !worth {
		return false
	}
	if r.onlyRefresh(t, known) {
		r.refreshes.add(t, u, known)
		return false
	}
	return r.queue(t, u, known)
}

// refuse counts and notes a URL refused for reason. One refused because
// the run stopped (its host's robots.txt was being read) is queued for
// the run that resumes this one, which would otherwise take it for seen.
func (r *run) refuse(ctx context.Context, t target, u *url.URL, reason string) {
	if ctx.Err() != nil {
		r.push(t, u, Known{})
		return
	}
	r.stats.skipped.Add(1)
	r.noteMiss(t.url, "refused", reason)
	if t.configured != "" {
		// The source asked for it by name: its operator is to know why it
		// is not read (robots.txt disallows it, say), run after run.
		r.log.Warn("configured URL refused: not fetched", slog.String("url", t.url),
			slog.String("listed_under", t.configured), slog.String("reason", reason))
		return
	}
	r.log.Debug("skip", slog.String("url", t.url), slog.String("reason", reason))
}

// queue pushes t within the run's budget, and reports whether it did.
func (r *run) queue(t target, u *url.URL, known Known) bool {
	if r.budget.Add(-1) < 0 {
		r.stats.skipped.Add(1)
		r.overBudget.add(t, known)
		return false
	}
	r.push(t, u, known)
	r.stats.queued.Add(1)
	r.progress()
	return true
}

// refusal names the rule that forbids requesting t, or returns "". A
// forced target may lie outside allow, never in deny: the source's deny
// wins over the sitemaps its robots.txt and sitemap indexes name, and
// over what it lists itself.
func (r *run) refusal(ctx context.Context, t target, u *url.URL) string {
	if r.scope.Denies(t.url) {
		return denied
	}
	if !t.force && !r.scope.Allows(t.url) {
		return outOfScope
	}
	if err := r.traps.Check(u); err != nil {
		return err.Error()
	}
	if !r.opt.IgnoreRobots {
		return r.robotsRefusal(ctx, u)
	}
	return ""
}

// worthFetching decides whether a known URL needs another look: a child
// sitemap when its index dates it after the last answer, or it is current
// (see childDue); a Gone page when
// a listing dates it after that, or once GoneRecheck has passed; an
// archived article when a listing dates it after the last fetch, or when
// it is due for a refresh (see refreshDue).
func (r *run) worthFetching(t target, k Known) bool {
	if t.kind == kindSitemap && t.listed != nil && !k.Fetched.IsZero() {
		return r.childDue(t, k)
	}
	// An undated entry proves nothing: an archived article is not fetched
	// again for every listing that names it without a date.
	listedLater := func(after time.Time) bool {
		return t.listed != nil && t.listed.Unsettled(after, r.opt.Now())
	}
	if k.Gone && (t.kind == kindArticle || t.depth > 0) {
		return listedLater(k.Checked) || r.opt.Now().Sub(k.Checked) >= GoneRecheck
	}
	// A link that does not look like an article, such as /latest, is
	// asked again even when it last led to one (conditionally: it may
	// lead elsewhere now).
	if t.kind != kindArticle || !k.Article {
		return true
	}
	// A 304 to a listing's newer date settles it: the page did not change.
	return listedLater(k.answered()) || r.refreshDue(k)
}

// listedPublication is the publication a listing gives t to hand parse
// (see parse.Page.Listed), zero for none.
func listedPublication(t target) time.Time {
	if t.kind != kindArticle || t.listed == nil || !t.listed.PublishedExact {
		return time.Time{}
	}
	return t.listed.Published
}

// noteListed keeps the publication a listing gives an article the run
// queued already, by a section page's link that gave none: the run's
// section pages come before its sitemaps, and most articles would never
// get their listing's date. They are at most the run's budget, however
// many entries the listings repeat.
func (r *run) noteListed(t target) {
	p := listedPublication(t)
	if p.IsZero() || r.lateCount.Load() >= int64(r.opt.Source.MaxPages) {
		return
	}
	if _, had := r.listedLate.LoadOrStore(t.url, p); !had {
		r.lateCount.Add(1)
	}
}

// listedOf is the publication a listing gave the article a response
// answers: the one its request carries, else one a listing gave it after
// it was queued; zero when none did.
func (r *run) listedOf(c *colly.Context) time.Time {
	if t, err := time.Parse(time.RFC3339Nano, c.Get(ctxListed)); err == nil {
		return t
	}
	if p, ok := r.listedLate.Load(c.Get(ctxURL)); ok {
		return p.(time.Time)
	}
	return time.Time{}
}

// dated reports whether a listing entry gives a date.
func dated(e *discover.Entry) bool { return !e.Modified.IsZero() || !e.Published.IsZero() }

// push adds t to the queue, conditional on the last fetch's validators.
func (r *run) push(t target, u *url.URL, k Known) {
	h := http.Header{}
	if k.ETag != "" {
		h.Set("If-None-Match", k.ETag)
	}
	if k.LastModified != "" {
		h.Set("If-Modified-Since", k.LastModified)
	}
	c := colly.NewContext()
	if t.unconditional {
		c.Put(ctxUnconditional, "1")
	}
	c.Put(ctxKind, string(t.kind))
	c.Put(ctxURL, t.url)
	if p := listedPublication(t); !p.IsZero() {
		c.Put(ctxListed, p.Format(time.RFC3339Nano))
	}
	if t.kind == kindArticle && !k.Article {
		c.Put(ctxUnarchived, "1")
	}
	req := &colly.Request{URL: u, Method: http.MethodGet, Depth: t.depth, Ctx: c, Headers: &h}
	if err := r.queueRequest(req); err != nil {
		r.log.Warn("queue full", slog.String("url", t.url), slog.String("error", err.Error()))
	}
}

// requeue puts back a request the cancelled run took from the frontier
// and did not complete, so that a run resuming from the frontier fetches
// it. Without it, every request waiting for its host's turn at the cancel
// would be lost from a frontier that forgets what it hands out. A
// persistent frontier still holds it (see Frontier) and must not queue it
// twice.
func (r *run) requeue(req *colly.Request) {
	if req == nil {
		return
	}
	if err := r.queueRequest(req); err != nil {
		r.log.Warn("requeue", slog.String("url", requestURL(req)), slog.String("error", err.Error()))
	}
}

// queueRequest stores a request in the frontier for the dispatcher.
func (r *run) queueRequest(req *colly.Request) error {
	raw, err := req.Marshal()
	if err != nil {
		return err
	}
	return r.disp.add(raw)
}

// mustParse parses a URL that discover already normalised.
func mustParse(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		return &url.URL{}
	}
	return u
}
