package export

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/google/uuid"
	"github.com/klauspost/compress/gzip"
	"github.com/nlnwa/gowarc/v3"

	"github.com/newsarchive/newsarchive/archive"
)

// warcOptions make every record WARC/1.1 with SHA-1 digests in base32, as
// web archive tools (pywb, the Wayback Machine's indexers) expect, and
// validate each record strictly as it is built.
var warcOptions = []gowarc.WarcRecordOption{
	gowarc.WithVersion(gowarc.V1_1),
	gowarc.WithStrictValidation(),
	gowarc.WithAddMissingDigest(true),
	gowarc.WithDefaultDigestAlgorithm("sha1"),
	gowarc.WithDefaultDigestEncoding(gowarc.Base32),
	gowarc.WithAddMissingRecordId(true),
}

// droppedHeaders no longer describe the stored body: the archive keeps
// bodies after the crawler undid their content encoding, and a record's
// block is never chunked. Their received values are kept under
// X-Archive-Orig-*, the prefix replay tools use for such headers.
var droppedHeaders = []string{"Content-Encoding", "Transfer-Encoding", "Content-Length"}

// warcWriter writes records, each gzipped on its own so tools can seek to
// any record.
type warcWriter struct {
	out    io.Writer
	gz     *gzip.Writer
	infoID string
	// seen maps a body's SHA-256 to the fetch whose response first held
	// it, for revisit records. It grows with the distinct bodies exported
	// (about 50 bytes each), never with their size: the response's record
	// id is derived from the fetch id, and its URI and date are read back
	// from the store when a revisit needs them.
	seen  map[[sha256.Size]byte]int64
	ids   uuid.UUID // namespace of this file's response record ids
	st    *archive.Store
	ctx   context.Context
	stats *Stats
}

func writeWARC(ctx context.Context, st *archive.Store, out io.Writer, opt Options, stats *Stats, progress func()) error {
	gz, err := gzip.NewWriterLevel(out, gzip.BestSpeed)
	if err != nil {
		return err
	}
	w := &warcWriter{out: out, gz: gz, seen: map[[sha256.Size]byte]int64{}, ids: uuid.New(),
		st: st, ctx: ctx, stats: stats}
	if err := w.warcinfo(opt); err != nil {
		return err
	}
	return st.ExportSnapshots(ctx, opt.Filter, func(s *archive.Snapshot) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := w.snapshot(s); err != nil {
			return fmt.Errorf("warc record of fetch %d (%s): %w", s.Fetch.ID, s.Fetch.FinalURL, err)
		}
		progress()
		return nil
	})
}

// put writes one record as a gzip member of its own and releases it.
func (w *warcWriter) put(rec gowarc.WarcRecord) error {
	defer rec.Close()
	if w.infoID != "" {
		rec.WarcHeader().SetId(gowarc.WarcWarcinfoID, w.infoID)
	}
	w.gz.Reset(w.out)
	if _, _, err := gowarc.NewMarshaler().Marshal(w.gz, rec, 0); err != nil {
		return fmt.Errorf("write warc: %w", err)
	}
	if err := w.gz.Close(); err != nil {
		return fmt.Errorf("write warc: %w", err)
	}
	w.stats.Records++
	return nil
}

func (w *warcWriter) warcinfo(opt Options) error {
	rb := gowarc.NewRecordBuilder(gowarc.Warcinfo, warcOptions...)
	rb.AddWarcHeaderTime(gowarc.WarcDate, opt.Now())
	if opt.Filename != "" {
		rb.AddWarcHeader(gowarc.WarcFilename, opt.Filename)
	}
	rb.AddWarcHeader(gowarc.ContentType, gowarc.ApplicationWarcFields)
	fields := &gowarc.WarcFields{}
	fields.Add("software", opt.Software)
	fields.Add("format", "WARC File Format 1.1")
	fields.Add("conformsTo", "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/")
	fields.Add("description", "pages fetched and articles extracted by newsarchive; "+
		"HTTP bodies are stored decoded: Content-Encoding is removed and Content-Length matches the block")
	if opt.Command != "" {
		// A query may hold a line break, which would end the field.
		fields.Add("x-newsarchive-command", escapeControls(opt.Command))
	}
	if _, err := fields.Write(rb); err != nil {
		return fmt.Errorf("warcinfo: %w", err)
	}
	rec, _, err := rb.Build()
	if err != nil {
		return fmt.Errorf("warcinfo: %w", err)
	}
	w.infoID = ""
	id := rec.RecordId()
	if err := w.put(rec); err != nil {
		return err
	}
	w.infoID = id
	return nil
}

// snapshot writes a fetch as request, response (or revisit) and one
// metadata record per selected version. A fetch that got no response
// (a network error) has nothing to replay and is left out.
func (w *warcWriter) snapshot(s *archive.Snapshot) error {
	f := s.Fetch
	switch {
	case f.Status == 0:
		w.stats.Unanswered++
		return nil
	case s.BodyErr != nil:
		if w.stats.Damaged == 0 {
			w.stats.FirstDamaged = f.ID
		}
		w.stats.Damaged++
		return nil
	}
	resp, err := w.response(f)
	if err != nil {
		return err
	}
	respID := resp.RecordId()
	// The request names its response, as crawlers' WARCs do, so a reader
	// pairs them without relying on their order.
	req, err := buildRecord(gowarc.Request, f, requestBlock(f), "application/http;msgtype=request", "", respID)
	if err != nil {
		resp.Close()
		return fmt.Errorf("request: %w", err)
	}
	if err := w.put(req); err != nil {
		resp.Close()
		return err
	}
	if err := w.put(resp); err != nil {
		return err
	}
	w.stats.Snapshots++
	w.stats.Fetched.add(f.FetchedAt)
	for i := range s.Versions {
		if w.stats.leftOut(&s.Versions[i]) {
			continue // the page is whole; the text extracted from it is not
		}
		if err := w.metadata(f, respID, &s.Versions[i]); err != nil {
			return err
		}
	}
	return nil
}

// response builds the response record, or a revisit when an earlier
// response of this export held the same body.
func (w *warcWriter) response(f *archive.Fetch) (gowarc.WarcRecord, error) {
	rec, err := buildRecord(gowarc.Response, f, responseBlock(f), "application/http;msgtype=response", w.responseID(f.ID), "")
	if err != nil {
		return nil, fmt.Errorf("response: %w", err)
	}
	key, ok := bodyKey(f)
	if !ok {
		return rec, nil
	}
	first, seen := w.seen[key]
	if !seen {
		w.seen[key] = f.ID
		return rec, nil
	}
	defer rec.Close()
	target, err := w.st.FetchByID(w.ctx, first)
	if err != nil {
		return nil, fmt.Errorf("revisit: %w", err)
	}
	// The library marks the revisit WARC-Truncated: length, its block
	// holding the HTTP headers without the payload.
	revisit, err := rec.ToRevisitRecord(&gowarc.RevisitRef{
		Profile:        gowarc.ProfileIdenticalPayloadDigestV1_1,
		TargetRecordId: w.responseID(first),
		TargetUri:      target.FinalURL,
		TargetDate:     target.FetchedAt.UTC().Format(time.RFC3339Nano),
	})
	if err != nil {
		return nil, fmt.Errorf("revisit: %w", err)
	}
	return revisit, nil
}

// bodyKey is the SHA-256 the archive stored a non-empty body under.
func bodyKey(f *archive.Fetch) ([sha256.Size]byte, bool) {
	var key [sha256.Size]byte
	if len(f.Body) == 0 {
		return key, false
	}
	n, err := hex.Decode(key[:], []byte(f.BodySHA256))
	return key, err == nil && n == sha256.Size
}

// responseID is the record id of a fetch's response: a name-based UUID in
// a namespace drawn for this file, so revisits can name it without
// keeping it.
func (w *warcWriter) responseID(fetchID int64) string {
	return "<urn:uuid:" + uuid.NewSHA1(w.ids, strconv.AppendInt(nil, fetchID, 10)).String() + ">"
}

// metadata writes the extracted article of a version as JSON beside the
// response it came from.
func (w *warcWriter) metadata(f *archive.Fetch, concurrentTo string, v *archive.ExportRow) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("metadata: %w", err)
	}
	rb := gowarc.NewRecordBuilder(gowarc.Metadata, warcOptions...)
	rb.AddWarcHeader(gowarc.WarcTargetURI, f.FinalURL)
	rb.AddWarcHeaderTime(gowarc.WarcDate, f.FetchedAt)
	rb.AddWarcHeader(gowarc.WarcConcurrentTo, "<"+concurrentTo+">")
	rb.AddWarcHeader(gowarc.ContentType, "application/json")
	if _, err := rb.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("metadata: %w", err)
	}
	rec, _, err := rb.Build()
	if err != nil {
		return fmt.Errorf("metadata: %w", err)
	}
	if err := w.put(rec); err != nil {
		return err
	}
	w.stats.count(v)
	return nil
}

// buildRecord makes a request or response record of a fetch; the library
// computes the block and payload digests.
// An empty id is a random one; concurrentTo, when set, is the id of the
// record made with this one (a request's response).
func buildRecord(t gowarc.RecordType, f *archive.Fetch, block []byte, contentType, id, concurrentTo string) (gowarc.WarcRecord, error) {
	rb := gowarc.NewRecordBuilder(t, warcOptions...)
	if id != "" {
		rb.AddWarcHeader(gowarc.WarcRecordID, id)
	}
	if concurrentTo != "" {
		rb.AddWarcHeader(gowarc.WarcConcurrentTo, "<"+concurrentTo+">")
	}
	rb.AddWarcHeader(gowarc.WarcTargetURI, f.FinalURL)
	rb.AddWarcHeaderTime(gowarc.WarcDate, f.FetchedAt)
	rb.AddWarcHeader(gowarc.ContentType, contentType)
	if ip := remoteIP(f.RemoteIP); ip != "" {
		rb.AddWarcHeader(gowarc.WarcIPAddress, ip)
	}
	if t == gowarc.Response && f.Truncated {
		rb.AddWarcHeader(gowarc.WarcTruncated, "length")
	}
	if _, err := rb.Write(block); err != nil {
		return nil, err
	}
	rec, _, err := rb.Build()
	return rec, err
}

// remoteIP keeps the address of "ip" or "ip:port", or nothing when the
// stored value is not an IP address.
func remoteIP(s string) string {
	if host, _, err := net.SplitHostPort(s); err == nil {
		s = host
	}
	if net.ParseIP(s) == nil {
		return ""
	}
	return s
}

// requestBlock rebuilds the HTTP request from the stored request headers.
func requestBlock(f *archive.Fetch) []byte {
	var b bytes.Buffer
	target, host := "/", ""
	if u, err := url.Parse(f.FinalURL); err == nil {
		target, host = u.RequestURI(), u.Host
	}
	method := f.Method
	if method == "" {
		method = http.MethodGet
	}
	fmt.Fprintf(&b, "%s %s HTTP/1.1\r\n", method, target)
	h := f.RequestHeader.Clone()
	if h == nil {
		h = http.Header{}
	}
	if h.Get("Host") == "" && host != "" {
		h.Set("Host", host)
	}
	writeHeader(&b, h)
	return b.Bytes()
}

// responseBlock rebuilds the HTTP response from the stored headers and
// body. The status line is HTTP/1.x: responses that came over HTTP/2 are
// written in the HTTP/1.1 form replay tools parse.
func responseBlock(f *archive.Fetch) []byte {
	var b bytes.Buffer
	proto := f.Proto
	if !strings.HasPrefix(proto, "HTTP/1.") {
		proto = "HTTP/1.1"
	}
	fmt.Fprintf(&b, "%s %d %s\r\n", proto, f.Status, http.StatusText(f.Status))
	h := f.Header.Clone()
	if h == nil {
		h = http.Header{}
	}
	for _, name := range droppedHeaders {
		if vs := h.Values(name); len(vs) > 0 {
			h["X-Archive-Orig-"+name] = vs
			h.Del(name)
		}
	}
	h.Set("Content-Length", fmt.Sprint(len(f.Body)))
	writeHeader(&b, h)
	b.Write(f.Body)
	return b.Bytes()
}

// writeHeader writes headers in wire form, names sorted, then the blank
// line.
func writeHeader(b *bytes.Buffer, h http.Header) {
	for _, name := range slices.Sorted(maps.Keys(h)) {
		for _, v := range h[name] {
			fmt.Fprintf(b, "%s: %s\r\n", name, v)
		}
	}
	b.WriteString("\r\n")
}

// escapeControls writes the control characters of s (line breaks, tabs)
// as Go escapes, so that s fits on one line of a WARC header field.
func escapeControls(s string) string {
	if !strings.ContainsFunc(s, unicode.IsControl) {
		return s
	}
	q := strconv.Quote(s)
	return q[1 : len(q)-1]
}
