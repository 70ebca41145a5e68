package export

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"

	"github.com/newsarchive/newsarchive/archive"
)

// jsonlWriter writes one JSON object a line, UTF-8, HTML characters left
// as they are.
type jsonlWriter struct {
	bw  *bufio.Writer
	enc *json.Encoder
}

func newJSONLWriter(w io.Writer) *jsonlWriter {
	bw := bufio.NewWriterSize(w, 256<<10)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	return &jsonlWriter{bw: bw, enc: enc}
}

func (j *jsonlWriter) write(r *archive.ExportRow) error {
	if err := j.enc.Encode(r); err != nil {
		return fmt.Errorf("write jsonl: %w", err)
	}
	return nil
}

func (j *jsonlWriter) cut() error { return j.close() }

func (j *jsonlWriter) close() error {
	if err := j.bw.Flush(); err != nil {
		return fmt.Errorf("write jsonl: %w", err)
	}
	return nil
}

// csvColumns is the header row; csvRecord fills the fields in this order.
var csvColumns = []string{"id", "source", "version", "version_id", "url", "canonical_url",
	"title", "byline", "authors", "published", "modified", "site_name", "section", "language",
	"description", "text", "html", "images", "top_image", "tags", "content_hash",
	"first_seen", "last_seen", "snapshot_id", "fetched_at"}

// csvWriter writes RFC 4180 quoting with a header row, lists as JSON
// strings and times as RFC 3339. Lines end in LF: encoding/csv would turn
// every newline inside a quoted text into CRLF otherwise, changing the
// article text.
type csvWriter struct {
	bw     *bufio.Writer
	cw     *csv.Writer
	header bool
	rec    []string
	safe   bool // spreadsheet-safe: see Options.SpreadsheetSafe
	// cellsCut counts the cells a spreadsheet-safe export cut (fitCell).
	cellsCut *int
}

// newCSVWriter writes CSV to w; spreadsheet-safe, it counts in cellsCut
// the cells it cuts to a spreadsheet's limit.
func newCSVWriter(w io.Writer, spreadsheetSafe bool, cellsCut *int) *csvWriter {
	bw := bufio.NewWriterSize(w, 256<<10)
	return &csvWriter{bw: bw, cw: csv.NewWriter(bw), rec: make([]string, len(csvColumns)), safe: spreadsheetSafe, cellsCut: cellsCut}
}

// CellLimit is the most characters a spreadsheet cell holds: Excel's
// limit, counted in UTF-16 units as Excel counts. Excel cuts a longer
// cell of a CSV file without a word; LibreOffice's limit is higher.
const CellLimit = 32767

// fitCell cuts field, at a character's end, to CellLimit, and reports
// whether it did.
func fitCell(field string) (string, bool) {
	if len(field) <= CellLimit { // no character is fewer bytes than UTF-16 units
		return field, false
	}
	units := 0
	for i, r := range field {
		n := utf16.RuneLen(r) // a byte that is not UTF-8 reads as one U+FFFD
		if units+n > CellLimit {
			return field[:i], true
		}
		units += n
	}
	return field, false
}

// defuseFormula writes a field a spreadsheet would read as a formula
// after a ', which spreadsheets show as text and do not display.
func defuseFormula(field string) string {
	if field != "" && strings.ContainsRune("=+-@\t\r", rune(field[0])) {
		return "'" + field
	}
	return field
}

func (c *csvWriter) write(r *archive.ExportRow) error {
	if !c.header {
		if err := c.cw.Write(csvColumns); err != nil {
			return fmt.Errorf("write csv: %w", err)
		}
		c.header = true
	}
	c.fill(r)
	if err := c.cw.Write(c.rec); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	return nil
}

func (c *csvWriter) fill(r *archive.ExportRow) {
	id := func(n int64) string { return strconv.FormatInt(n, 10) }
	copy(c.rec, []string{id(r.ID), r.Source, strconv.Itoa(r.Version), id(r.VersionID), r.URL,
		r.CanonicalURL, r.Title, r.Byline, string(r.Authors), pageTime(r.Published),
		pageTime(r.Modified), r.SiteName, r.Section, r.Language, r.Description, r.Text, r.HTML,
		string(r.Images), r.TopImage, string(r.Tags), r.ContentHash, timeText(r.FirstSeen),
		timeText(r.LastSeen), id(r.SnapshotID), timeText(r.FetchedAt)})
	if c.safe {
		for i, f := range c.rec {
			f, cut := fitCell(defuseFormula(f))
			if cut {
				*c.cellsCut++
			}
			c.rec[i] = f
		}
	}
}

func (c *csvWriter) cut() error { return c.flush() }

func (c *csvWriter) close() error {
	if !c.header {
		// An empty export still names its columns.
		if err := c.cw.Write(csvColumns); err != nil {
			return fmt.Errorf("write csv: %w", err)
		}
	}
	return c.flush()
}

func (c *csvWriter) flush() error {
	c.cw.Flush()
	if err := c.cw.Error(); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	if err := c.bw.Flush(); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	return nil
}

func timeText(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// pageTime writes a date a page gave (published, modified) in the
// offset it gave, as JSON lines do; the archive's own times are UTC.
func pageTime(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.Format(time.RFC3339Nano)
}
