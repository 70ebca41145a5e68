package crawler

import (
	"context"
	"log/slog"
	"net/http"
	"slices"
	"sync"

	"github.com/gocolly/colly/v2"

	"github.com/newsarchive/newsarchive/crawler/discover"
	"github.com/newsarchive/newsarchive/crawler/fetch"
	"github.com/newsarchive/newsarchive/parse/urlnorm"
)

// shortcuts are the redirects a run does not follow because they lead to
// a page it fetched or queued already: a story linked both directly and
// through a redirecting address (an http:// link to an https site, a
// short link, a tracking redirect) would otherwise be fetched once per
// address. Their 3xx answers are saved when the run's fetches are (see
// saveAll), so the archive files the redirecting address under the
// article its target became.
type shortcuts struct {
	// articles holds the URLs of the article requests in flight: only an
	// article's redirect is cut short. A listing's is followed, since its
	// target may have been met deeper than the listing and not read for
	// links.
	articles sync.Map
	mu       sync.Mutex
	answers  []Record
}

// start notes a request going out.
func (s *shortcuts) start(req *colly.Request) {
	if kind(req.Ctx.Get(ctxKind)) == kindArticle {
		s.articles.Store(requestURL(req), struct{}{})
	}
}

// end forgets a request answered or failed.
func (s *shortcuts) end(u string) { s.articles.Delete(u) }

// keep holds a redirect cut short until the run's fetches are saved.
func (s *shortcuts) keep(rec Record) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.answers = append(s.answers, rec)
}

// taken returns the redirects held, once.
func (s *shortcuts) taken() []Record {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := s.answers
	s.answers = nil
	return out
}

// followRedirect decides one hop of a page request's redirect chain. A
// target the run may not request fails the fetch with the answer that
// pointed there (a ScopeError): another host outside allow, an address
// deny names, one robots.txt disallows (a short link or a tracking
// redirect into a disallowed path is no way around it). A target the run
// has already (see reachedBefore) is handed back unfollowed.
func (r *run) followRedirect(req *http.Request, via []*http.Request) error {
	target, ok := discover.Resolve(nil, req.URL.String())
	switch {
	case !ok || !r.scope.Allows(target) && req.URL.Host != via[0].URL.Host:
		return newScopeError(req, "")
	case r.scope.Denies(target):
		return newScopeError(req, denied)
	}
	if !r.opt.IgnoreRobots {
		giveBackHop(req) // robots.txt may be read for the target, in one of the host's slots
		if reason := r.robotsRefusal(req.Context(), req.URL); reason != "" {
			return newScopeError(req, reason)
		}
	}
	if r.reachedBefore(req, via) {
		return http.ErrUseLastResponse
	}
	return nil
}

// reachedBefore reports whether a redirect of an article request leads
// to an address the run has fetched or queued already, from an address
// that leads to no archived article: the redirect is then not followed.
// A redirect from an archived article's address is always followed: it
// may be the story moving to a new slug, which the archive must see. A
// target the redirect chain has passed already is a loop, left to the
// hop limit.
func (r *run) reachedBefore(req *http.Request, via []*http.Request) bool {
	from, err := urlnorm.Normalize(via[0].URL.String())
	if err != nil {
		return false
	}
	if _, ok := r.cuts.articles.Load(from); !ok {
		return false
	}
	to, ok := seenKey(req.URL.String())
	if !ok || r.passedBy(to, via) {
		return false
	}
	if fresh, err := r.front.Visit(to); err != nil || fresh {
		return false
	}
	k, err := r.opt.Store.Known(req.Context(), from)
	return err == nil && !k.Article
}

// movedAway is the address a link's last ask was sent to by permanent
// redirects (see Known.MovedTo), when an article was archived from it
// and it reads as an article's: the link stands for that address, and is
// judged as a link to it is (not asked for while the article is archived
// and not due for a refresh, and when it is, asked at its own address).
// A short link would otherwise cost a request each run. A temporary
// redirect may lead elsewhere next time, and a section page or feed that
// moved must still be read: for those, and the addresses the source
// configures, it returns "".
func (r *run) movedAway(t target, k Known) string {
	if k.MovedTo == "" || !k.Article || k.Gone || t.force || t.configured != "" ||
		t.kind != kindArticle && t.kind != kindPage {
		return ""
	}
	to, err := urlnorm.Normalize(k.MovedTo)
	if err != nil || to == t.url || r.kindOf(to, "") != kindArticle {
		return ""
	}
	return to
}

// enqueueMoved queues, in t's place, the address to that t moved to
// for good (see movedAway); it reports whether it queued it. The move
// took the link's reader there whatever allow says of its path, if on
// the same host, as following the redirect would (see followRedirect).
func (r *run) enqueueMoved(ctx context.Context, t target, to string) bool {
	r.log.Debug("moved permanently to an archived article: judged at its new address",
		slog.String("url", t.url), slog.String("to", urlnorm.RedactURLs(to)))
	return r.enqueue(ctx, target{url: to, kind: kindArticle, depth: t.depth, listed: t.listed,
		force: mustParse(to).Host == mustParse(t.url).Host})
}

// seenKey is the key a URL has in the run's visited set.
func seenKey(raw string) (string, bool) {
	n, err := urlnorm.Normalize(raw)
	if err != nil {
		return "", false
	}
	return discover.WithoutSession(n), true
}

// passedBy reports whether a redirect chain went through u already.
func (r *run) passedBy(u string, via []*http.Request) bool {
	for _, v := range via {
		if k, ok := seenKey(v.URL.String()); ok && k == u {
			return true
		}
	}
	return false
}

// cutShort reports whether resp is a redirect the run did not follow
// (see reachedBefore): the client follows every other redirect with a
// Location, or fails it.
func cutShort(resp *fetch.Response) bool {
	return cutShortStatus(resp.Status) && resp.Header.Get("Location") != ""
}

// cutShortStatus reports whether status is a redirect's.
func cutShortStatus(status int) bool {
	switch status {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther,
		http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
		return true
	}
	return false
}

// saveShortcuts saves the redirects cut short and the pages that forward
// by refresh <meta>, after every fetch of the run was handed to the
// store, their targets' among them.
//
// Newest first: in a chain of such pages (a stub forwarding to a stub, or
// to a redirect cut short), each is met before the one it leads to, so
// saving the later ones first files the page a stub leads to before it.
func (r *run) saveShortcuts(ctx context.Context) {
	held := r.cuts.taken()
	slices.Reverse(held)
	for _, rec := range held {
		r.log.Debug("redirect or forward to a page fetched in this run", slog.String("url", rec.URL),
			slog.String("to", urlnorm.RedactURLs(firstNonEmpty(rec.Forward, rec.Response.Header.Get("Location")))))
		r.save(ctx, rec)
	}
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// answeredPage reports whether a status tells about the page rather than
// a failing server: a success, not modified, or gone.
func answeredPage(status int) bool {
	return status >= 200 && status < 300 || status == http.StatusNotModified ||
		status == http.StatusNotFound || status == http.StatusGone || cutShortStatus(status)
}

// markReached marks the addresses a redirected fetch went through and
// ended at as seen: a link to the story's own address met later in the
// run, or to one of the hops, would fetch the same page again.
func (r *run) markReached(resp *fetch.Response) {
	if len(resp.Via) == 0 && resp.FinalURL == resp.RequestedURL {
		return
	}
	for _, u := range append([]string{resp.FinalURL}, resp.Via...) {
		n, err := urlnorm.Normalize(u)
		if err != nil || n == resp.RequestedURL {
			continue
		}
		if _, err := r.front.Visit(discover.WithoutSession(n)); err != nil {
			r.log.Warn("frontier", slog.String("url", n), slog.String("error", err.Error()))
		}
	}
}
