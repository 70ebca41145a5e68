package archive

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// lockTry is how long a write waits for another connection's write lock
// once the bound WaitForLockUntil set has passed: a try, which a free
// lock lets through at once.
const lockTry = 50 * time.Millisecond

// errLockWaitOver is the error of a write that stopped waiting for
// another connection's write lock at the bound WaitForLockUntil set;
// Locked reports it, as it does the busy timeout's.
var errLockWaitOver = errors.New("the archive stayed locked by another connection past the wait's bound")

// lockWaitKey carries the bound of WaitForLockUntil.
type lockWaitKey struct{}

// WaitForLockUntil returns ctx under which a write waits for another
// connection's write lock (up to the store's busy timeout) only until
// until is done, and only tries the lock after that. Its statements still
// run under ctx alone, so the bound gives up no write that a free lock
// lets through: a stopped crawl records what it can, without waiting out
// the busy timeout for each write while another process holds the lock.
func WaitForLockUntil(ctx, until context.Context) context.Context {
	return context.WithValue(ctx, lockWaitKey{}, until)
}

// lockWait is a transaction's wait for the write lock, which its BEGIN
// takes: under ctx, which ends the wait when the caller's context ends,
// or at the bound WaitForLockUntil set.
type lockWait struct {
	ctx    context.Context
	cancel context.CancelFunc // nil when nothing can end the wait
	stops  []func() bool
}

func newLockWait(ctx context.Context) *lockWait {
	until, _ := ctx.Value(lockWaitKey{}).(context.Context)
	w := &lockWait{ctx: context.WithoutCancel(ctx)}
	if ctx.Done() == nil && until == nil {
		return w // nothing ends the wait but the busy timeout
	}
	w.ctx, w.cancel = context.WithCancel(w.ctx)
	w.stops = append(w.stops, context.AfterFunc(ctx, w.cancel))
	switch {
	case until == nil:
	case until.Err() != nil:
		w.stops = append(w.stops, time.AfterFunc(lockTry, w.cancel).Stop)
	default:
		w.stops = append(w.stops, context.AfterFunc(until, w.cancel))
	}
	return w
}

// begun stops what would end the wait, once BEGIN returned, and reports
// whether something ended it already: a transaction begun meanwhile is
// then the cancelled context's, which database/sql rolls back.
func (w *lockWait) begun() (cut bool) {
	for _, stop := range w.stops {
		if !stop() {
			cut = true
		}
	}
	return cut
}

// end releases the wait's context once the transaction is over: the
// transaction lives under it.
func (w *lockWait) end() {
	if w.cancel != nil {
		w.cancel()
	}
}

// cutShort is the error of a BEGIN whose wait was ended: the caller's
// context's, or errLockWaitOver.
func cutShort(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return fmt.Errorf("wait for the write lock: %w", ctx.Err())
	}
	if err == nil {
		return errLockWaitOver
	}
	return fmt.Errorf("%w (%v)", errLockWaitOver, err)
}
