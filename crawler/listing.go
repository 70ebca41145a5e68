package crawler

import (
	"errors"
	"log/slog"
	"slices"
	"time"

	"github.com/newsarchive/newsarchive/crawler/discover"
	"github.com/newsarchive/newsarchive/crawler/fetch"
)

// readFeed queues the items of a feed, fetched at listedAt, as articles.
// A sitemap offered as a feed is read as a sitemap.
func (r *run) readFeed(rec Record, depth int, listedAt time.Time) {
	body := listingBody(rec.Response)
	entries, err := discover.Feed(body, rec.Response.FinalURL)
	if err != nil && len(entries) == 0 {
		if sm, _ := discover.ParseSitemap(body, rec.Response.FinalURL, discover.SitemapLimits{}); sm != nil {
			r.readSitemap(rec, depth, listedAt)
			return
		}
	}
	notAfter(entries, listedAt)
	switch {
	case err != nil && len(entries) == 0:
		r.log.Warn("feed unreadable", slog.String("url", rec.URL), slog.String("error", err.Error()))
		return
	case err != nil:
		r.log.Warn("feed broken off: its items before the break are followed", slog.String("url", rec.URL),
			slog.Int("entries", len(entries)), slog.String("error", err.Error()))
	}
	r.queueEntries(entries)
}

// readSitemap queues the children of a sitemap index and the pages of a
// urlset, fetched at listedAt. A feed offered as a sitemap is read as a
// feed.
func (r *run) readSitemap(rec Record, depth int, listedAt time.Time) {
	body := listingBody(rec.Response)
	sm, err := discover.ParseSitemap(body, rec.Response.FinalURL, discover.SitemapLimits{})
	if errors.Is(err, discover.ErrNotSitemap) {
		if entries, ferr := discover.Feed(body, rec.Response.FinalURL); ferr == nil {
			notAfter(entries, listedAt)
			r.queueEntries(entries)
			return
		}
	}
	switch {
	case err != nil && sm == nil:
		r.log.Warn("sitemap unreadable", slog.String("url", rec.URL), slog.String("error", err.Error()))
		return
	case err != nil:
		r.log.Warn("sitemap broken off: its entries before the break are followed", slog.String("url", rec.URL),
			slog.Int("entries", len(sm.URLs)+len(sm.Sitemaps)), slog.String("error", err.Error()))
	}
	if sm.Truncated && err == nil {
		r.log.Warn("sitemap lists more than the protocol's 50,000 entries: the rest are not followed",
			slog.String("url", rec.URL), slog.Int("entries", len(sm.URLs)+len(sm.Sitemaps)))
	}
	notAfter(sm.Sitemaps, listedAt)
	notAfter(sm.URLs, listedAt)
	newestFirst(sm.Sitemaps)
	newestFirst(sm.URLs)
	if len(sm.Sitemaps) > 0 {
		r.children.add(childTargets(sm.Sitemaps, depth))
		r.queueChildren()
	}
	r.queueEntries(sm.URLs)
}

// listingBody is a feed's or sitemap's body in UTF-8, read in the charset
// its Content-Type names (see discover.UTF8XML).
func listingBody(resp *fetch.Response) []byte {
	return discover.UTF8XML(resp.Body, resp.Header.Get("Content-Type"))
}

// notAfter takes the entries' dates as a listing fetched at listedAt can
// know them (see discover.Entry.NotAfter).
func notAfter(entries []discover.Entry, listedAt time.Time) {
	for i := range entries {
		entries[i].NotAfter(listedAt)
	}
}

// newestFirst orders a sitemap's entries by the date they give, newest
// first, undated ones after in their order: within max_pages, the news
// sitemap an index lists after years of monthly ones, or the stories a
// sitemap lists oldest first, come before the archive's past.
func newestFirst(entries []discover.Entry) {
	slices.SortStableFunc(entries, func(a, b discover.Entry) int {
		return latestDate(b).Compare(latestDate(a))
	})
}

// latestDate is the later of an entry's dates, zero when it gives none.
func latestDate(e discover.Entry) time.Time {
	if e.Published.After(e.Modified) {
		return e.Published
	}
	return e.Modified
}

// queueEntries queues listed pages that may be articles. They are leaves,
// at the maximum depth: fetched and archived, their links not followed,
// since a listing names articles, not places to explore, and a sitemap of
// fifty thousand articles must not become fifty thousand start pages.
func (r *run) queueEntries(entries []discover.Entry) {
	for i := range entries {
		e := &entries[i]
		// Listings name articles; with article patterns, only those count.
		k := discover.Classify(mustParse(e.URL), r.opt.Source.Article)
		if k == discover.Skip || (len(r.opt.Source.Article) > 0 && k != discover.Article) {
			continue
		}
		r.enqueue(r.ctx, target{url: e.URL, kind: kindArticle, depth: r.opt.Source.MaxDepth, listed: e})
	}
}
