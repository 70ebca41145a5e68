package archive

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/bench/site"
)

// BenchmarkCompact times Compact over the bodies of one crawl of one host
// (an op compacts them all, in a fresh archive): pages on one template,
// which compact as deltas against the host's base, and the extraction
// benchmark's real pages of 181 sites served under one host, as the
// crawl benchmark's site serves them (skipped without ../shared), most of
// which share nothing with any base. It reports the CPU time per body
// (Compact runs on one goroutine) and the share of the raw bytes stored.
func BenchmarkCompact(b *testing.B) {
	b.Run("one-template", func(b *testing.B) {
		bodies := make([][]byte, 300)
		for i := range bodies {
			bodies[i] = sitePage(b, i)
		}
		benchCompact(b, bodies)
	})
	b.Run("one-page-per-host", func(b *testing.B) {
		// 60 hosts whose bases are stored: the first body of a host in a
		// compaction is where the base is read and sketched.
		bases, bodies := make([][]byte, 60), make([][]byte, 60)
		for i := range bodies {
			bases[i], bodies[i] = sitePage(b, 2*i), sitePage(b, 2*i+1)
		}
		benchCompactAfter(b, bases, bodies, func(i int) string { return fmt.Sprintf("https://h%d.example/", i) })
	})
	b.Run("unrelated-pages", func(b *testing.B) {
		ds := site.Dataset()
		if ds == "" {
			b.Skip("extraction benchmark pages not found in ../shared")
		}
		pages, err := site.LoadPages(ds)
		if err != nil {
			b.Fatal(err)
		}
		bodies := make([][]byte, 543) // each page three times, marked apart
		for i := range bodies {
			bodies[i] = fmt.Appendf(slices.Clip(pages[i%len(pages)]), "<!-- story %d -->", i)
		}
		benchCompact(b, bodies)
	})
}

func benchCompact(b *testing.B, bodies [][]byte) {
	benchCompactAfter(b, nil, bodies, func(int) string { return "https://news.example/" })
}

// benchCompactAfter times the compaction of bodies in archives where
// bases (if any) are stored and compacted already; body i is fetched
// from site(i) (a URL ending in /).
func benchCompactAfter(b *testing.B, bases, bodies [][]byte, site func(i int) string) {
	ctx := context.Background()
	var spent time.Duration
	var done Compacted
	for i := range b.N {
		b.StopTimer()
		s := mustOpenAt(b, filepath.Join(b.TempDir(), fmt.Sprintf("compact-%d.db", i)))
		if len(bases) > 0 {
			saveBodies(b, s, bases, func(j int) string { return site(j) + "base" })
			if _, err := s.Compact(ctx); err != nil {
				b.Fatal(err)
			}
		}
		saveBodies(b, s, bodies, func(j int) string { return fmt.Sprintf("%sstory-%d", site(j), j) })
		b.StartTimer()
		cpu := cpuTime()
		c, err := s.Compact(ctx)
		if err != nil {
			b.Fatal(err)
		}
		spent += cpuTime() - cpu
		done.add(c)
	}
	b.ReportMetric(float64(spent.Microseconds())/1000/float64(done.Bodies), "cpu-ms/body")
	b.ReportMetric(float64(done.After)/float64(done.Raw), "stored/raw")
	b.ReportMetric(float64(done.Deltas)/float64(done.Bodies), "deltas/body")
}

// saveBodies stores bodies, body j fetched from url(j), 50 a batch.
func saveBodies(b *testing.B, s *Store, bodies [][]byte, url func(j int) string) {
	for from := 0; from < len(bodies); from += 50 {
		var rs []Record
		for j, body := range bodies[from:min(from+50, len(bodies))] {
			r := record(url(from+j), "Story", fmt.Sprintf("story %d", from+j), t0)
			r.Fetch.Body = body
			rs = append(rs, r)
		}
		if _, err := s.SaveBatch(context.Background(), rs); err != nil {
			b.Fatal(err)
		}
	}
}
