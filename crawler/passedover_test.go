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

	"github.com/newsarchive/newsarchive/crawler/config"
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

// editedStory is a site with one story, which its sitemap dates by its
// last edit; extra serves the site's other paths (the page or feed that
// names the story too). On the second run the sitemap is held back until
// the crawl has looked the story up, so that the other listing is judged
// first: the order that used to lose the edit.
type editedStory struct {
	srv     *httptest.Server
	store   *judgedStore
	edited  atomic.Int64 // unix seconds of the last edit, 0 before
	hold    atomic.Bool
	fetches atomic.Int32
}

const editedPath = "/news/2026/05/02/harbour-plan-revised"

var editedPublished = time.Date(2026, 5, 2, 8, 0, 0, 0, time.UTC)

func newEditedStory(t *testing.T, extra http.HandlerFunc) *editedStory {
	e := &editedStory{store: &judgedStore{memStore: newMemStore(), judged: make(chan struct{})}}
	e.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/sitemap.xml":
			if e.hold.Load() {
				select {
				case <-e.store.judged:
				case <-time.After(5 * time.Second):
				}
			}
			lastmod := editedPublished
			if at := e.edited.Load(); at != 0 {
				lastmod = time.Unix(at, 0).UTC()
			}
			w.Header().Set("Content-Type", "application/xml")
			fmt.Fprintf(w, `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`+
				`<url><loc>%s</loc><lastmod>%s</lastmod></url></urlset>`, editedPath, lastmod.Format(time.RFC3339))
		case editedPath:
			e.fetches.Add(1)
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, articleHTML(2, r.URL.Path))
		default:
			extra(w, r)
		}
	}))
	t.Cleanup(e.srv.Close)
	e.store.watch = e.srv.URL + editedPath
	return e
}

// twoRuns crawls src, edits the story, crawls again, and checks the story
// was fetched once by each run.
func (e *editedStory) twoRuns(t *testing.T, src config.Source) {
	t.Helper()
	src.Sitemaps = []string{e.srv.URL + "/sitemap.xml"}
	src.Concurrency = 2
	opt := testOptions(src, e.store)
	runCrawl(t, opt)
	if n := e.fetches.Load(); n != 1 {
		t.Fatalf("first run fetched the story %d times, want 1", n)
	}
	e.edited.Store(time.Now().Add(time.Hour).Unix())
	e.hold.Store(true)
	runCrawl(t, opt)
	if n := e.fetches.Load(); n != 2 {
		t.Errorf("the story the sitemap dates after its last fetch was fetched %d times over two runs, want 2", n)
	}
}

// An archived article linked without a date by a page is passed over; the
// sitemap that dates its update later in the same run still gets it
// fetched.
func TestDatedListingAfterUndatedLinkRefetches(t *testing.T) {
	e := newEditedStory(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		fmt.Fprintf(w, `<html><body><a href="%s">Harbour plan</a></body></html>`, editedPath)
	})
	e.twoRuns(t, testSource(e.srv.URL+"/"))
}

// An archived article a feed dates by its unchanged publication date is
// passed over; the sitemap that dates its edit later in the same run
// still gets it fetched (a feed's pubDate does not move when a story is
// edited).
func TestNewerListingAfterOlderDatedEntryRefetches(t *testing.T) {
	e := newEditedStory(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/rss.xml" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><link>http://%s/</link>`+
			`<item><title>Harbour plan</title><link>http://%s%s</link><pubDate>%s</pubDate></item></channel></rss>`,
			r.Host, r.Host, editedPath, editedPublished.Format(time.RFC1123Z))
	})
	src := testSource()
	src.Feeds = []string{e.srv.URL + "/rss.xml"}
	src.MaxDepth = 0
	e.twoRuns(t, src)
}
