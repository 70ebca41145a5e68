package archive

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"maps"
	"net/http"
	"net/textproto"
	"slices"
	"strings"
	"time"

	"github.com/newsarchive/newsarchive/parse"
)

// Fetch is one HTTP exchange as the crawler saw it, failures included. It
// mirrors the crawler's response type without importing it.
type Fetch struct {
	ID           int64 // set when read back
	SourceID     int64 // 0 when not part of a configured source
	RunID        int64 // 0 when not part of a run
	RequestedURL string
	FinalURL     string
	// Via are the addresses redirects went through between the two (and
	// pages that forwarded to the requested one by refresh <meta>); they
	// become aliases of the fetch's article, and are not stored with the
	// fetch (nor read back).
	Via []string
	// Moved is set when the requested address was redirected by
	// permanent redirects (301, 308) alone.
	Moved         bool
	Method        string
	Status        int
	Proto         string
	Header        http.Header // response headers as received
	RequestHeader http.Header // request headers sent
	RemoteIP      string
	FetchedAt     time.Time
	Duration      time.Duration
	Err           string // why the fetch failed, "" on success
	Truncated     bool   // body cut at the size limit
	// Body is the raw body after content-encoding decompression, in its
	// original charset. Nil means no body was received.
	Body []byte
	// BodySHA256 identifies the stored body; set when read back.
	BodySHA256 string
	// Listed is the publication the feed or sitemap that led to the page
	// gave it, zero when none did: parse reads the page with it (see
	// parse.Page.Listed), and a reparse must read it the same way.
	Listed time.Time
	// ListingAddress says the crawl found the page at an address that
	// reads as a list of stories (see parse.Page.ListingAddress).
	ListingAddress bool
}

// Page is the fetch as parse reads it.
func (f *Fetch) Page() parse.Page {
	return parse.Page{URL: f.FinalURL, Body: f.Body, ContentType: f.Header.Get("Content-Type"),
		ContentLanguage: f.Header.Get("Content-Language"), FetchedAt: f.FetchedAt, Listed: f.Listed,
		ListingAddress: f.ListingAddress}
}

func (s *Store) insertFetch(ctx context.Context, tx *writeTx, f *Fetch, b *body) (int64, error) {
	var sha any
	if b != nil {
		sha = b.sha256
	}
	method := f.Method
	if method == "" {
		method = http.MethodGet
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO fetches (run_id, source_id, requested_url, final_url,
		method, status, proto, response_headers, request_headers, remote_ip, fetched_at,
		duration_ms, error, truncated, body_sha256, listed_published, listing_address, moved)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		nullID(f.RunID), nullID(f.SourceID), f.RequestedURL, f.FinalURL, method, f.Status, f.Proto,
		formatHeader(f.Header), formatHeader(f.RequestHeader), f.RemoteIP, formatTime(f.FetchedAt),
		f.Duration.Milliseconds(), f.Err, boolInt(f.Truncated), sha, nullTime(f.Listed), boolInt(f.ListingAddress),
		boolInt(f.Moved))
	if err != nil {
		return 0, fmt.Errorf("insert fetch: %w", err)
	}
	return res.LastInsertId()
}

// fetchColumns is the column list scanFetch reads, in order.
const fetchColumns = `id, COALESCE(run_id, 0), COALESCE(source_id, 0), requested_url, final_url,
	method, status, proto, response_headers, request_headers, remote_ip, fetched_at, duration_ms,
	error, truncated, COALESCE(body_sha256, ''), COALESCE(listed_published, ''), listing_address, moved`

type scanner interface{ Scan(dest ...any) error }

func scanFetch(row scanner) (*Fetch, error) {
	var (
		f                          Fetch
		respHdr, reqHdr            string
		fetchedAt, listed          string
		durationMS, trunc, listing int64
		moved                      int64
	)
	err := row.Scan(&f.ID, &f.RunID, &f.SourceID, &f.RequestedURL, &f.FinalURL, &f.Method,
		&f.Status, &f.Proto, &respHdr, &reqHdr, &f.RemoteIP, &fetchedAt, &durationMS,
		&f.Err, &trunc, &f.BodySHA256, &listed, &listing, &moved)
	if err != nil {
		return nil, err
	}
	if f.FetchedAt, err = parseTime(fetchedAt); err != nil {
		return nil, err
	}
	if listed != "" {
		if f.Listed, err = parseTime(listed); err != nil {
			return nil, err
		}
	}
	f.Header = parseHeader(respHdr)
	f.RequestHeader = parseHeader(reqHdr)
	f.Duration = time.Duration(durationMS) * time.Millisecond
	f.Truncated = trunc != 0
	f.ListingAddress = listing != 0
	f.Moved = moved != 0
	return &f, nil
}

// FetchByID returns a stored fetch with its body.
func (s *Store) FetchByID(ctx context.Context, id int64) (*Fetch, error) {
	f, err := s.fetchRow(ctx, id)
	if err != nil {
		return nil, err
	}
	if f.BodySHA256 != "" {
		if f.Body, err = s.Body(ctx, f.BodySHA256); err != nil {
			return nil, err
		}
	}
	return f, nil
}

// fetchRow reads fetch id without its body.
func (s *Store) fetchRow(ctx context.Context, id int64) (*Fetch, error) {
	return fetchRowOf(ctx, s.readers, id)
}

// fetchRowOf is fetchRow read through q.
func fetchRowOf(ctx context.Context, q reader, id int64) (*Fetch, error) {
	row := q.QueryRowContext(ctx, `SELECT `+fetchColumns+` FROM fetches WHERE id = ?`, id)
	f, err := scanFetch(row)
	if err == sql.ErrNoRows {
		return nil, fmt.Errorf("fetch %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("read fetch %d: %w", id, err)
	}
	return f, nil
}

// formatHeader writes headers in wire form, names sorted, values in the
// order received. http.Header has already lost the original order of
// names; this is the closest stable rendering.
func formatHeader(h http.Header) string {
	var sb strings.Builder
	for _, name := range slices.Sorted(maps.Keys(h)) {
		for _, v := range h[name] {
			sb.WriteString(name)
			sb.WriteString(": ")
			sb.WriteString(strings.NewReplacer("\r", " ", "\n", " ").Replace(v))
			sb.WriteString("\r\n")
		}
	}
	return sb.String()
}

func parseHeader(s string) http.Header {
	h := http.Header{}
	if s == "" {
		return h
	}
	r := textproto.NewReader(bufio.NewReader(strings.NewReader(s + "\r\n")))
	mh, err := r.ReadMIMEHeader()
	if err != nil && len(mh) == 0 {
		return h
	}
	return http.Header(mh)
}

// nullTime is t as stored, NULL for the zero time.
func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return formatTime(t)
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// LastFetch returns the newest fetch of a URL, asked for or reached after
// redirects, without its body: what a crawler needs for a conditional
// request (ETag, Last-Modified) or to skip a page fetched recently.
func (s *Store) LastFetch(ctx context.Context, u string) (*Fetch, error) {
	row := s.readers.QueryRowContext(ctx, `SELECT `+fetchColumns+` FROM fetches WHERE id = (
		SELECT MAX(id) FROM (
			SELECT MAX(id) AS id FROM fetches WHERE requested_url = ?
			UNION ALL SELECT MAX(id) FROM fetches WHERE final_url = ?) AS last)`, u, u)
	f, err := scanFetch(row)
	if err != nil {
		return nil, notFound(err, "fetch of "+u)
	}
	return f, nil
}
