package archive

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
)

// benchPage is a realistic page grown to the benchmark pages' average
// size (about 170 KB) with varied markup.
func benchPage(tb testing.TB) []byte {
	tb.Helper()
	raw, err := os.ReadFile("testdata/article.html")
	if err != nil {
		tb.Fatal(err)
	}
	var sb strings.Builder
	sb.Write(raw)
	for i := 0; sb.Len() < 170_000; i++ {
		fmt.Fprintf(&sb, `<div class="promo p%d"><a href="/news/2026/%d/story-%d">Related story number %d</a><script>window.dataLayer.push({"slot":%d})</script></div>`+"\n", i%7, i%12, i*31, i, i*17)
	}
	return []byte(sb.String())
}

// BenchmarkSaveBatch measures ingest of parsed articles with distinct
// 170 KB raw snapshots, 100 per transaction (one op); the rate includes
// hashing and compressing on all cores. bench/archive measures the same on
// the real benchmark pages.
func BenchmarkSaveBatch(b *testing.B) {
	s := mustOpen(b)
	page := benchPage(b)
	ctx := context.Background()
	const batch = 100
	b.SetBytes(int64(len(page)) * batch)
	n := 0
	for b.Loop() {
		b.StopTimer()
		rs := make([]Record, 0, batch)
		for range batch {
			u := fmt.Sprintf("https://bench.example/%d", n)
			r := record(u, "Title", fmt.Sprintf("story %d %s", n, strings.Repeat("words of the article ", 300)), t0)
			r.Fetch.Body = append(append([]byte{}, page...), fmt.Sprintf("<!-- %d -->", n)...)
			rs = append(rs, r)
			n++
		}
		b.StartTimer()
		if _, err := s.SaveBatch(ctx, rs); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "articles/s")
}

// BenchmarkSearch measures a one-word search over 5,000 articles.
func BenchmarkSearch(b *testing.B) {
	s := mustOpen(b)
	ctx := context.Background()
	var rs []Record
	for i := range 5000 {
		text := fmt.Sprintf("report %d on the %s of the river and council %d", i, []string{"flood", "budget", "election", "school"}[i%4], i%97)
		rs = append(rs, record(fmt.Sprintf("https://bench.example/%d", i), fmt.Sprintf("Story %d", i), text, t0.Add(time.Duration(i)*time.Second)))
		if len(rs) == 500 {
			if _, err := s.SaveBatch(ctx, rs); err != nil {
				b.Fatal(err)
			}
			rs = rs[:0]
		}
	}
	for b.Loop() {
		if _, err := s.Search(ctx, Query{Text: "election"}); err != nil {
			b.Fatal(err)
		}
	}
}
