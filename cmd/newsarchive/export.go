package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/dustin/go-humanize"
	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/archive/export"
	"github.com/newsarchive/newsarchive/schedules/sourcerun"
)

const exportUsage = `--format jsonl|csv|parquet|warc [--source S] [--since D] [--until D] [--by published|fetched]
       [--query Q] [--section S] [--language L] [--versions latest|all] [--spreadsheet-safe] [-o PATH|-] [--db PATH]

Exports archived articles for other tools. jsonl, csv and parquet hold one
row per article version (the latest of each article unless --versions all);
csv lists are JSON strings (--spreadsheet-safe writes a field a spreadsheet
would run as a formula after a ' and cuts a cell longer than 32,767
characters, Excel's limit, saying how many: for Excel or LibreOffice, not
for pandas or R, whose data it changes); parquet has typed columns (timestamps, lists),
Snappy-compressed. warc (WARC/1.1, a gzip member per record, name the file
.warc.gz) holds the fetches behind the selected versions as request and
response records, revisits for repeated bodies, and a metadata record with
each version's extracted JSON; without a filter it holds every fetch in
the archive. Bodies are stored decoded, so Content-Encoding is moved to
X-Archive-Orig-Content-Encoding and Content-Length matches the body.

Filters combine. Dates are YYYY-MM-DD or RFC 3339 and apply to the
publication date (or first sighting when undated), or to the time the
version's content was first fetched with --by fetched; --until includes
the day it names. --query uses the search syntax and selects articles
whose latest version matches; --section and --language select articles
whose latest version declares that section (case aside) or is in that
language (en selects en and en-GB).

Without --format, -o PATH's extension picks it (.jsonl, .ndjson, .csv,
.parquet, .warc.gz), else jsonl; .jsonl.gz and .csv.gz are gzipped, and
an extension that contradicts --format is refused. The file is written under a
temporary name and renamed when complete, with
PATH.manifest.json beside it: tool version, command, filters, row counts
per source, date ranges and the file's SHA-256. -o - writes to standard
output, without a manifest, and so does -o naming a descriptor
(/dev/stdout), a device or a pipe: it is written to as it stands.`

// exportFormats are the values of --format, the first the default.
var exportFormats = []string{"jsonl", "csv", "parquet", "warc"}

func runExport(ctx context.Context, e env, args []string) error {
	c := newDBCommand("export", exportUsage, e, exportFormats)
	out := c.fs.String("o", "-", "write to `PATH` (- for standard output)")
	source := c.fs.String("source", "", "only articles of `SOURCE` ((none): those scrape --save archived)")
	since := c.fs.String("since", "", "on or after `DATE`")
	until := c.fs.String("until", "", "on or before `DATE`")
	by := c.fs.String("by", "published", "the date --since and --until apply to: `published or fetched`")
	query := c.fs.String("query", "", "only articles whose latest version matches `QUERY`")
	versions := c.fs.String("versions", "latest", "`latest or all` versions of each article")
	section := c.fs.String("section", "", "only articles of the site's section `NAME` (\"Politics\")")
	language := c.fs.String("language", "", "only articles in `LANG` (en, or en-GB)")
	spreadsheetSafe := c.fs.Bool("spreadsheet-safe", false, "csv: write a field starting with = + - @ after a ' (for spreadsheets; changes the data)")
	if _, err := c.parse(args, 0, "no arguments"); err != nil {
		return helpOK(err)
	}
	if err := noBlankFilters("export", c.fs); err != nil {
		return err
	}
	gzipped, err := c.takeOutput(*out)
	if err != nil {
		return err
	}
	filter, err := exportFilter(*source, *since, *until, *by, *query, *versions)
	if err != nil {
		return err
	}
	if *spreadsheetSafe && *c.format != string(export.CSV) {
		return usageErrorf("export: --spreadsheet-safe is for csv, not %s", *c.format)
	}
	filter.Section, filter.Language = *section, *language
	opt := export.Options{Format: export.Format(*c.format), Filter: filter, Gzip: gzipped, SpreadsheetSafe: *spreadsheetSafe,
		Software: "newsarchive " + version(), Command: strings.Join(append([]string{"newsarchive", "export"}, args...), " ")}
	stream, closeStream, err := exportStream(e, *out)
	if err != nil {
		return err
	}
	if stream != nil && (opt.Format == export.Parquet || opt.Format == export.WARC) && isTerminal(stream) {
		return usageErrorf("export: %s is binary; give -o PATH or redirect standard output", opt.Format)
	}
	s, err := c.openToRead(ctx)
	if err != nil {
		closeStream()
		return err
	}
	defer s.Close()
	unindexed := noteUnindexed(ctx, e, s, filter)
	bar, err := exportProgress(ctx, e, s, filter, stream)
	if err != nil {
		closeStream()
		return exportError(err)
	}
	opt.Progress = bar.update
	var stats *export.Stats
	if stream != nil {
		stats, err = export.Write(ctx, s, stream, opt)
		if cerr := closeStream(); err == nil && cerr != nil {
			err = fmt.Errorf("write %s: %w", *out, cerr)
		}
	} else {
		m := export.Manifest{Tool: "newsarchive", Version: version(), Database: s.Path(),
			Command: append([]string{"newsarchive", "export"}, args...), Unindexed: unindexed}
		stats, err = export.File(ctx, s, *out, opt, m)
	}
	bar.finish()
	if stream != nil {
		if errors.Is(err, context.Canceled) {
			return streamInterrupted(stats)
		}
		return exportDone(e, "-", stats, err)
	}
	return exportDone(e, *out, stats, err)
}

// exportProgress is the export's progress bar on a terminal's standard
// error, or one that shows nothing: a bar between rows printed on the same
// terminal would garble both.
func exportProgress(ctx context.Context, e env, s *archive.Store, filter archive.ExportFilter, stream io.Writer) (*progress, error) {
	if (stream != nil && isTerminal(stream)) || !isTerminal(e.stderr) {
		return &progress{}, nil
	}
	total, err := s.ExportCount(ctx, filter)
	if err != nil {
		return nil, err
	}
	return newProgress(e.stderr, total), nil
}

// streamInterrupted is the error of an export to a stream (standard
// output, a pipe, a device) stopped part-way: unlike a file, which is
// left unwritten, the stream has its first rows, and they are not all.
func streamInterrupted(stats *export.Stats) error {
	rows := 0
	if stats != nil {
		rows = stats.Rows
	}
	return fmt.Errorf("export: interrupted after %d rows; the output written so far is incomplete", rows)
}

// noteUnindexed tells, for an export selected by a query, how many
// articles its other filters select that the query cannot because the
// search index does not hold them yet (a crawl saved them, or a reindex
// was stopped), and returns it.
func noteUnindexed(ctx context.Context, e env, s *archive.Store, filter archive.ExportFilter) int64 {
	if filter.Query == "" {
		return 0
	}
	n, err := s.UnindexedSelected(ctx, filter)
	if err != nil || n == 0 {
		return 0
	}
	fmt.Fprintf(e.stderr, "newsarchive: note: %d articles are not in the search index yet, so --query cannot select them %s\n", n, indexCatchesUp)
	return n
}

// exportDone reports how an export to out ended: the file written, and
// the error. An export written but for damaged pages names the file, then
// why it lacks them.
func exportDone(e env, out string, stats *export.Stats, err error) error {
	var damaged *export.DamagedError
	switch {
	case errors.As(err, &damaged):
	case err != nil && out != "-":
		return exportError(sourcerun.WithDiskFree(out, err)) // a full disk under the export says so
	case err != nil:
		return exportError(err)
	}
	if out != "-" {
		fmt.Fprintf(e.stderr, "%s: %d rows, %s\n", out, stats.Rows, humanize.Bytes(uint64(stats.Bytes)))
	}
	if stats.CellsCut > 0 {
		fmt.Fprintf(e.stderr, "newsarchive: note: --spreadsheet-safe cut %d cells to a spreadsheet's limit of %d characters (Excel cuts longer ones unsaid); a plain export keeps them whole\n",
			stats.CellsCut, export.CellLimit)
	}
	if damaged != nil {
		return fmt.Errorf("export: %w", damaged)
	}
	return nil
}

// takeOutput checks -o and, without --format, takes the format its
// extension names (-o news.parquet writes Parquet). It reports whether the
// name asks for a gzipped file (news.jsonl.gz, news.csv.gz).
func (c *dbCommand) takeOutput(out string) (gzipped bool, err error) {
	if strings.TrimSpace(out) == "" {
		return false, usageErrorf("export: -o: empty path (give a file, or - for standard output)")
	}
	if strings.HasSuffix(strings.ToLower(out), export.ManifestSuffix) {
		return false, usageErrorf("export: -o %s names a manifest (each export writes its own %s beside it): choose another name",
			out, export.ManifestSuffix)
	}
	f, gzipped, err := formatOfPath(out)
	if err != nil {
		return false, usageErrorf("export: -o %s: %v", out, err)
	}
	switch {
	case f == "":
	case !flagSet(c.fs, "format"):
		*c.format = f
	case f != *c.format:
		return false, usageErrorf("export: --format %s, but -o %s names %s: rename the file or leave --format out", *c.format, out, f)
	}
	return gzipped, nil
}

// formatOfPath is the export format a file name's extension names (.jsonl,
// .ndjson, .csv, .parquet, .warc.gz, and .jsonl.gz, .ndjson.gz, .csv.gz
// for a gzipped file), "" for none. A name the export would belie is an
// error: .parquet.gz (Parquet compresses inside), a .warc that would hold
// gzip, a .gz of no format.
func formatOfPath(path string) (format string, gzipped bool, err error) {
	name := strings.ToLower(path)
	if strings.HasSuffix(name, ".warc.gz") {
		return "warc", false, nil
	}
	name, gzipped = strings.CutSuffix(name, ".gz")
	switch ext := filepath.Ext(name); {
	case ext == ".jsonl" || ext == ".ndjson":
		return "jsonl", gzipped, nil
	case ext == ".csv":
		return "csv", gzipped, nil
	case ext == ".parquet" && gzipped:
		return "", false, errors.New("the Parquet format compresses its pages itself: name the file .parquet")
	case ext == ".parquet":
		return "parquet", false, nil
	case ext == ".warc":
		return "", false, errors.New("WARC is written gzipped, a gzip member per record: name the file .warc.gz")
	case gzipped:
		return "", false, errors.New("a gzipped export is .jsonl.gz, .ndjson.gz or .csv.gz")
	}
	return "", false, nil
}

// noBlankFilters refuses a filter flag of command given an empty or blank
// value: an empty --query exported everything (search refuses one), and
// an empty --source or --section was ignored, when a value was meant and
// lost (an unset shell variable, say).
func noBlankFilters(command string, fs *flag.FlagSet) error {
	for _, name := range []string{"source", "since", "until", "query", "section", "language"} {
		if flagSet(fs, name) && strings.TrimSpace(fs.Lookup(name).Value.String()) == "" {
			return usageErrorf("%s: --%s: empty value (leave the flag out to select every article)", command, name)
		}
	}
	return nil
}

// exportFilter checks the filter flags and builds the archive's filter.
func exportFilter(source, since, until, by, query, versions string) (archive.ExportFilter, error) {
	f := archive.ExportFilter{Source: source, Query: query}
	var err error
	if f.DateBounds, err = parseRange(since, until); err != nil {
		return f, usageErrorf("export: %v", err)
	}
	switch by {
	case "published":
	case "fetched":
		f.ByFetched = true
	default:
		return f, usageErrorf("export: --by %q (want published or fetched)", by)
	}
	switch versions {
	case "latest":
	case "all":
		f.AllVersions = true
	default:
		return f, usageErrorf("export: --versions %q (want latest or all)", versions)
	}
	return f, nil
}

// exportError words the mistakes a user can fix as usage errors.
func exportError(err error) error {
	switch {
	case errors.Is(err, archive.ErrBadQuery):
		return usageErrorf("export: %v", err)
	case errors.Is(err, archive.ErrNotFound) && strings.HasPrefix(err.Error(), "source "):
		return usageErrorf("export: unknown %v", strings.TrimSuffix(err.Error(), ": not found"))
	case errors.Is(err, context.Canceled):
		return fmt.Errorf("export: interrupted, nothing written")
	}
	return fmt.Errorf("export: %w", err)
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// progress shows rows (of the total the filter selects) and bytes on a
// terminal; elsewhere it is the zero value and does nothing, so logs and
// pipes stay clean.
type progress struct {
	bar  *progressbar.ProgressBar
	last time.Time
}

func newProgress(w io.Writer, total int) *progress {
	return &progress{bar: newBar(w, int64(total), "exporting", "rows")}
}

// newBar is a progress bar on a terminal: what is done (description), of
// total items (its), cleared when finished.
func newBar(w io.Writer, total int64, description, its string) *progressbar.ProgressBar {
	return progressbar.NewOptions64(total, progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription(description), progressbar.OptionShowCount(),
		progressbar.OptionSetItsString(its), progressbar.OptionShowIts(),
		progressbar.OptionThrottle(200*time.Millisecond), progressbar.OptionClearOnFinish())
}

func (p *progress) update(rows int, bytes int64) {
	if p.bar == nil {
		return
	}
	if now := time.Now(); now.Sub(p.last) >= 200*time.Millisecond {
		p.last = now
		p.bar.Describe("exporting " + humanize.Bytes(uint64(bytes)))
	}
	p.bar.Set(rows)
}

func (p *progress) finish() {
	if p.bar != nil {
		p.bar.Finish()
	}
}
