package main

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/klauspost/compress/zstd"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/parse"
)

// hostOf is the lowercased host of a URL, as the archive keys host bases.
func hostOf(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return ""
	}
	return strings.ToLower(u.Host)
}

// splitByHost puts the first page of every host (in file order) in firsts
// and the other pages in laters: the benchmark has 126 hosts, 55 of them
// with two different articles.
func splitByHost(pages []page) (firsts, laters []page) {
	seen := map[string]bool{}
	for _, p := range pages {
		h := hostOf(p.url)
		if seen[h] {
			laters = append(laters, p)
			continue
		}
		seen[h] = true
		firsts = append(firsts, p)
	}
	return firsts, laters
}

// realRecord is page p fetched once from its own URL, unchanged.
func realRecord(p page, at time.Time) archive.Record {
	a := *p.article
	a.URL, a.CanonicalURL = p.url, p.url
	return archive.Record{
		Fetch: archive.Fetch{
			RequestedURL: p.url, FinalURL: p.url, Method: "GET", Status: 200, Proto: "HTTP/1.1",
			Header: benchHeader(), RequestHeader: http.Header{"User-Agent": {"newsarchive/bench"}, "Accept": {"text/html"}},
			RemoteIP: "127.0.0.1", FetchedAt: at, Duration: 80 * time.Millisecond, Body: p.raw,
		},
		Article: &a,
	}
}

// phaseCost is what storing one group of pages added.
type phaseCost struct {
	pages       int
	disk        int64 // snapshot pages on disk (dbstat)
	stored, raw int64 // compressed and raw body bytes
	warc        int64
	cpu         time.Duration
}

func (c phaseCost) perPage(n int64) float64 { return float64(n) / float64(c.pages) }

// hostStorage stores the real benchmark pages from their own URLs: first
// the first page of every host, then the second pages of the hosts that
// have two. With the host dictionary a second page is stored against the
// first; with NoDelta it is stored alone. Nothing is copied or marked:
// these are different articles of one site.
func hostStorage(ctx context.Context, work string, pages []page) error {
	firsts, laters := splitByHost(pages)
	fmt.Printf("Pages of one site: the %d benchmark pages from their own URLs, %d hosts, %d of them with a second, "+
		"different article. Stored the first page of every host, then the second pages, each group ingested "+
		"and compacted; CPU is the process's per page (hash, spool, insert, article and index; then compaction: "+
		"base lookup and decompression, zstd, update).\n\n",
		len(pages), len(firsts), len(laters))
	fmt.Println("| zstd level | second page stored | first page of a host: on disk, CPU | later page: on disk, CPU | later page, base cached: CPU | second pages' bodies / raw | WARC per page (first, later) | ratio, these 181 pages | ratio at 10 pages a host | at 100 |")
	fmt.Println("|---|---|---|---|---|---|---|---|---|---|")
	for _, level := range []zstd.EncoderLevel{zstd.SpeedFastest, zstd.SpeedDefault, zstd.SpeedBetterCompression} {
		for _, noDelta := range []bool{false, true} {
			path := filepath.Join(work, fmt.Sprintf("hosts-%s-%t.db", level, noDelta))
			first, later, err := hostPhases(ctx, path, archive.Options{Level: level, NoDelta: noDelta}, firsts, laters)
			if err != nil {
				return err
			}
			warm, err := warmCPU(ctx, path, archive.Options{Level: level, NoDelta: noDelta}, laters)
			if err != nil {
				return err
			}
			how := "against the host's first (dictionary)"
			if noDelta {
				how = "alone (`NoDelta`)"
			}
			fmt.Printf("| %s | %s | %.1f KB, %.2f ms | %.1f KB, %.2f ms | %.2f ms | %.3f | %.1f KB, %.1f KB | %.2fx | %.2fx | %.2fx |\n",
				level, how, first.perPage(first.disk)/1e3, ms(first.cpu)/float64(first.pages),
				later.perPage(later.disk)/1e3, ms(later.cpu)/float64(later.pages), ms(warm),
				float64(later.stored)/float64(later.raw), first.perPage(first.warc)/1e3, later.perPage(later.warc)/1e3,
				float64(first.disk+later.disk)/float64(first.warc+later.warc),
				extrapolate(first, later, 10), extrapolate(first, later, 100))
		}
	}
	fmt.Println()
	return nil
}

// extrapolate is the snapshot-to-WARC ratio of a crawl taking n pages from
// each host: one first page at its measured cost, n-1 later pages at
// theirs.
func extrapolate(first, later phaseCost, n int) float64 {
	k := float64(n - 1)
	return (first.perPage(first.disk) + k*later.perPage(later.disk)) / (first.perPage(first.warc) + k*later.perPage(later.warc))
}

// hostPhases stores firsts then laters, each as one ingest, and measures
// what each added.
func hostPhases(ctx context.Context, path string, opt archive.Options, firsts, laters []page) (first, later phaseCost, err error) {
	var disk0, stored0, raw0 int64
	at := time.Date(2026, 11, 25, 18, 0, 0, 0, time.UTC)
	for i, group := range [][]page{firsts, laters} {
		s, err := archive.Open(ctx, path, opt)
		if err != nil {
			return first, later, err
		}
		c := phaseCost{pages: len(group)}
		for _, p := range group {
			c.warc += warcRecordSize(realRecord(p, at))
		}
		cpu0 := cpuTime()
		err = ingestCompacted(ctx, s, len(group), func(j int) archive.Record {
			return realRecord(group[j], at.Add(time.Duration(i)*time.Hour))
		})
		c.cpu = cpuTime() - cpu0
		if err == nil {
			err = readBack(ctx, s, group)
		}
		st, serr := s.Stats(ctx)
		if cerr := s.Close(); err == nil {
			err = cmp.Or(serr, cerr)
		}
		if err != nil {
			return first, later, err
		}
		snap, _, err := diskUsage(path)
		if err != nil {
			return first, later, err
		}
		c.disk, c.stored, c.raw = snap-disk0, st.StoredBytes-stored0, st.RawBytes-raw0
		disk0, stored0, raw0 = snap, st.StoredBytes, st.RawBytes
		if i == 0 {
			first = c
		} else {
			later = c
		}
	}
	return first, later, nil
}

// warmCPU is the CPU per later page once its host's base is in the
// store's encoder cache, as for every page of a host after the first few
// in a crawl: the later pages are stored from other URLs of their host
// with a marker (so they do not dedup), a few hosts at a time, twice; the
// second time is timed. Both are stored against the host's first page,
// which stays the base.
func warmCPU(ctx context.Context, path string, opt archive.Options, laters []page) (time.Duration, error) {
	s, err := archive.Open(ctx, path, opt)
	if err != nil {
		return 0, err
	}
	defer s.Close()
	at := time.Date(2026, 11, 25, 20, 0, 0, 0, time.UTC)
	var cpu time.Duration
	// Chunks of 8 hosts, fewer than the store caches, each stored twice.
	for start := 0; start < len(laters); start += 8 {
		chunk := laters[start:min(len(laters), start+8)]
		for pass := range 2 {
			cpu0 := cpuTime()
			if err := ingestCompacted(ctx, s, len(chunk), func(j int) archive.Record {
				return againRecord(chunk[j], at, pass, start+j)
			}); err != nil {
				return 0, err
			}
			if pass == 1 {
				cpu += cpuTime() - cpu0
			}
		}
	}
	return cpu / time.Duration(len(laters)), nil
}

// readBack checks that every page reads back byte for byte.
func readBack(ctx context.Context, s *archive.Store, group []page) error {
	for _, p := range group {
		sum := sha256.Sum256(p.raw)
		raw, err := s.Body(ctx, hex.EncodeToString(sum[:]))
		if err != nil {
			return err
		}
		if !bytes.Equal(raw, p.raw) {
			return fmt.Errorf("%s reads back different", p.url)
		}
	}
	return nil
}

// againRecord is page p fetched again from another URL of its host, with
// a marker so that it does not dedup.
func againRecord(p page, at time.Time, pass, j int) archive.Record {
	r := realRecord(p, at)
	u := fmt.Sprintf("https://%s/again/%d/%d", hostOf(r.Fetch.FinalURL), pass, j)
	r.Fetch.RequestedURL, r.Fetch.FinalURL = u, u
	r.Fetch.Body = fmt.Appendf(slices.Clip(r.Fetch.Body), "\n<!-- again %d -->\n", pass)
	a := *r.Article
	a.URL, a.CanonicalURL = u, u
	a.Text += fmt.Sprintf("\n\nAgain %d.", pass)
	a.ContentHash = parse.ContentHash(a.Text)
	r.Article = &a
	return r
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
