package crawler

import (
	"context"
	"errors"
	"math/rand/v2"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"time"

	"github.com/newsarchive/newsarchive/crawler/fetch"
)

// Headers that carry past colly what rawTransport hides from it or what
// colly does not keep: the Content-Type, the server's IP address and the
// response's protocol (the archive and its WARC export record both), and
// the instant the request left for the server: colly's OnRequest comes
// before the wait for the host's turn, which a polite crawl makes seconds
// long.
const (
	hiddenContentType = "X-Newsarchive-Content-Type"
	hiddenRemoteIP    = "X-Newsarchive-Remote-Ip"
	hiddenProto       = "X-Newsarchive-Proto"
	hiddenVia         = "X-Newsarchive-Via"
	hiddenMoved       = "X-Newsarchive-Moved"
	hiddenSent        = "X-Newsarchive-Sent"
)

// rawTransport keeps colly's hands off the bytes. colly gunzips bodies whose
// type or name says gzip, with no size cap, and converts bodies to UTF-8 when
// the Content-Type names a charset; the archive wants the bytes as sent and
// our own capped decompression. Marking every response Uncompressed stops
// the first; hiding Content-Type until the response handler stops the
// second.
type rawTransport struct{ next http.RoundTripper }

func (t rawTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	var remote string
	trace := &httptrace.ClientTrace{GotConn: func(info httptrace.GotConnInfo) {
		remote = fetch.RemoteIP(info.Conn.RemoteAddr())
	}}
	sent := time.Now()
	resp, err := t.next.RoundTrip(req.WithContext(httptrace.WithClientTrace(req.Context(), trace)))
	if err != nil {
		return nil, &unansweredError{err: err, sent: sent}
	}
	resp.Uncompressed = true
	resp.Header.Set(hiddenSent, sent.UTC().Format(time.RFC3339Nano))
	if ct, ok := resp.Header["Content-Type"]; ok {
		resp.Header[hiddenContentType] = ct
		resp.Header.Del("Content-Type")
	}
	resp.Header.Set(hiddenRemoteIP, remote)
	resp.Header.Set(hiddenProto, resp.Proto)
	if via := fetch.RedirectedVia(req); via != nil {
		resp.Header[hiddenVia] = via
	}
	if fetch.MovedPermanently(req) {
		resp.Header.Set(hiddenMoved, "1")
	}
	return resp, nil
}

// unansweredError is the failure of a request that got no response,
// with when it left for the server (carried past colly, as the headers
// carry an answered one's). It is transparent to errors.Is and As, and
// reports a timeout as its cause does, for url.Error.Timeout.
type unansweredError struct {
	err  error
	sent time.Time
}

func (e *unansweredError) Error() string { return e.err.Error() }
func (e *unansweredError) Unwrap() error { return e.err }
func (e *unansweredError) Timeout() bool {
	t, ok := e.err.(interface{ Timeout() bool })
	return ok && t.Timeout()
}

// sentAt is when the request whose failure err is left for the server, or
// zero when it never did or err does not say.
func sentAt(err error) time.Time {
	if ue := (*unansweredError)(nil); errors.As(err, &ue) {
		return ue.sent
	}
	return time.Time{}
}

// CloseIdleConnections closes the idle connections of the wrapped
// transport, so a finished run leaves no keep-alive goroutines behind.
func (t rawTransport) CloseIdleConnections() { closeIdle(t.next) }

// carried is what rawTransport carries past colly beside the headers.
type carried struct {
	remoteIP, proto string
	via             []string  // the addresses redirects went through
	moved           bool      // only permanent redirects led there (see fetch.Response.Moved)
	sent            time.Time // when the request left for the server; zero if unknown
}

// restoreHeaders undoes rawTransport's hiding on a copy of h, and takes
// out what it carried.
func restoreHeaders(h http.Header) (http.Header, carried) {
	out := h.Clone()
	if out == nil {
		return http.Header{}, carried{}
	}
	if ct, ok := out[hiddenContentType]; ok {
		out["Content-Type"] = ct
		delete(out, hiddenContentType)
	}
	c := carried{remoteIP: out.Get(hiddenRemoteIP), proto: out.Get(hiddenProto), via: out[hiddenVia],
		moved: out.Get(hiddenMoved) != ""}
	c.sent, _ = time.Parse(time.RFC3339Nano, out.Get(hiddenSent)) // zero when absent
	for _, k := range []string{hiddenRemoteIP, hiddenProto, hiddenVia, hiddenMoved, hiddenSent} {
		out.Del(k)
	}
	return out, c
}

// httpClient builds the client colly fetches with: crawler/fetch's transport
// (bodies capped, a sitemap's as bodyLimit says) behind a limiter that holds each host to ruleFor, a redirect policy that
// stops chains over the hop limit and asks follow about every other hop,
// and cookies only when the source enables them. The limiter applies the
// total timeout once a host's turn comes, so the client sets none.
func httpClient(cfg fetch.Config, cookies bool, ruleFor func(context.Context, *url.URL) hostRule,
	follow func(*http.Request, []*http.Request) error, bodyLimit func(*http.Request) int64) (*http.Client, *hostLimiter) {
	cfg = cfg.WithDefaults()
	t := fetch.NewTransport(cfg)
	t.SetBodyLimits(bodyLimit)
	limiter := newHostLimiter(rawTransport{t}, cfg.TotalTimeout, ruleFor)
	c := &http.Client{Transport: limiter, CheckRedirect: redirectPolicy(cfg.MaxRedirects, follow)}
	if cookies {
		c.Jar = newBoundedJar()
	}
	return c, limiter
}

// redirectPolicy stops chains longer than limit, drops credentials from
// each hop, and leaves the rest to follow (see run.followRedirect).
func redirectPolicy(limit int, follow func(*http.Request, []*http.Request) error) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		if len(via) > limit {
			return &fetch.RedirectError{Limit: max(limit, 0)}
		}
		fetch.WithoutCredentials(req)
		return follow(req, via)
	}
}

// ScopeError reports a redirect the run refused to follow: to an address
// outside the source's scope, one its deny patterns name, or one
// robots.txt disallows; with the answer that redirected there: the
// archive records it as the page's answer (see AnswerGone).
type ScopeError struct {
	URL string // where the redirect pointed
	// Reason is why it was refused; "" for out of scope.
	Reason string
	// From is the address that answered with the redirect, Status and
	// the rest its answer's (headers as received) and its request's;
	// empty when the error came from elsewhere.
	From          string
	Status        int
	Header        http.Header
	RequestHeader http.Header
	Proto         string
	RemoteIP      string
	sent          time.Time // when the redirected request left; zero if unknown
}

// newScopeError describes the redirect to req, refused for reason ("" for
// out of scope).
func newScopeError(req *http.Request, reason string) *ScopeError {
	e := &ScopeError{URL: req.URL.String(), Reason: reason}
	if resp := req.Response; resp != nil && resp.Request != nil {
		var c carried
		e.Header, c = restoreHeaders(resp.Header)
		e.From, e.Status, e.Proto, e.RemoteIP = resp.Request.URL.String(), resp.StatusCode, c.proto, c.remoteIP
		e.sent = c.sent
		e.RequestHeader = resp.Request.Header.Clone()
	}
	return e
}

// Error names the address the redirect pointed to and why it was refused.
func (e *ScopeError) Error() string {
	if e.Reason == "" {
		return "redirect out of scope to " + e.URL
	}
	return "redirect to " + e.URL + " refused: " + e.Reason
}

// answer is the redirect as the response to a request for requested,
// without a body, dated when its request left (else at); nil when the
// error does not carry the answer.
func (e *ScopeError) answer(requested string, at time.Time) *fetch.Response {
	if e.Status == 0 {
		return nil
	}
	if !e.sent.IsZero() {
		at = e.sent
	}
	return &fetch.Response{RequestedURL: requested, FinalURL: e.From, Method: http.MethodGet,
		Status: e.Status, Proto: e.Proto, Header: e.Header, RequestHeader: e.RequestHeader, RemoteIP: e.RemoteIP,
		FetchedAt: at}
}

// jitter returns d plus up to half of d, so retries of many pages do not
// arrive together.
func jitter(d time.Duration) time.Duration {
	if d <= 0 {
		return 0
	}
	return d + time.Duration(rand.Int64N(int64(d)/2+1))
}
