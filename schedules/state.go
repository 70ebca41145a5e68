package schedules

import (
	"time"

	"github.com/robfig/cron/v3"
)

// SourceState is a scheduled source as the scheduler sees it now.
type SourceState struct {
	Name     string
	Schedule string
	// Next is the next scheduled run; zero before Start.
	Next time.Time
	// Running is set while a run is under way, Queued while one waits
	// for a slot (see Options.MaxParallel).
	Running bool
	Queued  bool
}

// State sums up the scheduler for health checks and metrics.
type State struct {
	Started bool `json:"started"`
	Stopped bool `json:"stopped"`
	Sources int  `json:"sources"`
	// Running counts runs holding a slot, Queued those waiting for one.
	Running int `json:"running"`
	Queued  int `json:"queued"`
}

// Sources lists the scheduled sources in configuration order.
func (s *Scheduler) Sources() []SourceState {
	s.mu.Lock()
	defer s.mu.Unlock()
	next := s.nextRuns()
	out := make([]SourceState, 0, len(s.order))
	for _, name := range s.order {
		j := s.jobs[name]
		out = append(out, SourceState{Name: name, Schedule: j.src.Schedule, Running: j.running && !j.waiting,
			Queued: j.waiting, Next: next[j.entry]})
	}
	return out
}

// nextRuns is when each cron entry runs next, none before Start or after
// Stop; s.mu is held. One copy of the entries for all: cron.Entry copies
// them all for each, which made a listing of 3000 sources take a second,
// the lock held throughout.
func (s *Scheduler) nextRuns() map[cron.EntryID]time.Time {
	if !s.started || s.stopped {
		return nil
	}
	entries := s.cron.Entries()
	next := make(map[cron.EntryID]time.Time, len(entries))
	for _, e := range entries {
		next[e.ID] = e.Next
	}
	return next
}

// Source returns the state of one scheduled source.
func (s *Scheduler) Source(name string) (SourceState, bool) {
	for _, st := range s.Sources() {
		if st.Name == name {
			return st, true
		}
	}
	return SourceState{}, false
}

// State returns the scheduler's state.
func (s *Scheduler) State() State {
	active, waiting := s.gate.counts()
	s.mu.Lock()
	defer s.mu.Unlock()
	return State{Started: s.started, Stopped: s.stopped, Sources: len(s.order), Running: active, Queued: waiting}
}
