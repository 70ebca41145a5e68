package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/newsarchive/newsarchive/archive"
)

const runsUsage = `[--db PATH] [--source NAME] [--limit N] [--format text|json]

Lists the recorded crawl runs, newest first: what started each (schedule or
manual), how it ended (ok, failed, cancelled, skipped, or running), when,
what it fetched and archived, and the message of a run that failed or was
skipped (why).`

// runJSON is a run as the runs command and the daemon's API show it.
type runJSON struct {
	ID        int64   `json:"id"`
	Source    string  `json:"source"`
	Trigger   string  `json:"trigger"`
	Status    string  `json:"status"`
	Started   string  `json:"started"`
	Ended     *string `json:"ended"`
	Fetches   int     `json:"fetches"`
	New       int64   `json:"articles_new"`
	Updated   int64   `json:"articles_updated"`
	Refreshed int64   `json:"articles_refreshed"`
	Unchanged int64   `json:"articles_unchanged"`
	Duplicate int64   `json:"articles_duplicate"`
	Errors    int     `json:"errors"`
	Bytes     int64   `json:"bytes"`
	Message   string  `json:"message,omitempty"`
}

func newRunJSON(r archive.RunSummary) runJSON {
	out := runJSON{ID: r.ID, Source: r.Source, Trigger: r.Trigger, Status: r.Status,
		Started: r.StartedAt.UTC().Format(time.RFC3339), Fetches: r.Fetches, New: r.New, Updated: r.Updated,
		Refreshed: r.Refreshed, Unchanged: r.Unchanged, Duplicate: r.Duplicates, Errors: r.Errors, Bytes: r.Bytes, Message: r.Message}
	if r.EndedAt != nil {
		ended := r.EndedAt.UTC().Format(time.RFC3339)
		out.Ended = &ended
	}
	return out
}

func runsJSON(runs []archive.RunSummary) []runJSON {
	out := make([]runJSON, 0, len(runs))
	for _, r := range runs {
		out = append(out, newRunJSON(r))
	}
	return out
}

func runRuns(ctx context.Context, e env, args []string) error {
	c := newDBCommand("runs", runsUsage, e, readFormats)
	source := c.fs.String("source", "", "only the runs of source `NAME`")
	limit := c.fs.Int("limit", 20, "at most `N` runs (0: all)")
	if _, err := c.parse(args, 0, "no arguments"); err != nil {
		return helpOK(err)
	}
	if *limit < 0 {
		return usageErrorf("runs: --limit must not be negative")
	}
	s, err := c.openToRead(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	runs, err := s.Runs(ctx, archive.RunFilter{Source: *source, Limit: *limit})
	if errors.Is(err, archive.ErrNotFound) {
		return usageErrorf("runs: unknown source %q", *source)
	}
	if err != nil {
		return err
	}
	if *c.format == "json" {
		return writeJSON(e.stdout, runsJSON(runs))
	}
	return writeText(e.stdout, func(w io.Writer) error { return renderRuns(w, runs) })
}

// runStartedLayout is how runs prints a start, in UTC as the other
// commands print times.
const runStartedLayout = "2006-01-02 15:04:05 MST"

func renderRuns(w io.Writer, runs []archive.RunSummary) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSOURCE\tTRIGGER\tSTATUS\tSTARTED\tTOOK\tFETCHES\tNEW\tUPDATED\tREFRESHED\tUNCHANGED\tDUPLICATES\tERRORS\tBYTES\tMESSAGE")
	for _, r := range runs {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%s\t%s\n", r.ID, orDash(r.Source), r.Trigger,
			r.Status, r.StartedAt.UTC().Format(runStartedLayout), took(r), r.Fetches, r.New, r.Updated,
			r.Refreshed, r.Unchanged, r.Duplicates, r.Errors, size(r.Bytes), oneLine(r.Message))
	}
	return tw.Flush()
}

// oneLine keeps a run's message, why it failed or was skipped, on its
// row: the last column, its line breaks and tabs made spaces.
func oneLine(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' || r == '\t' }), " ")
}

// took is a run's duration, "-" while it runs.
func took(r archive.RunSummary) string {
	if r.EndedAt == nil {
		return "-"
	}
	return r.EndedAt.Sub(r.StartedAt).Round(time.Millisecond).String()
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
