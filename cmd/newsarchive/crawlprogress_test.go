package main

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/archive"
)

// TestCompactionProgress: the compaction after a crawl shows how far it
// is: a line redrawn in place on a terminal, at most every redrawEvery; a
// log line every logEvery elsewhere, the first only once it has run that
// long, so a compaction of a few seconds logs nothing more than its end.
func TestCompactionProgress(t *testing.T) {
	cases := []struct {
		name     string
		tty      bool
		ago      time.Duration // how long the compaction has run at the first report
		want     []string      // in the output after the first report
		wantNone bool          // nothing at the first report
	}{
		{"terminal", true, 0, []string{"\r\033[Kcompacting: 64 of 200 bodies (32%), 5 as deltas"}, false},
		{"logs, a compaction just begun", false, 0, nil, true},
		{"logs, a compaction running for logEvery", false, logEvery, []string{`msg="compaction progress"`, "bodies=64", "of=200", "deltas=5"}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var buf bytes.Buffer
			o := &crawlOutput{w: &buf, tty: c.tty, logger: slog.New(slog.NewTextHandler(&buf, nil))}
			report := o.compacting(200)
			o.last = o.last.Add(-c.ago)
			report(archive.Compacted{Bodies: 64, Deltas: 5})
			got := buf.String()
			if c.wantNone && got != "" {
				t.Errorf("reported %q, want nothing yet", got)
			}
			for _, w := range c.want {
				if !strings.Contains(got, w) {
					t.Errorf("output %q lacks %q", got, w)
				}
			}
			// The next batch, at once, is not reported again.
			report(archive.Compacted{Bodies: 128, Deltas: 9})
			if again := buf.String(); again != got {
				t.Errorf("reported again at once: %q", strings.TrimPrefix(again, got))
			}
			o.done()
			if c.tty && !strings.HasSuffix(buf.String(), "\r\033[K") {
				t.Errorf("the progress line is not cleared at the end: %q", buf.String())
			}
		})
	}
}
