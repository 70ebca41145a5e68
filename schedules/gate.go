package schedules

import (
	"context"
	"sync"
)

// gate bounds how many runs proceed at once. Unlike a buffered channel its
// limit can change while runs hold it, which a reload needs.
type gate struct {
	mu      sync.Mutex
	limit   int
	active  int
	waiting int
	changed chan struct{} // closed and replaced whenever a slot may be free
}

func newGate(limit int) *gate {
	return &gate{limit: max(limit, 1), changed: make(chan struct{})}
}

// acquire waits for a free slot or for ctx to end.
func (g *gate) acquire(ctx context.Context) error {
	g.mu.Lock()
	g.waiting++
	defer func() {
		g.mu.Lock()
		g.waiting--
		g.mu.Unlock()
	}()
	for {
		if err := ctx.Err(); err != nil {
			// Ended before its turn came, though a slot may be free by now.
			g.mu.Unlock()
			return err
		}
		if g.active < g.limit {
			g.active++
			g.mu.Unlock()
			return nil
		}
		ch := g.changed
		g.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			return ctx.Err()
		}
		g.mu.Lock()
	}
}

// tryAcquire takes a free slot if there is one and no run waits for one
// (it would be overtaken); it never waits.
func (g *gate) tryAcquire() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.active >= g.limit || g.waiting > 0 {
		return false
	}
	g.active++
	return true
}

func (g *gate) release() {
	g.mu.Lock()
	g.active--
	g.wake()
	g.mu.Unlock()
}

func (g *gate) setLimit(n int) {
	g.mu.Lock()
	g.limit = max(n, 1)
	g.wake()
	g.mu.Unlock()
}

// wake lets every waiter look again; g.mu is held.
func (g *gate) wake() {
	close(g.changed)
	g.changed = make(chan struct{})
}

// counts returns the runs holding a slot and those waiting for one.
func (g *gate) counts() (active, waiting int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.active, g.waiting
}
