package main

import (
	"context"
	"errors"
	"math"
	"slices"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/crawler/config"
	"github.com/newsarchive/newsarchive/schedules"
)

// daemonMetrics are the daemon's Prometheus metrics, in a registry of its
// own so nothing global is shared.
type daemonMetrics struct {
	reg         *prometheus.Registry
	fetches     *prometheus.CounterVec
	bytes       *prometheus.CounterVec
	articles    *prometheus.CounterVec
	runs        *prometheus.CounterVec
	durations   *prometheus.HistogramVec
	lastSuccess *prometheus.GaugeVec
}

// newDaemonMetrics reads the scheduler's state and the archive disk's
// free space (an error leaves the gauge NaN) when scraped.
func newDaemonMetrics(state func() schedules.State, diskFree func() (int64, error)) *daemonMetrics {
	m := &daemonMetrics{
		reg: prometheus.NewRegistry(),
		fetches: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "newsarchive_fetches_total",
			Help: "Fetches by source and HTTP status class (error: no response)."}, []string{"source", "class"}),
		bytes: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "newsarchive_fetched_bytes_total",
			Help: "Body bytes received, by source."}, []string{"source"}),
		articles: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "newsarchive_articles_total",
			Help: "Articles archived, by source and kind (new, updated, refreshed; duplicate: filed as an alias of an article another URL gave)."}, []string{"source", "kind"}),
		runs: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "newsarchive_runs_total",
			Help: "Runs by source and status (ok, failed, cancelled, skipped)."}, []string{"source", "status"}),
		durations: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "newsarchive_run_duration_seconds",
			Help:    "Duration of the runs that started, by source and status.",
			Buckets: prometheus.ExponentialBuckets(0.5, 2, 14)}, []string{"source", "status"}),
		lastSuccess: prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "newsarchive_last_success_timestamp_seconds",
			Help: "End of the last run that ended ok, by source (Unix time)."}, []string{"source"}),
	}
	m.reg.MustRegister(m.fetches, m.bytes, m.articles, m.runs, m.durations, m.lastSuccess,
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "newsarchive_queue_size",
			Help: "Runs waiting for a free slot (max_parallel_sources)."},
			func() float64 { return float64(state().Queued) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "newsarchive_running_runs",
			Help: "Runs crawling now."},
			func() float64 { return float64(state().Running) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "newsarchive_archive_disk_free_bytes",
			Help: "Free space on the archive's file system: below 1 GiB crawls compact as they go."},
			func() float64 {
				free, err := diskFree()
				if err != nil {
					return math.NaN()
				}
				return float64(free)
			}),
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	)
	return m
}

// observe counts a finished or skipped run; its articles and bytes were
// counted as it went (runProgress).
func (m *daemonMetrics) observe(rep schedules.Report) {
	src := rep.Source
	m.runs.WithLabelValues(src, string(rep.Status)).Inc()
	if rep.Status == schedules.StatusSkipped {
		return
	}
	r := rep.Result
	for class, n := range r.Classes {
		m.fetches.WithLabelValues(src, class).Add(float64(n))
	}
	if !droppedWaiting(rep) {
		m.durations.WithLabelValues(src, string(rep.Status)).Observe(rep.Ended.Sub(rep.Started).Seconds())
	}
	if rep.Status == schedules.StatusOK {
		m.lastSuccess.WithLabelValues(src).Set(float64(rep.Ended.UnixMilli()) / 1000)
	}
}

// droppedWaiting reports whether rep is of a run that never started: the
// daemon stopped or its source was removed while it waited for a slot. Its
// 0 s would pull the durations of the runs that started toward nothing.
func droppedWaiting(rep schedules.Report) bool {
	return errors.Is(rep.Err, schedules.ErrStoppedWaiting) || errors.Is(rep.Err, schedules.ErrRemoved)
}

// load sets the last success times of the configured sources from the
// archive, so a restart does not look like sources that never succeeded.
func (m *daemonMetrics) load(ctx context.Context, s *archive.Store, sources []config.Source) error {
	last, err := s.LastRuns(ctx)
	if err != nil {
		return err
	}
	for _, src := range sources {
		if r, ok := last[src.Name]; ok && r.Status == archive.RunOK && r.EndedAt != nil {
			m.lastSuccess.WithLabelValues(src.Name).Set(float64(r.EndedAt.UnixMilli()) / 1000)
		}
	}
	return nil
}

// forget drops the last success time of the sources of old that sources
// no longer lists: an alert on a stale success would fire for a source
// removed on purpose. Counters keep their history.
func (m *daemonMetrics) forget(old, sources []config.Source) {
	for _, o := range old {
		if !slices.ContainsFunc(sources, func(s config.Source) bool { return s.Name == o.Name }) {
			m.lastSuccess.DeleteLabelValues(o.Name)
		}
	}
}
