package main

import (
	"context"
	"fmt"
	"math/rand"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/parse"
)

// vocabulary is a made-up language of pronounceable words; article words
// are drawn from it with a Zipf distribution, like real text.
type vocabulary struct {
	words []string
	zipf  *rand.Zipf
	rng   *rand.Rand
}

func newVocabulary(seed int64, size int) *vocabulary {
	rng := rand.New(rand.NewSource(seed))
	syllables := strings.Fields("ka lo mi ren sa tu vel an or is bri dan fe gor hil jun kes lim nor pra qui ros sten tal ur vin wes yar zo")
	seen := map[string]bool{}
	var words []string
	for len(words) < size {
		var sb strings.Builder
		for range 1 + rng.Intn(3) {
			sb.WriteString(syllables[rng.Intn(len(syllables))])
		}
		if w := sb.String(); !seen[w] {
			seen[w] = true
			words = append(words, w)
		}
	}
	return &vocabulary{words: words, rng: rng, zipf: rand.NewZipf(rng, 1.1, 2, uint64(size-1))}
}

func (v *vocabulary) sentence(n int) string {
	ws := make([]string, n)
	for i := range ws {
		ws[i] = v.words[v.zipf.Uint64()]
	}
	return strings.Join(ws, " ")
}

// synthRecord is article i: a title of 8 words, a byline and 5 paragraphs
// of 60 words, with a small HTML page as its snapshot.
func synthRecord(v *vocabulary, i int, at time.Time) archive.Record {
	u := fmt.Sprintf("https://synth.example/%d/story-%d", i%50, i)
	title := v.sentence(8)
	paras := make([]string, 5)
	for j := range paras {
		paras[j] = v.sentence(60) + "."
	}
	text := strings.Join(paras, "\n\n")
	html := "<p>" + strings.Join(paras, "</p><p>") + "</p>"
	pub := at.Add(-time.Hour)
	body := fmt.Sprintf("<!DOCTYPE html><html><head><title>%s</title></head><body><article><h1>%s</h1>%s</article></body></html>", title, title, html)
	return archive.Record{
		Fetch: archive.Fetch{RequestedURL: u, FinalURL: u, Method: "GET", Status: 200, Proto: "HTTP/1.1",
			Header: http.Header{"Content-Type": {"text/html"}}, FetchedAt: at, Body: []byte(body)},
		Article: &parse.Article{URL: u, CanonicalURL: u, Title: title, Byline: "By " + v.sentence(2),
			Published: &pub, Language: "xx", Text: text, HTML: html, ContentHash: parse.ContentHash(text)},
	}
}

// syntheticBenchmarks ingests n synthetic articles, sampling memory, then
// times searches over them.
func syntheticBenchmarks(ctx context.Context, work string, n, queries int) error {
	path := filepath.Join(work, "synthetic.db")
	s, err := archive.Open(ctx, path, archive.Options{})
	if err != nil {
		return err
	}
	defer s.Close()
	v := newVocabulary(1, 20000)
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	fmt.Printf("### %d synthetic articles: memory and search\n\n", n)
	fmt.Printf("Articles of 8-word titles and 300 words of Zipf-distributed text from a 20,000-word vocabulary, "+
		"ingested in batches of %d from %d goroutines; heap (after GC) and RSS sampled every %d articles.\n\n", batchSize, writers, n/10)
	fmt.Println("| articles | heap in use | RSS | articles/s (last step) |")
	fmt.Println("|---|---|---|---|")
	step := max(n/10, 1)
	for done := 0; done < n; done += step {
		took, err := ingest(ctx, s, min(step, n-done), func(i int) archive.Record {
			return synthRecord(v, done+i, at.Add(time.Duration(done+i)*time.Minute))
		})
		if err != nil {
			return err
		}
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		fmt.Printf("| %d | %.1f MB | %.1f MB | %.0f |\n", done+step, float64(ms.HeapInuse)/1e6, float64(rssBytes())/1e6,
			float64(step)/took.Seconds())
	}
	st, err := s.Stats(ctx)
	if err != nil {
		return err
	}
	fmt.Printf("\nDatabase: %s for %d articles.\n\n", mb(st.DatabaseBytes), st.Articles)
	fmt.Println("As ingested (the index in the segments incremental merging left):")
	fmt.Println()
	if err := searchLatency(ctx, s, v, queries); err != nil {
		return err
	}
	start := time.Now()
	if err := s.Optimize(ctx); err != nil {
		return err
	}
	fmt.Printf("After `Store.Optimize` (one index segment; took %.1f s):\n\n", time.Since(start).Seconds())
	return searchLatency(ctx, s, v, queries)
}

// searchLatency times queries of four kinds, from common words to rare.
func searchLatency(ctx context.Context, s *archive.Store, v *vocabulary, n int) error {
	rng := rand.New(rand.NewSource(2)) // the same queries on every call
	z := rand.NewZipf(rng, 1.1, 2, uint64(len(v.words)-1))
	content := func() string { return v.words[100+rng.Intn(4900)] }
	kinds := []struct {
		name string
		make func() string
	}{
		{"one content word (rank 100-5000)", content},
		{"two content words", func() string { return content() + " " + content() }},
		{"phrase of two words", func() string { return `"` + v.words[z.Uint64()] + " " + v.words[z.Uint64()] + `"` }},
		{"prefix of a content word", func() string { w := content(); return w[:min(3, len(w))] + "*" }},
		{"title:word", func() string { return "title:" + content() }},
		{"one frequent word (top 20, like 'the')", func() string { return v.words[rng.Intn(20)] }},
	}
	fmt.Printf("Search latency (limit %d, bm25 order, snippets), %d queries per kind after 5 warm-up queries:\n\n", archive.DefaultSearchLimit, n/len(kinds))
	fmt.Println("| query kind | p50 | p95 | max |")
	fmt.Println("|---|---|---|---|")
	var all []time.Duration
	for _, k := range kinds {
		var ds []time.Duration
		for i := range n/len(kinds) + 5 {
			q := archive.Query{Text: k.make()}
			start := time.Now()
			if _, err := s.Search(ctx, q); err != nil {
				return fmt.Errorf("query %q: %w", q.Text, err)
			}
			if i >= 5 { // the first few warm the page cache
				ds = append(ds, time.Since(start))
			}
		}
		all = append(all, ds...)
		fmt.Printf("| %s | %s | %s | %s |\n", k.name, pct(ds, 50), pct(ds, 95), pct(ds, 100))
	}
	fmt.Printf("| **all kinds** | **%s** | **%s** | %s |\n\n", pct(all, 50), pct(all, 95), pct(all, 100))
	return nil
}

func pct(ds []time.Duration, p int) string {
	s := slices.Clone(ds)
	slices.Sort(s)
	i := min(len(s)-1, (len(s)*p)/100)
	return fmt.Sprintf("%.1f ms", float64(s[i].Microseconds())/1000)
}

// rssBytes reads the resident set size from /proc (0 elsewhere).
func rssBytes() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmRSS:" {
			kb, _ := strconv.ParseInt(f[1], 10, 64)
			return kb * 1024
		}
	}
	return 0
}
