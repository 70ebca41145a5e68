package crawler

import (
	"context"
	"net/http"
	"time"

	"github.com/newsarchive/newsarchive/crawler/fetch"
	"github.com/newsarchive/newsarchive/parse"
)

// Store is what a crawl needs of the archive. The crawler declares it so it
// never imports the archive; cmd wires the archive in through an adapter.
type Store interface {
	// Known tells what the archive holds about a normalised URL; the zero
	// Known means nothing.
	Known(ctx context.Context, url string) (Known, error)
	// Save records one fetch, failed or not, with the article parsed from
	// it when there is one.
	Save(ctx context.Context, r Record) (Outcome, error)
	// LastBody returns the body of the URL's last successful fetch, so a
	// page answered 304 can still be read for its links. A URL with no
	// stored body yields nil and no error.
	LastBody(ctx context.Context, url string) ([]byte, error)
}

// Known is what the archive remembers of a URL from earlier runs.
type Known struct {
	// Fetched is the last successful fetch; zero when never fetched.
	Fetched time.Time
	// ETag and LastModified are that fetch's validators, sent back so an
	// unchanged page costs a 304.
	ETag         string
	LastModified string
	// Article is set when an article was archived from the URL, first
	// on FirstSeen; ArticleID names it (0 when the store does not),
	// the same for each of its addresses.
	Article   bool
	ArticleID int64
	FirstSeen time.Time
	// Checked is the last time the URL was asked for, whatever came of
	// it (a 304, an error); Gone is set when that answer was 404 or 410,
	// or a redirect out of the source's scope (see AnswerGone),
	// Settled when it was an answer about the page (2xx, 304, and those
	// Gone) rather than a failure worth trying again. AnswerGone and
	// AnswerSettled tell them from a stored fetch.
	Checked time.Time
	Gone    bool
	Settled bool
	// MovedTo is the address permanent redirects alone (301, 308) sent
	// the URL's last ask to, followed or not; "" when that ask was not
	// so redirected. A link to it stands for that address (see
	// run.movedAway).
	MovedTo string
}

// AnswerGone reports whether a fetch's answer makes its page Gone: 404,
// 410, or a redirect recorded as failed. The crawl follows every other
// redirect, or saves it as answered when it leads to a page the run has
// (see reachedBefore), so a failed one is a redirect out of the source's
// scope (a ScopeError): a page that moved to another site, asked again
// each run it would fail each run.
func AnswerGone(status int, failed bool) bool {
	return status == http.StatusNotFound || status == http.StatusGone || cutShortStatus(status) && failed
}

// AnswerSettled reports whether a fetch's answer told about the page
// (see Known.Settled).
func AnswerSettled(status int, failed bool) bool {
	return AnswerGone(status, failed) || status == http.StatusNotModified || status >= 200 && status < 300
}

// answered is when the server last told about the page: the last ask
// when it settled, else the last successful fetch.
func (k Known) answered() time.Time {
	if k.Settled && k.Checked.After(k.Fetched) {
		return k.Checked
	}
	return k.Fetched
}

// Record is one fetch of a crawl.
type Record struct {
	// Source is the configured source's name.
	Source string
	// URL is the normalised address that was requested.
	URL string
	// Response is the exchange; nil when no response came (refused
	// connection, timeout, redirect loop).
	Response *fetch.Response
	// Err says why the fetch failed: no response, an HTTP error status, a
	// redirect out of scope. Nil on success.
	Err error
	// Article is the article parsed from the page, nil when the page is not
	// one or was not parsed (feeds, sitemaps, 304s, failures).
	Article *parse.Article
	// Retrying marks an answer (429, 503) the crawler will ask again: a
	// store that keeps a frontier keeps the URL's request queued.
	Retrying bool
	// SentAt is when the request of a fetch that got no response (Response
	// nil) left for the server, after the host's politeness wait; zero
	// when it never left or it is not known.
	SentAt time.Time
	// Forward is the address the page sends its reader to by refresh
	// <meta>, when it holds no article: the page leads to the article
	// found there.
	Forward string
	// Listed is the publication the feed or sitemap that named the page
	// gave it, zero when none did (see parse.Page.Listed): a store keeps
	// it with the fetch, so that the page is read again the same way.
	Listed time.Time
	// ListingAddress says the page's address reads as a list of stories
	// to this source (see parse.Page.ListingAddress), kept with the fetch
	// for the same reason.
	ListingAddress bool
}

// Outcome is what the store made of a Record's article.
type Outcome struct {
	// NewArticle is set for an article not archived before.
	NewArticle bool
	// NewVersion is set when the article's content changed.
	NewVersion bool
	// Duplicate is set when the store held the content under another URL.
	Duplicate bool
	// Refreshed is set when the content was unchanged but the store took
	// the page's other fields (a date, a byline) into what it holds.
	Refreshed bool
}
