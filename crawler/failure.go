package crawler

import (
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"runtime/debug"

	"github.com/newsarchive/newsarchive/crawler/fetch"
)

// errPanic marks the failure of a page whose handling panicked.
var errPanic = errors.New("crawler panic")

// recoverPanic, deferred by the run's colly callbacks, turns a panic into a
// failed fetch of rawURL: logged, counted and recorded, and abort (when not
// nil) stops the request. One bad page must not end the crawl, and colly
// runs callbacks on the queue's goroutines, where a panic ends the process.
func (r *run) recoverPanic(rawURL string, abort func()) {
	err := r.caught(rawURL, recover())
	if err == nil {
		return
	}
	if abort != nil {
		abort()
	}
	r.save(r.ctx, Record{URL: rawURL, Err: err})
	r.progress()
}

// caught logs and counts a recovered panic value p and returns it as an
// error; nil when p is nil (no panic).
func (r *run) caught(rawURL string, p any) error {
	if p == nil {
		return nil
	}
	r.stats.errors.Add(1)
	r.log.Error("panic while crawling", slog.String("url", rawURL), slog.Any("panic", p),
		slog.String("stack", string(debug.Stack())))
	return fmt.Errorf("%w: %v", errPanic, p)
}

// describeErr makes a timeout match fetch.ErrTimeout, says what a body
// that ended early means ("unexpected EOF" alone did not) and redacts the
// password of a redirect's target (Go's client quotes the Location as
// sent), as the errors of the shared fetch path do.
func describeErr(err error) error {
	if fetch.IsTimeout(err) {
		return fetch.Redacted(fmt.Errorf("%w: %v", fetch.ErrTimeout, err))
	}
	return fetch.Redacted(fetch.BodyCut(err))
}

// fail logs, counts and records a failed fetch.
func (r *run) fail(rec Record, err error) {
	rec.Err = err
	r.stats.errors.Add(1)
	r.noteMiss(rec.URL, "failed", err.Error())
	defer r.progress()
	r.log.Log(r.ctx, r.failLevel(rec.URL, err), "fetch failed", slog.String("url", rec.URL),
		slog.String("error", err.Error()))
	r.save(r.ctx, rec)
}

// failLevel is the level a failed fetch is logged at: a warning, but for
// the pages of a host already logged down, each recorded failed as well.
func (r *run) failLevel(rawURL string, err error) slog.Level {
	if se := (*ScopeError)(nil); errors.As(err, &se) {
		return slog.LevelInfo // the site's answer, left alone for GoneRecheck
	}
	if !errors.Is(err, errHostDown) {
		return slog.LevelWarn
	}
	host := rawURL
	if u, perr := url.Parse(rawURL); perr == nil {
		host = u.Host
	}
	if _, logged := r.downLogged.LoadOrStore(host, true); logged {
		return slog.LevelDebug
	}
	return slog.LevelWarn
}
