package archive

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// BenchmarkSearchLongPhrase searches phrases of up to maxQueryWords words
// in one text of 240,000 words drawn from two, the worst text for FTS5's
// phrase matching (every word of the phrase stands at 120,000 places),
// and reports the longest the search went on after its context was
// cancelled (as Ctrl-C does) 50, 200 or 800 ms in: FTS5 heeds the
// interrupt only between its steps.
func BenchmarkSearchLongPhrase(b *testing.B) {
	s := mustOpen(b)
	ctx := context.Background()
	r := rand.New(rand.NewPCG(1, 2))
	words := make([]string, 240_000)
	for i := range words {
		words[i] = []string{"river", "flood"}[r.IntN(2)]
	}
	mustSave(b, s, record("https://bench.example/long", "A long report", strings.Join(words, " "), t0))
	if _, err := s.IndexPending(ctx); err != nil {
		b.Fatal(err)
	}
	for _, n := range []int{16, 64, maxQueryWords} {
		phrase := fmt.Sprintf("%q", strings.Join(words[50_000:50_000+n], " "))
		b.Run(fmt.Sprintf("words=%d", n), func(b *testing.B) {
			var after time.Duration
			for b.Loop() {
				if _, err := s.Search(ctx, Query{Text: phrase}); err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				for _, wait := range []time.Duration{50, 200, 800} {
					after = max(after, searchAfterCancel(ctx, s, phrase, wait*time.Millisecond))
				}
				b.StartTimer()
			}
			b.ReportMetric(float64(after.Milliseconds()), "max-ms-after-cancel")
		})
	}
}

// searchAfterCancel runs the search with a context cancelled after wait
// and returns how long it went on past that.
func searchAfterCancel(ctx context.Context, s *Store, text string, wait time.Duration) time.Duration {
	cctx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	start := time.Now()
	s.Search(cctx, Query{Text: text})
	return max(0, time.Since(start)-wait)
}
