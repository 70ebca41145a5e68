package main

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/klauspost/compress/zstd"
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

func ingestLevel(ctx context.Context, work string, pages []page, n int, level zstd.EncoderLevel) error {
	path := filepath.Join(work, fmt.Sprintf("pages-%s.db", level))
	s, err := archive.Open(ctx, path, archive.Options{Level: level})
	if err != nil {
		return err
	}
	at := time.Date(2026, 11, 25, 18, 0, 0, 0, time.UTC)
	var rawBytes int64
	cpu0 := cpuTime()
	took, err := ingest(ctx, s, n, func(i int) archive.Record {
		r := pageRecord(pages, i, at.Add(time.Duration(i)*time.Second))
		rawBytes += int64(len(r.Fetch.Body))
		return r
	})
	cpu := cpuTime() - cpu0
	if err != nil {
		s.Close()
		return err
	}
	st, err := s.Stats(ctx)
	if err != nil {
		s.Close()
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
	fmt.Printf("| %s | %.0f | %.2f ms | %.0f | %.0f | %.3f | %s | %s | %.2fx | %s |\n", level,
		float64(n)/took.Seconds(), float64(cpu.Microseconds())/1000/float64(n),
		float64(n)/(cpu.Seconds()/float64(runtime.NumCPU())), float64(rawBytes)/took.Seconds()/1e6,
		float64(st.StoredBytes)/float64(st.RawBytes), mb(snap), mb(warc), float64(snap)/float64(warc), mb(whole))
	return nil
}

// refetchStorage stores every page fetched three times, unchanged, as a
// recrawl would, and compares with a WARC that keeps each fetch.
func refetchStorage(ctx context.Context, work string, pages []page) error {
	path := filepath.Join(work, "refetch.db")
	s, err := archive.Open(ctx, path, archive.Options{})
	if err != nil {
		return err
	}
	const rounds = 3
	at := time.Date(2026, 11, 25, 18, 0, 0, 0, time.UTC)
	_, err = ingest(ctx, s, rounds*len(pages), func(i int) archive.Record {
		r := pageRecord(pages, i%len(pages), at.Add(time.Duration(i)*time.Minute))
		return r
	})
	if cerr := s.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	snap, whole, err := diskUsage(path)
	if err != nil {
		return err
	}
	warc := warcSize(pages, len(pages), rounds)
	fmt.Printf("Recrawl: the %d pages fetched %d times each, unchanged (the store's default level, fastest): snapshots %s on disk "+
		"against %s of WARC gzip per record (%.2fx); whole database %s.\n\n",
		len(pages), rounds, mb(snap), mb(warc), float64(snap)/float64(warc), mb(whole))
	return nil
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
