package main

import (
	"log/slog"
	"sync"
	"time"

	"github.com/newsarchive/newsarchive/crawler"
)

// defaultProgressEvery is how often a daemon's running crawl logs how far
// it got: a first crawl of a large site can run for hours.
const defaultProgressEvery = time.Minute

// runProgress follows one of the daemon's runs as it goes: its article
// and byte counts move the metrics during the run, not only at its end,
// and every `every` (0: never) a log line says how far it got.
type runProgress struct {
	source  string
	every   time.Duration
	metrics *daemonMetrics
	log     *slog.Logger
	started time.Time

	mu      sync.Mutex
	logged  time.Time
	counted crawler.Stats // what the metrics hold of this run
}

func newRunProgress(source string, every time.Duration, m *daemonMetrics, log *slog.Logger) *runProgress {
	for _, kind := range []string{"new", "updated", "refreshed", "duplicate"} {
		m.articles.WithLabelValues(source, kind) // at 0 from the first run, for rate()
	}
	m.bytes.WithLabelValues(source)
	now := time.Now()
	return &runProgress{source: source, every: every, metrics: m, log: log, started: now, logged: now}
}

// update is the crawl's Progress callback, called after every fetch.
func (p *runProgress) update(st crawler.Stats) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.count(st)
	now := time.Now()
	if p.every <= 0 || now.Sub(p.logged) < p.every {
		return
	}
	p.logged = now
	p.log.Info("run progress", slog.String("source", p.source),
		slog.Int64("fetched", st.Fetched), slog.Int64("queued", st.Waiting()),
		slog.Int64("new", st.New), slog.Int64("updated", st.Updated), slog.Int64("refreshed", st.Refreshed),
		slog.Int64("unchanged", st.Unchanged), slog.Int64("duplicates", st.Duplicates),
		slog.Int64("errors", st.Errors), slog.Duration("running", now.Sub(p.started).Round(time.Second)))
}

// finish counts what the run's final counts add to what it reported.
func (p *runProgress) finish(st crawler.Stats) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.count(st)
}

// count adds to the metrics what st holds beyond what they have of the
// run. Counters only grow: a count lower than one reported is left.
func (p *runProgress) count(st crawler.Stats) {
	c := &p.counted
	add := func(kind string, now int64, had *int64) {
		if now > *had {
			p.metrics.articles.WithLabelValues(p.source, kind).Add(float64(now - *had))
			*had = now
		}
	}
	add("new", st.New, &c.New)
	add("updated", st.Updated, &c.Updated)
	add("refreshed", st.Refreshed, &c.Refreshed)
	add("duplicate", st.Duplicates, &c.Duplicates)
	if st.Bytes > c.Bytes {
		p.metrics.bytes.WithLabelValues(p.source).Add(float64(st.Bytes - c.Bytes))
		c.Bytes = st.Bytes
	}
}
