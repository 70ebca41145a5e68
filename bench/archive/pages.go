package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/klauspost/compress/zstd"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/bench/site"
	"github.com/newsarchive/newsarchive/parse"
)

// page is one benchmark page and the article parse made of it.
type page struct {
	url     string // the page's own URL (ground-truth.json)
	raw     []byte
	article *parse.Article
}

// loadPages reads every html/*.html.gz of the dataset with its URL from
// ground-truth.json and parses it once: extraction is not what is measured
// here.
func loadPages(dir string) ([]page, error) {
	files, err := filepath.Glob(filepath.Join(dir, "html", "*.html.gz"))
	if err != nil || len(files) == 0 {
		return nil, errors.New("no benchmark pages")
	}
	urls, err := pageURLs(dir)
	if err != nil {
		return nil, err
	}
	slices.Sort(files)
	var out []page
	for _, f := range files {
		raw, err := site.ReadGzip(f)
		if err != nil {
			return nil, err
		}
		u := urls[strings.TrimSuffix(filepath.Base(f), ".html.gz")]
		if u == "" {
			return nil, fmt.Errorf("%s: no url in ground-truth.json", f)
		}
		a, err := parse.Parse(parse.Page{URL: u, Body: raw, ContentType: "text/html"})
		if err != nil {
			continue // not an article to this parser: still a fetch, but skip it
		}
		out = append(out, page{url: u, raw: raw, article: a})
	}
	return out, nil
}

// pageURLs maps each page's name to the URL it was fetched from.
func pageURLs(dir string) (map[string]string, error) {
	data, err := os.ReadFile(filepath.Join(dir, "ground-truth.json"))
	if err != nil {
		return nil, err
	}
	var truth map[string]struct {
		URL string `json:"url"`
	}
	if err := json.Unmarshal(data, &truth); err != nil {
		return nil, fmt.Errorf("ground-truth.json: %w", err)
	}
	out := make(map[string]string, len(truth))
	for name, t := range truth {
		out[name] = t.URL
	}
	return out, nil
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

// passURL is rawURL on host r<pass>.<host>.
func passURL(rawURL string, pass int) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return rawURL
	}
	u.Host = fmt.Sprintf("r%d.%s", pass, u.Host)
	return u.String()
}

// pageRecord is fetch number i of the benchmark: page i%len(pages) with a
// unique marker, so every body is distinct (no dedup) but compresses like
// the original, and a distinct article. Each pass over the pages takes
// fresh host names (r0.www.example.com, r1...): a copy of a page is never
// stored against an earlier copy through the host dictionary, while pages
// of one real site still share one, as in a crawl.
func pageRecord(pages []page, i int, at time.Time) archive.Record {
	p := pages[i%len(pages)]
	u := fmt.Sprintf("%s/fetch/%d", passURL(p.url, i/len(pages)), i)
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
func pageBenchmarks(ctx context.Context, work, dataset string, n int, ingestOnly bool) error {
	pages, err := loadPages(dataset)
	if err != nil {
		fmt.Printf("Benchmark pages not found at %s: page measurements skipped.\n\n", dataset)
		return nil
	}
	var rawTotal int
	for _, p := range pages {
		rawTotal += len(p.raw)
	}
	if n > 0 {
		if err := levelBenchmarks(ctx, work, pages, rawTotal, n, ingestOnly); err != nil {
			return err
		}
	}
	if ingestOnly {
		return nil
	}
	if err := refetchStorage(ctx, work, pages); err != nil {
		return err
	}
	return hostStorage(ctx, work, pages)
}

// levelBenchmarks ingests n distinct fetches of the pages at each level.
func levelBenchmarks(ctx context.Context, work string, pages []page, rawTotal, n int, ingestOnly bool) error {
	fmt.Printf("### Ingest and storage of benchmark pages\n\n%d pages parsed as articles, %.0f KB on average; "+
		"%d fetches ingested per row, each a distinct body (page + unique marker) and a distinct article, "+
		"in batches of %d from %d goroutines, bodies spooled raw beside the database; then compacted (zstd at the row's level, "+
		"one goroutine). Each pass over the pages uses fresh host names, so pages of one "+
		"real site (55 pairs) share a host dictionary and copies of a page never do.\n\n",
		len(pages), float64(rawTotal)/float64(len(pages))/1024, n, batchSize, writers)
	fmt.Println("| compaction level | ingest articles/s (wall) | ingest CPU per article | ingest articles/s if all cores were ours | as ingested: ratio to WARC | compaction bodies/s (wall) | compaction CPU per body | compacted bodies / raw | snapshots (bodies+fetch rows) on disk | WARC gzip per record | ratio to WARC | whole DB |")
	fmt.Println("|---|---|---|---|---|---|---|---|---|---|---|---|")
	opts := []archive.Options{
		{Level: zstd.SpeedBetterCompression},
		{Level: zstd.SpeedBetterCompression, NoDelta: true}, {Level: zstd.SpeedFastest}, {Level: zstd.SpeedDefault},
	}
	if ingestOnly {
		opts = opts[:1]
	}
	for _, opt := range opts {
		if err := ingestLevel(ctx, work, pages, n, opt); err != nil {
			return err
		}
	}
	fmt.Println()
	return nil
}
