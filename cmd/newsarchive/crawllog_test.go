package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// overlongPage is a news page whose server sends more bytes than its
// Content-Length says.
const overlongPage = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Council approves the harbour budget</title></head><body><main><article>
<h1>Council approves the harbour budget</h1>
<p>The council voted on Tuesday to fund the harbour repairs over three years,
after a debate that ran past midnight and ended with a narrow majority.</p>
</article></main></body></html>`

// serveOverlong answers every request with overlongPage followed by bytes
// its Content-Length leaves out, which net/http's transport reads as a
// response nobody asked for on an idle connection.
func serveOverlong(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		conn, buf, err := http.NewResponseController(w).Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		defer conn.Close()
		fmt.Fprintf(buf, "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: %d\r\n\r\n%s",
			len(overlongPage), overlongPage)
		buf.WriteString("<!-- left over: not counted in Content-Length -->\n")
		if err := buf.Flush(); err != nil {
			t.Error(err)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestCrawlLogsTheStandardLogThroughItsLogger: what net/http prints
// through the standard log package (here of a server sending more than
// its Content-Length) is a warning line of the crawl's logger, not a line
// of log's own format beside them.
func TestCrawlLogsTheStandardLogThroughItsLogger(t *testing.T) {
	srv := serveOverlong(t)
	cfg := writeCrawlConfig(t, t.TempDir(), siteConfig(srv.URL))
	res := runCLI(t, nil, "crawl", "--config", cfg)
	if !strings.Contains(res.stderr, "Unsolicited response") {
		t.Fatalf("crawl of an overlong server logged no unsolicited response (exit %d):\n%s", res.code, res.stderr)
	}
	for line := range strings.Lines(res.stderr) {
		if strings.Contains(line, "Unsolicited response") && !strings.Contains(line, "level=WARN") {
			t.Errorf("unsolicited response not logged as a warning: %q", line)
		}
	}
	assertSlogLines(t, "crawl", res.stderr)
}
