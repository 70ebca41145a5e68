package fetch

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/internal/newstest"
)

const articleHTML = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Council approves new bridge</title></head><body><article><h1>Council approves new bridge</h1>
<p>The city council voted 7-2 on Tuesday to fund a new pedestrian bridge across the river.</p>
</article></body></html>`

// testConfig has short limits so hostile servers are dealt with in
// milliseconds.
func testConfig() Config {
	return Config{
		UserAgent:      "newsarchive-test/1.0",
		ConnectTimeout: time.Second,
		HeaderTimeout:  300 * time.Millisecond,
		TotalTimeout:   2 * time.Second,
		MaxRedirects:   10,
		MaxBodyBytes:   64 << 10,
	}
}

// newsSite serves one route per scenario.
func newsSite(t *testing.T) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("/article", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("X-Served-By", "news-1")
		io.WriteString(w, articleHTML)
	})
	mux.HandleFunc("/echo-headers", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "ua=%s\naccept=%s\nencoding=%s\n", r.UserAgent(), r.Header.Get("Accept"), r.Header.Get("Accept-Encoding"))
	})
	mux.HandleFunc("/gzip", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(compress(t, "gzip", []byte(articleHTML)))
	})
	mux.HandleFunc("/deflate", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "deflate")
		w.Write(compress(t, "zlib", []byte(articleHTML)))
	})
	mux.HandleFunc("/raw-deflate", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "deflate")
		w.Write(compress(t, "flate", []byte(articleHTML)))
	})
	mux.HandleFunc("/brotli", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "br")
		w.Write([]byte{0x1b, 0x03, 0x00})
	})
	mux.HandleFunc("/bomb", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(gzipBomb())
	})
	mux.HandleFunc("/size/", func(w http.ResponseWriter, r *http.Request) {
		n, _ := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/size/"))
		w.Header().Set("Content-Length", strconv.Itoa(n))
		w.Write(bytes.Repeat([]byte("a"), n))
	})
	mux.HandleFunc("/endless", func(w http.ResponseWriter, r *http.Request) {
		chunk := bytes.Repeat([]byte("<p>more</p>"), 1000)
		for r.Context().Err() == nil {
			if _, err := w.Write(chunk); err != nil {
				return
			}
			w.(http.Flusher).Flush()
		}
	})
	mux.HandleFunc("/slow-header", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
		}
	})
	mux.HandleFunc("/slow-body", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		for r.Context().Err() == nil {
			io.WriteString(w, "<p>")
			w.(http.Flusher).Flush()
			time.Sleep(50 * time.Millisecond)
		}
	})
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/loop", http.StatusFound)
	})
	mux.HandleFunc("/hops/", func(w http.ResponseWriter, r *http.Request) {
		n, _ := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/hops/"))
		if n == 0 {
			http.Redirect(w, r, "/article", http.StatusMovedPermanently)
			return
		}
		http.Redirect(w, r, "/hops/"+strconv.Itoa(n-1), http.StatusMovedPermanently)
	})
	mux.HandleFunc("/missing", func(w http.ResponseWriter, r *http.Request) {
		http.NotFound(w, r)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func compress(t testing.TB, format string, data []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	var w io.WriteCloser
	switch format {
	case "gzip":
		w = gzip.NewWriter(&buf)
	case "zlib":
		w = zlib.NewWriter(&buf)
	default:
		w, _ = flate.NewWriter(&buf, flate.DefaultCompression)
	}
	if _, err := w.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// gzipBomb is 16 MiB of zeros in about 72 KiB of gzip, built once.
var gzipBomb = sync.OnceValue(func() []byte {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
	zeros := make([]byte, 1<<20)
	for range 16 {
		w.Write(zeros)
	}
	w.Close()
	return buf.Bytes()
})

func TestGet(t *testing.T) {
	srv := newsSite(t)
	c := New(testConfig())
	resp, err := c.Get(context.Background(), srv.URL+"/article", nil)
	if err != nil {
		t.Fatal(err)
	}
	if string(resp.Body) != articleHTML {
		t.Errorf("body = %q", resp.Body)
	}
	checks := []struct{ name, got, want string }{
		{"requested url", resp.RequestedURL, srv.URL + "/article"},
		{"final url", resp.FinalURL, srv.URL + "/article"},
		{"method", resp.Method, "GET"},
		{"proto", resp.Proto, "HTTP/1.1"},
		{"remote ip", resp.RemoteIP, "127.0.0.1"},
		{"response header", resp.Header.Get("X-Served-By"), "news-1"},
		{"content type", resp.Header.Get("Content-Type"), "text/html; charset=utf-8"},
		{"user agent sent", resp.RequestHeader.Get("User-Agent"), "newsarchive-test/1.0"},
		{"accept-encoding sent", resp.RequestHeader.Get("Accept-Encoding"), "gzip, deflate"},
		{"status", strconv.Itoa(resp.Status), "200"},
	}
	for _, ch := range checks {
		if ch.got != ch.want {
			t.Errorf("%s = %q, want %q", ch.name, ch.got, ch.want)
		}
	}
	if resp.Truncated || resp.FetchedAt.IsZero() || resp.Duration <= 0 {
		t.Errorf("truncated=%v fetchedAt=%v duration=%v", resp.Truncated, resp.FetchedAt, resp.Duration)
	}
	if err := resp.StatusErr(); err != nil {
		t.Errorf("StatusErr = %v", err)
	}
}

func TestGetHeadersSent(t *testing.T) {
	srv := newsSite(t)
	tests := []struct {
		name  string
		cfg   Config
		extra http.Header
		want  []string
	}{
		{"default user agent", Config{}, nil, []string{
			"ua=newsarchive/", "(+https://github.com/newsarchive/newsarchive)", "accept=text/html", "encoding=gzip, deflate"}},
		{"configured user agent", testConfig(), nil, []string{"ua=newsarchive-test/1.0\n"}},
		{"caller headers win", testConfig(), http.Header{"Accept": {"application/rss+xml"}, "User-Agent": {"custom/2"}},
			[]string{"ua=custom/2\n", "accept=application/rss+xml\n"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := New(tt.cfg).Get(context.Background(), srv.URL+"/echo-headers", tt.extra)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(string(resp.Body), w) {
					t.Errorf("server saw %q, want it to contain %q", resp.Body, w)
				}
			}
		})
	}
}

func TestGetDecompresses(t *testing.T) {
	srv := newsSite(t)
	for _, path := range []string{"/gzip", "/deflate", "/raw-deflate"} {
		t.Run(path, func(t *testing.T) {
			resp, err := New(testConfig()).Get(context.Background(), srv.URL+path, nil)
			if err != nil {
				t.Fatal(err)
			}
			if string(resp.Body) != articleHTML {
				t.Errorf("body = %.80q", resp.Body)
			}
			if resp.Header.Get("Content-Encoding") == "" {
				t.Error("Content-Encoding header not kept as received")
			}
		})
	}
	t.Run("unsupported encoding", func(t *testing.T) {
		_, err := New(testConfig()).Get(context.Background(), srv.URL+"/brotli", nil)
		if err == nil || !strings.Contains(err.Error(), `unsupported content encoding "br"`) {
			t.Errorf("err = %v", err)
		}
	})
}

func TestGetBodyCap(t *testing.T) {
	srv := newsSite(t)
	cfg := testConfig()
	limit := int(cfg.MaxBodyBytes)
	if bomb := gzipBomb(); len(bomb) > 2*limit {
		t.Fatalf("bomb of %d bytes is not small", len(bomb))
	}
	tests := []struct {
		name      string
		path      string
		wantLen   int
		truncated bool
	}{
		{"under the cap", "/size/1000", 1000, false},
		{"exactly the cap", "/size/" + strconv.Itoa(limit), limit, false},
		{"one byte over", "/size/" + strconv.Itoa(limit+1), limit, true},
		{"oversize identity", "/size/" + strconv.Itoa(4*limit), limit, true},
		{"gzip bomb", "/bomb", limit, true},
		{"endless chunked", "/endless", limit, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			resp, err := New(cfg).Get(context.Background(), srv.URL+tt.path, nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(resp.Body) != tt.wantLen || resp.Truncated != tt.truncated {
				t.Errorf("len=%d truncated=%v, want len=%d truncated=%v", len(resp.Body), resp.Truncated, tt.wantLen, tt.truncated)
			}
			if d := time.Since(start); d > time.Second {
				t.Errorf("took %v", d)
			}
		})
	}
}

func TestGetTimeouts(t *testing.T) {
	srv := newsSite(t)
	tests := []struct{ path, want string }{
		{"/slow-header", "timeout: no response headers within 300ms"},
		{"/slow-body", "timeout: not complete within 500ms"},
	}
	cfg := testConfig()
	cfg.TotalTimeout = 500 * time.Millisecond
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			start := time.Now()
			_, err := New(cfg).Get(context.Background(), srv.URL+tt.path, nil)
			if !errors.Is(err, ErrTimeout) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want ErrTimeout with %q", err, tt.want)
			}
			if d := time.Since(start); d > time.Second {
				t.Errorf("took %v", d)
			}
		})
	}
}

func TestGetRedirects(t *testing.T) {
	srv := newsSite(t)
	t.Run("ten redirects are followed", func(t *testing.T) {
		resp, err := New(testConfig()).Get(context.Background(), srv.URL+"/hops/9", nil)
		if err != nil {
			t.Fatal(err)
		}
		if resp.FinalURL != srv.URL+"/article" || resp.RequestedURL != srv.URL+"/hops/9" {
			t.Errorf("requested %s final %s", resp.RequestedURL, resp.FinalURL)
		}
		if resp.RequestHeader.Get("User-Agent") != "newsarchive-test/1.0" {
			t.Errorf("final request headers %v", resp.RequestHeader)
		}
		var want []string
		for n := 8; n >= 0; n-- {
			want = append(want, srv.URL+"/hops/"+strconv.Itoa(n))
		}
		if !slices.Equal(resp.Via, want) {
			t.Errorf("via %v, want %v", resp.Via, want)
		}
	})
	t.Run("no redirect, no via", func(t *testing.T) {
		resp, err := New(testConfig()).Get(context.Background(), srv.URL+"/article", nil)
		if err != nil || resp.Via != nil {
			t.Errorf("via %v, %v; want none", resp.Via, err)
		}
	})
	for _, path := range []string{"/hops/10", "/loop"} {
		t.Run(path, func(t *testing.T) {
			_, err := New(testConfig()).Get(context.Background(), srv.URL+path, nil)
			var re *RedirectError
			if !errors.As(err, &re) {
				t.Fatalf("err = %v, want RedirectError", err)
			}
			want := "fetch " + srv.URL + path + ": stopped after 10 redirects"
			if err.Error() != want {
				t.Errorf("err = %q, want %q", err, want)
			}
		})
	}
	t.Run("no redirects allowed", func(t *testing.T) {
		cfg := testConfig()
		cfg.MaxRedirects = -1
		_, err := New(cfg).Get(context.Background(), srv.URL+"/hops/0", nil)
		if err == nil || !strings.Contains(err.Error(), "stopped after 0 redirects") {
			t.Errorf("err = %v", err)
		}
	})
}

// TestGetMoved: a response reached by permanent redirects alone (301,
// 308) says its address moved; one without redirects, or with a
// temporary one on the way, does not.
func TestGetMoved(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// /chain/301/302 answers 301 to /chain/302, which answers 302 to /story.
		hops := strings.Split(strings.TrimPrefix(r.URL.Path, "/chain"), "/")[1:]
		if len(hops) == 0 || hops[0] == "" {
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, "<html><body><p>The story.</p></body></html>")
			return
		}
		status, _ := strconv.Atoi(hops[0])
		http.Redirect(w, r, "/chain/"+strings.Join(hops[1:], "/"), status)
	}))
	t.Cleanup(srv.Close)
	tests := []struct {
		path  string
		moved bool
	}{
		{"/chain/", false},
		{"/chain/301", true},
		{"/chain/308/301", true},
		{"/chain/301/302", false},
		{"/chain/307/301", false},
		{"/chain/303", false},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			resp, err := New(testConfig()).Get(context.Background(), srv.URL+tt.path, nil)
			if err != nil {
				t.Fatal(err)
			}
			if resp.Moved != tt.moved {
				t.Errorf("moved %v, want %v (via %v)", resp.Moved, tt.moved, resp.Via)
			}
		})
	}
}

func TestStatusErr(t *testing.T) {
	srv := newsSite(t)
	resp, err := New(testConfig()).Get(context.Background(), srv.URL+"/missing", nil)
	if err != nil {
		t.Fatal(err)
	}
	if resp.Status != 404 {
		t.Errorf("status %d", resp.Status)
	}
	tests := []struct {
		status     int
		retryAfter string
		want       string
	}{
		{404, "", "HTTP 404 Not Found"},
		{503, "", "HTTP 503 Service Unavailable"},
		{301, "", "HTTP 301 Moved Permanently"},
		{599, "", "HTTP 599"},
		{429, "120", "HTTP 429 Too Many Requests (Retry-After: 120)"},
		{503, "Wed, 21 Oct 2026 07:28:00 GMT", "HTTP 503 Service Unavailable (Retry-After: Wed, 21 Oct 2026 07:28:00 GMT)"},
		{429, "1\x1b[2J", "HTTP 429 Too Many Requests (Retry-After: 1[2J)"},
		{404, "120", "HTTP 404 Not Found"},
	}
	for _, tt := range tests {
		r := &Response{Status: tt.status, Header: http.Header{}}
		if tt.retryAfter != "" {
			r.Header.Set("Retry-After", tt.retryAfter)
		}
		if err := r.StatusErr(); err == nil || err.Error() != tt.want {
			t.Errorf("StatusErr(%d) = %v, want %q", tt.status, err, tt.want)
		}
	}
	if err := resp.StatusErr(); err == nil || err.Error() != "HTTP 404 Not Found" {
		t.Errorf("404 response: %v", err)
	}
}

func TestGetBadURL(t *testing.T) {
	tests := []struct{ url, want string }{
		{"", "missing scheme"},
		{"example.com/news", "missing scheme"},
		{"ftp://example.com/a", `unsupported scheme "ftp"`},
		{"http://127.0.0.1:99999/", "port 99999 outside 1-65535"},
		{"http://127.0.0.1:0/", "port 0 outside 1-65535"},
		{"file:///etc/passwd", `unsupported scheme "file"`},
		{"http://", "missing host"},
		{"http://[::1/x", "missing ']' in host"},
		{"http://exa mple.com/", "invalid character"},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			_, err := New(testConfig()).Get(context.Background(), tt.url, nil)
			var ue *URLError
			if !errors.As(err, &ue) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want URLError with %q", err, tt.want)
			}
		})
	}
}

func TestGetConnectionRefused(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	_, err = New(testConfig()).Get(context.Background(), "http://"+addr+"/", nil)
	if err == nil || err.Error() != "fetch http://"+addr+"/: connect: connection refused" {
		t.Errorf("err = %v", err)
	}
}

// TestGetBrokenServers: a server that hangs up or answers in something
// other than HTTP gets a line saying so, not Go's "EOF".
// TestGetReadsBodiesAsBrowsersDo: what misconfigured servers add to a
// body's coding is read past, as browsers read past it: a token that
// names no content coding, bytes after the gzip stream. Each failed every
// page of such a site. A coding the transport cannot undo, a damaged
// stream and a second member cut short still fail.
func TestGetReadsBodiesAsBrowsersDo(t *testing.T) {
	page := []byte(articleHTML)
	gzipped := compress(t, "gzip", page)
	damaged := slices.Clone(gzipped)
	damaged[len(damaged)/2] ^= 0xff
	two := append(compress(t, "gzip", page[:100]), compress(t, "gzip", page[100:])...)
	tests := []struct {
		name, encoding string
		body           []byte
		wantErr        string // "" for the page read whole
	}{
		{"UTF-8 as a coding", "UTF-8", page, ""},
		{"none as a coding", "none", page, ""},
		{"gzip then an unknown token", "gzip, text", gzipped, ""},
		{"gzip then a newline", "gzip", append(slices.Clone(gzipped), "\n"...), ""},
		{"gzip then html", "gzip", append(slices.Clone(gzipped), "<!-- cached -->\n"...), ""},
		{"two gzip members", "gzip", two, ""},
		{"gzip then a second member cut short", "gzip", append(slices.Clone(gzipped), gzipped[:20]...), "unexpected EOF"},
		{"damaged gzip", "gzip", damaged, "gzip"},
		{"brotli", "br", []byte{0x1b, 0x03, 0x00}, `unsupported content encoding "br"`},
		{"zstd", "zstd", []byte{0x28, 0xb5, 0x2f, 0xfd}, `unsupported content encoding "zstd"`},
		{"bzip2", "x-bzip2", []byte("BZh91AY&SY"), `unsupported content encoding "x-bzip2"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html")
				w.Header().Set("Content-Encoding", tt.encoding)
				w.Write(tt.body)
			}))
			defer srv.Close()
			resp, err := New(testConfig()).Get(context.Background(), srv.URL+"/", nil)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("err = %v, want the page", err)
			case tt.wantErr == "" && string(resp.Body) != articleHTML:
				t.Errorf("body = %.80q", resp.Body)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Errorf("err = %v, want one mentioning %q", err, tt.wantErr)
			}
		})
	}
}

func TestGetBrokenServers(t *testing.T) {
	tests := []struct {
		name   string
		answer string // written on each connection, then closed
		want   string
	}{
		{"hangs up", "", "the server closed the connection without an answer (EOF)"},
		{"hangs up mid-header", "HTTP/1.1 200 OK\r\nContent-Ty", `the server's answer is not valid HTTP: malformed MIME header: missing colon: "Content-Ty"`},
		{"not http", "not http at all\r\n\r\n", `the server's answer is not valid HTTP: malformed HTTP status code "http"`},
		{"bad status", "HTTP/1.1 abc OK\r\n\r\n", `the server's answer is not valid HTTP: malformed HTTP status code "abc"`},
		{"hangs up mid-body", "HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n<html>", "read body: the server closed the connection before the end of the body (unexpected EOF)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			defer ln.Close()
			go func() {
				for {
					conn, err := ln.Accept()
					if err != nil {
						return
					}
					buf := make([]byte, 4096)
					conn.Read(buf) // the request
					conn.Write([]byte(tt.answer))
					conn.Close()
				}
			}()
			url := "http://" + ln.Addr().String() + "/"
			_, err = New(testConfig()).Get(context.Background(), url, nil)
			if err == nil || err.Error() != "fetch "+url+": "+tt.want {
				t.Errorf("err = %v; want %q", err, tt.want)
			}
		})
	}
}

func TestGetNoSuchHost(t *testing.T) {
	cfg := testConfig()
	cfg.Resolver = newstest.Resolver(t, false)
	_, err := New(cfg).Get(context.Background(), "http://missing.example/news", nil)
	if !errors.Is(err, ErrNoSuchHost) {
		t.Fatalf("err = %v, want ErrNoSuchHost", err)
	}
	if want := "fetch http://missing.example/news: lookup missing.example: no such host"; err.Error() != want {
		t.Errorf("err = %q, want %q", err, want)
	}
}

// TestTransportBodilessEncoded: a 304 or a HEAD answer, or an empty body,
// labelled gzip or deflate is no body, not a broken one. Servers repeat
// the representation's Content-Encoding on a 304; decoding it failed every
// conditional request to them.
func TestTransportBodilessEncoded(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", r.URL.Query().Get("enc"))
		w.Header().Set("ETag", `"v1"`)
		status, _ := strconv.Atoi(r.URL.Query().Get("status"))
		w.WriteHeader(status)
	}))
	t.Cleanup(srv.Close)
	client := &http.Client{Transport: NewTransport(testConfig())}
	for _, tt := range []struct{ method, status, enc string }{
		{"GET", "304", "gzip"},
		{"GET", "304", "deflate"},
		{"GET", "204", "gzip"},
		{"HEAD", "200", "gzip"},
		{"GET", "200", "gzip"},
		{"GET", "200", "deflate"},
		{"GET", "301", "gzip"},
	} {
		t.Run(tt.method+" "+tt.status+" "+tt.enc, func(t *testing.T) {
			req, err := http.NewRequest(tt.method, srv.URL+"/?status="+tt.status+"&enc="+tt.enc, nil)
			if err != nil {
				t.Fatal(err)
			}
			client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
			resp, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, err := io.ReadAll(resp.Body)
			if err != nil || len(body) != 0 || strconv.Itoa(resp.StatusCode) != tt.status {
				t.Errorf("status %d, body %q, err %v; want %s, empty, nil", resp.StatusCode, body, err, tt.status)
			}
		})
	}
}

// TestGetEscapesTheQuery: a query written with a space, a quote or a
// non-ASCII letter reaches the server escaped (a raw space broke the
// request line: the server answered nothing and the error read "EOF").
func TestGetEscapesTheQuery(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "raw=%s q=%s", r.URL.RawQuery, r.URL.Query().Get("q"))
	}))
	t.Cleanup(srv.Close)
	tests := []struct{ query, wantRaw, wantQ string }{
		{"q=flood barrier", "q=flood%20barrier", "flood barrier"},
		{`q="exact"`, "q=%22exact%22", `"exact"`},
		{"q=café", "q=caf%C3%A9", "café"},
		{"q=caf%C3%A9&x=1", "q=caf%C3%A9&x=1", "café"},
	}
	for _, tt := range tests {
		resp, err := New(testConfig()).Get(context.Background(), srv.URL+"/search?"+tt.query, nil)
		if err != nil {
			t.Errorf("get ?%s: %v", tt.query, err)
			continue
		}
		if want := "raw=" + tt.wantRaw + " q=" + tt.wantQ; string(resp.Body) != want {
			t.Errorf("get ?%s: server saw %q, want %q", tt.query, resp.Body, want)
		}
	}
}
