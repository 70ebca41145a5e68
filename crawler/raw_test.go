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
// Content-Type header is recorded, and a gzipped sitemap served as a file
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
		if r.Response.Header.Get(hiddenContentType) != "" {
			t.Errorf("the hiding header leaked into the record")
		}
	}
	if !found {
		t.Fatalf("the article listed in the gzipped sitemap was not fetched; records: %d", len(store.records))
	}
}
