package site

import (
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// Dataset returns the extraction benchmark's directory, kept beside the
// repository in ../shared (found from the working directory up to the
// module root), or "" when it is absent.
func Dataset() string {
	dir, err := os.Getwd()
	for err == nil {
		if _, statErr := os.Stat(filepath.Join(dir, "go.mod")); statErr == nil {
			d := filepath.Join(dir, "..", "shared", "bench", "article-extraction-benchmark")
			if _, err := os.Stat(filepath.Join(d, "html")); err == nil {
				return d
			}
			return ""
		}
		if filepath.Dir(dir) == dir {
			break
		}
		dir = filepath.Dir(dir)
	}
	return ""
}

// ErrNoDataset is returned when ../shared does not hold the extraction
// benchmark's pages.
var ErrNoDataset = errors.New("the extraction benchmark's pages (../shared/bench/article-extraction-benchmark) not found")

// DatasetPages reads the pages of the dataset Dataset finds, or returns
// ErrNoDataset.
func DatasetPages() ([][]byte, error) {
	ds := Dataset()
	if ds == "" {
		return nil, ErrNoDataset
	}
	return LoadPages(ds)
}

// LoadPages reads the dataset's html/*.html.gz pages in name order.
func LoadPages(dataset string) ([][]byte, error) {
	files, err := filepath.Glob(filepath.Join(dataset, "html", "*.html.gz"))
	if err != nil || len(files) == 0 {
		return nil, fmt.Errorf("no pages in %s/html", dataset)
	}
	slices.Sort(files)
	pages := make([][]byte, 0, len(files))
	for _, f := range files {
		p, err := ReadGzip(f)
		if err != nil {
			return nil, err
		}
		pages = append(pages, p)
	}
	return pages, nil
}

// ReadGzip returns the decompressed contents of a gzip file.
func ReadGzip(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return b, nil
}

// Generated makes n article pages of a made-up paper, with the navigation,
// promotions and footer of a real one around a story of a dozen
// paragraphs, for when the real pages are absent.
func Generated(n int) [][]byte {
	topics := []string{"the harbour bridge", "the city budget", "the river flood defences", "the new tram line",
		"the school meals plan", "the hospital extension", "the market square", "the library reopening"}
	nav := strings.Repeat(`<li><a href="/section/0/">World</a> <span class="promo">Subscribe for unlimited access</span></li>`, 40)
	pages := make([][]byte, n)
	for i := range n {
		topic := topics[i%len(topics)]
		var sb strings.Builder
		fmt.Fprintf(&sb, `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Council debates %[1]s, report %[2]d | The Loopback Times</title>
<meta property="og:type" content="article">
<meta property="article:published_time" content="2024-03-15T08:%02[3]d:00Z">
</head><body><header><ul>%[4]s</ul></header><main><article>
<h1>Council debates %[1]s, report %[2]d</h1><p class="byline">By Staff Reporter %[3]d</p>`, topic, i, i%60, nav)
		for p := range 12 {
			fmt.Fprintf(&sb, "<p>Councillors returned on Tuesday to %s, the %d item on a long agenda. "+
				"Residents who spoke at the meeting asked for clearer figures, and officers promised a written "+
				"answer before the next session, which is due in %d weeks. Report %d, paragraph %d.</p>",
				topic, p+1, 2+i%5, i, p)
		}
		sb.WriteString(`</article></main><footer><p>© The Loopback Times. All rights reserved.</p></footer></body></html>`)
		pages[i] = []byte(sb.String())
	}
	return pages
}

// PagesOrSkip returns the dataset's pages, or skips tb when ../shared does
// not hold them: tests and benchmarks that read them never fail a clone
// without it.
func PagesOrSkip(tb testing.TB) [][]byte {
	tb.Helper()
	pages, err := DatasetPages()
	if err != nil {
		tb.Skip(err)
	}
	return pages
}
