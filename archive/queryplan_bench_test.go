package archive

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"testing"
	"time"
)

// plansBenchDB names the archive BenchmarkQueryPlans times its queries
// on; it is built there when the file does not exist (a few minutes, 1 GB)
// and kept for the next runs.
var plansBenchDB = flag.String("plansbench.db", "", "archive for BenchmarkQueryPlans, built when missing")

// plansBenchStore opens the archive -plansbench.db names, building it
// first when it does not exist: fillCheckBench's 100,000 articles, then
// fetches of listing pages up to a million fetches, as a daemon crawling
// a site for months records them.
func plansBenchStore(b *testing.B) *Store {
	path := *plansBenchDB
	if path == "" {
		b.Skip("set -plansbench.db PATH")
	}
	_, err := os.Stat(path)
	if err == nil {
		return mustOpenAt(b, path)
	}
	if !errors.Is(err, fs.ErrNotExist) {
		b.Fatal(err)
	}
	s := mustOpenAt(b, path)
	start := time.Now()
	fillCheckBench(b, s)
	if err := fillListingFetches(context.Background(), s, 1_000_000); err != nil {
		b.Fatal(err)
	}
	b.Logf("built %s in %s", path, time.Since(start).Round(time.Second))
	return s
}

// fillListingFetches adds fetches of 50 listing pages until the archive
// holds total fetches, one run per 100: every other one a 304, one in
// ten a 200 with the body of an earlier fetch, the rest failures.
func fillListingFetches(ctx context.Context, s *Store, total int) error {
	tx, err := s.writer.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var runs, fetches int64
	err = tx.QueryRowContext(ctx, `SELECT (SELECT COALESCE(MAX(id), 0) FROM runs), (SELECT COUNT(*) FROM fetches)`).Scan(&runs, &fetches)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1)
		INSERT INTO runs (source_id, started_at, ended_at, status, triggered_by)
		SELECT (SELECT MIN(id) FROM sources), strftime('%Y-%m-%dT%H:%M:%S.000000Z', '2026-03-02', '+' || i || ' minutes'),
			strftime('%Y-%m-%dT%H:%M:%S.000000Z', '2026-03-02', '+' || i || ' minutes'), 'ok', 'schedule'
		FROM n WHERE i % 100 = 0`, int64(total)-fetches)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1)
		INSERT INTO fetches (run_id, source_id, requested_url, final_url, method, status, proto,
			response_headers, request_headers, remote_ip, fetched_at, duration_ms, error, truncated, body_sha256)
		SELECT ?2 + MAX(1, i / 100), (SELECT MIN(id) FROM sources),
			'https://bench.example/section/' || (i % 50), 'https://bench.example/section/' || (i % 50),
			'GET', CASE WHEN i % 2 = 0 THEN 304 WHEN i % 10 = 1 THEN 200 ELSE 0 END, 'HTTP/1.1', '', '', '127.0.0.1',
			strftime('%Y-%m-%dT%H:%M:%S.000000Z', '2026-03-02', '+' || i || ' minutes'), 40,
			CASE WHEN i % 2 = 0 OR i % 10 = 1 THEN '' ELSE 'timeout' END, 0,
			CASE WHEN i % 10 = 1 THEN (SELECT body_sha256 FROM fetches WHERE id = 1 + i % 1000) END
		FROM n`, int64(total)-fetches, runs)
	if err != nil {
		return err
	}
	return tx.Commit()
}

// BenchmarkQueryPlans times, on the archive of -plansbench.db, the
// queries the audit of query plans found reading or sorting a whole
// growing table more than once per command, and those it left as they
// are whose cost grows with one URL's or one run's history. Run it with
// -benchtime 3x.
func BenchmarkQueryPlans(b *testing.B) {
	ctx := context.Background()
	s := plansBenchStore(b)
	for _, step := range append(fixedPlanSteps(ctx, s), keptPlanSteps(ctx, b, s)...) {
		b.Run(step.name, func(b *testing.B) {
			for b.Loop() {
				if err := step.run(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// planBenchStep is a query BenchmarkQueryPlans times.
type planBenchStep struct {
	name string
	run  func() error
}

// fixedPlanSteps are the queries whose plans were fixed.
func fixedPlanSteps(ctx context.Context, s *Store) []planBenchStep {
	return []planBenchStep{
		{"reparse-page", func() error { _, _, err := s.snapshotIDs(ctx, 0, 0); return err }},
		{"reparse-page-midway", func() error { _, _, err := s.snapshotIDs(ctx, 0, 500_000); return err }},
		{"reparse-all-pages", func() error { return allSnapshotPages(ctx, s) }},
		{"runs-of-source", func() error { _, err := s.Runs(ctx, RunFilter{Source: "bench", Limit: 20}); return err }},
		{"spool-waiting", func() error {
			var n int64
			return s.readers.QueryRowContext(ctx, spoolWaitingQuery).Scan(&n)
		}},
	}
}

// keptPlanSteps are the queries left as they are: their cost grows with
// the fetches of one URL (a listing fetched every few minutes) or with
// the versions of the archive once per interrupted run.
func keptPlanSteps(ctx context.Context, b *testing.B, s *Store) []planBenchStep {
	listing := func(k int) string { return fmt.Sprintf("https://bench.example/section/%d", k) }
	var snapshot, lastRun int64
	err := s.readers.QueryRowContext(ctx, `SELECT
		(SELECT MAX(id) FROM fetches WHERE final_url = ? AND status = 200), (SELECT MAX(id) FROM runs)`,
		listing(1)).Scan(&snapshot, &lastRun)
	if err != nil {
		b.Fatal(err)
	}
	return []planBenchStep{
		{"last-stored-listing", func() error { _, err := s.LastStored(ctx, listing(1)); return err }},
		{"last-stored-listing-only-304", func() error {
			if _, err := s.LastStored(ctx, listing(0)); !errors.Is(err, ErrNotFound) {
				return fmt.Errorf("last stored of %s: %w", listing(0), err)
			}
			return nil
		}},
		{"confirmed-until-listing", func() error {
			f, err := s.fetchRow(ctx, snapshot)
			if err != nil {
				return err
			}
			_, err = s.confirmedUntil(ctx, f)
			return err
		}},
		{"run-versions", func() error {
			var n int64
			return s.readers.QueryRowContext(ctx, `SELECT (`+runVersions+`) FROM runs WHERE id = ?`, lastRun).Scan(&n)
		}},
	}
}

// allSnapshotPages lists every page of snapshots a reparse reads.
func allSnapshotPages(ctx context.Context, s *Store) error {
	for after := int64(0); ; {
		ids, last, err := s.snapshotIDs(ctx, 0, after)
		if err != nil || len(ids) == 0 {
			return err
		}
		after = last
	}
}
