package sourcerun

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"math"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/crawler/config"
	"github.com/newsarchive/newsarchive/internal/logbuf"
	"github.com/newsarchive/newsarchive/internal/newstest"
)

// TestCrawlCompactsWhenTheDiskRunsLow crawls with the low-disk mark set
// above any disk's free space, then under it: a crawl on a low disk kicks
// the compactor, which compacts spooled bodies without the compaction
// after the run, and the crawl still archives every article; on a disk
// with room it leaves compaction to after the run.
func TestCrawlCompactsWhenTheDiskRunsLow(t *testing.T) {
	const articles = 30
	for _, tc := range []struct {
		name    string
		lowDisk int64
		low     bool
	}{
		{"low", math.MaxInt64, true},
		{"room", 1, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			site := newstest.NewSite(t, articles)
			site.Padding.Store(20 << 10)
			db := filepath.Join(t.TempDir(), "archive.db")
			ctx := context.Background()
			store, log, logs, c := openWithCompactor(t, db)
			compactCtx, stop := context.WithCancel(ctx)
			c.Start(compactCtx)
			defer func() { stop(); c.Wait() }()

			src := config.Default().Defaults.Source("courier", site.URL+"/")
			src.Delay = 0
			res, err := Run(ctx, store, src, Options{Logger: log, Compactor: c, LowDisk: tc.lowDisk})
			if err != nil || res.Stats.New != articles {
				t.Fatalf("crawl: %v, %d new articles, want %d", err, res.Stats.New, articles)
			}
			if said := strings.Contains(logs.String(), "disk is low"); said != tc.low {
				t.Errorf("log says the disk is low: %v, want %v", said, tc.low)
			}
			if !tc.low {
				return
			}
			// The compactor kicked during the crawl compacts without being asked again.
			deadline := time.Now().Add(20 * time.Second)
			for newstest.Count(t, db, `SELECT COUNT(*) FROM bodies WHERE encoding = 'zstd'`) == 0 {
				if time.Now().After(deadline) {
					t.Fatal("no body compacted after the crawl found the disk low")
				}
				time.Sleep(20 * time.Millisecond)
			}
		})
	}
}

// TestCrawlKeepsTheDiskReserve: a crawl that brings the disk under the
// space kept free for compaction compacts at once, and stops when that
// leaves it under still, recorded failed with the reason, its saves kept;
// a run on a disk under the reserve stops before it fetches anything; the
// next run with room fetches the rest. The disk is the archive's files
// against a capacity of the test's (see virtualDisk).
func TestCrawlKeepsTheDiskReserve(t *testing.T) {
	const articles, reserve = 100, 4 << 20
	site := newstest.NewSite(t, articles)
	site.Padding.Store(20 << 10) // random: compacted to three quarters
	site.Noisy.Store(true)
	db := filepath.Join(t.TempDir(), "archive.db")
	ctx := context.Background()
	store, log, logs, c := openWithCompactor(t, db)
	src := config.Default().Defaults.Source("courier", site.URL+"/")
	// Paced, so that the run is still fetching when the disk fills, with
	// seconds to spare for a writer slowed by a loaded machine (at 15 ms a
	// page, every article was saved before the stop under -race).
	src.Delay, src.Concurrency = 40*time.Millisecond, 1
	// Room for a few articles past the reserve.
	small := virtualDisk(t, db, archiveBytes(t, db)+reserve+200<<10)
	opt := Options{Logger: log, Compactor: c, DiskReserve: reserve, diskFree: small}

	res, err := Run(ctx, store, src, opt)
	if !errors.Is(err, ErrUnwritable) || !strings.Contains(err.Error(), "disk is nearly full") {
		t.Fatalf("crawl into a small disk: %v, want it stopped naming the nearly full disk", err)
	}
	if res.Status != archive.RunFailed || res.Stats.New == 0 || res.Stats.New >= articles {
		t.Errorf("run %s with %d of %d articles; want failed after its first saves", res.Status, res.Stats.New, articles)
	}
	if !strings.Contains(logs.String(), "compacting before the crawl goes on") ||
		newstest.Count(t, db, `SELECT COUNT(*) FROM bodies WHERE encoding = 'zstd'`) == 0 {
		t.Errorf("no compaction before the stop:\n%s", logs.String())
	}
	if free, _ := small(); free < 0 {
		t.Errorf("the archive overran its disk by %d bytes", -free)
	}

	fetches := newstest.Count(t, db, `SELECT COUNT(*) FROM fetches`)
	res, err = Run(ctx, store, src, opt)
	if !errors.Is(err, ErrUnwritable) || res.Status != archive.RunFailed || res.Stats.Fetched != 0 ||
		newstest.Count(t, db, `SELECT COUNT(*) FROM fetches`) != fetches {
		t.Errorf("run on a disk still under the reserve: %v (%s), %d fetched, want failed before any fetch",
			err, res.Status, res.Stats.Fetched)
	}

	opt.diskFree = virtualDisk(t, db, 1<<40)
	res, err = Run(ctx, store, src, opt)
	if err != nil || res.Status != archive.RunOK {
		t.Fatalf("crawl with room: %v (%s)", err, res.Status)
	}
	if n := newstest.Count(t, db, `SELECT COUNT(*) FROM articles`); n != articles {
		t.Errorf("%d articles after the run with room, want %d", n, articles)
	}
}

// virtualDisk is a disk of size bytes that holds the archive at db alone:
// its free space is size less the space the archive's files take now.
func virtualDisk(t *testing.T, db string, size int64) func() (int64, error) {
	return func() (int64, error) { return size - archiveBytes(t, db), nil }
}

// archiveBytes is the disk space the archive's files take: allocated
// blocks, so the spool's punched holes count as given back.
func archiveBytes(t *testing.T, db string) int64 {
	var used int64
	for _, f := range []string{db, db + "-wal", db + "-spool"} {
		fi, err := os.Stat(f)
		if err != nil {
			continue
		}
		st, ok := fi.Sys().(*syscall.Stat_t)
		if !ok {
			t.Skip("no block counts on this system")
		}
		used += st.Blocks * 512
	}
	return used
}

// openWithCompactor opens a new archive at db, closed with the test, and
// a compactor for it (not started) logging to the returned logger and
// buffer.
func openWithCompactor(t *testing.T, db string) (*archive.Store, *slog.Logger, *logbuf.Buffer, *Compactor) {
	t.Helper()
	store := mustOpen(t, db)
	logs := &logbuf.Buffer{}
	log := slog.New(slog.NewTextHandler(logs, nil))
	return store, log, logs, NewCompactor(store, log)
}

// TestCrawlWithoutCompactionKeepsTheReserve: a crawl told not to compact
// (crawl --no-compact) stops at the reserve rather than fill the disk, so
// that `db compact` finds room afterwards.
func TestCrawlWithoutCompactionKeepsTheReserve(t *testing.T) {
	const articles, reserve = 60, 4 << 20
	site := newstest.NewSite(t, articles)
	site.Padding.Store(20 << 10)
	site.Noisy.Store(true)
	db := filepath.Join(t.TempDir(), "archive.db")
	ctx := context.Background()
	store, err := archive.Open(ctx, db, archive.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	src := config.Default().Defaults.Source("courier", site.URL+"/")
	src.Delay, src.Concurrency = 15*time.Millisecond, 1
	small := virtualDisk(t, db, archiveBytes(t, db)+reserve+200<<10)
	res, err := Run(ctx, store, src, Options{DiskReserve: reserve, diskFree: small,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if !errors.Is(err, ErrUnwritable) || !strings.Contains(err.Error(), "db compact") {
		t.Fatalf("crawl into a small disk without compaction: %v, want it stopped at the reserve", err)
	}
	if res.Stats.New == 0 || res.Stats.New >= articles {
		t.Errorf("%d of %d articles; want a stop after the first saves", res.Stats.New, articles)
	}
	if n := newstest.Count(t, db, `SELECT COUNT(*) FROM bodies WHERE encoding = 'zstd'`); n != 0 {
		t.Errorf("%d bodies compacted by a crawl told not to", n)
	}
	if free, _ := small(); free < 0 {
		t.Errorf("the archive overran its disk by %d bytes", -free)
	}
}
