package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"slices"
	"text/tabwriter"
	"time"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/crawler/config"
	"github.com/newsarchive/newsarchive/schedules"
)

const sourcesUsage = `[--config FILE] [--db PATH] [--format text|json]

Lists the sources with their schedule, next scheduled run, and last run
with its status. Without --config it lists the sources the archive knows
from past runs (no schedule). The database is chosen as crawl chooses it.`

// sourceJSON is a source as the sources command and the daemon's API show
// it. Next is empty without a schedule.
type sourceJSON struct {
	Name     string   `json:"name"`
	Schedule string   `json:"schedule,omitempty"`
	Next     string   `json:"next_run,omitempty"`
	Running  bool     `json:"running"`
	Queued   bool     `json:"queued"` // waiting for a slot (max_parallel_sources)
	LastRun  *runJSON `json:"last_run"`
}

func runSources(ctx context.Context, e env, args []string) error {
	fs := newFlagSet("sources", sourcesUsage, e.stderr)
	f := crawlFlags{}
	fs.StringVar(&f.config, "config", "", "configuration `FILE` (YAML)")
	fs.StringVar(&f.db, "db", "", "SQLite database `PATH`")
	format := formatFlag(fs, "text", readFormats)
	rest, err := parseFlags(fs, args)
	if err != nil {
		return helpOK(err)
	}
	if len(rest) > 0 {
		return usageErrorf("sources: unexpected argument %q", rest[0])
	}
	if err := checkFormat("sources", *format, readFormats); err != nil {
		return err
	}
	cfg := config.Default()
	if f.config != "" {
		loaded, err := config.Load(f.config)
		if err != nil {
			return err
		}
		cfg = *loaded
	}
	last, active, err := lastRuns(ctx, crawlDB(&f, &cfg), f.config != "", stderrLogger(e.stderr))
	if err != nil {
		return err
	}
	list := listSources(cfg.Sources, last, active, time.Now())
	if *format == "json" {
		return writeJSON(e.stdout, list)
	}
	return writeText(e.stdout, func(w io.Writer) error { return renderSources(w, list) })
}

// lastRuns reads the last run of each source, and when each last started
// a run or was first recorded, which its schedule counts from. A
// configuration may name a database not created yet: its sources simply
// have no runs.
func lastRuns(ctx context.Context, db string, configured bool, log *slog.Logger) (map[string]archive.RunSummary, map[string]time.Time, error) {
	s, err := openToRead(ctx, db, log)
	if configured && errors.Is(err, archive.ErrNoDatabase) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	defer s.Close()
	last, err := s.LastRuns(ctx)
	if err != nil {
		return nil, nil, err
	}
	active, err := s.SourcesLastActive(ctx)
	return last, active, err
}

// nextRun is a source's next scheduled run after its last started at
// since: the daemon makes one up at once (now) when the schedule gave an
// activation since that the source missed; but a run still going took
// that activation, so its next is the first after now.
func nextRun(spec string, since time.Time, running bool, now time.Time) (time.Time, error) {
	next, err := schedules.Next(spec, since, now)
	if err == nil && running && !next.After(now) {
		return schedules.Next(spec, now, now)
	}
	return next, err
}

// listSources joins the configured sources (all known ones when none is
// configured) with their last runs.
func listSources(configured []config.Source, last map[string]archive.RunSummary, active map[string]time.Time, now time.Time) []sourceJSON {
	out := []sourceJSON{}
	for _, src := range configured {
		sj := sourceJSON{Name: src.Name, Schedule: src.Schedule}
		if next, err := nextRun(src.Schedule, active[src.Name], last[src.Name].Status == archive.RunRunning, now); err == nil {
			sj.Next = next.UTC().Format(time.RFC3339)
		}
		out = append(out, withLastRun(sj, last))
	}
	if len(configured) > 0 {
		return out
	}
	for _, name := range slices.Sorted(maps.Keys(last)) {
		out = append(out, withLastRun(sourceJSON{Name: name}, last))
	}
	return out
}

func withLastRun(sj sourceJSON, last map[string]archive.RunSummary) sourceJSON {
	if r, ok := last[sj.Name]; ok {
		rj := newRunJSON(r)
		sj.LastRun = &rj
		sj.Running = r.Status == archive.RunRunning
	}
	return sj
}

func renderSources(w io.Writer, list []sourceJSON) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SOURCE\tSCHEDULE\tNEXT RUN\tLAST RUN\tSTATUS")
	for _, s := range list {
		lastRun, status := "never", "-"
		if s.LastRun != nil {
			lastRun, status = s.LastRun.Started, s.LastRun.Status
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", s.Name, orDash(s.Schedule), orDash(s.Next), lastRun, status)
	}
	return tw.Flush()
}
