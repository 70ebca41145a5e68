package crawler

import (
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
	// Resumed reports whether the frontier holds what an unfinished run
	// saw, which this run carries on: what that run kept in memory alone
	// (the child sitemaps its indexes left waiting) is to be found again.
	Resumed() bool
}

// memFrontier is the in-memory Frontier.
type memFrontier struct {
	queue.InMemoryQueueStorage
	seen sync.Map
	// resumed is set when a run starts on a frontier an earlier run of
	// the process saw URLs into (one handed in again after a cancel).
	resumed bool
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

// Init readies the queue; a frontier that saw URLs already is resumed.
func (f *memFrontier) Init() error {
	f.seen.Range(func(any, any) bool {
		f.resumed = true
		return false
	})
	return f.InMemoryQueueStorage.Init()
}

func (f *memFrontier) Resumed() bool { return f.resumed }
