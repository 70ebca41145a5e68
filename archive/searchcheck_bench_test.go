package archive

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// checkBenchArticles is the size of the archive BenchmarkCheckSearchIndex
// checks; building it takes a minute or two.
const checkBenchArticles = 100_000

// checkBenchDB names an archive for BenchmarkCheckSearchIndex to check
// instead of building one (it is opened for writing and left as it was).
var checkBenchDB = flag.String("checkbench.db", "", "archive for BenchmarkCheckSearchIndex to check instead of building one")

// BenchmarkCheckSearchIndex measures db check's comparison of the search
// index with the articles over 100,000 synthetic articles (300 words of
// a 20,000-word vocabulary drawn with a Zipf law, every tenth edited once,
// indexed as a crawl indexes them): the counting queries, FTS5's
// comparison of the index with the texts, its check of the structure
// alone (which Check ran before) and the whole of Check. Run it with
// -benchtime 1x.
func BenchmarkCheckSearchIndex(b *testing.B) {
	ctx := context.Background()
	s := checkBenchStore(b)
	steps := []checkBenchStep{
		{"invariants", func() ([]string, error) { return s.countSearchInvariants(ctx) }},
		{"texts", func() ([]string, error) { return nil, s.compareSearchTexts(ctx) }},
		{"structure", func() ([]string, error) { return s.checkSearchStructure(ctx), nil }},
		{"Check", func() ([]string, error) { return s.Check(ctx) }},
	}
	for i, inv := range searchInvariants {
		steps = append(steps, checkBenchStep{fmt.Sprintf("invariant-%d", i+1), func() ([]string, error) {
			var n int64
			err := s.readers.QueryRowContext(ctx, inv.query).Scan(&n)
			return []string{fmt.Sprintf(inv.wording, countOf(n, inv.noun))}[:min(n, 1)], err
		}})
	}
	for _, step := range steps {
		b.Run(step.name, func(b *testing.B) {
			for b.Loop() {
				if problems, err := step.run(); err != nil || len(problems) > 0 {
					b.Fatal(problems, err)
				}
			}
		})
	}
}

// checkBenchStep is a part of the check BenchmarkCheckSearchIndex times.
type checkBenchStep struct {
	name string
	run  func() ([]string, error)
}

// checkBenchStore opens the archive -checkbench.db names, or builds one of
// checkBenchArticles articles.
func checkBenchStore(b *testing.B) *Store {
	if *checkBenchDB != "" {
		return mustOpenAt(b, *checkBenchDB)
	}
	s := mustOpen(b)
	start := time.Now()
	fillCheckBench(b, s)
	b.Logf("built %d articles in %s", checkBenchArticles, time.Since(start).Round(time.Second))
	return s
}

// fillCheckBench saves the benchmark's articles through a frontier, a
// thousand per transaction, and indexes them.
func fillCheckBench(b *testing.B, s *Store) {
	ctx := context.Background()
	f := mustFrontier(b, s, "bench")
	rng := rand.New(rand.NewPCG(1, 2))
	words := benchVocabulary(rng, 20_000)
	zipf := newZipf(rng, len(words))
	text := func() string {
		var sb strings.Builder
		for i := range 300 {
			if i > 0 {
				sb.WriteByte(' ')
			}
			sb.WriteString(words[zipf()])
		}
		return sb.String()
	}
	var rs []Record
	for i := range checkBenchArticles + checkBenchArticles/10 {
		n, at := i, t0
		if i >= checkBenchArticles { // every tenth article edited
			n, at = (i-checkBenchArticles)*10, t0.Add(time.Hour)
		}
		rs = append(rs, record(fmt.Sprintf("https://bench.example/news/%d", n), fmt.Sprintf("Story %d", n), text(), at))
		if len(rs) == 1000 {
			if _, err := f.SaveBatch(ctx, rs); err != nil {
				b.Fatal(err)
			}
			rs = rs[:0]
			if _, err := s.IndexPending(ctx); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// benchVocabulary makes n distinct words of two to four syllables.
func benchVocabulary(rng *rand.Rand, n int) []string {
	syllables := []string{"ka", "lo", "min", "ter", "sa", "vo", "ri", "nel", "pa", "du", "gor", "shi", "an", "bel", "co", "tri"}
	seen := map[string]bool{}
	var out []string
	for len(out) < n {
		var sb strings.Builder
		for range 2 + rng.IntN(3) {
			sb.WriteString(syllables[rng.IntN(len(syllables))])
		}
		if w := sb.String(); !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
		if len(seen) > 60_000 { // the syllables allow no more
			break
		}
	}
	return out
}

// newZipf draws word ranks below n with a Zipf law (s = 1.1).
func newZipf(rng *rand.Rand, n int) func() int {
	z := rand.NewZipf(rng, 1.1, 1, uint64(n-1))
	return func() int { return int(z.Uint64()) }
}
