package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sync"
	"time"

	"golang.org/x/term"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/crawler"
)

// Intervals between progress reports: redraws of the terminal line, and
// log lines when stderr is not a terminal.
const (
	redrawEvery   = 150 * time.Millisecond
	logEvery      = 10 * time.Second
	progressLevel = slog.LevelInfo
)

// crawlOutput shows a crawl's progress: a line redrawn in place on a
// terminal, with warnings printed above it; slog lines otherwise.
type crawlOutput struct {
	w      io.Writer
	tty    bool
	logger *slog.Logger
	mu     sync.Mutex
	line   string    // the progress line on screen, "" when none
	last   time.Time // of the last report
}

// note writes a line for the person at the terminal; without one, the
// logs say the same.
func (o *crawlOutput) note(line string) {
	if !o.tty {
		return
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	fmt.Fprintln(o.w, line)
}

func newCrawlOutput(stderr io.Writer) *crawlOutput {
	o := &crawlOutput{w: stderr}
	if f, ok := stderr.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		o.tty = true
		o.logger = slog.New(slog.NewTextHandler(aboveLine{o}, &slog.HandlerOptions{Level: slog.LevelWarn}))
	} else {
		o.logger = slog.New(slog.NewTextHandler(stderr, nil))
	}
	return o
}

// progress returns the crawler's Progress callback for a source. It is
// called from the crawl's workers after every fetch: it reports at most
// every redrawEvery (terminal) or logEvery (logs).
func (o *crawlOutput) progress(source string) func(crawler.Stats) {
	started := time.Now()
	return func(st crawler.Stats) {
		o.mu.Lock()
		defer o.mu.Unlock()
		if !o.due() {
			return
		}
		rate := float64(st.Fetched) / max(time.Since(started).Seconds(), 1e-3)
		if !o.tty {
			o.logger.Log(context.Background(), progressLevel, "crawl progress", slog.String("source", source),
				slog.Int64("fetched", st.Fetched), slog.Int64("queued", st.Waiting()),
				slog.Int64("new", st.New), slog.Int64("updated", st.Updated), slog.Int64("refreshed", st.Refreshed),
				slog.Int64("unchanged", st.Unchanged),
				slog.Int64("duplicates", st.Duplicates), slog.Int64("errors", st.Errors), slog.String("rate", fmt.Sprintf("%.1f/s", rate)))
			return
		}
		o.redraw(fmt.Sprintf("%s: %d fetched, %d queued, articles %d new %d updated %d refreshed %d unchanged %d duplicates, %d errors, %.1f pages/s",
			source, st.Fetched, st.Waiting(), st.New, st.Updated, st.Refreshed, st.Unchanged, st.Duplicates,
			st.Errors, rate))
	}
}

// compacting returns the report of the compaction after a crawl, of
// total bodies: a line redrawn in place on a terminal, a log line every
// logEvery otherwise (the first once the compaction has run that long:
// most end sooner).
func (o *crawlOutput) compacting(total int64) func(archive.Compacted) {
	o.mu.Lock()
	o.last = time.Now()
	if o.tty {
		o.last = time.Time{}
	}
	o.mu.Unlock()
	return func(done archive.Compacted) {
		o.mu.Lock()
		defer o.mu.Unlock()
		if !o.due() {
			return
		}
		if !o.tty {
			o.logger.Log(context.Background(), progressLevel, "compaction progress", slog.Int("bodies", done.Bodies),
				slog.Int64("of", total), slog.Int("deltas", done.Deltas))
			return
		}
		o.redraw(fmt.Sprintf("compacting: %d of %d bodies (%d%%), %d as deltas",
			done.Bodies, total, int64(done.Bodies)*100/max(total, 1), done.Deltas))
	}
}

// due tells whether a report is due (redrawEvery on a terminal, logEvery
// otherwise, after the last) and, if so, takes its turn. The caller holds
// o.mu.
func (o *crawlOutput) due() bool {
	every := logEvery
	if o.tty {
		every = redrawEvery
	}
	now := time.Now()
	if now.Sub(o.last) < every {
		return false
	}
	o.last = now
	return true
}

// redraw shows line in place of the progress line. The caller holds o.mu.
func (o *crawlOutput) redraw(line string) {
	o.line = line
	fmt.Fprint(o.w, "\r\033[K"+o.line)
}

// done clears the progress line before the summary is printed.
func (o *crawlOutput) done() {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.line != "" {
		fmt.Fprint(o.w, "\r\033[K")
		o.line = ""
	}
	o.last = time.Time{}
}

// aboveLine writes log lines above the progress line and redraws it.
type aboveLine struct{ o *crawlOutput }

func (a aboveLine) Write(p []byte) (int, error) {
	a.o.mu.Lock()
	defer a.o.mu.Unlock()
	fmt.Fprint(a.o.w, "\r\033[K")
	n, err := a.o.w.Write(p)
	if a.o.line != "" {
		fmt.Fprint(a.o.w, a.o.line)
	}
	return n, err
}
