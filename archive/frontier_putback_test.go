package archive

import (
	"context"
	"path/filepath"
	"testing"
)

// openFrontier opens the store at path and the frontier of its source
// "gazette", with the number of requests it resumed. The caller closes
// the store.
func openFrontier(t *testing.T, path string) (*Store, *Frontier, int) {
	t.Helper()
	ctx := context.Background()
	s, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	src, err := s.EnsureSource(ctx, "gazette", "h")
	if err != nil {
		s.Close()
		t.Fatal(err)
	}
	f, resumed, err := s.Frontier(ctx, src)
	if err != nil {
		s.Close()
		t.Fatal(err)
	}
	return s, f, resumed
}

// A cancelled crawl gives back the requests it took and did not fetch. They
// kept their rows, so a resumed run must find each once, not twice; one
// saved meanwhile is gone, and one pushed after its save is queued anew.
func TestFrontierPutBack(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "frontier.db")
	s, f, _ := openFrontier(t, path)
	defer func() { s.Close() }()
	const a, b, c, d = "https://g.example/a", "https://g.example/b", "https://g.example/c", "https://g.example/d"
	for _, u := range []string{a, b, c} {
		f.Push(u, []byte(u))
	}
	// Rows for a, b and c are written; then all three are taken.
	if _, err := f.SaveBatch(ctx, []Record{record("https://g.example/other", "O", "other words", t0)}); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if _, ok := f.Pop(); !ok {
			t.Fatal("pop found nothing")
		}
	}
	f.Push(d, []byte(d)) // queued and taken before any write
	if _, ok := f.Pop(); !ok {
		t.Fatal("pop found nothing")
	}
	// c is fetched and saved; a, b and d are given back at the cancel, and
	// c is queued again after its save (a retry, say).
	if _, err := f.SaveBatch(ctx, []Record{record(c, "C", "words of c", t0)}); err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{a, b, d, c} {
		f.Push(u, []byte(u))
	}
	if n := f.Pending(); n != 4 {
		t.Errorf("pending = %d after giving back, want 4", n)
	}
	if err := f.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	s.Close()

	s, f, resumed := openFrontier(t, path)
	got := map[string]int{}
	for req, ok := f.Pop(); ok; req, ok = f.Pop() {
		got[string(req)]++
	}
	want := map[string]int{a: 1, b: 1, c: 1, d: 1}
	if resumed != len(want) || len(got) != len(want) {
		t.Fatalf("resumed %d requests %v, want each of %v once", resumed, got, want)
	}
	for u, n := range want {
		if got[u] != n {
			t.Errorf("resumed %s %d times, want %d", u, got[u], n)
		}
	}
}

// A 429 answer saved while the crawler waits to ask again keeps its
// request: a process killed during the wait resumes it; the final answer
// removes it.
func TestFrontierKeepsRetriedRequest(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "frontier.db")
	s, f, _ := openFrontier(t, path)
	defer func() { s.Close() }()
	const busy, done = "https://g.example/busy", "https://g.example/done"
	f.Push(busy, []byte(busy))
	f.Push(done, []byte(done))
	for range 2 {
		if _, ok := f.Pop(); !ok {
			t.Fatal("pop found nothing")
		}
	}
	retried := record(busy, "B", "busy words", t0)
	retried.Article, retried.Fetch.Status, retried.Fetch.Body, retried.KeepQueued = nil, 429, nil, true
	if _, err := f.SaveBatch(ctx, []Record{retried, record(done, "D", "done words", t0)}); err != nil {
		t.Fatal(err)
	}
	s.Close() // killed while waiting to ask again

	s, f, resumed := openFrontier(t, path)
	req, ok := f.Pop()
	if resumed != 1 || !ok || string(req) != busy {
		t.Fatalf("resumed %d requests, first %q, want only %s", resumed, req, busy)
	}
	if _, err := f.SaveBatch(ctx, []Record{record(busy, "B", "busy words", t0)}); err != nil {
		t.Fatal(err)
	}
	if err := f.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := s.readers.QueryRow(`SELECT COUNT(*) FROM frontier_queue`).Scan(&n); err != nil || n != 0 {
		t.Errorf("%d requests left after the retried page was saved (%v)", n, err)
	}
}
