package crawler

import (
	"context"
	"sync"
	"time"
)

// memStore is a Store kept in memory: the second implementation of the
// interface beside the archive, enough to follow a crawl across runs.
type memStore struct {
	mu       sync.Mutex
	records  []Record
	known    map[string]Known
	articles map[string]string // URL → content hash
	// now is the clock that dates each attempt, as the archive dates its
	// fetches: a test that moves the crawl's clock moves this one too.
	now func() time.Time
}

var _ Store = (*memStore)(nil)

func newMemStore() *memStore {
	return &memStore{known: map[string]Known{}, articles: map[string]string{}, now: time.Now}
}

func (m *memStore) Known(_ context.Context, url string) (Known, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.known[url], nil
}

func (m *memStore) Save(_ context.Context, r Record) (Outcome, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.records = append(m.records, r)
	k := m.known[r.URL]
	k.Checked, k.Gone, k.Settled = m.now(), false, false
	if r.Response != nil {
		st := r.Response.Status
		k.Gone, k.Settled = AnswerGone(st, r.Err != nil), AnswerSettled(st, r.Err != nil)
	}
	if r.Err != nil || r.Response == nil || r.Response.Status >= 300 {
		m.known[r.URL] = k
		return Outcome{}, nil
	}
	k.Fetched = k.Checked
	k.ETag = r.Response.Header.Get("ETag")
	k.LastModified = r.Response.Header.Get("Last-Modified")
	var out Outcome
	if r.Article != nil {
		prev, had := m.articles[r.URL]
		out = Outcome{NewArticle: !had, NewVersion: had && prev != r.Article.ContentHash}
		m.articles[r.URL] = r.Article.ContentHash
		if !k.Article {
			k.Article, k.FirstSeen = true, k.Checked
		}
	}
	m.known[r.URL] = k
	return out, nil
}

// failures returns the records with an error, by URL.
func (m *memStore) failures() map[string]error {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := map[string]error{}
	for _, r := range m.records {
		if r.Err != nil {
			out[r.URL] = r.Err
		}
	}
	return out
}

func (m *memStore) articleURLs() map[string]bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := map[string]bool{}
	for u := range m.articles {
		out[u] = true
	}
	return out
}

// listedOf is the listing date the last fetch of url was saved with.
func (m *memStore) listedOf(url string) time.Time {
	m.mu.Lock()
	defer m.mu.Unlock()
	var listed time.Time
	for _, r := range m.records {
		if r.URL == url {
			listed = r.Listed
		}
	}
	return listed
}

func (m *memStore) LastBody(_ context.Context, url string) ([]byte, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for i := len(m.records) - 1; i >= 0; i-- {
		r := m.records[i]
		if r.URL == url && r.Err == nil && r.Response != nil && r.Response.Status == 200 {
			return r.Response.Body, nil
		}
	}
	return nil, nil
}
