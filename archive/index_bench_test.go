package archive

import (
	"context"
	"fmt"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/parse"
)

// BenchmarkSearchIndex saves 1,000 articles two per transaction, as a
// crawl's writer commits them, with the search index kept up at every
// save (Store.SaveBatch) or left to one IndexPending after the saves
// (Frontier.SaveBatch, as the crawl does now), and reports CPU per article
// for the whole. The articles are the extracted text of testdata's page,
// with words of their own, so the index sees a realistic vocabulary.
func BenchmarkSearchIndex(b *testing.B) {
	text := benchArticleText(b)
	for _, behind := range []bool{false, true} {
		name := map[bool]string{false: "every-save", true: "indexed-after"}[behind]
		b.Run(name, func(b *testing.B) {
			var cpu time.Duration
			n := 0
			for b.Loop() {
				start := cpuTime()
				n += saveForIndexBench(b, text, behind)
				cpu += cpuTime() - start
			}
			b.ReportMetric(float64(cpu.Microseconds())/1000/float64(n), "cpu-ms/article")
		})
	}
}

const indexBenchArticles = 1000

// saveForIndexBench saves the articles into a fresh store, two per
// transaction, and indexes them after when behind is set.
func saveForIndexBench(b *testing.B, text string, behind bool) int {
	b.StopTimer()
	s := mustOpen(b)
	ctx := context.Background()
	f := mustFrontier(b, s, "bench")
	save := s.SaveBatch
	if behind {
		save = f.SaveBatch
	}
	b.StartTimer()
	for i := 0; i < indexBenchArticles; i += 2 {
		rs := []Record{indexBenchRecord(text, i), indexBenchRecord(text, i+1)}
		if _, err := save(ctx, rs); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := s.IndexPending(ctx); err != nil {
		b.Fatal(err)
	}
	return indexBenchArticles
}

func indexBenchRecord(text string, i int) Record {
	words := fmt.Sprintf(" story%d district%d minister%d", i, i%97, i%13)
	return record(fmt.Sprintf("https://bench.example/news/%d", i), fmt.Sprintf("Title %d", i), text+words, t0)
}

// benchArticleText is the text parse extracts from testdata's article,
// repeated (each time with words of its own) to the 6 KB of text the
// benchmark pages' articles average.
func benchArticleText(tb testing.TB) string {
	raw, err := os.ReadFile("testdata/article.html")
	if err != nil {
		tb.Fatal(err)
	}
	a, err := parse.Parse(parse.Page{URL: "https://bench.example/a", Body: raw, ContentType: "text/html; charset=utf-8"})
	if err != nil || strings.TrimSpace(a.Text) == "" {
		tb.Fatalf("parse testdata article: %v", err)
	}
	var sb strings.Builder
	for i := 0; sb.Len() < 6000; i++ {
		fmt.Fprintf(&sb, "%s section%d paragraph%d\n", a.Text, i, i*7)
	}
	return sb.String()
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkSearchReindex measures what a recrawl that finds its articles
// edited costs the index: 1,000 articles saved and indexed as a crawl
// does, then each saved again with a changed sentence, and only that
// second pass (saves two per transaction, then IndexPending, which takes
// every old version out of the index and puts the new one in) timed.
func BenchmarkSearchReindex(b *testing.B) {
	text := benchArticleText(b)
	var cpu time.Duration
	n := 0
	for b.Loop() {
		b.StopTimer()
		s := mustOpen(b)
		f := mustFrontier(b, s, "bench")
		saveAndIndex(b, s, f, text, "")
		b.StartTimer()
		start := cpuTime()
		saveAndIndex(b, s, f, text, " The story was updated.")
		cpu += cpuTime() - start
		n += indexBenchArticles
	}
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(n), "cpu-ms/article")
}

// saveAndIndex saves the benchmark's articles, their texts ending in
// edit, two per transaction as a crawl's writer does, and indexes them.
func saveAndIndex(b *testing.B, s *Store, f *Frontier, text, edit string) {
	ctx := context.Background()
	for i := 0; i < indexBenchArticles; i += 2 {
		rs := []Record{indexBenchRecord(text+edit, i), indexBenchRecord(text+edit, i+1)}
		if _, err := f.SaveBatch(ctx, rs); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := s.IndexPending(ctx); err != nil {
		b.Fatal(err)
	}
}
