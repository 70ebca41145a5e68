package export

import (
	"encoding/json"
	"fmt"
	"io"
	"runtime/debug"
	"strings"
	"time"

	"github.com/parquet-go/parquet-go"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/parse"
)

// parquetRowsPerGroup bounds a row group: the writer holds a whole group
// in memory before it writes it, and article texts and HTML run to tens of
// kilobytes. Smaller groups did not lower peak RSS further (measured at
// 250 and 500 rows).
const parquetRowsPerGroup = 1000

// parquetBatch is how many rows are handed to the writer at once.
const parquetBatch = 64

// parquetRow is the Parquet schema: typed columns, times as TIMESTAMP
// (microseconds, UTC), lists as LIST, Snappy-compressed: zstd made files
// 13-19% smaller but its encoders' history buffers took peak RSS from 86
// to 100-133 MiB over 100,000 articles (docs/benchmarks.md).
type parquetRow struct {
	ID           int64          `parquet:"id"`
	Source       string         `parquet:"source,dict"`
	Version      int32          `parquet:"version"`
	VersionID    int64          `parquet:"version_id"`
	URL          string         `parquet:"url"`
	CanonicalURL string         `parquet:"canonical_url"`
	Title        string         `parquet:"title"`
	Byline       string         `parquet:"byline"`
	Authors      []string       `parquet:"authors,list"`
	Published    *time.Time     `parquet:"published,optional,timestamp(microsecond)"`
	Modified     *time.Time     `parquet:"modified,optional,timestamp(microsecond)"`
	SiteName     string         `parquet:"site_name,dict"`
	Section      string         `parquet:"section,dict"`
	Language     string         `parquet:"language,dict"`
	Description  string         `parquet:"description"`
	Text         string         `parquet:"text"`
	HTML         string         `parquet:"html"`
	Images       []parquetImage `parquet:"images,list"`
	TopImage     string         `parquet:"top_image"`
	Tags         []string       `parquet:"tags,list"`
	ContentHash  string         `parquet:"content_hash"`
	FirstSeen    time.Time      `parquet:"first_seen,timestamp(microsecond)"`
	LastSeen     time.Time      `parquet:"last_seen,timestamp(microsecond)"`
	SnapshotID   int64          `parquet:"snapshot_id"`
	FetchedAt    time.Time      `parquet:"fetched_at,timestamp(microsecond)"`
}

// parquetSchema names the file's root after what a row is, where the
// library would name it after the Go type.
var parquetSchema = parquet.NewSchema("article_version", parquet.SchemaOf(parquetRow{}))

// parquetImage is one element of the images list.
type parquetImage struct {
	URL     string `parquet:"url"`
	Alt     string `parquet:"alt"`
	Caption string `parquet:"caption"`
}

type parquetWriter struct {
	pw    *parquet.GenericWriter[parquetRow]
	batch []parquetRow
}

// newParquetWriter writes to w; software ("newsarchive v1.2.0") and the
// commit the binary was built from fill the file's created_by.
func newParquetWriter(w io.Writer, software string) *parquetWriter {
	app, version, _ := strings.Cut(software, " ")
	if app == "" {
		app = "newsarchive"
	}
	if version == "" {
		version = "unknown"
	}
	pw := parquet.NewGenericWriter[parquetRow](w, parquetSchema,
		parquet.Compression(&parquet.Snappy),
		parquet.MaxRowsPerRowGroup(parquetRowsPerGroup),
		parquet.CreatedBy(app, version, buildRevision()))
	return &parquetWriter{pw: pw, batch: make([]parquetRow, 0, parquetBatch)}
}

// buildRevision is the commit the running binary was built from, or
// "unknown" when the build did not record one.
func buildRevision() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	for _, s := range info.Settings {
		if s.Key == "vcs.revision" && s.Value != "" {
			return s.Value[:min(12, len(s.Value))]
		}
	}
	return "unknown"
}

func (p *parquetWriter) write(r *archive.ExportRow) error {
	row, err := toParquet(r)
	if err != nil {
		return err
	}
	p.batch = append(p.batch, row)
	if len(p.batch) == cap(p.batch) {
		return p.flush()
	}
	return nil
}

func (p *parquetWriter) flush() error {
	if len(p.batch) == 0 {
		return nil
	}
	if _, err := p.pw.Write(p.batch); err != nil {
		return fmt.Errorf("write parquet: %w", err)
	}
	clear(p.batch) // drop references to the texts written
	p.batch = p.batch[:0]
	return nil
}

// cut writes nothing: a Parquet file cut short has no footer, and no
// reader reads its rows.
func (p *parquetWriter) cut() error { return nil }

func (p *parquetWriter) close() error {
	if err := p.flush(); err != nil {
		return err
	}
	if err := p.pw.Close(); err != nil {
		return fmt.Errorf("write parquet: %w", err)
	}
	return nil
}

func toParquet(r *archive.ExportRow) (parquetRow, error) {
	out := parquetRow{
		ID: r.ID, Source: r.Source, Version: int32(r.Version), VersionID: r.VersionID,
		URL: r.URL, CanonicalURL: r.CanonicalURL, Title: r.Title, Byline: r.Byline,
		Published: r.Published, Modified: r.Modified, SiteName: r.SiteName,
		Section: r.Section, Language: r.Language, Description: r.Description, Text: r.Text, HTML: r.HTML,
		TopImage: r.TopImage, ContentHash: r.ContentHash, FirstSeen: r.FirstSeen,
		LastSeen: r.LastSeen, SnapshotID: r.SnapshotID, FetchedAt: r.FetchedAt,
	}
	var images []parse.Image
	for _, l := range []struct {
		raw json.RawMessage
		dst any
	}{{r.Authors, &out.Authors}, {r.Tags, &out.Tags}, {r.Images, &images}} {
		if err := json.Unmarshal(l.raw, l.dst); err != nil {
			return out, fmt.Errorf("article %d version %d: stored list: %w", r.ID, r.VersionID, err)
		}
	}
	out.Images = make([]parquetImage, len(images))
	for i, im := range images {
		out.Images[i] = parquetImage(im)
	}
	return out, nil
}
