package crawler

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// judgedStore is a memStore that says when the crawl has looked up a URL.
type judgedStore struct {
	*memStore
	watch  string
	judged chan struct{}
	once   sync.Once
}

func (s *judgedStore) Known(ctx context.Context, url string) (Known, error) {
	k, err := s.memStore.Known(ctx, url)
	if url == s.watch && k.Article {
		s.once.Do(func() { close(s.judged) })
	}
	return k, err
}

// An archived article linked without a date by a page is passed over; the
// sitemap that dates its update later in the same run still gets it
// fetched. The sitemap is held back until the page's link was judged, so
// the order is the one that used to lose the update.
func TestDatedListingAfterUndatedLinkRefetches(t *testing.T) {
	const story = "/news/2026/05/02/harbour-plan-revised"
	var edited atomic.Int64 // unix seconds of the last edit, 0 before
	store := &judgedStore{memStore: newMemStore(), judged: make(chan struct{})}
	var hold atomic.Bool
	var fetches atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/":
			fmt.Fprintf(w, `<html><body><a href="%s">Harbour plan</a></body></html>`, story)
		case "/sitemap.xml":
			if hold.Load() {
				select {
				case <-store.judged:
				case <-time.After(5 * time.Second):
				}
			}
			lastmod := time.Date(2026, 5, 2, 8, 0, 0, 0, time.UTC)
			if e := edited.Load(); e != 0 {
				lastmod = time.Unix(e, 0).UTC()
			}
			w.Header().Set("Content-Type", "application/xml")
			fmt.Fprintf(w, `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`+
				`<url><loc>%s</loc><lastmod>%s</lastmod></url></urlset>`, story, lastmod.Format(time.RFC3339))
		case story:
			fetches.Add(1)
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, articleHTML(2, r.URL.Path))
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	store.watch = srv.URL + story

	src := testSource(srv.URL + "/")
	src.Sitemaps = []string{srv.URL + "/sitemap.xml"}
	src.Concurrency = 2
	opt := testOptions(src, store)
	runCrawl(t, opt)
	if n := fetches.Load(); n != 1 {
		t.Fatalf("first run fetched the story %d times, want 1", n)
	}
	edited.Store(time.Now().Add(time.Hour).Unix())
	hold.Store(true)
	runCrawl(t, opt)
	if n := fetches.Load(); n != 2 {
		t.Errorf("the story the sitemap dates after its last fetch was fetched %d times over two runs, want 2", n)
	}
}
