package export

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha1"
	"encoding/base32"
	"encoding/json"
	"errors"
	"io"
	"maps"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/klauspost/compress/gzip"
	"github.com/nlnwa/gowarc/v3"

	"github.com/newsarchive/newsarchive/archive"
)

// readWARC reads every record back with the library's strict validation,
// checking digests, and returns them by type. Payloads are read into the
// returned map, keyed by record id.
func readWARC(t *testing.T, b []byte) (map[gowarc.RecordType][]gowarc.WarcRecord, map[string][]byte) {
	t.Helper()
	r, err := gowarc.NewWarcFileReaderFromStream(bytes.NewReader(b), 0, gowarc.WithStrictValidation())
	if err != nil {
		t.Fatal(err)
	}
	byType := map[gowarc.RecordType][]gowarc.WarcRecord{}
	payloads := map[string][]byte{}
	first := true
	for rec, err := range r.Records() {
		if err != nil {
			t.Fatalf("read record %d: %v", len(byType), err)
		}
		wr := rec.WarcRecord
		if first && wr.Type() != gowarc.Warcinfo {
			t.Errorf("first record is %s, want warcinfo", wr.Type())
		}
		first = false
		if wr.Version() != gowarc.V1_1 || len(rec.Validation) > 0 {
			t.Errorf("%s: version %s, validation %v", wr, wr.Version(), rec.Validation)
		}
		if pb, ok := wr.Block().(gowarc.PayloadBlock); ok {
			p, err := pb.PayloadBytes()
			if err != nil {
				t.Fatal(err)
			}
			payloads[wr.RecordId()], _ = io.ReadAll(p)
		}
		if v, err := wr.ValidateDigest(); err != nil || len(v) > 0 {
			t.Errorf("%s: digests: %v %v", wr, err, v)
		}
		byType[wr.Type()] = append(byType[wr.Type()], wr)
	}
	return byType, payloads
}

// TestWARCRecordsStandAlone reads each record from its offset alone, as
// an index (CDX) lookup followed by a replay does.
func TestWARCRecordsStandAlone(t *testing.T) {
	st, _ := fillArchive(t)
	b, _ := export(t, st, Options{Format: WARC})
	path := filepath.Join(t.TempDir(), "a.warc.gz")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	r, err := gowarc.NewWarcFileReader(path, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	n := 0
	for rec, err := range r.Records() {
		if err != nil {
			t.Fatal(err)
		}
		one, err := gowarc.NewWarcFileReaderFromStream(bytes.NewReader(b[rec.Offset:rec.Offset+rec.Size]), 0, gowarc.WithStrictValidation())
		if err != nil {
			t.Fatal(err)
		}
		got, err := one.Next()
		if err != nil || got.WarcRecord.RecordId() != rec.WarcRecord.RecordId() {
			t.Fatalf("record at %d: %v", rec.Offset, err)
		}
		if _, err := one.Next(); err != io.EOF {
			t.Errorf("record at %d holds more than one record: %v", rec.Offset, err)
		}
		n++
	}
	if n < 10 {
		t.Errorf("%d records", n)
	}
}

func sha1Base32(b []byte) string {
	sum := sha1.Sum(b)
	return "sha1:" + base32.StdEncoding.EncodeToString(sum[:])
}

func TestWARCEverything(t *testing.T) {
	st, facts := fillArchive(t)
	b, stats := export(t, st, Options{Format: WARC, Software: "newsarchive test", Filename: "news.warc.gz"})
	recs, payloads := readWARC(t, b)
	if n := len(recs[gowarc.Warcinfo]); n != 1 {
		t.Fatalf("%d warcinfo records", n)
	}
	checks := []struct {
		t    gowarc.RecordType
		want int
	}{
		{gowarc.Request, facts.responses}, {gowarc.Response, facts.responses - facts.revisits},
		{gowarc.Revisit, facts.revisits}, {gowarc.Metadata, facts.articles},
	}
	for _, c := range checks {
		if got := len(recs[c.t]); got != c.want {
			t.Errorf("%d %s records, want %d", got, c.t, c.want)
		}
	}
	if stats.Unanswered != facts.fetches-facts.responses {
		t.Errorf("%d unanswered fetches counted, want %d", stats.Unanswered, facts.fetches-facts.responses)
	}
	if gzipMembers(t, b) != stats.Records || stats.Records != 1+2*facts.responses+facts.articles {
		t.Errorf("%d gzip members, %d records counted", gzipMembers(t, b), stats.Records)
	}
	checkFetchedRange(t, recs[gowarc.Request], stats.Fetched)
	plain, err := io.ReadAll(mustGunzip(t, b))
	if err != nil {
		t.Fatal(err)
	}
	// The fetches came over HTTP/2; replay tools parse HTTP/1.x status lines.
	if n := bytes.Count(plain, []byte("\r\n\r\nHTTP/1.1 200 OK\r\n")); n != facts.responses || bytes.Contains(plain, []byte("HTTP/2")) {
		t.Errorf("%d HTTP/1.1 status lines, want %d, and none of HTTP/2", n, facts.responses)
	}
	raw, err := os.ReadFile(filepath.Join("..", "..", "parse", "testdata", "golden", pages[0].file))
	if err != nil {
		t.Fatal(err)
	}
	responses := map[string]gowarc.WarcRecord{}
	for _, r := range recs[gowarc.Response] {
		responses[r.RecordId()] = r
		checkResponse(t, r, payloads[r.RecordId()])
		if r.WarcHeader().Get(gowarc.WarcTargetURI) == pages[0].url && !bytes.Equal(payloads[r.RecordId()], raw) {
			t.Errorf("payload of %s is not the page as fetched", pages[0].url)
		}
	}
	checkRevisitAndTruncated(t, recs[gowarc.Revisit][0], responses, raw)
	// Each request names its response or revisit, of the same URI.
	answers := maps.Clone(responses)
	for _, r := range recs[gowarc.Revisit] {
		answers[r.RecordId()] = r
	}
	paired := map[string]bool{}
	for _, q := range recs[gowarc.Request] {
		h := q.WarcHeader()
		a := answers[h.GetId(gowarc.WarcConcurrentTo)]
		if a == nil || a.WarcHeader().Get(gowarc.WarcTargetURI) != h.Get(gowarc.WarcTargetURI) || paired[a.RecordId()] {
			t.Errorf("request %s is not concurrent to an answer of its own", h)
			continue
		}
		paired[a.RecordId()] = true
	}
	for _, m := range recs[gowarc.Metadata] {
		h := m.WarcHeader()
		if responses[h.GetId(gowarc.WarcConcurrentTo)] == nil || h.Get(gowarc.ContentType) != "application/json" {
			t.Errorf("metadata %s is not concurrent to a response", h)
		}
	}
}

// checkRevisitAndTruncated checks the revisit of the page fetched twice
// and that only the cut feed is marked truncated.
// checkFetchedRange: the fetch times a WARC export counts span every
// fetch it holds, pages without an article (a section front, a feed)
// included, not only those of the versions in it.
func checkFetchedRange(t *testing.T, requests []gowarc.WarcRecord, got TimeRange) {
	t.Helper()
	var want TimeRange
	for _, r := range requests {
		at, err := time.Parse(time.RFC3339Nano, r.WarcHeader().Get(gowarc.WarcDate))
		if err != nil {
			t.Fatal(err)
		}
		want.add(at)
	}
	if want.From == nil || got.From == nil || !got.From.Equal(*want.From) || !got.To.Equal(*want.To) {
		t.Errorf("fetched range %v to %v counted; the requests span %v to %v", got.From, got.To, want.From, want.To)
	}
}

func checkRevisitAndTruncated(t *testing.T, revisit gowarc.WarcRecord, responses map[string]gowarc.WarcRecord, raw []byte) {
	t.Helper()
	rv := revisit.WarcHeader()
	if rv.Get(gowarc.WarcProfile) != gowarc.ProfileIdenticalPayloadDigestV1_1 ||
		rv.Get(gowarc.WarcPayloadDigest) != sha1Base32(raw) || responses[rv.GetId(gowarc.WarcRefersTo)] == nil ||
		rv.Get(gowarc.WarcRefersToTargetURI) != pages[0].url || rv.Get(gowarc.WarcRefersToDate) != "2026-03-01T12:00:00Z" {
		t.Errorf("revisit %s", rv)
	}
	truncated := 0
	for _, r := range responses {
		if r.WarcHeader().Get(gowarc.WarcTruncated) == "length" {
			truncated++
			if !strings.HasSuffix(r.WarcHeader().Get(gowarc.WarcTargetURI), "/feed.xml") {
				t.Errorf("%s is marked truncated", r.WarcHeader().Get(gowarc.WarcTargetURI))
			}
		}
	}
	if truncated != 1 {
		t.Errorf("%d truncated responses, want the feed", truncated)
	}
}

// checkResponse checks a response record against what was archived: the
// date and address of the fetch, digests in sha1 base32, and an HTTP
// header that describes the stored, decoded body.
func checkResponse(t *testing.T, r gowarc.WarcRecord, payload []byte) {
	t.Helper()
	h := r.WarcHeader()
	if h.Get(gowarc.WarcIPAddress) != "203.0.113.7" || !strings.HasPrefix(h.Get(gowarc.WarcDate), "2026-03-01T") {
		t.Errorf("%s: ip %q date %q", r, h.Get(gowarc.WarcIPAddress), h.Get(gowarc.WarcDate))
	}
	if got := h.Get(gowarc.WarcPayloadDigest); got != sha1Base32(payload) {
		t.Errorf("%s: payload digest %s, want %s", r, got, sha1Base32(payload))
	}
	if !strings.HasPrefix(h.Get(gowarc.WarcBlockDigest), "sha1:") {
		t.Errorf("%s: block digest %q", r, h.Get(gowarc.WarcBlockDigest))
	}
	hb := r.Block().(gowarc.HttpResponseBlock)
	hh := hb.HttpHeader()
	if hh.Get("Content-Encoding") != "" || hh.Get("Content-Length") != strconv.Itoa(len(payload)) ||
		hh.Get("X-Archive-Orig-Content-Encoding") != "gzip" || hb.HttpStatusCode() != 200 {
		t.Errorf("%s: http header %v", r, hh)
	}
}

func mustGunzip(t *testing.T, b []byte) io.Reader {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return zr
}

func gzipMembers(t *testing.T, b []byte) int {
	t.Helper()
	br := bufio.NewReader(bytes.NewReader(b))
	zr, err := gzip.NewReader(br)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for {
		zr.Multistream(false)
		if _, err := io.Copy(io.Discard, zr); err != nil {
			t.Fatal(err)
		}
		n++
		if err := zr.Reset(br); err == io.EOF {
			return n
		} else if err != nil {
			t.Fatal(err)
		}
	}
}

func TestWARCFiltered(t *testing.T) {
	st, _ := fillArchive(t)
	for _, tt := range []struct {
		name               string
		filter             archive.ExportFilter
		snapshots, records int
	}{
		{"source", archive.ExportFilter{Source: "harbor"}, 2, 1 + 2*2 + 2},
		{"source all versions", archive.ExportFilter{Source: "harbor", AllVersions: true}, 3, 1 + 3*2 + 3},
		{"query", archive.ExportFilter{Query: "apricot"}, 1, 1 + 2 + 1},
		{"nothing matches", archive.ExportFilter{Query: "zebra"}, 0, 1},
		{"all versions of everything", archive.ExportFilter{AllVersions: true}, 8, 1 + 8*2 + 5},
	} {
		t.Run(tt.name, func(t *testing.T) {
			b, stats := export(t, st, Options{Format: WARC, Filter: tt.filter})
			recs, _ := readWARC(t, b)
			n := 0
			for _, rs := range recs {
				n += len(rs)
			}
			if stats.Snapshots != tt.snapshots || n != tt.records || stats.Records != n {
				t.Errorf("%d snapshots and %d records (%d counted), want %d and %d", stats.Snapshots, n, stats.Records, tt.snapshots, tt.records)
			}
		})
	}
}

// TestWARCCommandWithALineBreak: a command line holding a line break (a
// query may) is written in warcinfo escaped, on one line: it ended the
// field and failed the export.
func TestWARCCommandWithALineBreak(t *testing.T) {
	st, _ := fillArchive(t)
	b, _ := export(t, st, Options{Format: WARC, Command: "newsarchive export --query mayor\nOR\r\nfrost"})
	recs, _ := readWARC(t, b)
	if len(recs[gowarc.Warcinfo]) != 1 {
		t.Fatalf("%d warcinfo records, want 1", len(recs[gowarc.Warcinfo]))
	}
	r, err := recs[gowarc.Warcinfo][0].Block().RawBytes()
	if err != nil {
		t.Fatal(err)
	}
	info, err := io.ReadAll(r)
	if err != nil || !bytes.Contains(info, []byte(`X-Newsarchive-Command: newsarchive export --query mayor\nOR\r\nfrost`)) {
		t.Errorf("warcinfo %q, %v; want the command escaped on one line", info, err)
	}
}

// TestWARCLeavesOutDamagedBodies: a stored page whose bytes no longer
// match their hash is left out of a WARC export, which still writes every
// other fetch, counts the damaged ones in its manifest and reports them.
// One damaged page made the whole archive unexportable.
func TestWARCLeavesOutDamagedBodies(t *testing.T) {
	st, _ := fillArchive(t)
	ctx := context.Background()
	dir := t.TempDir()
	whole, err := File(ctx, st, filepath.Join(dir, "whole.warc.gz"), Options{Format: WARC}, Manifest{})
	if err != nil {
		t.Fatal(err)
	}
	spool, err := os.OpenFile(st.Path()+"-spool", os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	fi, err := spool.Stat()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := spool.WriteAt(bytes.Repeat([]byte{'#'}, 16), fi.Size()/2); err != nil {
		t.Fatal(err)
	}
	spool.Close()
	path := filepath.Join(dir, "damaged.warc.gz")
	stats, err := File(ctx, st, path, Options{Format: WARC}, Manifest{})
	var damaged *DamagedError
	if !errors.As(err, &damaged) || damaged.Count != 1 || stats == nil {
		t.Fatalf("export over a damaged page: %v (stats %+v); want one fetch reported left out", err, stats)
	}
	if stats.Snapshots != whole.Snapshots-1 || stats.Damaged != 1 {
		t.Errorf("%d snapshots, %d damaged; want %d and 1", stats.Snapshots, stats.Damaged, whole.Snapshots-1)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	readWARC(t, b)
	var m Manifest
	mb, err := os.ReadFile(path + ManifestSuffix)
	if err != nil || json.Unmarshal(mb, &m) != nil || m.Damaged != 1 {
		t.Errorf("manifest %s (%v): want damaged_fetches_left_out 1", mb, err)
	}
}
