package fetch

import (
	"bufio"
	"compress/flate"
	"compress/zlib"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/newsarchive/newsarchive/crawler/internal/gzipmember"
)

// acceptEncoding lists the encodings the transport decodes itself. Go's own
// transparent gzip is off so that the size cap applies to decoded bytes and
// the response headers stay as the server sent them.
const acceptEncoding = "gzip, deflate"

// Transport is an http.RoundTripper that sends the identifying User-Agent,
// asks for compressed bodies and hands back bodies decompressed and capped
// at MaxBodyBytes; a longer body ends silently at the cap (Client.Get
// reports it). Response headers are left as received; Uncompressed is set
// when the body was decoded, which tells colly not to gunzip it again.
type Transport struct {
	base     *http.Transport
	ua       string
	maxBytes int64
	// limitFor, when set, gives a request a cap of its own (a sitemap's,
	// which the protocol allows 50 MB); 0 keeps maxBytes.
	limitFor func(*http.Request) int64
}

// SetBodyLimits gives the requests limitFor names a cap of their own
// instead of MaxBodyBytes (0 for the usual cap). Call it before use.
func (t *Transport) SetBodyLimits(limitFor func(*http.Request) int64) {
	t.limitFor = limitFor
}

var _ http.RoundTripper = (*Transport)(nil)

// NewTransport returns a Transport with the timeouts and limits of cfg.
func NewTransport(cfg Config) *Transport {
	cfg = cfg.WithDefaults()
	dialer := &net.Dialer{Timeout: cfg.ConnectTimeout, KeepAlive: 30 * time.Second, Resolver: cfg.Resolver}
	base := &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           dialer.DialContext,
		TLSHandshakeTimeout:   cfg.ConnectTimeout,
		ResponseHeaderTimeout: cfg.HeaderTimeout,
		DisableCompression:    true,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          100,
		MaxIdleConnsPerHost:   4,
		IdleConnTimeout:       90 * time.Second,
	}
	return &Transport{base: base, ua: cfg.UserAgent, maxBytes: cfg.MaxBodyBytes}
}

// RoundTrip sends req and returns the response with a decoded, capped body.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	req = req.Clone(req.Context())
	if req.Header.Get("User-Agent") == "" {
		req.Header.Set("User-Agent", t.ua)
	}
	if req.Header.Get("Accept-Encoding") == "" {
		req.Header.Set("Accept-Encoding", acceptEncoding)
	}
	resp, err := t.base.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	codings, err := contentCodings(resp.Header.Get("Content-Encoding"))
	if err != nil {
		resp.Body.Close()
		return nil, err
	}
	if bodiless(req, resp) {
		// Servers repeat the representation's Content-Encoding on a 304
		// or a HEAD: there is no body to decode.
		codings = nil
	}
	if len(codings) > 0 {
		resp.Uncompressed = true
		resp.ContentLength = -1
	}
	flag, _ := req.Context().Value(truncatedKey{}).(*atomic.Bool)
	limit := t.maxBytes
	if t.limitFor != nil {
		if l := t.limitFor(req); l > 0 {
			limit = l
		}
	}
	resp.Body = &cappedBody{raw: resp.Body, codings: codings, left: limit, truncated: flag}
	return resp, nil
}

// CloseIdleConnections closes the idle connections of the underlying
// transport; http.Client.CloseIdleConnections calls it.
func (t *Transport) CloseIdleConnections() { t.base.CloseIdleConnections() }

// truncatedKey is the context key of the flag a Transport sets when it cuts
// a body at the cap. The flag travels in the context because http.Client
// may wrap the body it returns.
type truncatedKey struct{}

// withTruncatedFlag returns a context whose requests report a cut body in
// the returned flag.
func withTruncatedFlag(ctx context.Context) (context.Context, *atomic.Bool) {
	flag := new(atomic.Bool)
	return context.WithValue(ctx, truncatedKey{}, flag), flag
}

// undecodable are the content codings of IANA's registry, and the other
// compressions servers name, that the transport cannot undo: a body in
// one of them is refused, not archived as if it were the page.
var undecodable = map[string]bool{
	"br": true, "zstd": true, "compress": true, "x-compress": true, "aes128gcm": true,
	"exi": true, "pack200-gzip": true, "dcb": true, "dcz": true,
	"bzip2": true, "x-bzip2": true, "xz": true, "lzma": true, "lz4": true, "snappy": true, "sdch": true,
}

// contentCodings returns the codings of a Content-Encoding header in the
// order they were applied, identity left out. A token that names no
// content coding ("UTF-8", "none", "text": misconfigured servers send
// them over plain bodies) is left out too, as browsers leave it: refusing
// it failed every page of such a site.
func contentCodings(header string) ([]string, error) {
	var codings []string
	for _, c := range strings.Split(header, ",") {
		c = strings.ToLower(strings.TrimSpace(c))
		switch {
		case c == "gzip" || c == "x-gzip" || c == "deflate":
			codings = append(codings, c)
		case undecodable[c]:
			return nil, fmt.Errorf("unsupported content encoding %q", c)
		}
	}
	return codings, nil
}

// cappedBody decodes the raw body lazily (so a slow gzip header does not
// block RoundTrip) and ends it after the cap of decoded bytes.
type cappedBody struct {
	raw       io.ReadCloser
	codings   []string
	decoded   io.Reader
	left      int64
	truncated *atomic.Bool // may be nil
}

func (b *cappedBody) Read(p []byte) (int, error) {
	if b.decoded == nil {
		r, err := decoder(b.raw, b.codings)
		if err != nil {
			return 0, err
		}
		b.decoded = r
	}
	if b.left <= 0 {
		return 0, b.probeEnd()
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.decoded.Read(p)
	b.left -= int64(n)
	if err != nil && err != io.EOF && len(b.codings) > 0 {
		// The page's log line and record name the coding that broke.
		err = fmt.Errorf("decode %s body: %w", strings.Join(b.codings, ", "), err)
	}
	return n, err
}

// probeEnd is called at the cap: one more byte means the body was cut.
func (b *cappedBody) probeEnd() error {
	var one [1]byte
	n, err := io.ReadFull(b.decoded, one[:])
	if n > 0 {
		if b.truncated != nil {
			b.truncated.Store(true)
		}
		return io.EOF
	}
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
		return err
	}
	return io.EOF
}

func (b *cappedBody) Close() error { return b.raw.Close() }

// decoder undoes the content codings of r, last applied first.
func decoder(r io.Reader, codings []string) (io.Reader, error) {
	for i := len(codings) - 1; i >= 0; i-- {
		var err error
		switch codings[i] {
		case "gzip", "x-gzip":
			// Member by member: bytes a server appends after the
			// stream end the body, as in browsers.
			r, err = gzipmember.NewReader(r)
			if errors.Is(err, io.EOF) {
				return eofReader{}, nil // an empty body, labelled gzip
			}
		case "deflate":
			r, err = deflateReader(r)
		}
		if err != nil {
			return nil, fmt.Errorf("decode %s body: %w", codings[i], err)
		}
	}
	return r, nil
}

// bodiless tells a response that has no body whatever its headers say.
func bodiless(req *http.Request, resp *http.Response) bool {
	return req.Method == http.MethodHead || resp.StatusCode == http.StatusNotModified ||
		resp.StatusCode == http.StatusNoContent || resp.StatusCode < 200
}

// eofReader is an empty body.
type eofReader struct{}

func (eofReader) Read([]byte) (int, error) { return 0, io.EOF }

// deflateReader reads "deflate" bodies, which should be zlib streams but are
// raw deflate on some servers.
func deflateReader(r io.Reader) (io.Reader, error) {
	br := bufio.NewReader(r)
	head, err := br.Peek(2)
	if len(head) == 0 && errors.Is(err, io.EOF) {
		return eofReader{}, nil // an empty body, labelled deflate
	}
	if err != nil {
		return nil, err
	}
	// A zlib header is CM=8 with (CMF*256+FLG) divisible by 31.
	if head[0]&0x0f == 8 && (uint16(head[0])<<8|uint16(head[1]))%31 == 0 {
		return zlib.NewReader(br)
	}
	return flate.NewReader(br), nil
}
