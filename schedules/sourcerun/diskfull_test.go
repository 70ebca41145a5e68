package sourcerun

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/crawler/config"
	"github.com/newsarchive/newsarchive/internal/newstest"
)

// TestCrawlRecordsAFullDiskAsTheCause fills the archive's disk (a real
// tmpfs) while a crawl runs, between two looks at its free space, as
// another writer on the disk would: the run stops, and its record says
// failed, for the full disk, rather than stay running for the next start
// to mark interrupted. It is not counted as the source's last run that
// came to its end, so a restart makes it up; the next run, once there is
// room, leaves its record as it is and fetches the rest.
func TestCrawlRecordsAFullDiskAsTheCause(t *testing.T) {
	const articles = 60
	for _, tc := range []struct {
		name    string
		compact bool
	}{
		{"without compaction", false},
		{"compacting", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mnt := newstest.MountTmpfs(t)
			site := newstest.NewSite(t, articles)
			site.Delay.Store(int64(20 * time.Millisecond))
			db := filepath.Join(mnt, "archive.db")
			ctx := context.Background()
			store, log, logs, c := openWithCompactor(t, db)
			// The disk looks roomy at every look: it fills in between.
			opt := Options{Logger: log, diskFree: func() (int64, error) { return 1 << 40, nil }}
			if tc.compact {
				compactCtx, stop := context.WithCancel(ctx)
				c.Start(compactCtx)
				defer func() { stop(); c.Wait() }()
				opt.Compactor = c
			}
			src := config.Default().Defaults.Source("courier", site.URL+"/")
			src.Delay, src.Concurrency = 0, 1

			full := crawlFillingTheDisk(t, store, src, opt, site, mnt)
			if !errors.Is(full.err, ErrUnwritable) {
				t.Fatalf("crawl onto a disk filled under it: %v, want it stopped by the storage", full.err)
			}
			run, err := store.RunByID(ctx, full.res.RunID)
			if err != nil {
				t.Fatal(err)
			}
			if run.Status != archive.RunFailed || run.EndedAt == nil ||
				!strings.HasPrefix(run.Message, archive.RunStorageRefused) || !strings.Contains(run.Message, "free on the disk") {
				t.Fatalf("run recorded %s %q, want failed for the full disk; log:\n%s", run.Status, run.Message, logs.String())
			}
			active, err := store.SourcesLastActive(ctx)
			if err != nil || !active["courier"].Before(run.StartedAt) {
				t.Errorf("last active %v (%v): the run the full disk stopped counts as one that came to its end",
					active["courier"], err)
			}

			if err := os.Remove(filepath.Join(mnt, "filler")); err != nil {
				t.Fatal(err)
			}
			res, err := Run(ctx, store, src, opt)
			if err != nil || res.Status != archive.RunOK {
				t.Fatalf("crawl with room: %v (%s)", err, res.Status)
			}
			if again, err := store.RunByID(ctx, run.ID); err != nil || again.Status != run.Status || again.Message != run.Message {
				t.Errorf("the stopped run's record became %+v (%v)", again, err)
			}
			if n := newstest.Count(t, db, `SELECT COUNT(*) FROM articles`); n != articles {
				t.Errorf("%d articles after the run with room, want %d", n, articles)
			}
		})
	}
}

type crawlOutcome struct {
	res Result
	err error
}

// crawlFillingTheDisk crawls src and fills the disk at dir once the crawl
// has asked for its first articles.
func crawlFillingTheDisk(t *testing.T, store *archive.Store, src config.Source, opt Options, site *newstest.Site, dir string) crawlOutcome {
	t.Helper()
	done := make(chan crawlOutcome, 1)
	go func() {
		res, err := Run(context.Background(), store, src, opt)
		done <- crawlOutcome{res, err}
	}()
	deadline := time.Now().Add(20 * time.Second)
	for site.ArticlesRequested() < 5 {
		if time.Now().After(deadline) {
			t.Fatal("the crawl asked for no articles")
		}
		time.Sleep(5 * time.Millisecond)
	}
	fillDisk(t, dir)
	return <-done
}

// fillDisk writes a file named filler into dir until the disk refuses
// more.
func fillDisk(t *testing.T, dir string) {
	t.Helper()
	f, err := os.Create(filepath.Join(dir, "filler"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	chunk := make([]byte, 64<<10)
	for {
		if _, err := f.Write(chunk); err != nil {
			if !errors.Is(err, syscall.ENOSPC) {
				t.Fatalf("fill the disk: %v", err)
			}
			return
		}
	}
}

// TestRunRefusedAtStartIsRecorded fills the archive's disk (a real tmpfs)
// between two runs, its write-ahead log emptied, so that the next run's
// first writes (its source, its row) are refused: the run history must
// still show a run of the source, failed for the full disk, written in
// the room the reserve file held. Without a reserve nor anything else to
// give back, the run cannot be recorded, and its error and the log say
// so. Once there is room, the next run archives the rest and what was
// archived before stays.
func TestRunRefusedAtStartIsRecorded(t *testing.T) {
	for _, tc := range []struct {
		name    string
		reserve bool // the reserve file is there when the disk fills
	}{
		{"with the reserve", true},
		{"without the reserve", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mnt := newstest.MountTmpfs(t)
			site := newstest.NewSite(t, 3)
			db := filepath.Join(mnt, "archive.db")
			ctx := context.Background()
			store, log, logs, _ := openWithCompactor(t, db)
			// The disk looks roomy at every look: it fills between the runs.
			opt := Options{Logger: log, diskFree: func() (int64, error) { return 1 << 40, nil }}
			src := config.Default().Defaults.Source("courier", site.URL+"/")
			src.Delay, src.Concurrency = 0, 1
			if res, err := Run(ctx, store, src, opt); err != nil || res.Status != archive.RunOK {
				t.Fatalf("first run: %v (%s)", err, res.Status)
			}
			if !tc.reserve {
				if _, err := store.ReleaseReserve(); err != nil {
					t.Fatal(err)
				}
			}
			// Any write must now grow the log, which the full disk refuses.
			if emptied, err := store.Checkpoint(ctx); err != nil || !emptied {
				t.Fatalf("checkpoint: %v (emptied %v)", err, emptied)
			}
			fillDisk(t, mnt)

			res, err := Run(ctx, store, src, opt)
			if !errors.Is(err, ErrUnwritable) {
				t.Fatalf("run on the full disk: %v, want it refused by the storage", err)
			}
			runs := newstest.Count(t, db, `SELECT COUNT(*) FROM runs`)
			if !tc.reserve {
				if res.RunID != 0 || runs != 1 || !strings.Contains(err.Error(), "run could not be recorded") ||
					!strings.Contains(logs.String(), "run could not be recorded") {
					t.Fatalf("run %d, %d runs recorded, error %v; want none recorded and the error and log saying so; log:\n%s",
						res.RunID, runs, err, logs.String())
				}
			} else {
				run, rerr := store.RunByID(ctx, res.RunID)
				if rerr != nil || runs != 2 {
					t.Fatalf("run %d (%v), %d runs: want the refused run recorded; log:\n%s", res.RunID, rerr, runs, logs.String())
				}
				if run.Status != archive.RunFailed || run.EndedAt == nil || run.SourceID == 0 ||
					!strings.HasPrefix(run.Message, archive.RunStorageRefused) || !strings.Contains(run.Message, "free on the disk") {
					t.Errorf("refused run recorded %s %q (source %d), want failed for the full disk", run.Status, run.Message, run.SourceID)
				}
			}

			if err := os.Remove(filepath.Join(mnt, "filler")); err != nil {
				t.Fatal(err)
			}
			if res, err := Run(ctx, store, src, opt); err != nil || res.Status != archive.RunOK {
				t.Fatalf("run with room: %v (%s)", err, res.Status)
			}
			if n := newstest.Count(t, db, `SELECT COUNT(*) FROM articles`); n != 3 {
				t.Errorf("%d articles after the run with room, want 3", n)
			}
		})
	}
}

// TestRunOfAGoneArchiveIsNotRecorded: a run whose archive was deleted
// under it is refused at its start, as a full disk refuses it, but its
// record is not written into the file no name leads to (nor the room of
// whatever archive took the name given away).
func TestRunOfAGoneArchiveIsNotRecorded(t *testing.T) {
	site := newstest.NewSite(t, 1)
	db := filepath.Join(t.TempDir(), "archive.db")
	store, log, logs, _ := openWithCompactor(t, db)
	src := config.Default().Defaults.Source("courier", site.URL+"/")
	if err := store.HoldReserve(); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(db); err != nil {
		t.Fatal(err)
	}
	res, err := Run(context.Background(), store, src, Options{Logger: log})
	if !errors.Is(err, ErrUnwritable) || !strings.Contains(err.Error(), archive.ErrArchiveGone.Error()) || res.RunID != 0 {
		t.Fatalf("run of a deleted archive: run %d, %v; want none recorded, the archive gone; log:\n%s", res.RunID, err, logs.String())
	}
	if _, err := os.Stat(db + "-reserve"); err != nil {
		t.Errorf("the reserve beside the deleted archive: %v", err)
	}
}
