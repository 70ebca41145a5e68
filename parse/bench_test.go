package parse

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"testing"

	readability "codeberg.org/readeck/go-readability/v2"
	"golang.org/x/net/html"
)

// benchPage is one page of the article extraction benchmark.
type benchPage struct {
	URL  string
	HTML []byte
}

// loadBenchPages reads the benchmark pages kept beside the repository
// (../shared from the module root) and skips the benchmark when they are
// absent.
func loadBenchPages(b *testing.B) []benchPage {
	b.Helper()
	dir := filepath.Join("..", "..", "shared", "bench", "article-extraction-benchmark")
	raw, err := os.ReadFile(filepath.Join(dir, "ground-truth.json"))
	if err != nil {
		b.Skipf("benchmark pages not available: %v", err)
	}
	var truth map[string]struct {
		URL string `json:"url"`
	}
	if err := json.Unmarshal(raw, &truth); err != nil {
		b.Fatalf("decode ground truth: %v", err)
	}
	ids := make([]string, 0, len(truth))
	for id := range truth {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	pages := make([]benchPage, 0, len(ids))
	for _, id := range ids {
		pages = append(pages, benchPage{URL: truth[id].URL, HTML: gunzipFile(b, filepath.Join(dir, "html", id+".html.gz"))})
	}
	return pages
}

func gunzipFile(b *testing.B, path string) []byte {
	b.Helper()
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		b.Fatalf("%s: %v", path, err)
	}
	data, err := io.ReadAll(zr)
	if err != nil {
		b.Fatalf("%s: %v", path, err)
	}
	return data
}

// BenchmarkParse runs the whole Parse over every benchmark page; one
// iteration is one page.
func BenchmarkParse(b *testing.B) {
	pages := loadBenchPages(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p := pages[i%len(pages)]
		_, _ = Parse(Page{URL: p.URL, Body: p.HTML, ContentType: "text/html; charset=utf-8"})
	}
}

// BenchmarkReadabilityAlone is the floor Parse is measured against: HTML
// parsing, readability and its text rendering, over the same pages.
func BenchmarkReadabilityAlone(b *testing.B) {
	pages := loadBenchPages(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p := pages[i%len(pages)]
		doc, err := html.Parse(bytes.NewReader(p.HTML))
		if err != nil {
			b.Fatal(err)
		}
		u, _ := url.Parse(p.URL)
		r := readability.NewParser()
		art, err := r.ParseAndMutate(doc, u)
		if err != nil || art.Node == nil {
			continue
		}
		_ = art.RenderText(io.Discard)
	}
}
