package main

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"time"

	_ "modernc.org/sqlite" // dbstat queries on the finished database

	"github.com/newsarchive/newsarchive/archive"
)

// batchSize and writers shape ingest the way a crawler with a small
// writer pool would: records grouped per transaction, two goroutines
// saving at once.
const (
	batchSize = 100
	writers   = 2
)

// ingest saves n records made by mk in batches from concurrent writers and
// returns how long it took.
func ingest(ctx context.Context, s *archive.Store, n int, mk func(i int) archive.Record) (time.Duration, error) {
	batches := make(chan []archive.Record, 1)
	errs := make(chan error, writers)
	var wg sync.WaitGroup
	start := time.Now()
	for range writers {
		wg.Go(func() {
			for b := range batches {
				if _, err := s.SaveBatch(ctx, b); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	for i := 0; i < n; i += batchSize {
		b := make([]archive.Record, 0, batchSize)
		for j := i; j < min(n, i+batchSize); j++ {
			b = append(b, mk(j))
		}
		batches <- b
	}
	close(batches)
	wg.Wait()
	close(errs)
	return time.Since(start), <-errs
}

// ingestCompacted ingests as ingest does, then compacts what it stored:
// the whole cost of a page in the archive.
func ingestCompacted(ctx context.Context, s *archive.Store, n int, mk func(i int) archive.Record) error {
	if _, err := ingest(ctx, s, n, mk); err != nil {
		return err
	}
	_, err := s.Compact(ctx)
	return err
}

// ingestLevel ingests n fetches, measures the ingest and the storage as
// ingested, then compacts at opt's level and measures again.
func ingestLevel(ctx context.Context, work string, pages []page, n int, opt archive.Options) error {
	path := filepath.Join(work, fmt.Sprintf("pages-%s-%t.db", opt.Level, opt.NoDelta))
	s, err := archive.Open(ctx, path, opt)
	if err != nil {
		return err
	}
	defer s.Close()
	at := time.Date(2026, 11, 25, 18, 0, 0, 0, time.UTC)
	cpu0 := cpuTime()
	took, err := ingest(ctx, s, n, func(i int) archive.Record {
		return pageRecord(pages, i, at.Add(time.Duration(i)*time.Second))
	})
	cpu := cpuTime() - cpu0
	if err != nil {
		return err
	}
	snapIngest, _, err := diskUsage(path)
	if err != nil {
		return err
	}
	// Ingest leaves the raw bodies in the spool beside the database.
	if fi, err := os.Stat(path + "-spool"); err == nil {
		snapIngest += fi.Size()
	}
	cpu0, start := cpuTime(), time.Now()
	if _, err := s.Compact(ctx); err != nil {
		return err
	}
	compactCPU, compactTook := cpuTime()-cpu0, time.Since(start)
	st, err := s.Stats(ctx)
	if err != nil {
		return err
	}
	if err := s.Close(); err != nil {
		return err
	}
	snap, whole, err := diskUsage(path)
	if err != nil {
		return err
	}
	warc := warcSize(pages, n, 1)
	label := opt.Level.String()
	if opt.NoDelta {
		label += ", whole bodies (`NoDelta`)"
	}
	fmt.Printf("| %s | %.0f | %.2f ms | %.0f | %.2fx | %.0f | %.2f ms | %.3f | %s | %s | %.2fx | %s |\n", label,
		float64(n)/took.Seconds(), ms(cpu)/float64(n), float64(n)/(cpu.Seconds()/float64(runtime.NumCPU())),
		float64(snapIngest)/float64(warc), float64(n)/compactTook.Seconds(), ms(compactCPU)/float64(n),
		float64(st.StoredBytes)/float64(st.RawBytes), mb(snap), mb(warc), float64(snap)/float64(warc), mb(whole))
	return nil
}

// refetchStorage stores every page fetched three times, as a recrawl
// would: unchanged (dedup), or changed by a timestamp and a token each time
// (delta against the first fetch, or whole with NoDelta). It compares with
// a WARC that keeps each fetch.
func refetchStorage(ctx context.Context, work string, pages []page) error {
	const rounds = 3
	fmt.Printf("Recrawl: the %d pages fetched %d times each from the same URLs, compacted after each round at the "+
		"store's default level (better); CPU per refetch (ingest and compaction) is for rounds 2 and 3.\n\n", len(pages), rounds)
	fmt.Println("| refetched pages | stored as | CPU per refetch | snapshots on disk | WARC gzip per record | ratio to WARC | whole DB |")
	fmt.Println("|---|---|---|---|---|---|---|")
	cases := []struct {
		name, how string
		changed   bool
		opt       archive.Options
	}{
		{"unchanged", "one body (dedup)", false, archive.Options{}},
		{"changed slightly", "delta against the first fetch", true, archive.Options{}},
		{"changed slightly", "whole bodies (`NoDelta`)", true, archive.Options{NoDelta: true}},
	}
	for i, c := range cases {
		path := filepath.Join(work, fmt.Sprintf("refetch-%d.db", i))
		cpu, err := ingestRounds(ctx, path, c.opt, pages, rounds, c.changed)
		if err != nil {
			return err
		}
		snap, whole, err := diskUsage(path)
		if err != nil {
			return err
		}
		warc := warcSize(pages, len(pages), rounds)
		fmt.Printf("| %s | %s | %.2f ms | %s | %s | %.2fx | %s |\n", c.name, c.how,
			float64(cpu.Microseconds())/1000/float64((rounds-1)*len(pages)), mb(snap), mb(warc), float64(snap)/float64(warc), mb(whole))
	}
	fmt.Println()
	return nil
}

// ingestRounds saves each page once per round, a round at a time, and
// returns the CPU time the rounds after the first took.
func ingestRounds(ctx context.Context, path string, opt archive.Options, pages []page, rounds int, changed bool) (time.Duration, error) {
	s, err := archive.Open(ctx, path, opt)
	if err != nil {
		return 0, err
	}
	at := time.Date(2026, 11, 25, 18, 0, 0, 0, time.UTC)
	var cpu time.Duration
	for round := range rounds {
		start := cpuTime()
		err = ingestCompacted(ctx, s, len(pages), func(i int) archive.Record {
			r := pageRecord(pages, i, at.Add(time.Duration(round)*time.Hour))
			if changed {
				r.Fetch.Body = append(r.Fetch.Body, fmt.Sprintf("<!-- served at round %d, token %x -->\n", round, round*7919)...)
			}
			return r
		})
		if err != nil {
			break
		}
		if round > 0 {
			cpu += cpuTime() - start
		}
	}
	if cerr := s.Close(); err == nil {
		err = cerr
	}
	return cpu, err
}

// diskUsage measures, with SQLite's dbstat, the pages held by the raw
// snapshots (bodies, fetch rows and their indexes) and the whole file.
func diskUsage(path string) (snapshots, whole int64, err error) {
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		return 0, 0, err
	}
	defer db.Close()
	rows, err := db.Query(`SELECT d.name, SUM(d.pgsize) FROM dbstat d GROUP BY d.name`)
	if err != nil {
		return 0, 0, fmt.Errorf("dbstat: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		var size int64
		if err := rows.Scan(&name, &size); err != nil {
			return 0, 0, err
		}
		whole += size
		if name == "bodies" || name == "fetches" || strings.HasPrefix(name, "fetches_") || name == "sqlite_autoindex_bodies_1" {
			snapshots += size
		}
	}
	return snapshots, whole, rows.Err()
}

// cpuTime is the CPU time, user and system, the process has used: the
// machine is shared, so wall-clock rates understate what two idle cores do.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func mb(n int64) string { return fmt.Sprintf("%.1f MB", float64(n)/1e6) }
