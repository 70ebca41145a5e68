package crawler

import (
	"log/slog"
	"sync/atomic"
)

// scopeTally counts the links and entries a run found within its source's
// scope and those it refused as outside it, to say when the allow and deny
// patterns shut out every one (`allow: ['https://']` for an http:// site):
// such a run fetches its start pages, archives nothing and is recorded ok,
// run after run.
type scopeTally struct {
	in, out  atomic.Int64
	firstOut atomic.Pointer[string]
}

// count notes a link found: within the scope or not.
func (s *scopeTally) count(u string, inScope bool) {
	if inScope {
		s.in.Add(1)
		return
	}
	s.out.Add(1)
	s.firstOut.CompareAndSwap(nil, &u)
}

// warn logs, at the run's end, that no link found was within the scope,
// if none was and some were refused.
func (s *scopeTally) warn(log *slog.Logger) {
	out := s.out.Load()
	if s.in.Load() > 0 || out == 0 {
		return
	}
	log.Warn("no link the run found is within the source's allow and deny patterns: check them",
		slog.Int64("refused", out), slog.String("first", *s.firstOut.Load()))
}
