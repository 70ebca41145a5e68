package crawler

import (
	"encoding/json"
	"sync"
	"testing"
)

// takeLog is a Frontier that counts, by URL, the requests it handed out and
// those given back after being handed out.
type takeLog struct {
	Frontier
	mu    sync.Mutex
	taken map[string]int
	back  map[string]int
}

func newTakeLog(f Frontier) *takeLog {
	return &takeLog{Frontier: f, taken: map[string]int{}, back: map[string]int{}}
}

func (f *takeLog) GetRequest() ([]byte, error) {
	req, err := f.Frontier.GetRequest()
	if err == nil && req != nil {
		f.mu.Lock()
		f.taken[queuedURL(req)]++
		f.mu.Unlock()
	}
	return req, err
}

func (f *takeLog) AddRequest(req []byte) error {
	u := queuedURL(req)
	f.mu.Lock()
	if f.taken[u] > f.back[u] {
		f.back[u]++
	}
	f.mu.Unlock()
	return f.Frontier.AddRequest(req)
}

// queuedURL is the normalised URL a serialised request was queued for.
func queuedURL(req []byte) string {
	var r struct{ Ctx map[string]any }
	_ = json.Unmarshal(req, &r)
	u, _ := r.Ctx[ctxURL].(string)
	return u
}

// A cancelled run gives back every request it took from the frontier and
// did not complete, once, and none that it completed: a frontier that
// keeps taken requests until their fetch is saved (the archive's) relies
// on it to hold each exactly once for the run that resumes.
func TestCancelGivesBackOnlyUnfinishedRequests(t *testing.T) {
	site := newPoliteSite(t, 30, "", 404)
	store := newMemStore()
	src := testSource(site.URL + "/")
	src.Concurrency = 1 // the other workers wait for the host's turn
	front := newTakeLog(NewMemFrontier(100))
	opt := testOptions(src, store)
	opt.Frontier = front
	ctx, cancel := cancelAfterNew(&opt, 3)
	defer cancel()
	if _, err := Run(ctx, opt); err == nil {
		t.Fatal("cancelled run returned no error")
	}
	saved := map[string]bool{}
	store.mu.Lock()
	for _, r := range store.records {
		saved[r.URL] = true
	}
	store.mu.Unlock()
	front.mu.Lock()
	defer front.mu.Unlock()
	if len(front.back) == 0 {
		t.Fatalf("nothing given back at the cancel; taken %v", front.taken)
	}
	for u, n := range front.taken {
		switch back := front.back[u]; {
		case n != 1:
			t.Errorf("%s taken %d times by one run", u, n)
		case saved[u] && back > 0:
			t.Errorf("%s saved and given back", u)
		case !saved[u] && back != 1:
			t.Errorf("%s neither saved nor given back once (%d)", u, back)
		}
	}
}
