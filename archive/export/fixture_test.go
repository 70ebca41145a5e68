package export

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/parse"
)

// page is a realistic article page from the parser's golden set, saved
// under a source.
type page struct {
	file, url, source string
}

var pages = []page{
	{"microdata.html", "https://valleycourier.example/local/orchard-frost-losses", "valley"},
	{"byline-only.html", "https://www.harbortimes.example/world/2024/05/20/port-strike-talks-stall/", "harbor"},
	{"figures.html", "https://www.alpinegazette.example/features/glacier-retreat-photo-essay", "valley"},
	{"latin1-fr.html", "https://www.courrier-rhone.example/societe/marche-de-la-croix-rousse.html", "harbor"},
}

// t0 is when the first page was fetched; each next one an hour later.
var t0 = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// archiveFacts is what fillArchive stored, for tests to check exports
// against.
type archiveFacts struct {
	articles  int // distinct articles
	versions  int // versions in all
	fetches   int // every fetch, failure included
	responses int // fetches that got a response
	revisits  int // responses whose body an earlier response had
}

// fillArchive saves the pages through the archive's public API: each page
// parsed by parse.Parse, the first fetched twice unchanged (a revisit), the
// second edited (a second version), a section front without an article, a
// feed cut at the size limit and a fetch that failed.
func fillArchive(t testing.TB) (*archive.Store, archiveFacts) {
	t.Helper()
	ctx := context.Background()
	st, err := archive.Open(ctx, filepath.Join(t.TempDir(), "news.db"), archive.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	at := t0
	for i, p := range pages {
		raw, err := os.ReadFile(filepath.Join("..", "..", "parse", "testdata", "golden", p.file))
		if err != nil {
			t.Fatal(err)
		}
		save(t, st, p, raw, at)
		switch i {
		case 0: // fetched again, unchanged
			save(t, st, p, raw, at.Add(30*time.Minute))
		case 1: // corrected by the newsroom
			save(t, st, p, bytes.Replace(raw, []byte("dock workers"), []byte("dockers"), -1), at.Add(30*time.Minute))
		}
		at = at.Add(time.Hour)
	}
	front, err := os.ReadFile(filepath.Join("..", "..", "parse", "testdata", "notarticle", "section-front.html"))
	if err != nil {
		t.Fatal(err)
	}
	mustSave(t, st, archive.Record{Fetch: fetchOf("https://valleycourier.example/local/", front, at)})
	feed := fetchOf("https://valleycourier.example/feed.xml", []byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>Valley`), at)
	feed.Header.Set("Content-Type", "application/rss+xml")
	feed.Truncated = true // cut at the crawler's size limit
	mustSave(t, st, archive.Record{Fetch: feed})
	failed := fetchOf("https://valleycourier.example/gone", nil, at)
	failed.Status, failed.Err, failed.Header = 0, "dial tcp: connection refused", nil
	mustSave(t, st, archive.Record{Fetch: failed})
	return st, archiveFacts{articles: 4, versions: 5, fetches: 9, responses: 8, revisits: 1}
}

func save(t testing.TB, st *archive.Store, p page, raw []byte, at time.Time) {
	t.Helper()
	id, err := st.EnsureSource(context.Background(), p.source, "")
	if err != nil {
		t.Fatal(err)
	}
	f := fetchOf(p.url, raw, at)
	f.SourceID = id
	a, err := parse.Parse(parse.Page{URL: p.url, Body: raw, ContentType: "text/html", FetchedAt: at})
	if err != nil {
		t.Fatalf("parse %s: %v", p.file, err)
	}
	mustSave(t, st, archive.Record{Fetch: f, Article: a})
}

// fetchOf is a fetch as the crawler records one: the body decoded from
// the gzip the server sent, the headers as received.
func fetchOf(url string, body []byte, at time.Time) archive.Fetch {
	return archive.Fetch{
		RequestedURL: url, FinalURL: url, Method: "GET", Status: 200, Proto: "HTTP/2.0",
		Header: http.Header{"Content-Type": {"text/html"}, "Content-Encoding": {"gzip"},
			"Content-Length": {"1234"}, "Server": {"nginx"}},
		RequestHeader: http.Header{"User-Agent": {"newsarchive/test"}, "Accept-Encoding": {"gzip"}},
		RemoteIP:      "203.0.113.7", FetchedAt: at, Duration: 80 * time.Millisecond, Body: body,
	}
}

func mustSave(t testing.TB, st *archive.Store, r archive.Record) {
	t.Helper()
	if _, err := st.Save(context.Background(), r); err != nil {
		t.Fatalf("save %s: %v", r.Fetch.RequestedURL, err)
	}
}

// export runs Write into memory.
func export(t *testing.T, st *archive.Store, opt Options) ([]byte, *Stats) {
	t.Helper()
	var buf bytes.Buffer
	stats, err := Write(context.Background(), st, &buf, opt)
	if err != nil {
		t.Fatalf("export %s: %v", opt.Format, err)
	}
	if stats.Bytes != int64(buf.Len()) {
		t.Errorf("stats count %d bytes, wrote %d", stats.Bytes, buf.Len())
	}
	return buf.Bytes(), stats
}
