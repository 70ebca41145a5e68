package sourcerun

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/crawler"
)

// crawlFrontier is the archive's frontier as a crawler.Frontier: colly's
// serialised requests are stored as they are, keyed by the URL the crawler
// asked for. Storage has no context parameter; ctx is the run's, cut loose
// from cancellation so a stopping run still records what it queued.
type crawlFrontier struct {
	ctx   context.Context
	front *archive.Frontier
	log   *slog.Logger
	lock  lockWait // for another process's write lock (see waitForLock)
	// resumed is set when the frontier held requests of an unfinished
	// run at open (it is cleared otherwise, see crawlRun).
	resumed bool
}

var (
	_ crawler.Frontier = (*crawlFrontier)(nil)
	_ crawler.Backlog  = (*crawlFrontier)(nil)
)

// Later returns what the source's last complete run left over its budget.
func (f *crawlFrontier) Later(ctx context.Context) ([]crawler.Later, error) {
	stored, err := f.front.Later(ctx)
	out := make([]crawler.Later, len(stored))
	for i, l := range stored {
		out[i] = crawler.Later(l)
	}
	return out, err
}

// KeepForLater stores what this run left over its budget for the next.
func (f *crawlFrontier) KeepForLater(ctx context.Context, later []crawler.Later) (int, error) {
	keep := make([]archive.LaterURL, len(later))
	for i, l := range later {
		keep[i] = archive.LaterURL(l)
	}
	var n int
	err := waitForLock(f.log, f.lock, func() (err error) {
		n, err = f.front.KeepForLater(ctx, keep)
		return err
	})
	return n, err
}

func newCrawlFrontier(ctx context.Context, front *archive.Frontier, log *slog.Logger, lock lockWait, resumed bool) *crawlFrontier {
	return &crawlFrontier{ctx: lock.bound(context.WithoutCancel(ctx)), front: front, log: log, lock: lock, resumed: resumed}
}

// Init is part of colly's queue.Storage; the frontier is ready when made.
func (f *crawlFrontier) Init() error { return nil }

// AddRequest queues a serialised request.
func (f *crawlFrontier) AddRequest(req []byte) error {
	u, err := requestURL(req)
	if err != nil {
		return err
	}
	f.front.Push(u, req)
	return nil
}

// errNoRequest tells colly's queue that no request waits; it asks again.
var errNoRequest = errors.New("no request waiting")

// GetRequest takes the oldest waiting request.
func (f *crawlFrontier) GetRequest() ([]byte, error) {
	req, ok := f.front.Pop()
	if !ok {
		return nil, errNoRequest
	}
	return req, nil
}

// QueueSize counts the waiting requests.
func (f *crawlFrontier) QueueSize() (int, error) { return f.front.Pending(), nil }

// Resumed reports whether the run carries on an unfinished one.
func (f *crawlFrontier) Resumed() bool { return f.resumed }

// Visit marks a URL seen, in this run or in the unfinished run it resumes.
func (f *crawlFrontier) Visit(url string) (bool, error) { return f.front.See(f.ctx, url) }

// requestURL reads the URL the crawler keyed a serialised colly request by
// (its "url" context value, the normalised URL its fetch is saved under),
// or else the request's own URL.
func requestURL(req []byte) (string, error) {
	var r struct {
		URL string
		Ctx map[string]any
	}
	if err := json.Unmarshal(req, &r); err != nil {
		return "", fmt.Errorf("frontier: unreadable request: %w", err)
	}
	if u, ok := r.Ctx["url"].(string); ok && u != "" {
		return u, nil
	}
	return r.URL, nil
}
