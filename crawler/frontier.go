package crawler

import (
	"context"
	"sync"

	"github.com/gocolly/colly/v2/queue"
)

// Frontier holds a run's pending requests and the URLs it has seen. The
// default keeps both in memory; one kept in the archive's database keeps
// memory flat on large sites and lets a killed run resume where it stopped.
//
// A cancelled run gives back, with AddRequest, each request it took and did
// not complete, once. A Frontier that keeps a taken request until its
// fetch is saved (so that a killed run's requests in flight are not lost)
// must take such a request back without holding it twice.
type Frontier interface {
	// Storage is colly's queue storage: pending requests, serialised.
	queue.Storage
	// Visit marks a normalised URL seen and reports whether it was new.
	Visit(url string) (bool, error)
}

// memFrontier is the in-memory Frontier.
type memFrontier struct {
	queue.InMemoryQueueStorage
	seen sync.Map
}

var _ Frontier = (*memFrontier)(nil)

// NewMemFrontier returns a Frontier in memory holding at most maxPending
// requests.
func NewMemFrontier(maxPending int) Frontier {
	return &memFrontier{InMemoryQueueStorage: queue.InMemoryQueueStorage{MaxSize: maxPending}}
}

func (f *memFrontier) Visit(url string) (bool, error) {
	_, dup := f.seen.LoadOrStore(url, struct{}{})
	return !dup, nil
}

// stoppable hides a Frontier's pending requests once ctx is done, so colly's
// queue ends with the requests in flight and leaves the rest stored for a
// later run. (Queue.Stop would do it but races with the queue's loop.)
type stoppable struct {
	Frontier
	ctx context.Context
}

func (s stoppable) QueueSize() (int, error) {
	if s.ctx.Err() != nil {
		return 0, nil
	}
	return s.Frontier.QueueSize()
}
