package crawler

import (
	"context"
	"log/slog"
	"net/http"
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
func (r *run) saveShortcuts(ctx context.Context) {
	for _, rec := range r.cuts.taken() {
		r.log.Debug("redirect or forward to a page fetched in this run", slog.String("url", rec.URL),
			slog.String("to", firstNonEmpty(rec.Forward, rec.Response.Header.Get("Location"))))
		r.save(ctx, rec)
	}
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
