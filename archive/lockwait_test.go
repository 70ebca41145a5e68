package archive

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"testing"
	"time"
)

// TestWriteStopsWaitingForTheLock holds the archive's write lock from
// another connection, as a db check in another process does, while a
// write waits for it under the store's busy timeout (10 s): the wait ends
// when the write's context ends, or at the bound WaitForLockUntil sets,
// not at the busy timeout; past the bound a write still goes through a
// free lock; a lock freed within the bound lets the write in.
func TestWriteStopsWaitingForTheLock(t *testing.T) {
	for _, tc := range []struct {
		name    string
		cancel  bool          // the write's context is cancelled after 200 ms
		bound   time.Duration // WaitForLockUntil's bound from the write's start; 0 for none, <0 for passed
		held    bool          // the other connection holds the lock throughout
		release time.Duration // or releases it after this long
		want    func(error) bool
	}{
		{"cancelled", true, 0, true, 0, func(err error) bool { return errors.Is(err, context.Canceled) }},
		{"bounded", false, 200 * time.Millisecond, true, 0, Locked},
		{"bound passed, lock held", false, -1, true, 0, Locked},
		{"bound passed, lock free", false, -1, false, 0, noError},
		{"lock freed within the bound", false, 5 * time.Second, false, 200 * time.Millisecond, noError},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "a.db")
			s := mustOpenAt(t, path)
			bg := context.Background()
			src, err := s.EnsureSource(bg, "paper", "h")
			if err != nil {
				t.Fatal(err)
			}
			run, err := s.StartTriggeredRun(bg, src, TriggerSchedule)
			if err != nil {
				t.Fatal(err)
			}
			if tc.held || tc.release > 0 {
				unlock := holdWriteLock(t, path)
				if tc.release > 0 {
					time.AfterFunc(tc.release, unlock)
				}
			}
			// Each write's context, from its start.
			writeCtx := func() (context.Context, func()) {
				ctx, cancel := context.WithCancel(bg)
				if tc.cancel {
					time.AfterFunc(200*time.Millisecond, cancel)
				}
				if tc.bound == 0 {
					return ctx, cancel
				}
				until, end := context.WithTimeout(bg, max(tc.bound, 0))
				return WaitForLockUntil(ctx, until), func() { end(); cancel() }
			}
			for _, w := range []struct {
				name  string
				write func(context.Context) error
			}{
				{"run's end", func(ctx context.Context) error { return s.FinishRun(ctx, run, RunResult{Status: RunCancelled}) }},
				{"page", func(ctx context.Context) error {
					_, err := s.Save(ctx, Record{Fetch: Fetch{RequestedURL: "https://paper.example/a", Method: "GET",
						Status: 200, FetchedAt: time.Now(), Body: []byte("<p>a page</p>")}})
					return err
				}},
			} {
				ctx, end := writeCtx()
				start := time.Now()
				err := w.write(ctx)
				end()
				if took := time.Since(start); took > DefaultBusyTimeout/2 || !tc.want(err) {
					t.Errorf("%s: write took %v, error %v", w.name, took, err)
				}
			}
		})
	}
}

func noError(err error) bool { return err == nil }

// holdWriteLock takes the write lock of the database at path from a
// connection of its own, until the returned function (or the test's end)
// releases it.
func holdWriteLock(t *testing.T, path string) (release func()) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	conn, err := db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(context.Background(), `BEGIN IMMEDIATE`); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	release = func() {
		select {
		case <-done:
			return
		default:
			close(done)
		}
		conn.ExecContext(context.Background(), `ROLLBACK`)
		conn.Close()
		db.Close()
	}
	t.Cleanup(release)
	return release
}
