package main

import (
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/klauspost/compress/zstd"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/parse"
)

// defaultDataset is ../shared/bench/article-extraction-benchmark beside
// the module root, found from the working directory.
func defaultDataset() string {
	dir, err := os.Getwd()
	for err == nil {
		if _, statErr := os.Stat(filepath.Join(dir, "go.mod")); statErr == nil {
			return filepath.Join(dir, "..", "shared", "bench", "article-extraction-benchmark")
		}
		if filepath.Dir(dir) == dir {
			break
		}
		dir = filepath.Dir(dir)
	}
	return ""
}

// page is one benchmark page and the article parse made of it.
type page struct {
	url     string
	raw     []byte
	article *parse.Article
}

// loadPages reads every html/*.html.gz of the dataset and parses it once:
// extraction is not what is measured here.
func loadPages(dir string) ([]page, error) {
	files, err := filepath.Glob(filepath.Join(dir, "html", "*.html.gz"))
	if err != nil || len(files) == 0 {
		return nil, errors.New("no benchmark pages")
	}
	slices.Sort(files)
	var out []page
	for i, f := range files {
		raw, err := gunzipFile(f)
		if err != nil {
			return nil, err
		}
		u := fmt.Sprintf("https://bench.example/page/%d", i)
		a, err := parse.Parse(parse.Page{URL: u, Body: raw, ContentType: "text/html"})
		if err != nil {
			continue // not an article to this parser: still a fetch, but skip it
		}
		out = append(out, page{url: u, raw: raw, article: a})
	}
	return out, nil
}

func gunzipFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return io.ReadAll(zr)
}

// benchHeader is a typical news site's response header set.
func benchHeader() http.Header {
	return http.Header{
		"Content-Type":     {"text/html; charset=utf-8"},
		"Date":             {"Wed, 25 Nov 2026 18:00:00 GMT"},
		"Server":           {"nginx"},
		"Cache-Control":    {"public, max-age=300, stale-while-revalidate=60"},
		"Vary":             {"Accept-Encoding"},
		"X-Cache":          {"HIT"},
		"Age":              {"123"},
		"Etag":             {`W/"5f3a-1b2c3d4e5f"`},
		"Last-Modified":    {"Wed, 25 Nov 2026 17:55:00 GMT"},
		"Set-Cookie":       {"session=abc123def456; Path=/; HttpOnly; Secure; SameSite=Lax"},
		"Strict-Transport": {"max-age=31536000; includeSubDomains"},
	}
}

// pageRecord is fetch number i of the benchmark: page i%len(pages) with a
// unique marker, so every body is distinct (no dedup) but compresses like
// the original, and a distinct article.
func pageRecord(pages []page, i int, at time.Time) archive.Record {
	p := pages[i%len(pages)]
	u := fmt.Sprintf("%s/%d", p.url, i)
	body := append(slices.Clip(p.raw), fmt.Sprintf("\n<!-- fetch %d -->\n", i)...)
	a := *p.article
	a.URL, a.CanonicalURL = u, u
	a.Text = fmt.Sprintf("%s\n\nFetch %d.", p.article.Text, i)
	a.ContentHash = parse.ContentHash(a.Text)
	return archive.Record{
		Fetch: archive.Fetch{
			RequestedURL: u, FinalURL: u, Method: "GET", Status: 200, Proto: "HTTP/1.1",
			Header: benchHeader(), RequestHeader: http.Header{"User-Agent": {"newsarchive/bench"}, "Accept": {"text/html"}},
			RemoteIP: "127.0.0.1", FetchedAt: at, Duration: 80 * time.Millisecond, Body: body,
		},
		Article: &a,
	}
}

// pageBenchmarks measures ingest rate and storage of benchmark pages at
// several zstd levels.
func pageBenchmarks(ctx context.Context, work, dataset string, n int) error {
	pages, err := loadPages(dataset)
	if err != nil {
		fmt.Printf("Benchmark pages not found at %s: page measurements skipped.\n\n", dataset)
		return nil
	}
	var rawTotal int
	for _, p := range pages {
		rawTotal += len(p.raw)
	}
	fmt.Printf("### Ingest and storage of benchmark pages\n\n%d pages parsed as articles, %.0f KB on average; "+
		"%d fetches ingested per level, each a distinct body (page + unique marker) and a distinct article, "+
		"in batches of %d from %d goroutines.\n\n", len(pages), float64(rawTotal)/float64(len(pages))/1024, n, batchSize, writers)
	fmt.Println("| zstd level | articles/s (wall) | CPU per article | articles/s if all cores were ours | MB/s raw (wall) | bodies stored / raw | snapshots (bodies+fetch rows) on disk | WARC gzip per record | ratio to WARC | whole DB |")
	fmt.Println("|---|---|---|---|---|---|---|---|---|---|")
	for _, level := range []zstd.EncoderLevel{zstd.SpeedFastest, zstd.SpeedDefault, zstd.SpeedBetterCompression} {
		if err := ingestLevel(ctx, work, pages, n, level); err != nil {
			return err
		}
	}
	fmt.Println()
	return refetchStorage(ctx, work, pages)
}
