package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/schedules"
)

// routes is the daemon's HTTP API.
func (d *daemon) routes() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /healthz", noParams(http.HandlerFunc(d.handleHealth)))
	mux.Handle("GET /metrics", noParams(promhttp.HandlerFor(d.metrics.reg, promhttp.HandlerOpts{})))
	mux.Handle("GET /api/sources", noParams(http.HandlerFunc(d.handleSources)))
	mux.HandleFunc("GET /api/runs", d.handleRuns) // reads its own: source, limit
	mux.Handle("POST /api/sources/{name}/run", noParams(http.HandlerFunc(d.handleTrigger)))
	return jsonErrors(mux)
}

// health is the body of /healthz.
type health struct {
	Status    string          `json:"status"`
	Scheduler schedules.State `json:"scheduler"`
	Database  string          `json:"database"`
	// Storage is "ok", or why the last run stopped: its disk refused a
	// save (see storageState).
	Storage string `json:"storage"`
	// DiskFree is the space left on the archive's disk (0 on a full one),
	// left out where the system cannot tell.
	DiskFree *int64 `json:"disk_free_bytes,omitempty"`
}

func (d *daemon) handleHealth(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 5*time.Second)
	defer cancel()
	h := health{Status: "ok", Scheduler: d.sched.State(), Database: "ok", Storage: d.storage.state()}
	if free, err := d.store.DiskFree(); err == nil {
		h.DiskFree = &free
	}
	code := http.StatusOK
	if err := d.store.Ping(ctx); err != nil {
		h.Status, h.Database, code = "unavailable", err.Error(), http.StatusServiceUnavailable
	}
	if h.Storage != "ok" {
		h.Status, code = "unavailable", http.StatusServiceUnavailable
	}
	if !h.Scheduler.Started || h.Scheduler.Stopped {
		h.Status, code = "unavailable", http.StatusServiceUnavailable
	}
	d.reply(w, code, h)
}

func (d *daemon) handleSources(w http.ResponseWriter, r *http.Request) {
	last, err := d.store.LastRuns(r.Context())
	if err != nil {
		d.fail(w, http.StatusInternalServerError, err)
		return
	}
	list := []sourceJSON{}
	for _, st := range d.sched.Sources() {
		sj := withLastRun(sourceJSON{Name: st.Name, Schedule: st.Schedule}, last)
		sj.Running, sj.Queued = st.Running, st.Queued
		if !st.Next.IsZero() {
			sj.Next = st.Next.UTC().Format(time.RFC3339)
		}
		list = append(list, sj)
	}
	d.reply(w, http.StatusOK, list)
}

// maxAPIRuns is the most runs /api/runs answers with.
const maxAPIRuns = 1000

func (d *daemon) handleRuns(w http.ResponseWriter, r *http.Request) {
	q, err := queryParams(r, "source", "limit")
	if err != nil {
		d.fail(w, http.StatusBadRequest, err)
		return
	}
	for _, k := range []string{"source", "limit"} {
		if q.Has(k) && q.Get(k) == "" {
			// "?source=$NAME" of an unset variable: every source's runs
			// read as that source's.
			d.fail(w, http.StatusBadRequest, fmt.Errorf("%s: empty", k))
			return
		}
	}
	f := archive.RunFilter{Source: q.Get("source"), Limit: 100}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxAPIRuns {
			// A daemon's months of runs in one answer would hold its
			// memory (hundreds of MB) for one request.
			d.fail(w, http.StatusBadRequest, fmt.Errorf("limit: want 1 to %d runs ('newsarchive runs --limit 0' lists them all)", maxAPIRuns))
			return
		}
		f.Limit = n
	}
	runs, err := d.store.Runs(r.Context(), f)
	switch {
	case errors.Is(err, archive.ErrNotFound):
		d.fail(w, http.StatusNotFound, err)
	case err != nil:
		d.fail(w, http.StatusInternalServerError, err)
	default:
		d.reply(w, http.StatusOK, runsJSON(runs))
	}
}

func (d *daemon) handleTrigger(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	if d.crawledElsewhere(name) {
		// The run would be recorded skipped at once.
		d.fail(w, http.StatusConflict, fmt.Errorf("%w: %s", archive.ErrSourceBusy, name))
		return
	}
	waits, err := d.sched.TriggerRun(name)
	switch {
	case err == nil:
		status := "started"
		if waits {
			status = "queued"
		}
		d.log.Info("run requested", slog.String("source", name), slog.String("status", status),
			slog.String("from", r.RemoteAddr))
		d.reply(w, http.StatusAccepted, map[string]string{"source": name, "status": status})
	case errors.Is(err, schedules.ErrRunning):
		d.fail(w, http.StatusConflict, err)
	case errors.Is(err, schedules.ErrUnknown):
		d.fail(w, http.StatusNotFound, err)
	default:
		d.fail(w, http.StatusServiceUnavailable, err)
	}
}

// crawledElsewhere reports whether another process (a crawl command) holds
// the crawl lock of a source this daemon neither runs nor queues.
func (d *daemon) crawledElsewhere(name string) bool {
	configured := false
	for _, st := range d.sched.Sources() {
		if st.Name != name {
			continue
		}
		if st.Running || st.Queued {
			return false // the scheduler answers for it
		}
		configured = true
	}
	// A source the configuration no longer lists is unknown (404), even
	// while the run it had before a reload finishes.
	return configured && d.store.SourceCrawled(name)
}

func (d *daemon) reply(w http.ResponseWriter, code int, v any) {
	if err := replyJSON(w, code, v); err != nil {
		d.log.Debug("write reply", slog.Any("err", err))
	}
}

func (d *daemon) fail(w http.ResponseWriter, code int, err error) {
	d.reply(w, code, errorJSON(err))
}

// replyJSON writes v as the JSON answer of a request.
func replyJSON(w http.ResponseWriter, code int, v any) error {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	return writeJSON(w, v)
}

// replyError writes the JSON answer of a refused request.
func replyError(w http.ResponseWriter, code int, err error) {
	_ = replyJSON(w, code, errorJSON(err)) // the client is gone or will retry
}

// errorJSON is the body of an error answer, what the client sent clipped.
func errorJSON(err error) map[string]string {
	msg := err.Error()
	if len(msg) > 400 {
		msg = msg[:400] + "…"
	}
	return map[string]string{"error": msg}
}
