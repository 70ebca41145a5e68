package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/crawler"
)

// maxSaveBatch bounds how many fetches one transaction commits.
const maxSaveBatch = 64

// crawlStore is the archive as a crawler.Store for one run of one source:
// every fetch is saved with the run's and the source's ids. Saves from the
// crawl's workers are committed together (group commit): a worker waits
// for the transaction that holds its fetch, so what Save acknowledged is
// on disk, and one transaction serves all the workers waiting at the time.
type crawlStore struct {
	store    *archive.Store
	front    *archive.Frontier // nil when the crawl keeps no frontier
	sourceID int64
	runID    int64
	saves    chan *pendingSave
	done     chan struct{}
}

var _ crawler.Store = (*crawlStore)(nil)

// pendingSave is one fetch waiting for its transaction.
type pendingSave struct {
	rec archive.Record
	out chan saveResult
}

type saveResult struct {
	saved archive.Saved
	err   error
}

// newCrawlStore starts the store's writer; Close stops it.
func newCrawlStore(store *archive.Store, front *archive.Frontier, sourceID, runID int64) *crawlStore {
	s := &crawlStore{store: store, front: front, sourceID: sourceID, runID: runID,
		saves: make(chan *pendingSave), done: make(chan struct{})}
	go s.write()
	return s
}

// Close waits for the writer to commit what it holds. No Save may follow.
func (s *crawlStore) Close() {
	close(s.saves)
	<-s.done
}

// Known tells the crawler what the archive holds of a URL: the validators
// of its last stored fetch and whether an article came from it.
func (s *crawlStore) Known(ctx context.Context, url string) (crawler.Known, error) {
	f, err := s.store.LastStored(ctx, url)
	if errors.Is(err, archive.ErrNotFound) {
		return crawler.Known{}, nil
	}
	if err != nil {
		return crawler.Known{}, err
	}
	k := crawler.Known{Fetched: f.FetchedAt, ETag: f.Header.Get("ETag"), LastModified: f.Header.Get("Last-Modified")}
	_, err = s.store.Resolve(ctx, url)
	switch {
	case err == nil:
		k.Article = true
	case !errors.Is(err, archive.ErrNotFound):
		return k, err
	}
	return k, nil
}

// LastBody returns the body of the URL's last stored fetch, nil if none.
func (s *crawlStore) LastBody(ctx context.Context, url string) ([]byte, error) {
	f, err := s.store.LastStored(ctx, url)
	if errors.Is(err, archive.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return s.store.Body(ctx, f.BodySHA256)
}

// Save records one fetch and waits until it is committed.
func (s *crawlStore) Save(ctx context.Context, r crawler.Record) (crawler.Outcome, error) {
	p := &pendingSave{rec: s.record(r), out: make(chan saveResult, 1)}
	select {
	case s.saves <- p:
	case <-ctx.Done():
		return crawler.Outcome{}, ctx.Err()
	}
	res := <-p.out
	if res.err != nil {
		return crawler.Outcome{}, res.err
	}
	return crawler.Outcome{NewArticle: res.saved.NewArticle, NewVersion: res.saved.NewVersion}, nil
}

// record maps a crawl record onto the archive's. A fetch that got no
// response keeps the URL and the error.
func (s *crawlStore) record(r crawler.Record) archive.Record {
	var f archive.Fetch
	if r.Response != nil {
		f = fetchRecord(r.Response)
	} else {
		f = archive.Fetch{RequestedURL: r.URL, FinalURL: r.URL, Method: "GET", FetchedAt: time.Now()}
	}
	if f.RequestedURL == "" {
		f.RequestedURL = r.URL
	}
	f.SourceID, f.RunID = s.sourceID, s.runID
	if r.Err != nil {
		f.Err = r.Err.Error()
	}
	return archive.Record{Fetch: f, Article: r.Article}
}

// write commits the waiting saves in batches until Close.
func (s *crawlStore) write() {
	defer close(s.done)
	for p := range s.saves {
		batch := []*pendingSave{p}
	drain:
		for len(batch) < maxSaveBatch {
			select {
			case q, ok := <-s.saves:
				if !ok {
					break drain
				}
				batch = append(batch, q)
			default:
				break drain
			}
		}
		s.commit(batch)
	}
}

// commit saves a batch in one transaction, then drops its URLs from the
// frontier. A batch that fails is saved record by record, so one bad
// record costs only itself.
func (s *crawlStore) commit(batch []*pendingSave) {
	// The crawl may be cancelled; what was fetched is saved regardless.
	ctx := context.Background()
	recs := make([]archive.Record, len(batch))
	for i, p := range batch {
		recs[i] = p.rec
	}
	saved, err := s.store.SaveBatch(ctx, recs)
	if err != nil && len(batch) > 1 {
		for _, p := range batch {
			s.commit([]*pendingSave{p})
		}
		return
	}
	if err == nil && s.front != nil {
		urls := make([]string, len(recs))
		for i := range recs {
			urls[i] = recs[i].Fetch.RequestedURL
		}
		err = s.front.Done(ctx, urls...)
	}
	for i, p := range batch {
		if err != nil {
			p.out <- saveResult{err: err}
			continue
		}
		p.out <- saveResult{saved: saved[i]}
	}
}

// crawlFrontier is the archive's frontier as a crawler.Frontier: colly's
// serialised requests are stored as they are, keyed by the URL the crawler
// asked for. Storage has no context parameter; ctx is the run's, cut loose
// from cancellation so a stopping run still records what it queued.
type crawlFrontier struct {
	ctx     context.Context
	front   *archive.Frontier
	pending atomic.Int64 // waiting requests: colly asks after every request
	seen    sync.Map     // URLs this process saw, spares the database repeat links
}

var _ crawler.Frontier = (*crawlFrontier)(nil)

func newCrawlFrontier(ctx context.Context, front *archive.Frontier, pending int) *crawlFrontier {
	f := &crawlFrontier{ctx: context.WithoutCancel(ctx), front: front}
	f.pending.Store(int64(pending))
	return f
}

// Init is part of colly's queue.Storage; the frontier is ready when made.
func (f *crawlFrontier) Init() error { return nil }

// AddRequest queues a serialised request.
func (f *crawlFrontier) AddRequest(req []byte) error {
	u, err := requestURL(req)
	if err != nil {
		return err
	}
	if err := f.front.Push(f.ctx, u, req); err != nil {
		return err
	}
	f.pending.Add(1)
	return nil
}

// GetRequest takes the oldest waiting request.
func (f *crawlFrontier) GetRequest() ([]byte, error) {
	req, err := f.front.Pop(f.ctx)
	if err != nil {
		return nil, err
	}
	f.pending.Add(-1)
	return req, nil
}

// QueueSize counts the waiting requests.
func (f *crawlFrontier) QueueSize() (int, error) {
	return int(max(f.pending.Load(), 0)), nil
}

// Visit marks a URL seen, in this run or in the killed run it resumes.
func (f *crawlFrontier) Visit(url string) (bool, error) {
	if _, dup := f.seen.LoadOrStore(url, struct{}{}); dup {
		return false, nil
	}
	return f.front.See(f.ctx, url)
}

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
