package fetch

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"slices"
	"strings"
	"time"
)

// Response is one fetched page as received, for parsing and archiving.
type Response struct {
	RequestedURL string
	// FinalURL is the address after redirects.
	FinalURL string
	// Via are the addresses the redirects went through between
	// RequestedURL and FinalURL, in order; nil without redirects.
	Via []string
	// Moved is set when the request was redirected and every redirect on
	// the way was permanent (301, 308): the requested address is to be
	// known by FinalURL from now on.
	Moved  bool
	Method string
	Status int
	Proto  string
	// Header holds the response headers as received.
	Header http.Header
	// RequestHeader holds the headers sent with the final request.
	RequestHeader http.Header
	// RemoteIP is the address of the server that answered the final request.
	RemoteIP  string
	FetchedAt time.Time
	Duration  time.Duration
	// Body is the body after Content-Encoding decompression, before any
	// charset decoding.
	Body []byte
	// Truncated is set when the body exceeded MaxBodyBytes and was cut.
	Truncated bool
}

// StatusErr returns nil for a 2xx status and otherwise an *HTTPError that
// names it ("HTTP 404 Not Found").
func (r *Response) StatusErr() error {
	if r.Status >= 200 && r.Status < 300 {
		return nil
	}
	e := &HTTPError{Status: r.Status}
	if r.Status == http.StatusTooManyRequests || r.Status == http.StatusServiceUnavailable {
		e.RetryAfter = strings.TrimSpace(r.Header.Get("Retry-After"))
		e.RetryAfter = e.RetryAfter[:min(len(e.RetryAfter), 64)]
	}
	return e
}

// Client fetches pages within the limits of its Config. It is safe for
// concurrent use.
type Client struct {
	cfg  Config
	http *http.Client
}

// New returns a Client; zero fields of cfg take their defaults.
func New(cfg Config) *Client {
	cfg = cfg.WithDefaults()
	return &Client{
		cfg: cfg,
		http: &http.Client{
			Transport:     NewTransport(cfg),
			CheckRedirect: checkRedirect(cfg.MaxRedirects),
			Timeout:       cfg.TotalTimeout,
		},
	}
}

// WithRedirects returns a Client like c, sharing its transport, that also
// asks check about each redirect hop within the hop limit: an error it
// returns fails the fetch, http.ErrUseLastResponse ends it at the
// redirect's answer.
func (c *Client) WithRedirects(check func(req *http.Request, via []*http.Request) error) *Client {
	hc := *c.http
	limit := hc.CheckRedirect
	hc.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if err := limit(req, via); err != nil {
			return err
		}
		return check(req, via)
	}
	return &Client{cfg: c.cfg, http: &hc}
}

// HTTPClient returns the underlying client, for code that builds its own
// requests (colly's SetClient). Its bodies are decompressed and capped.
func (c *Client) HTTPClient() *http.Client { return c.http }

func checkRedirect(limit int) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		if len(via) > limit {
			return &RedirectError{Limit: max(limit, 0)}
		}
		WithoutCredentials(req)
		return nil
	}
}

// WithoutCredentials drops the user name and password a redirect's
// Location gave req's address: Go's client would send them as Basic
// auth, and the archive keep them in the addresses it stores.
func WithoutCredentials(req *http.Request) {
	req.URL.User = nil
}

// Get fetches rawURL with the extra headers h (which may be nil). An HTTP
// error status is not an error of Get: see Response.StatusErr.
func (c *Client) Get(ctx context.Context, rawURL string, h http.Header) (*Response, error) {
	u, err := checkURL(rawURL)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, c.cfg.TotalTimeout)
	defer cancel()
	var remote string
	trace := &httptrace.ClientTrace{GotConn: func(info httptrace.GotConnInfo) {
		remote = RemoteIP(info.Conn.RemoteAddr())
	}}
	ctx, truncated := withTruncatedFlag(httptrace.WithClientTrace(ctx, trace))
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, &URLError{URL: rawURL, Reason: err.Error()}
	}
	setHeaders(req, c.cfg.UserAgent, h)
	start := time.Now()
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, c.describe(rawURL, noAnswer(err))
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, c.describe(rawURL, fmt.Errorf("read body: %w", BodyCut(err)))
	}
	return &Response{
		RequestedURL:  rawURL,
		FinalURL:      resp.Request.URL.String(),
		Via:           RedirectedVia(resp.Request),
		Moved:         MovedPermanently(resp.Request),
		Method:        req.Method,
		Status:        resp.StatusCode,
		Proto:         resp.Proto,
		Header:        resp.Header.Clone(),
		RequestHeader: resp.Request.Header.Clone(),
		RemoteIP:      remote,
		FetchedAt:     start,
		Duration:      time.Since(start),
		Body:          body,
		Truncated:     truncated.Load(),
	}, nil
}

// setHeaders gives req the headers of a browser asking for a page, the
// identifying User-Agent, then the caller's own headers on top. The
// Transport adds the User-Agent too, but setting it here records it.
func setHeaders(req *http.Request, userAgent string, h http.Header) {
	req.Header.Set("User-Agent", userAgent)
	req.Header.Set("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
	req.Header.Set("Accept-Encoding", acceptEncoding)
	for k, vs := range h {
		req.Header.Del(k)
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
}

// RemoteIP is the IP address (or host) of a connection's remote address.
func RemoteIP(addr net.Addr) string {
	if addr == nil {
		return ""
	}
	host, _, err := net.SplitHostPort(addr.String())
	if err != nil {
		return addr.String()
	}
	return host
}

// MovedPermanently reports whether req was reached by redirects only
// permanent ones (301, 308) led to; false without redirects.
func MovedPermanently(req *http.Request) bool {
	if req.Response == nil {
		return false
	}
	for r := req.Response; r != nil; r = r.Request.Response {
		if r.StatusCode != http.StatusMovedPermanently && r.StatusCode != http.StatusPermanentRedirect {
			return false
		}
		if r.Request == nil {
			break
		}
	}
	return true
}

// RedirectedVia lists the addresses a request's redirects went through
// before it (http.Client links each redirected request to the response
// that caused it), the first asked for left out; nil without redirects.
func RedirectedVia(req *http.Request) []string {
	var via []string
	for r := req.Response; r != nil && r.Request != nil; r = r.Request.Response {
		via = append(via, r.Request.URL.String())
	}
	if len(via) == 0 {
		return nil
	}
	via = via[:len(via)-1] // the first request
	slices.Reverse(via)
	return via
}
