package crawler

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestCrawlKeepsRawBytes checks what colly would otherwise change: a body
// in a declared charset stays in it (colly converts to UTF-8), its
// Content-Type header is recorded, with the server's address and the
// protocol, which colly keeps neither of, and a gzipped sitemap served as a file
// is read by our capped decompression (colly would gunzip it uncapped).
func TestCrawlKeepsRawBytes(t *testing.T) {
	const path = "/news/2024/03/15/le-gouvernement-annonce-une-reforme"
	latin1 := []byte("<html><head><title>R\xe9forme</title></head><body><p>Le gouvernement a annonc\xe9 une r\xe9forme.</p></body></html>")
	var sitemap bytes.Buffer
	zw := gzip.NewWriter(&sitemap)
	fmt.Fprintf(zw, `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>%s</loc></url></urlset>`, path)
	zw.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/sitemap.xml.gz":
			w.Header().Set("Content-Type", "application/x-gzip")
			w.Write(sitemap.Bytes())
		case path:
			w.Header().Set("Content-Type", "text/html; charset=iso-8859-1")
			w.Write(latin1)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	store := newMemStore()
	src := testSource()
	src.Sitemaps = []string{srv.URL + "/sitemap.xml.gz"}
	runCrawl(t, testOptions(src, store))

	var found bool
	for _, r := range store.records {
		if r.URL != srv.URL+path || r.Response == nil {
			continue
		}
		found = true
		if !bytes.Equal(r.Response.Body, latin1) {
			t.Errorf("body changed on the way:\n got %q\nwant %q", r.Response.Body, latin1)
		}
		if ct := r.Response.Header.Get("Content-Type"); ct != "text/html; charset=iso-8859-1" {
			t.Errorf("recorded Content-Type %q", ct)
		}
		for _, h := range []string{hiddenContentType, hiddenRemoteIP, hiddenProto} {
			if _, ok := r.Response.Header[h]; ok {
				t.Errorf("the carrying header %s leaked into the record", h)
			}
		}
	}
	// Every response, robots.txt or page, records the server and protocol
	// (the WARC export's WARC-IP-Address and status line).
	for _, r := range store.records {
		if r.Response != nil && (r.Response.RemoteIP != "127.0.0.1" || r.Response.Proto != "HTTP/1.1") {
			t.Errorf("%s: remote %q proto %q, want 127.0.0.1 and HTTP/1.1", r.URL, r.Response.RemoteIP, r.Response.Proto)
		}
	}
	if !found {
		t.Fatalf("the article listed in the gzipped sitemap was not fetched; records: %d", len(store.records))
	}
}
