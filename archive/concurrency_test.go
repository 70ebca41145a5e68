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
