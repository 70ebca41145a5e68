package archive

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
)

func TestFrontierSurvivesReopen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "frontier.db")
	s, f, resumed := openFrontier(t, path)
	if resumed != 0 {
		t.Fatalf("fresh frontier: %d resumed", resumed)
	}
	for _, u := range []string{"https://g.example/a", "https://g.example/b", "https://g.example/a"} {
		fresh, err := f.See(ctx, u)
		if err != nil {
			t.Fatal(err)
		}
		if fresh {
			f.Push(u, []byte("req "+u))
		}
	}
	if n := f.Pending(); n != 2 {
		t.Fatalf("pending = %d, want 2 (a URL seen twice is queued once)", n)
	}
	first, ok := f.Pop()
	if !ok || string(first) != "req https://g.example/a" {
		t.Fatalf("pop = %q, %v; want the oldest request", first, ok)
	}
	// a is taken and never saved: the process dies with it in flight,
	// after a save wrote the frontier.
	if _, err := f.SaveBatch(ctx, []Record{record("https://g.example/other", "O", "other words", t0)}); err != nil {
		t.Fatal(err)
	}
	s.Close()

	s, f, resumed = openFrontier(t, path)
	defer s.Close()
	if resumed != 2 {
		t.Fatalf("reopened frontier: %d resumed; want 2 (b waiting, a in flight)", resumed)
	}
	if fresh, _ := f.See(ctx, "https://g.example/b"); fresh {
		t.Errorf("b is new again after reopening")
	}
	got := map[string]bool{}
	for req, ok := f.Pop(); ok; req, ok = f.Pop() {
		got[string(req)] = true
	}
	if len(got) != 2 {
		t.Errorf("popped %v, want both requests", got)
	}
	saved := []Record{record("https://g.example/a", "A", "words of a", t0), record("https://g.example/b", "B", "words of b", t0)}
	if _, err := f.SaveBatch(ctx, saved); err != nil {
		t.Fatal(err)
	}
	if _, resumed, _ := s.Frontier(ctx, f.sourceID); resumed != 0 {
		t.Errorf("%d requests wait after both were done", resumed)
	}
	if err := f.Clear(ctx); err != nil {
		t.Fatal(err)
	}
	if fresh, _ := f.See(ctx, "https://g.example/a"); !fresh {
		t.Errorf("a still seen after Clear")
	}
}

func TestLastStoredSkipsBodilessFetches(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	const u = "https://g.example/section/"
	page := record(u, "Section", "words", t0)
	page.Article = nil
	page.Fetch.Header.Set("ETag", `"v1"`)
	want := mustSave(t, s, page)
	for _, status := range []int{304, 503} {
		r := page
		r.Fetch.Status, r.Fetch.Body = status, nil
		mustSave(t, s, r)
	}
	f, err := s.LastStored(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	if f.ID != want.FetchID || f.Header.Get("ETag") != `"v1"` || f.BodySHA256 == "" {
		t.Errorf("LastStored = fetch %d (etag %q), want %d", f.ID, f.Header.Get("ETag"), want.FetchID)
	}
	if _, err := s.LastStored(ctx, "https://g.example/never"); !errors.Is(err, ErrNotFound) {
		t.Errorf("never fetched: %v", err)
	}
}

func TestRunCounts(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	run, err := s.StartRun(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	want := RunCounts{New: 3, Updated: 2, Unchanged: 1, Duplicates: 4, Bytes: 12345}
	if err := s.SetRunCounts(ctx, run, want); err != nil {
		t.Fatal(err)
	}
	if err := s.FinishRun(ctx, run, RunResult{Status: RunCancelled}); err != nil {
		t.Fatal(err)
	}
	got, err := s.RunCountsOf(ctx, run)
	if err != nil || got != want {
		t.Errorf("counts = %+v, %v; want %+v", got, err, want)
	}
	if r, _ := s.RunByID(ctx, run); r == nil || r.Status != RunCancelled {
		t.Errorf("run = %+v", r)
	}
}

// TestFrontierSeenBeforeQueued: the crawl sees a link, then saves another
// page (its transaction writes what the frontier buffered), and dies before
// it queues the link. The resumed run must find the link new, or it is
// not fetched before the run after; a link seen and queued stays seen.
func TestFrontierSeenBeforeQueued(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "frontier.db")
	s, f, _ := openFrontier(t, path)
	const queued, judged = "https://g.example/queued", "https://g.example/judged"
	for _, u := range []string{queued, judged} {
		if fresh, err := f.See(ctx, u); err != nil || !fresh {
			t.Fatalf("see %s: %v, %v", u, fresh, err)
		}
	}
	f.Push(queued, []byte("req "+queued))
	// judged is still being judged (robots.txt, the archive's lookup)
	// when another page's save commits.
	if _, err := f.SaveBatch(ctx, []Record{record("https://g.example/other", "O", "other words", t0)}); err != nil {
		t.Fatal(err)
	}
	s.Close() // the process dies before judged is queued

	s, f, resumed := openFrontier(t, path)
	defer s.Close()
	if resumed != 1 {
		t.Fatalf("reopened frontier: %d resumed; want 1", resumed)
	}
	for u, want := range map[string]bool{queued: false, judged: true} {
		if fresh, err := f.See(ctx, u); err != nil || fresh != want {
			t.Errorf("resumed run sees %s as new: %v (%v), want %v", u, fresh, err, want)
		}
	}
}
