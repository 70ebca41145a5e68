package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"

	"github.com/newsarchive/newsarchive/parse/urlnorm"
)

// ErrTimeout is matched (errors.Is) by every error of a fetch that ran out
// of time: connecting, waiting for headers or reading the body.
var ErrTimeout = errors.New("timeout")

// ErrNoSuchHost is matched by errors of a fetch whose host name does not
// resolve.
var ErrNoSuchHost = errors.New("no such host")

// URLError reports an address that cannot be fetched: malformed, relative,
// or of a scheme other than http and https.
type URLError struct {
	URL    string
	Reason string
}

// Error shows the password of a URL that holds one as xxxxx.
func (e *URLError) Error() string {
	return fmt.Sprintf("invalid url %q: %s", urlnorm.RedactURLs(e.URL), e.Reason)
}

// HTTPError names an HTTP status that is not a success.
type HTTPError struct {
	Status int
	// RetryAfter is the Retry-After header of a 429 or 503, as sent:
	// when the server asks to be tried again.
	RetryAfter string
}

func (e *HTTPError) Error() string {
	msg := fmt.Sprintf("HTTP %d", e.Status)
	if text := http.StatusText(e.Status); text != "" {
		msg += " " + text
	}
	if e.RetryAfter != "" {
		msg += fmt.Sprintf(" (Retry-After: %s)", printable(e.RetryAfter))
	}
	return msg
}

// printable drops the control characters of a server's text, which would
// garble a one-line message or a terminal.
func printable(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return -1
		}
		return r
	}, s)
}

// RedirectError reports a chain of redirects longer than the limit, a
// redirect loop among them.
type RedirectError struct {
	Limit int
}

func (e *RedirectError) Error() string { return fmt.Sprintf("stopped after %d redirects", e.Limit) }

// CheckURL reports what keeps raw from being fetched: it must be an
// absolute http or https URL with a host and no user name or password.
// The error is a *URLError.
func CheckURL(raw string) error {
	_, err := checkURL(raw)
	return err
}

// checkURL accepts absolute http and https URLs only.
func checkURL(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, &URLError{URL: raw, Reason: err.Error()}
	}
	switch {
	case u.Scheme == "":
		return nil, &URLError{URL: raw, Reason: "missing scheme (want http:// or https://)"}
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, &URLError{URL: raw, Reason: fmt.Sprintf("unsupported scheme %q (want http or https)", u.Scheme)}
	case u.Hostname() == "":
		return nil, &URLError{URL: raw, Reason: "missing host"}
	case !validPort(u.Port()):
		return nil, &URLError{URL: raw, Reason: fmt.Sprintf("port %s outside 1-65535", u.Port())}
	case u.User != nil:
		// Go's client would send them as Basic auth, and the archive would
		// keep them in its addresses and exports.
		return nil, &URLError{URL: u.Redacted(), Reason: "holds a user name or password, which newsarchive does not send"}
	}
	u.RawQuery = escapeQuery(u.RawQuery)
	return u, nil
}

// escapeQuery percent-encodes the bytes a query may not carry on the
// request line (a space, a control, a quote, <, >, non-ASCII): Go sends
// the query as it was written, and "?q=a b" would break the request.
func escapeQuery(q string) string {
	var b strings.Builder
	for i := 0; i < len(q); i++ {
		if c := q[i]; urlnorm.MustEscapeInQuery(c) {
			fmt.Fprintf(&b, "%%%02X", c)
		} else {
			b.WriteByte(c)
		}
	}
	return b.String()
}

// validPort reports whether a URL's port, "" for the scheme's own, is one
// a connection can be made to.
func validPort(port string) bool {
	if port == "" {
		return true
	}
	n, err := strconv.Atoi(port)
	return err == nil && n >= 1 && n <= 65535
}

// brokenHTTP is how Go's client prefixes an answer it cannot read as HTTP.
const brokenHTTP = "HTTP/1.x transport connection broken: "

// noAnswer says in words what Go's client reports of a server that hung
// up before its answer (EOF) or answered in something other than HTTP.
func noAnswer(err error) error {
	switch {
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("the server closed the connection without an answer (%w)", io.EOF)
	case strings.Contains(err.Error(), brokenHTTP):
		_, what, _ := strings.Cut(err.Error(), brokenHTTP)
		return errors.New("the server's answer is not valid HTTP: " + what)
	}
	return err
}

// BodyCut says in words what reading a body that ended early reports
// ("unexpected EOF"); other errors are returned as they are.
func BodyCut(err error) error {
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Errorf("the server closed the connection before the end of the body (%w)", err)
	}
	return err
}

// describe turns the error of a request into one short line that says what
// failed, keeping the typed errors matchable, and no password a redirect
// named.
func (c *Client) describe(rawURL string, err error) error {
	var (
		redirect *RedirectError
		dnsErr   *net.DNSError
		opErr    *net.OpError
	)
	switch {
	case errors.As(err, &redirect):
		err = redirect
	case errors.As(err, &dnsErr) && dnsErr.IsNotFound:
		err = fmt.Errorf("lookup %s: %w", dnsErr.Name, ErrNoSuchHost)
	case errors.As(err, &dnsErr):
		err = fmt.Errorf("lookup %s: %s", dnsErr.Name, dnsErr.Err)
	case IsTimeout(err):
		err = c.timeoutError(err)
	case errors.As(err, &opErr) && opErr.Op == "dial":
		err = fmt.Errorf("connect: %w", syscallCause(opErr.Err))
	default:
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
	}
	return Redacted(fmt.Errorf("fetch %s: %w", rawURL, err))
}

// IsTimeout reports whether err is a deadline that passed: the
// context's, or a network timeout.
func IsTimeout(err error) bool {
	var ne net.Error
	return errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout())
}

// timeoutError says which limit was hit.
func (c *Client) timeoutError(err error) error {
	var opErr *net.OpError
	switch {
	case errors.As(err, &opErr) && opErr.Op == "dial":
		return fmt.Errorf("%w: no connection within %s", ErrTimeout, c.cfg.ConnectTimeout)
	case strings.Contains(err.Error(), "awaiting response headers") &&
		!strings.Contains(err.Error(), "Client.Timeout"):
		return fmt.Errorf("%w: no response headers within %s", ErrTimeout, c.cfg.HeaderTimeout)
	}
	return fmt.Errorf("%w: not complete within %s", ErrTimeout, c.cfg.TotalTimeout)
}

// syscallCause drops the system call name that net adds ("connect: "), so
// a refused connection reads "connect: connection refused" once.
func syscallCause(err error) error {
	var se *os.SyscallError
	if errors.As(err, &se) {
		return se.Err
	}
	return err
}
