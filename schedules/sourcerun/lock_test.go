package sourcerun

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
	"github.com/newsarchive/newsarchive/internal/newstest"
)

// TestCrawlStoppedWhileLockedEndsAtOnce: a crawl stopped (Ctrl-C, the
// daemon's shutdown) while it waits for another process's write lock
// ends at once, without trying each of the saves it holds for the busy
// timeout or waiting to record its end; the next run, once the lock is
// free, marks it interrupted and fetches the rest.
func TestCrawlStoppedWhileLockedEndsAtOnce(t *testing.T) {
	const articles = 12
	site := newstest.NewSite(t, articles)
	site.Delay.Store(int64(20 * time.Millisecond))
	c := newLockedCrawl(t, site, 200*time.Millisecond)
	db, store, src, opt, logs := c.db, c.store, c.src, c.opt, c.logs

	_, unlock := lockOnFirstArticle(t, site, db)
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan time.Duration, 1)
	go func() {
		start := time.Now()
		Run(ctx, store, src, opt) // its end may not be recorded: the lock is held
		done <- time.Since(start)
	}()
	waitForLog(t, logs, "the crawl waits for it")
	stopped := time.Now()
	stop()
	select {
	case <-done:
		if d := time.Since(stopped); d > 10*time.Second {
			t.Errorf("the stopped crawl took %v to end", d)
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("the stopped crawl still waits for the lock 30 s later; log:\n%s", logs.String())
	}
	unlock()
	res, err := Run(context.Background(), store, src, opt)
	if err != nil || res.Status != archive.RunOK {
		t.Fatalf("next run: %v (%s)", err, res.Status)
	}
	if n := newstest.Count(t, db, `SELECT COUNT(*) FROM articles`); n != articles {
		t.Errorf("%d of %d articles after the next run", n, articles)
	}
}

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
			site := newstest.NewSite(t, articles)
			ctx := context.Background()
			c := newLockedCrawl(t, site, 50*time.Millisecond)
			db, store, src, opt, logs := c.db, c.store, c.src, c.opt, c.logs
			if !tc.released {
				opt.lockWait = 300 * time.Millisecond
			}

			lock, unlock := lockOnFirstArticle(t, site, db)
			if tc.atStart {
				lock()
			}
			done := make(chan Result, 1)
			go func() {
				res, err := Run(ctx, store, src, opt)
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

			saved := newstest.Count(t, db, `SELECT COUNT(*) FROM articles`)
			if tc.released {
				if saved != articles || res.Stats.Errors != 0 || !strings.Contains(logs.String(), "the crawl goes on") {
					t.Fatalf("%d of %d articles saved, %d errors, after the lock was released; log:\n%s",
						saved, articles, res.Stats.Errors, logs.String())
				}
				return
			}
			// The pages of the batch given up are errors, left for the next
			// run; they may all be section pages, feeds or sitemaps, and
			// every article saved by a batch that got the lock after it.
			if res.Stats.Errors == 0 || !strings.Contains(logs.String(), "stayed locked") {
				t.Fatalf("%d of %d articles saved, %d errors, with the lock held past the wait; log:\n%s",
					saved, articles, res.Stats.Errors, logs.String())
			}
			if res, err := Run(ctx, store, src, opt); err != nil || res.Stats.Errors != 0 {
				t.Fatalf("next run: %v, %d errors", err, res.Stats.Errors)
			}
			if n := newstest.Count(t, db, `SELECT COUNT(*) FROM articles`); n != articles {
				t.Errorf("%d of %d articles after the next run", n, articles)
			}
		})
	}
}

// lockedCrawl is a crawl of a test site into an archive of its own,
// whose connections wait busy for another's write lock, up to a minute
// more for it (Options.lockWait), logging to logs.
type lockedCrawl struct {
	db    string
	store *archive.Store
	src   config.Source
	opt   Options
	logs  *logbuf.Buffer
}

func newLockedCrawl(t *testing.T, site *newstest.Site, busy time.Duration) lockedCrawl {
	t.Helper()
	c := lockedCrawl{db: filepath.Join(t.TempDir(), "archive.db"), logs: &logbuf.Buffer{}}
	var err error
	if c.store, err = archive.Open(context.Background(), c.db, archive.Options{BusyTimeout: busy}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.store.Close() })
	c.src = config.Default().Defaults.Source("courier", site.URL+"/")
	c.src.Delay, c.src.Concurrency = 0, 1
	c.opt = Options{Logger: slog.New(slog.NewTextHandler(c.logs, nil)), lockWait: time.Minute}
	return c
}

// lockOnFirstArticle takes db's write lock from a connection of its own
// when site serves its first article (or when lock is called), and
// returns what takes and releases it.
func lockOnFirstArticle(t *testing.T, site *newstest.Site, db string) (lock, unlock func()) {
	t.Helper()
	// It waits for the crawl's writer to finish a transaction under way:
	// BEGIN IMMEDIATE failed at once when a batch was being committed.
	other, err := sql.Open("sqlite", "file:"+db+"?_pragma=busy_timeout(30000)")
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
	site.OnArticle.Store(&lock)
	return lock, func() {
		release.Do(func() {
			site.OnArticle.Store(nil)
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

// TestCrawlStoppedWhileLockedRecordsWhatItCan stops a crawl while
// another process holds the archive's write lock, under the store's
// default busy timeout (10 s): the run's last writes (the pages it
// holds, its end) wait stopLockWait in all, where each waited the busy
// timeout. A lock freed within it lets the run's end be recorded; one
// held throughout leaves the run running, for the next run to mark
// interrupted.
func TestCrawlStoppedWhileLockedRecordsWhatItCan(t *testing.T) {
	const articles = 12
	for _, tc := range []struct {
		name    string
		release time.Duration // after the stop; 0: held throughout
		want    string
	}{
		{"held throughout", 0, archive.RunRunning},
		{"freed within the stop", time.Second, archive.RunCancelled},
	} {
		t.Run(tc.name, func(t *testing.T) {
			site := newstest.NewSite(t, articles)
			site.Delay.Store(int64(20 * time.Millisecond))
			c := newLockedCrawl(t, site, archive.DefaultBusyTimeout)
			lock, unlock := lockOnFirstArticle(t, site, c.db)
			ctx, stop := context.WithCancel(context.Background())
			done := make(chan Result, 1)
			go func() {
				res, _ := Run(ctx, c.store, c.src, c.opt)
				done <- res
			}()
			for deadline := time.Now().Add(20 * time.Second); site.ArticlesRequested() == 0; time.Sleep(5 * time.Millisecond) {
				if time.Now().After(deadline) {
					t.Fatal("the crawl asked for no article")
				}
			}
			lock()
			time.Sleep(100 * time.Millisecond) // the writer meets the lock
			stopped := time.Now()
			stop()
			if tc.release > 0 {
				time.AfterFunc(tc.release, unlock)
			}
			res := <-done
			took := time.Since(stopped)
			t.Logf("ended %v after the stop", took)
			if took > stopLockWait+2*time.Second {
				t.Errorf("the stopped crawl took %v to end; log:\n%s", took, c.logs.String())
			}
			unlock()
			run, err := c.store.RunByID(context.Background(), res.RunID)
			if err != nil || run.Status != tc.want {
				t.Fatalf("run recorded %+v (%v), want %s; log:\n%s", run, err, tc.want, c.logs.String())
			}
			next, err := Run(context.Background(), c.store, c.src, c.opt)
			if err != nil || next.Status != archive.RunOK {
				t.Fatalf("next run: %v (%s)", err, next.Status)
			}
			if run, err := c.store.RunByID(context.Background(), res.RunID); err != nil || run.Status == archive.RunRunning {
				t.Errorf("the stopped run is %+v (%v) after the next run", run, err)
			}
		})
	}
}
