package crawler

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gocolly/colly/v2"
	"golang.org/x/net/html"

	"github.com/newsarchive/newsarchive/crawler/discover"
	"github.com/newsarchive/newsarchive/crawler/fetch"
	"github.com/newsarchive/newsarchive/parse"
)

// ErrTruncated marks a fetch whose body exceeded the size cap.
var ErrTruncated = errors.New("body exceeds the size limit")

// handle reads one response: it records it, retries it, or follows what it
// lists, by the kind of request it answers.
func (r *run) handle(cr *colly.Response) {
	defer r.recoverPanic(responseURL(cr), nil)
	resp := r.response(cr)
	r.cuts.end(resp.RequestedURL)
	r.markReached(resp)
	rec := Record{URL: cr.Ctx.Get(ctxURL), Response: resp, Listed: r.listedOf(cr.Ctx),
		ListingAddress: r.listingAddress(resp.FinalURL)}
	r.stats.fetched.Add(1)
	r.stats.bytes.Add(int64(len(resp.Body)))
	if answeredPage(resp.Status) && !resp.Truncated {
		r.answered.Add(1) // a body past the cap is a failure, whatever its status
	}
	defer r.progress()
	switch {
	case resp.Status == http.StatusNotModified:
		r.stats.notChanged.Add(1)
		r.save(r.ctx, rec)
		r.replay(rec, kind(cr.Ctx.Get(ctxKind)), cr.Request.Depth, cr.Ctx.Get(ctxUnconditional) != "")
		return
	case resp.Status == http.StatusTooManyRequests || resp.Status == http.StatusServiceUnavailable:
		if r.retry(cr, resp) {
			return
		}
	case cutShort(resp):
		r.cuts.keep(rec)
		return
	}
	if err := resp.StatusErr(); err != nil {
		r.fail(rec, err)
		return
	}
	if resp.Truncated {
		// A listing cut at the cap (the sitemap protocol allows 50 MB)
		// still names pages to fetch before the cut.
		switch kind(cr.Ctx.Get(ctxKind)) {
		case kindSitemap:
			r.readSitemap(rec, cr.Request.Depth, r.opt.Now())
		case kindFeed:
			r.readFeed(rec, cr.Request.Depth, r.opt.Now())
		}
		r.fail(rec, fmt.Errorf("%w (%d bytes)", ErrTruncated, r.capOf(kind(cr.Ctx.Get(ctxKind)))))
		return
	}
	r.read(rec, kind(cr.Ctx.Get(ctxKind)), cr.Request.Depth, false)
}

// read follows what a response lists, by the kind of request it answers.
// A replay reads a stored body again: nothing is saved or parsed.
func (r *run) read(rec Record, k kind, depth int, replay bool) {
	// A listing dates nothing after it was fetched: a replayed one, the
	// stored copy's fetch (see replay).
	listedAt := r.opt.Now()
	if replay {
		listedAt = rec.Response.FetchedAt
	}
	switch servedKind(rec.Response, k) {
	case kindFeed:
		r.readFeed(rec, depth, listedAt)
	case kindSitemap:
		r.readSitemap(rec, depth, listedAt)
	default:
		rec.Article, rec.Forward = r.readPage(rec, k, depth, replay)
	}
	switch {
	case replay:
	case rec.Forward != "":
		// Saved once the page it forwards to is, so that it leads to
		// that page's article.
		r.cuts.keep(rec)
	case rec.Article == nil && r.ctx.Err() != nil:
		// The run stopped while the listing's links were queued: saved,
		// the listing would be seen and done, and the links after the
		// stop lost to the run that resumes this one. It is asked again.
		r.push(target{url: rec.URL, kind: k, depth: depth}, mustParse(rec.URL), Known{})
	default:
		r.save(r.ctx, rec)
	}
}

// servedKind is the kind of listing a page's body turns out to be, else
// k: a feed reached by an ordinary link (<a href="/rss">), or served as
// text/html, was fetched as a page and then dropped, neither an article
// nor read for its stories. Its fetch is paid for; it is read as a
// listed feed or sitemap is, within the same scope and budget.
func servedKind(resp *fetch.Response, k kind) kind {
	if k == kindFeed || k == kindSitemap || parse.IsHTML(resp.Body, resp.Header.Get("Content-Type")) {
		return k
	}
	switch discover.SniffListing(resp.Body, resp.Header.Get("Content-Type")) {
	case discover.ServedFeed:
		return kindFeed
	case discover.ServedSitemap:
		return kindSitemap
	}
	return k
}

// replay reads the stored body of a page answered 304. A listing,
// unchanged itself, still leads to pages that may have changed; an
// article's copy is only checked. A stored copy that cannot be read back
// (rotted on disk) has the page asked again without validators, once
// (unconditional tells it was), so that its answer is read and stored
// again: its server would answer 304 run after run.
func (r *run) replay(rec Record, k kind, depth int, unconditional bool) {
	body, err := r.opt.Store.LastBody(r.ctx, rec.URL)
	if err != nil && r.ctx.Err() != nil {
		return // the run was stopped, not the copy found unreadable
	}
	if err != nil {
		r.log.Warn("stored body unreadable", slog.String("url", rec.URL), slog.String("error", err.Error()),
			slog.Bool("asked_again", !unconditional))
		if !unconditional {
			// No validators; an article is known archived (see archivedSince).
			known := Known{Article: k == kindArticle}
			r.queue(target{url: rec.URL, kind: k, depth: depth, unconditional: true}, mustParse(rec.URL), known)
		}
		return
	}
	if body == nil || k == kindArticle {
		return
	}
	resp := *rec.Response
	resp.Body = body
	// The listing's dates are those of the stored copy's fetch: a date it
	// gives after that, taken as then (see Entry.NotAfter), is settled by
	// an answer since, as a 304 to the listing shows no new date.
	resp.FetchedAt = time.Time{}
	if k, err := r.opt.Store.Known(r.ctx, rec.URL); err == nil {
		resp.FetchedAt = k.Fetched
	}
	r.read(Record{URL: rec.URL, Response: &resp}, k, depth, true)
}

// handleError records a request that got no usable response.
func (r *run) handleError(cr *colly.Response, err error) {
	addr := responseURL(cr)
	defer r.recoverPanic(addr, nil)
	r.cuts.end(addr)
	if r.ctx.Err() != nil {
		// The run was cancelled; the page was not refused by the server.
		r.requeue(cr.Request)
		return
	}
	rec := Record{URL: addr, SentAt: sentAt(err)}
	if se := (*ScopeError)(nil); errors.As(err, &se) {
		rec.Response = se.answer(addr, r.opt.Now())
	}
	r.fail(rec, describeErr(err))
}

// responseURL is the normalised URL a response answers, or failing that
// the address it came from.
func responseURL(cr *colly.Response) string {
	if u := cr.Ctx.Get(ctxURL); u != "" || cr.Request == nil {
		return u
	}
	return cr.Request.URL.String()
}

// requestURL is the normalised URL a request was queued for, or failing
// that its address.
func requestURL(req *colly.Request) string {
	if u := req.Ctx.Get(ctxURL); u != "" {
		return u
	}
	return req.URL.String()
}

// save hands a record to the store and counts what became of its article.
// A store failure is logged, a store panic recovered: the crawl goes on.
// save runs outside colly's callbacks too (robots.txt, seeding), and in
// recoverPanic, so it guards itself.
func (r *run) save(ctx context.Context, rec Record) {
	defer func() { _ = r.caught(rec.URL, recover()) }() // logged and counted there
	rec.Source = r.opt.Source.Name
	out, err := r.opt.Store.Save(context.WithoutCancel(ctx), rec)
	if err != nil {
		r.log.Error("store save failed", slog.String("url", rec.URL), slog.String("error", err.Error()))
		return
	}
	if rec.Article == nil {
		return
	}
	switch {
	case out.NewArticle:
		r.stats.added.Add(1)
	case out.NewVersion:
		r.stats.updated.Add(1)
	case out.Duplicate:
		r.stats.duplicates.Add(1)
	case out.Refreshed:
		r.stats.refreshed.Add(1)
	default:
		r.stats.unchanged.Add(1)
	}
}

// withNormalHost writes u with its host in its normal form (see hostKey):
// the address a redirect named in capitals, or with the scheme's port, is
// stored as every other address of the host is.
func withNormalHost(u *url.URL) string {
	c := *u
	c.Host = hostKey(u)
	return c.String()
}

// response turns colly's response into the fetch path's type.
func (r *run) response(cr *colly.Response) *fetch.Response {
	header, c := restoreHeaders(*cr.Headers)
	started := c.sent
	if started.IsZero() {
		started, _ = time.Parse(time.RFC3339Nano, cr.Ctx.Get(ctxStarted))
	}
	resp := &fetch.Response{
		RequestedURL: cr.Ctx.Get(ctxURL),
		FinalURL:     withNormalHost(cr.Request.URL),
		Via:          c.via,
		Moved:        c.moved,
		Method:       cr.Request.Method,
		Status:       cr.StatusCode,
		Proto:        c.proto,
		RemoteIP:     c.remoteIP,
		Header:       header,
		FetchedAt:    started,
		Duration:     time.Since(started),
		Body:         cr.Body,
		// The transport ends a longer body silently at the cap.
		Truncated: int64(len(cr.Body)) >= r.capOf(kind(cr.Ctx.Get(ctxKind))),
	}
	if cr.Request.Headers != nil {
		resp.RequestHeader = cr.Request.Headers.Clone()
	}
	return resp
}

// retry waits as the server asked (Retry-After, bounded), and at least a
// jittered backoff, then requests the page again; it reports false when the attempts
// or the patience are spent. The failed attempt is recorded either way.
func (r *run) retry(cr *colly.Response, resp *fetch.Response) bool {
	attempt, _ := strconv.Atoi(cr.Ctx.Get(ctxAttempt))
	attempt++
	// The backoff is the least wait: "Retry-After: 0", or a date gone
	// by, would send the attempts back to back.
	wait := jitter(time.Duration(1<<attempt) * 250 * time.Millisecond)
	if asked, ok := retryAfter(resp.Header.Get("Retry-After"), r.opt.Now()); ok {
		wait = max(wait, asked)
	}
	// The host's other pages wait too: the host limiter paused the host
	// as the answer arrived (see pauseIfAsked).
	if attempt >= r.opt.MaxAttempts || wait > r.opt.MaxRetryWait {
		return false
	}
	r.save(r.ctx, Record{URL: resp.RequestedURL, Response: resp, Err: resp.StatusErr(), Retrying: true})
	r.log.Info("retrying", slog.String("url", resp.RequestedURL), slog.Int("status", resp.Status),
		slog.Duration("wait", wait))
	if sleep(r.ctx, wait) != nil {
		r.requeue(cr.Request) // its request stays in the frontier for the next run
		return true
	}
	cr.Ctx.Put(ctxAttempt, strconv.Itoa(attempt))
	if err := cr.Request.Retry(); err != nil {
		r.log.Warn("retry failed", slog.String("url", resp.RequestedURL), slog.String("error", err.Error()))
	}
	return true
}

// retryAfter reads a Retry-After header: delay-seconds or an HTTP date.
func retryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil || errors.Is(err, strconv.ErrRange) {
		// A count past what a Duration holds (ParseInt gives its bound
		// past int64's) is the longest wait: multiplied, it wrapped into
		// a negative one, and the server asking to be left alone for
		// centuries was asked again at once.
		return time.Duration(min(max(n, 0), int64(math.MaxInt64/time.Second))) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

// readPage follows the links of an HTML page within the depth limit and
// returns the page's article, if it holds one. A page that holds none
// and forwards with a refresh <meta> is followed there as a redirect;
// the address it forwards to is returned.
func (r *run) readPage(rec Record, k kind, depth int, replay bool) (*parse.Article, string) {
	resp := rec.Response
	if !parse.IsHTML(resp.Body, resp.Header.Get("Content-Type")) {
		return nil, ""
	}
	if k != kindArticle && r.kindOf(resp.FinalURL, k) == kindArticle {
		// Redirected to an article's address (/latest leading to a story
		// the article patterns match): the page is read as one.
		k = kindArticle
	}
	if a := r.readHTML(rec, k, depth, replay); a != nil {
		return a, ""
	}
	to := discover.Forward(resp.Header.Get("Refresh"), resp.Body, resp.FinalURL)
	if to != "" {
		r.enqueue(r.ctx, target{url: to, kind: r.kindOf(to, k), depth: depth})
	}
	return nil, to
}

// readHTML is readPage for an HTML page.
func (r *run) readHTML(rec Record, k kind, depth int, replay bool) *parse.Article {
	resp := rec.Response
	// Pages at the maximum depth are not read for links at all: on a large
	// site they are most pages, and their links would not be followed.
	// Start pages always are, for the feeds they announce.
	wantLinks := depth < r.opt.Source.MaxDepth || depth == 0
	if replay || (k != kindArticle && len(r.opt.Source.Article) > 0) {
		if wantLinks {
			r.follow(r.pageLinks(resp, discover.Links(resp.Body, resp.FinalURL)), depth, "")
		}
		return nil
	}
	if !wantLinks {
		return r.extract(rec, nil)
	}
	return r.extractAndFollow(rec, depth)
}

// extractAndFollow extracts a page and follows its links, read from the
// tree extraction builds anyway: tokenising the page again cost a third as
// much as its extraction (BenchmarkArticleLinks).
func (r *run) extractAndFollow(rec Record, depth int) *parse.Article {
	resp := rec.Response
	var links *discover.PageLinks
	a := r.extract(rec, func(doc *html.Node) {
		l := discover.DocumentLinks(doc, resp.FinalURL)
		links = &l
	})
	if links == nil { // the parser failed before its tree, or is not parse.Parse
		l := discover.Links(resp.Body, resp.FinalURL)
		links = &l
	}
	article := ""
	if a != nil {
		article = resp.FinalURL
	}
	r.follow(r.pageLinks(resp, *links), depth, article)
	return a
}

// pageLinks is links, read from resp's page, marked NoFollow also when
// the response's X-Robots-Tag asks this crawler not to follow them.
func (r *run) pageLinks(resp *fetch.Response, links discover.PageLinks) discover.PageLinks {
	links.NoFollow = links.NoFollow ||
		discover.HeaderNoFollow(resp.Header.Values("X-Robots-Tag"), discover.ProductToken(r.opt.UserAgent))
	if links.NoFollow && len(links.Links) > 0 {
		r.log.Debug("the page says nofollow: its links are not followed", slog.String("url", resp.FinalURL),
			slog.Int("links", len(links.Links)))
	}
	return links
}

// follow queues the feeds of a page at depth and, within the depth limit,
// its links. A feed announced outside the scope (a feed service's, or
// another site's on a syndicated story) is a link like any other: it is
// not requested, and the run says once how to read it. The feed of an
// article's own comments (WordPress's /story/feed/ on /story/) is not
// read: it lists the article alone, and a site announcing one on every
// story doubled the requests its new articles cost.
func (r *run) follow(links discover.PageLinks, depth int, article string) {
	for _, f := range links.Feeds {
		if article != "" && discover.Beneath(f, article) {
			continue
		}
		if !r.scope.Allows(f) {
			r.noteOffsiteFeed(f)
			continue
		}
		r.enqueue(r.ctx, target{url: f, kind: kindFeed, depth: depth})
	}
	if depth >= r.opt.Source.MaxDepth {
		return
	}
	if links.NoFollow && !r.opt.IgnoreRobots {
		// The page asks, by its robots <meta> or X-Robots-Tag, that its
		// links not be followed: as polite as its robots.txt.
		return
	}
	for _, l := range links.Links {
		if k := r.kindOf(l, ""); k != "" {
			r.enqueue(r.ctx, target{url: l, kind: k, depth: depth + 1})
		}
	}
}

// noteOffsiteFeed logs, once per run, a feed a page announces outside the
// scope.
func (r *run) noteOffsiteFeed(feed string) {
	if _, logged := r.offsiteFeeds.LoadOrStore(feed, true); logged || r.scope.Denies(feed) {
		return
	}
	r.log.Info("feed announced outside allow not read; list it under feeds to read it",
		slog.String("feed", feed))
}

// kindOf is what a link to u is taken for: an article or a page by its
// address, else k (the kind of the page that led to it, or "" to skip it).
func (r *run) kindOf(u string, k kind) kind {
	switch discover.Classify(mustParse(u), r.opt.Source.Article) {
	case discover.Article:
		return kindArticle
	case discover.Listing:
		return kindPage
	}
	return k
}

// listingAddress reports an address that reads as a list of stories (see
// parse.Page.ListingAddress). A source's article patterns, when it has
// them, alone decide what is an article.
func (r *run) listingAddress(u string) bool {
	return len(r.opt.Source.Article) == 0 && discover.ListsArticles(mustParse(u))
}

// extract parses the page; a page that is not an article yields nil.
// onDocument, when not nil, is handed the parsed page (see parse.Page).
func (r *run) extract(rec Record, onDocument func(*html.Node)) *parse.Article {
	resp := rec.Response
	r.parsing <- struct{}{}
	defer func() { <-r.parsing }()
	a, err := r.opt.Parse(parse.Page{
		URL:             resp.FinalURL,
		Body:            resp.Body,
		ContentType:     resp.Header.Get("Content-Type"),
		ContentLanguage: resp.Header.Get("Content-Language"),
		FetchedAt:       resp.FetchedAt,
		Listed:          rec.Listed,
		ListingAddress:  rec.ListingAddress,
		OnDocument:      onDocument,
	})
	switch {
	case errors.Is(err, parse.ErrNotArticle):
		r.stats.notArticle.Add(1)
		return nil
	case err != nil:
		r.log.Warn("parse failed", slog.String("url", rec.URL), slog.String("error", err.Error()))
		return nil
	}
	return a
}
