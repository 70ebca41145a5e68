package schedules

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/newsarchive/newsarchive/crawler/config"
)

// Defaults of Options.
const (
	DefaultMaxParallel = config.DefaultMaxParallelSources
	DefaultStopTimeout = 10 * time.Second
	// DefaultRecordTimeout bounds one write of a run record.
	DefaultRecordTimeout = 10 * time.Second
	// StopRecordTimeout bounds one write of a run record once the
	// scheduler is stopped: another process holding the archive's write
	// lock (a db check) must not hold the stop up for the store's busy
	// timeout per record.
	StopRecordTimeout = 3 * time.Second
)

// Errors of Trigger and Stop, matched with errors.Is.
var (
	ErrRunning     = errors.New("source is already running")
	ErrUnknown     = errors.New("no such source")
	ErrRemoved     = errors.New("source removed from the configuration before its run started")
	ErrStopped     = errors.New("scheduler is stopped")
	ErrStopTimeout = errors.New("runs still going after the stop timeout")
	// ErrStoppedWaiting ends a run the daemon's stop found still waiting
	// for a slot.
	ErrStoppedWaiting = errors.New("the daemon stopped before the run's turn came")
	// ErrWaiting is ErrRunning for a source whose run has not started
	// yet: it waits for one of the max_parallel_sources slots.
	ErrWaiting error = waitingError{}
)

type waitingError struct{}

func (waitingError) Error() string {
	return "source's run is waiting for a free slot (max_parallel_sources)"
}

func (waitingError) Is(target error) bool { return target == ErrRunning }

// Options configure a Scheduler. Run and Recorder are required.
type Options struct {
	Run      RunFunc
	Recorder Recorder
	// MaxParallel bounds the sources running at once (DefaultMaxParallel).
	MaxParallel int
	// StopTimeout bounds how long Stop waits for cancelled runs.
	StopTimeout time.Duration
	// Location is the time zone of schedules without CRON_TZ= (time.Local).
	Location *time.Location
	// Now is the clock of run records (time.Now).
	Now func() time.Time
	// LastActive, when set, tells by source name when each source last
	// started a run, or was first configured (a name missing: unknown):
	// its schedule counts from then, and a run it gave since is made up
	// at once (see catchUp). It is asked once per New or Reload, however
	// many sources they schedule.
	LastActive func() map[string]time.Time
	// Logger defaults to slog.Default().
	Logger *slog.Logger
	// OnReport, when set, is called after every finished or skipped run,
	// for metrics. It must not block.
	OnReport func(Report)
}

// Scheduler runs sources on their schedules. Create it with New, then call
// Start; it is safe for concurrent use.
type Scheduler struct {
	opt    Options
	log    *slog.Logger
	cron   *cron.Cron
	gate   *gate
	ctx    context.Context // parent of every run's context
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu      sync.Mutex
	jobs    map[string]*job
	order   []string // source names in configuration order
	started bool
	stopped bool
}

// job is one source's cron entry and whether a run of it is under way:
// running from its start, waiting while it waits for a slot.
type job struct {
	src     config.Source
	sched   cron.Schedule // src.Schedule parsed
	entry   cron.EntryID
	running bool
	waiting bool
	// dropWait ends the wait for a slot of a run whose source a reload
	// removed; nil when no run waits.
	dropWait context.CancelFunc
}

// New makes a scheduler for sources; nothing runs before Start. An invalid
// schedule is an error naming the source.
func New(sources []config.Source, opt Options) (*Scheduler, error) {
	if opt.Run == nil || opt.Recorder == nil {
		return nil, errors.New("schedules: Run and Recorder are required")
	}
	opt = withDefaults(opt)
	ctx, cancel := context.WithCancel(context.Background())
	s := &Scheduler{
		opt:    opt,
		log:    opt.Logger,
		cron:   cron.New(cron.WithLocation(opt.Location)),
		gate:   newGate(opt.MaxParallel),
		ctx:    ctx,
		cancel: cancel,
		jobs:   map[string]*job{},
	}
	if err := s.Reload(sources, opt.MaxParallel); err != nil {
		cancel()
		return nil, err
	}
	return s, nil
}

func withDefaults(opt Options) Options {
	if opt.MaxParallel <= 0 {
		opt.MaxParallel = DefaultMaxParallel
	}
	if opt.StopTimeout <= 0 {
		opt.StopTimeout = DefaultStopTimeout
	}
	if opt.Location == nil {
		opt.Location = time.Local
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Logger == nil {
		opt.Logger = slog.Default()
	}
	return opt
}

// Start starts the clock: from now on sources run when their schedules say.
func (s *Scheduler) Start() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopped || s.started {
		return
	}
	s.started = true
	s.cron.Start()
}

// Trigger starts a run of the named source now, outside its schedule. It
// refuses with ErrRunning while the source runs (ErrWaiting while it waits
// for a slot).
func (s *Scheduler) Trigger(name string) error {
	_, err := s.TriggerRun(name)
	return err
}

// TriggerRun is Trigger, and says whether the run it began waits for a
// slot (max_parallel_sources runs hold them all) instead of running now.
func (s *Scheduler) TriggerRun(name string) (waits bool, err error) {
	return s.begin(name, TriggerManual)
}

// Stop starts no new run, cancels the running ones and waits for them up to
// the stop timeout. It returns ErrStopTimeout when some did not end.
func (s *Scheduler) Stop() error {
	s.mu.Lock()
	s.stopped = true
	s.mu.Unlock()
	<-s.cron.Stop().Done() // ticks in flight have handed their runs over
	s.cancel()
	done := make(chan struct{})
	go func() {
		s.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-time.After(s.opt.StopTimeout):
		return fmt.Errorf("%w (%s)", ErrStopTimeout, s.opt.StopTimeout)
	}
}

// begin starts a run of name unless it is running or the scheduler is
// stopped; a refused scheduled tick is recorded as skipped. It says
// whether the run waits for a slot.
func (s *Scheduler) begin(name string, trigger Trigger) (waits bool, err error) {
	s.mu.Lock()
	j, ok := s.jobs[name]
	switch {
	case s.stopped:
		s.mu.Unlock()
		return false, ErrStopped
	case !ok || j.entry == 0: // unknown, or removed with a run still going
		s.mu.Unlock()
		return false, fmt.Errorf("%w: %s", ErrUnknown, name)
	case j.running:
		busy := ErrRunning
		if j.waiting {
			busy = ErrWaiting
		}
		s.mu.Unlock()
		if trigger == TriggerSchedule {
			s.skip(name, trigger, busy)
		}
		return false, fmt.Errorf("%w: %s", busy, name)
	}
	j.running, j.waiting = true, true
	var wait context.Context
	wait, j.dropWait = context.WithCancel(s.ctx)
	if trigger == TriggerManual {
		// The schedule counts from this run, as it would from a scheduled
		// one: an @every interval restarts.
		s.cron.Remove(j.entry)
		j.entry = s.schedule(name, j.sched, s.opt.Now())
	}
	src := j.src
	held := s.gate.tryAcquire()
	s.wg.Add(1)
	s.mu.Unlock()
	go s.execute(wait, j, src, trigger, held)
	return !held, nil
}

// slotted marks j's run as holding its slot, no longer waiting, and
// returns its source's settings as they are now.
func (s *Scheduler) slotted(j *job) config.Source {
	s.mu.Lock()
	defer s.mu.Unlock()
	j.waiting = false
	j.dropWait()
	return j.src
}

// finished marks j as free for its next run.
func (s *Scheduler) finished(j *job) {
	s.mu.Lock()
	j.running, j.waiting = false, false
	if j.entry == 0 && s.jobs[j.src.Name] == j {
		delete(s.jobs, j.src.Name) // removed by a reload while it ran
	}
	s.mu.Unlock()
	s.wg.Done()
}

// tick is the cron job of one source.
type tick struct {
	s    *Scheduler
	name string
}

// Run is called by cron at each tick of the source's schedule.
func (t tick) Run() {
	_, err := t.s.begin(t.name, TriggerSchedule)
	if err != nil && !errors.Is(err, ErrRunning) && !errors.Is(err, ErrStopped) {
		t.s.log.Warn("scheduled run not started", slog.String("source", t.name), slog.Any("err", err))
	}
}
