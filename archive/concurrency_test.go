package archive

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// TestConcurrentWriters saves from many goroutines through two stores on
// the same file (two processes, in effect) while others search: no write
// may fail with SQLITE_BUSY and every record must land.
func TestConcurrentWriters(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "busy.db")
	var stores []*Store
	for range 2 {
		s, err := Open(ctx, path, Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		stores = append(stores, s)
	}
	const goroutines, each = 6, 15
	var wg sync.WaitGroup
	errs := make(chan error, goroutines*each+goroutines)
	for g := range goroutines {
		s := stores[g%2]
		wg.Go(func() {
			for i := range each {
				u := fmt.Sprintf("https://busy.example/%d/%d", g, i)
				r := record(u, "Busy", fmt.Sprintf("words of goroutine %d item %d", g, i), t0.Add(time.Duration(i)*time.Second))
				var err error
				if i%5 == 0 {
					_, err = s.SaveBatch(ctx, []Record{r, record(u+"/b", "Busy", fmt.Sprintf("batched %d %d", g, i), t0)})
				} else {
					_, err = s.Save(ctx, r)
				}
				if err != nil {
					errs <- err
				}
			}
		})
		wg.Go(func() {
			for range each {
				if _, err := s.Search(ctx, Query{Text: "busy"}); err != nil {
					errs <- err
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	want := goroutines * (each + each/5)
	if n := count(t, stores[0], "articles"); n != want {
		t.Errorf("articles = %d, want %d", n, want)
	}
}

// TestReadWhileWriteLocked opens a second store and reads while the first
// holds the write lock, as the read commands do beside a running crawl.
func TestReadWhileWriteLocked(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "locked.db")
	w, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	mustSave(t, w, record("https://news.example/a", "River", "the river rose", t0))
	tx, err := w.writer.BeginTx(ctx, nil) // takes the write lock (immediate)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	// A read path that needed the lock would fail after this timeout.
	r, err := Open(ctx, path, Options{MustExist: true, BusyTimeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatalf("open beside a writer: %v", err)
	}
	defer r.Close()
	if _, err := r.Stats(ctx); err != nil {
		t.Errorf("stats beside a writer: %v", err)
	}
	if hits, err := r.Search(ctx, Query{Text: "river"}); err != nil || len(hits) != 1 {
		t.Errorf("search beside a writer: %v, %v", hits, err)
	}
}
