package main

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"slices"
	"strings"
)

// guard wraps the daemon's API against the pages of other sites open in
// its operator's browser: a cross-origin POST (starting runs) is refused
// (http.CrossOriginProtection), and a daemon listening on a loopback
// address answers only requests addressed to a loopback name, so that a
// domain rebound to 127.0.0.1 reads nothing. Answers are not to be
// cached or sniffed.
func guard(next http.Handler, loopback bool) http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		replyError(w, http.StatusForbidden, errors.New("cross-origin request refused: runs are started by programs, not by other sites' pages"))
	}))
	protected := cop.Handler(next)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if loopback && !loopbackHost(r.Host) {
			replyError(w, http.StatusForbidden, fmt.Errorf("host %q: this daemon answers requests to localhost only", clip(r.Host)))
			return
		}
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		protected.ServeHTTP(w, r)
	})
}

// loopbackHost says whether a Host header names this machine's loopback:
// localhost, or a loopback address, with any port.
func loopbackHost(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.Trim(host, "[]"), ".")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.IsLoopback()
}

// listensOnLoopback says whether the daemon's listening address is a
// loopback one.
func listensOnLoopback(addr net.Addr) bool {
	ap, err := netip.ParseAddrPort(addr.String())
	return err == nil && ap.Addr().IsLoopback()
}

// queryParams reads a request's query strictly: a query that does not
// parse, a parameter given twice or one the endpoint does not take is an
// error, rather than a filter silently dropped (all runs answered for
// "source=x;").
func queryParams(r *http.Request, known ...string) (url.Values, error) {
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return nil, fmt.Errorf("invalid query %q", clip(r.URL.RawQuery))
	}
	for key, values := range q {
		switch {
		case len(known) == 0:
			return nil, fmt.Errorf("unknown parameter %q (this endpoint takes none)", clip(key))
		case !slices.Contains(known, key):
			return nil, fmt.Errorf("unknown parameter %q (want %s)", clip(key), strings.Join(known, ", "))
		case len(values) > 1:
			return nil, fmt.Errorf("parameter %q given %d times", clip(key), len(values))
		}
	}
	return q, nil
}

// noParams refuses, with a 400, a request to an endpoint that takes no
// query parameters and was given some, as queryParams refuses those an
// endpoint does not take.
func noParams(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, err := queryParams(r); err != nil {
			replyError(w, http.StatusBadRequest, err)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// clip shortens what a client sent before an answer quotes it.
func clip(s string) string {
	if len(s) > 100 {
		return s[:100] + "…"
	}
	return s
}

// jsonErrors answers in JSON the requests the router itself refuses (a
// path it does not know: 404; a method a path does not take: 405, its
// Allow header kept), as the endpoints answer theirs.
func jsonErrors(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, pattern := mux.Handler(r); pattern == "" {
			w = &jsonErrorWriter{ResponseWriter: w}
		}
		mux.ServeHTTP(w, r)
	})
}

// jsonErrorWriter turns the router's plain-text error into {"error": ...}.
type jsonErrorWriter struct {
	http.ResponseWriter
	failed, written bool
}

func (w *jsonErrorWriter) WriteHeader(code int) {
	if code >= 400 {
		w.failed = true
		w.Header().Set("Content-Type", "application/json")
		w.Header().Del("Content-Length")
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *jsonErrorWriter) Write(p []byte) (int, error) {
	if !w.failed {
		return w.ResponseWriter.Write(p)
	}
	if !w.written {
		w.written = true
		if err := writeJSON(w.ResponseWriter, errorJSON(errors.New(strings.TrimSpace(string(p))))); err != nil {
			return 0, err
		}
	}
	return len(p), nil
}
