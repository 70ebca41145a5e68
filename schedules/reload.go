package schedules

import (
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/newsarchive/newsarchive/crawler/config"
)

// Reload makes sources the scheduled set: added sources are scheduled,
// removed ones unscheduled (a run under way finishes), changed ones take
// their new settings from their next run. maxParallel (<= 0 for the
// default) replaces the bound on sources running at once. An invalid
// schedule changes nothing and is an error naming the source.
func (s *Scheduler) Reload(sources []config.Source, maxParallel int) error {
	scheds := make([]cron.Schedule, len(sources))
	for i, src := range sources {
		sch, err := parseSchedule(src.Schedule)
		if err != nil {
			return fmt.Errorf("source %s: schedule: %w", src.Name, err)
		}
		scheds[i] = sch
	}
	if maxParallel <= 0 {
		maxParallel = DefaultMaxParallel
	}
	// Once for all the sources, and before the lock: asked per source,
	// a daemon of thousands of sources took minutes to start or reload,
	// its API and its ticks waiting on the lock.
	active := s.lastActive()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopped {
		return ErrStopped
	}
	keep := map[string]bool{}
	s.order = s.order[:0]
	for i, src := range sources {
		keep[src.Name] = true
		s.order = append(s.order, src.Name)
		s.apply(src, scheds[i], active[src.Name])
	}
	for name, j := range s.jobs {
		if keep[name] || j.entry == 0 {
			continue
		}
		s.cron.Remove(j.entry)
		j.entry = 0
		if !j.running {
			delete(s.jobs, name)
		}
		if j.waiting {
			j.dropWait() // a run that has not started yet is dropped
		}
		s.log.Info("source removed", slog.String("source", name))
	}
	s.gate.setLimit(maxParallel)
	return nil
}

// apply schedules a new source or updates a known one, last active at
// since; s.mu is held. A removed source whose run is still going keeps
// its job, so re-adding it cannot start a second run beside the first.
func (s *Scheduler) apply(src config.Source, sch cron.Schedule, since time.Time) {
	j, ok := s.jobs[src.Name]
	switch {
	case !ok:
		j = &job{src: src}
		s.jobs[src.Name] = j
		s.log.Info("source scheduled", slog.String("source", src.Name), slog.String("schedule", src.Schedule))
	case j.entry == 0:
		s.log.Info("source scheduled again", slog.String("source", src.Name))
	case j.src.Fingerprint() == src.Fingerprint():
		return
	default:
		s.log.Info("source changed", slog.String("source", src.Name), slog.String("schedule", src.Schedule))
	}
	if j.entry == 0 || j.src.Schedule != src.Schedule {
		// A source running now is active now: counted from its last
		// start, a new schedule could fire at once, into the run going
		// on, and record a skip no schedule of it caused.
		if j.running {
			since = s.opt.Now()
		}
		s.cron.Remove(j.entry)
		j.sched, j.entry = sch, s.schedule(src.Name, sch, since)
	}
	j.src = src
}

// schedule adds name's cron entry, counting from since (see catchUp);
// s.mu is held.
func (s *Scheduler) schedule(name string, sch cron.Schedule, since time.Time) cron.EntryID {
	if !since.IsZero() {
		sch = &catchUp{Schedule: sch, since: since}
	}
	return s.cron.Schedule(sch, tick{s: s, name: name})
}

// lastActive is when each source last ran, as Options.LastActive says.
func (s *Scheduler) lastActive() map[string]time.Time {
	if s.opt.LastActive == nil {
		return nil
	}
	return s.opt.LastActive()
}

// parseSchedule parses like the configuration's validation, turning a
// parser panic on odd input into an error; activations a clock change
// skips are kept (see clockChanges).
func parseSchedule(spec string) (sch cron.Schedule, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("invalid cron expression %q: %v", spec, r)
		}
	}()
	sch, err = cron.ParseStandard(spec)
	if err != nil {
		return nil, err
	}
	return withClockChanges(sch), nil
}

// Next returns when spec (as a source's schedule) next fires at now, for
// listings made without a running scheduler: as a daemon started now
// would run a source last active at since (zero for unknown), which
// makes up at once a run the schedule gave since (see catchUp).
func Next(spec string, since, now time.Time) (time.Time, error) {
	sch, err := parseSchedule(spec)
	if err != nil {
		return time.Time{}, err
	}
	next := (&catchUp{Schedule: sch, since: since}).Next(now)
	if next.Before(now) {
		next = now
	}
	return next, nil
}

// catchUp is a source's schedule that counts from the source's last run
// (or from when it was first configured): its first activation is the
// first the schedule gives after since. So an @every interval runs from
// the last run, not from the daemon's start or the last reload (a daemon
// restarted more often than the interval never ran the source), and a
// run the schedule gave while the daemon was down is made up once, at
// start (an activation in the past fires at once).
type catchUp struct {
	cron.Schedule
	since time.Time
	used  atomic.Bool
}

// Next gives the activation after since the first time, then the
// schedule's own.
func (c *catchUp) Next(t time.Time) time.Time {
	if !c.since.IsZero() && c.used.CompareAndSwap(false, true) {
		// In t's zone, the scheduler's: a spec without CRON_TZ reads its
		// hours there.
		return c.Schedule.Next(c.since.In(t.Location()))
	}
	return c.Schedule.Next(t)
}
