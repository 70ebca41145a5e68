package crawler

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/gocolly/colly/v2"
)

// onRequest stamps a request's start, or aborts and requeues it when the
// run was cancelled between the queue and the wire.
func (r *run) onRequest(req *colly.Request) {
	defer r.recoverPanic(requestURL(req), req.Abort)
	if r.ctx.Err() != nil {
		req.Abort()
		r.requeue(req)
		return
	}
	if reason := r.refusedNow(req); reason != "" {
		req.Abort()
		r.stats.skipped.Add(1)
		r.log.Debug("skip", slog.String("url", requestURL(req)), slog.String("reason", reason))
		return
	}
	if r.archivedSince(req) {
		req.Abort()
		r.stats.skipped.Add(1)
		r.log.Debug("skip", slog.String("url", requestURL(req)), slog.String("reason", archivedSinceQueued))
		return
	}
	if kind(req.Ctx.Get(ctxKind)) == kindArticle && !r.opt.Hosts.claim(hostKey(req.URL), requestURL(req), r) {
		req.Abort()
		r.stats.skipped.Add(1)
		r.log.Debug("skip", slog.String("url", requestURL(req)), slog.String("reason", "asked for by another run of the process"))
		return
	}
	if k := kind(req.Ctx.Get(ctxKind)); k == kindSitemap || k == kindFeed {
		r.listings.Store(req.URL.String(), true)
	}
	req.Ctx.Put(ctxStarted, time.Now().Format(time.RFC3339Nano))
	r.cuts.start(req)
}

// bodyLimit is the cap of a request's body: a sitemap's or a feed's (or
// where its redirects lead) is the protocol's 50 MB (MaxSitemapBytes), a
// sitemap of 50,000 stories with their pictures being larger than a
// page's 10 MiB; 0, the usual cap, for every other request.
func (r *run) bodyLimit(req *http.Request) int64 {
	for q := req; q != nil; q = q.Response.Request {
		if _, ok := r.listings.Load(q.URL.String()); ok {
			return r.capOf(kindSitemap)
		}
		if q.Response == nil {
			break
		}
	}
	return 0
}

// capOf is the body cap of a request of kind k (see bodyLimit): a
// listing's, feed or sitemap, is the sitemap's.
func (r *run) capOf(k kind) int64 {
	if k == kindSitemap || k == kindFeed {
		return max(r.maxBody, r.maxSitemap)
	}
	return r.maxBody
}

// archivedSinceQueued is why a request archivedSince finds is skipped.
const archivedSinceQueued = "archived since it was queued (by another run)"

// archivedSince says whether an article request queued while nothing was
// archived from its URL now finds it archived: another source's run in
// another process (a crawl command beside the daemon), or one that
// fetched it while this run's frontier waited after a kill or a stop.
// Runs of one process ask for an article once between them already (see
// Hosts.claim); the look costs one lookup of the archive's.
func (r *run) archivedSince(req *colly.Request) bool {
	if req.Ctx.Get(ctxUnarchived) == "" {
		return false
	}
	k, err := r.opt.Store.Known(r.ctx, requestURL(req))
	return err == nil && k.Article
}

// refusedNow says why the source's deny or the host's robots.txt forbids
// a request on its way out, or returns "". A request this run queued was
// checked when it was queued; one a cancelled or killed run left in the
// frontier, resumed by this one, was checked against that run's rules,
// which a robots.txt read since or a deny added since may overrule.
func (r *run) refusedNow(req *colly.Request) string {
	if r.scope.Denies(requestURL(req)) {
		return denied
	}
	if r.opt.IgnoreRobots {
		return ""
	}
	return r.robotsRefusal(r.ctx, req.URL)
}
