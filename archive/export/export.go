// Package export writes what the archive holds in formats other tools
// read: JSON lines, CSV and Parquet for analysis, WARC for web archives.
// Every writer streams: rows are read from the store one at a time and
// memory stays flat however large the archive.
package export

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/klauspost/compress/gzip"

	"github.com/newsarchive/newsarchive/archive"
)

// Format names an export format.
type Format string

// The export formats.
const (
	JSONL   Format = "jsonl"
	CSV     Format = "csv"
	Parquet Format = "parquet"
	WARC    Format = "warc"
)

// Formats lists the formats in the order help texts show them.
var Formats = []Format{JSONL, CSV, Parquet, WARC}

// ParseFormat reads a format name.
func ParseFormat(s string) (Format, error) {
	f := Format(strings.ToLower(s))
	if slices.Contains(Formats, f) {
		return f, nil
	}
	names := make([]string, len(Formats))
	for i, f := range Formats {
		names[i] = string(f)
	}
	return "", fmt.Errorf("unknown format %q (want %s)", s, strings.Join(names, ", "))
}

// Options are what to export and how.
type Options struct {
	Format Format
	Filter archive.ExportFilter
	// Progress, when set, is called after each row (or WARC snapshot)
	// with the totals so far.
	Progress func(rows int, bytes int64)
	// Software names the tool in the WARC warcinfo record.
	Software string
	// Filename is the name of the file written, for WARC-Filename.
	Filename string
	// Command is the command line that asked for the export, kept in
	// the warcinfo record.
	Command string
	// Now is the clock for record dates not taken from the archive;
	// time.Now when nil.
	Now func() time.Time
	// Gzip compresses JSON lines or CSV with gzip (a .jsonl.gz file).
	// Parquet compresses its pages itself, and WARC each record.
	Gzip bool
	// SpreadsheetSafe writes a CSV field that a spreadsheet would run as
	// a formula (starting with =, +, -, @, a tab or a carriage return)
	// after a ' (OWASP's advice), which changes the data: for opening
	// the file in a spreadsheet, not for loading it into an analysis.
	SpreadsheetSafe bool
}

// TimeRange is the earliest and latest of a set of times, in UTC; both
// are nil when the set was empty.
type TimeRange struct {
	From *time.Time `json:"from"`
	To   *time.Time `json:"to"`
}

// add widens the range to t. Publication dates keep the offset their
// page gave; the range is kept in UTC so that its bounds read in order
// as strings too (a "from" of 23:00+09:00 read later than a "to" of
// 20:00Z, though an earlier instant).
func (r *TimeRange) add(t time.Time) {
	t = t.UTC()
	if r.From == nil || t.Before(*r.From) {
		r.From = &t
	}
	if r.To == nil || t.After(*r.To) {
		r.To = &t
	}
}

// Stats describe what an export wrote.
type Stats struct {
	// Rows counts article versions; a WARC export counts them through its
	// metadata records.
	Rows      int            `json:"rows"`
	PerSource map[string]int `json:"rows_per_source"`
	// Snapshots counts the fetches a WARC export holds.
	Snapshots int `json:"snapshots,omitempty"`
	// Records counts WARC records, warcinfo included.
	Records int `json:"records,omitempty"`
	// Unanswered counts the fetches a WARC export left out because they
	// got no response (a refused connection, a time-out).
	Unanswered int `json:"unanswered_fetches,omitempty"`
	// Damaged counts the fetches a WARC export left out because their
	// stored body could not be read back whole; FirstDamaged is the first.
	Damaged      int   `json:"damaged_fetches_left_out,omitempty"`
	FirstDamaged int64 `json:"-"`
	// DamagedTexts counts the versions left out because their text no
	// longer matches its content hash (archive.ExportRow.TextDamaged);
	// FirstDamagedText is the first.
	DamagedTexts     int       `json:"damaged_versions_left_out,omitempty"`
	FirstDamagedText int64     `json:"-"`
	Published        TimeRange `json:"published"`
	// Fetched spans the fetches of the rows' versions; in a WARC export,
	// every fetch it holds.
	Fetched TimeRange `json:"fetched"`
	Bytes   int64     `json:"bytes"`
	// CellsCut counts the CSV cells a spreadsheet-safe export cut to
	// CellLimit characters, which a spreadsheet would have cut unsaid.
	CellsCut int `json:"cells_cut_to_spreadsheet_limit,omitempty"`
}

func newStats() *Stats { return &Stats{PerSource: map[string]int{}} }

// count adds a row to the totals.
func (s *Stats) count(r *archive.ExportRow) {
	s.Rows++
	source := r.Source
	if source == "" {
		source = archive.NoSource
	}
	s.PerSource[source]++
	if r.Published != nil {
		s.Published.add(*r.Published)
	}
	s.Fetched.add(r.FetchedAt)
}

// leftOut reports whether r's text is damaged, counting it if so: a
// damaged text is not exported as if it were the article's.
func (s *Stats) leftOut(r *archive.ExportRow) bool {
	if !r.TextDamaged() {
		return false
	}
	if s.DamagedTexts == 0 {
		s.FirstDamagedText = r.VersionID
	}
	s.DamagedTexts++
	return true
}

// Write exports what opt selects from the store to w. On an error what was
// written is incomplete; File wraps Write so no such output is left behind.
func Write(ctx context.Context, st *archive.Store, w io.Writer, opt Options) (*Stats, error) {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	cw := &countingWriter{w: w}
	stats := newStats()
	progress := func() {
		if opt.Progress != nil {
			opt.Progress(stats.Rows, cw.n)
		}
	}
	if opt.Gzip && opt.Format != JSONL && opt.Format != CSV {
		return nil, fmt.Errorf("%s is not gzipped whole: it compresses inside", opt.Format)
	}
	if opt.SpreadsheetSafe && opt.Format != CSV {
		return nil, fmt.Errorf("spreadsheet-safe fields are for csv, not %s", opt.Format)
	}
	var rw io.Writer = cw
	var gz *gzip.Writer
	if opt.Gzip {
		gz = gzip.NewWriter(cw)
		rw = gz
	}
	var err error
	switch opt.Format {
	case JSONL:
		err = writeRows(ctx, st, opt.Filter, newJSONLWriter(rw), stats, progress)
	case CSV:
		err = writeRows(ctx, st, opt.Filter, newCSVWriter(rw, opt.SpreadsheetSafe, &stats.CellsCut), stats, progress)
	case Parquet:
		err = writeRows(ctx, st, opt.Filter, newParquetWriter(cw, opt.Software), stats, progress)
	case WARC:
		err = writeWARC(ctx, st, cw, opt, stats, progress)
	default:
		err = fmt.Errorf("unknown format %q", opt.Format)
	}
	switch {
	case gz != nil && err == nil:
		err = gz.Close()
	case gz != nil && stopped(ctx, err):
		gz.Flush() // the rows out so far decompress, though the stream ends unclosed
	}
	stats.Bytes = cw.n
	if err != nil {
		return stats, err // what was written before it, for a stream cut short
	}
	if stats.Damaged > 0 || stats.DamagedTexts > 0 {
		return stats, &DamagedError{Count: stats.Damaged, First: stats.FirstDamaged,
			Texts: stats.DamagedTexts, FirstText: stats.FirstDamagedText}
	}
	return stats, nil
}

// DamagedError reports an export written whole but for the fetches whose
// stored bodies could not be read back (see archive.ErrBodyUnreadable)
// and the versions whose texts no longer match their content hash.
type DamagedError struct {
	Count int
	First int64 // the first fetch left out
	Texts int
	// FirstText is the first version left out for its text.
	FirstText int64
}

func (e *DamagedError) Error() string {
	var what []string
	if e.Count > 0 {
		what = append(what, fmt.Sprintf("%d fetch(es) left out, fetch %d the first: stored body damaged (newsarchive db check --bodies lists them)",
			e.Count, e.First))
	}
	if e.Texts > 0 {
		what = append(what, fmt.Sprintf("%d version(s) left out, version %d the first: text does not match its content hash (newsarchive db check lists them)",
			e.Texts, e.FirstText))
	}
	return strings.Join(what, "; ") + "; the rest is written"
}

// rowWriter is one tabular format.
type rowWriter interface {
	write(r *archive.ExportRow) error
	close() error // writes what the format keeps for its end
	// cut writes out the rows it holds whole, for an export stopped
	// part-way: a stream then ends on a row's end, holding every row
	// counted.
	cut() error
}

func writeRows(ctx context.Context, st *archive.Store, f archive.ExportFilter, w rowWriter, stats *Stats, progress func()) error {
	err := st.ExportRows(ctx, f, func(r *archive.ExportRow) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if stats.leftOut(r) {
			return nil
		}
		if err := w.write(r); err != nil {
			return err
		}
		stats.count(r)
		progress()
		return nil
	})
	if stopped(ctx, err) {
		w.cut() // the stop is the error to report, whatever the cut's
	}
	if err != nil {
		return err
	}
	return w.close()
}

// stopped reports whether err is ctx's own: the export was stopped, not
// failed.
func stopped(ctx context.Context, err error) bool {
	return err != nil && ctx.Err() != nil && errors.Is(err, ctx.Err())
}

// countingWriter counts the bytes written through it.
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
