package main

import (
	"context"
	"database/sql"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/crawler/config"
	"github.com/newsarchive/newsarchive/internal/logbuf"
)

// TestCrawlWaitsForAnotherProcesssLock holds the archive's write lock
// from another connection, as a db check or db reindex of a large
// archive does for minutes, from before the run or from the crawl's
// first article on, for longer than the store's busy timeout. Released while the crawl waits,
// the crawl saves every page; held past the crawl's wait, the run loses
// only the pages it held (counted as errors, left to the next run), it
// records its end once the lock is free, and the next run fetches them.
func TestCrawlWaitsForAnotherProcesssLock(t *testing.T) {
	const articles = 12
	for _, tc := range []struct {
		name     string
		atStart  bool // the lock is taken before the run starts
		released bool // the lock is released once the crawl says it waits
	}{
		{"taken before the run starts", true, true},
		{"released while the crawl waits", false, true},
		{"held past the crawl's wait", false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			site := newTestNews(t, articles)
			db := filepath.Join(t.TempDir(), "archive.db")
			ctx := context.Background()
			store, err := archive.Open(ctx, db, archive.Options{BusyTimeout: 50 * time.Millisecond})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { store.Close() })
			logs := &logbuf.Buffer{}
			src := config.Default().Defaults.Source("courier", site.srv.URL+"/")
			src.Delay, src.Concurrency = 0, 1
			opt := crawlOptions{Logger: slog.New(slog.NewTextHandler(logs, nil)), lockWait: time.Minute}
			if !tc.released {
				opt.lockWait = 300 * time.Millisecond
			}

			lock, unlock := lockOnFirstArticle(t, site, db)
			if tc.atStart {
				lock()
			}
			done := make(chan runResult, 1)
			go func() {
				res, err := crawlSource(ctx, store, src, opt)
				if err != nil {
					t.Errorf("crawl: %v", err)
				}
				done <- res
			}()
			if tc.released {
				waitForLog(t, logs, "the crawl waits for it")
			} else {
				waitForLog(t, logs, "stayed locked")
			}
			unlock()
			res := <-done

			saved := count(t, db, `SELECT COUNT(*) FROM articles`)
			if tc.released {
				if saved != articles || res.Stats.Errors != 0 || !strings.Contains(logs.String(), "the crawl goes on") {
					t.Fatalf("%d of %d articles saved, %d errors, after the lock was released; log:\n%s",
						saved, articles, res.Stats.Errors, logs.String())
				}
				return
			}
			if saved == articles || res.Stats.Errors == 0 || !strings.Contains(logs.String(), "stayed locked") {
				t.Fatalf("%d of %d articles saved, %d errors, with the lock held past the wait; log:\n%s",
					saved, articles, res.Stats.Errors, logs.String())
			}
			if res, err := crawlSource(ctx, store, src, opt); err != nil || res.Stats.Errors != 0 {
				t.Fatalf("next run: %v, %d errors", err, res.Stats.Errors)
			}
			if n := count(t, db, `SELECT COUNT(*) FROM articles`); n != articles {
				t.Errorf("%d of %d articles after the next run", n, articles)
			}
		})
	}
}

// lockOnFirstArticle takes db's write lock from a connection of its own
// when site serves its first article (or when lock is called), and
// returns what takes and releases it.
func lockOnFirstArticle(t *testing.T, site *testNews, db string) (lock, unlock func()) {
	t.Helper()
	other, err := sql.Open("sqlite", db)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { other.Close() })
	conn, err := other.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	var (
		once, release sync.Once
		locked        bool
		mu            sync.Mutex
	)
	lock = func() {
		once.Do(func() {
			mu.Lock()
			defer mu.Unlock()
			if _, err := conn.ExecContext(context.Background(), `BEGIN IMMEDIATE`); err != nil {
				t.Errorf("take the write lock: %v", err)
				return
			}
			locked = true
		})
	}
	site.onArticle.Store(&lock)
	return lock, func() {
		release.Do(func() {
			site.onArticle.Store(nil)
			mu.Lock()
			defer mu.Unlock()
			if locked {
				if _, err := conn.ExecContext(context.Background(), `ROLLBACK`); err != nil {
					t.Errorf("release the write lock: %v", err)
				}
			}
		})
	}
}

// waitForLog waits up to 20 s for logs to hold s.
func waitForLog(t *testing.T, logs *logbuf.Buffer, s string) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if strings.Contains(logs.String(), s) {
			return
		}
	}
	t.Fatalf("no %q in the log:\n%s", s, logs.String())
}
