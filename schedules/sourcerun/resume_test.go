package sourcerun

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/crawler/config"
	"github.com/newsarchive/newsarchive/internal/newstest"
)

// indexedSite is a news site whose robots.txt names a sitemap index of
// days daily child sitemaps, newest first by lastmod, each listing
// perDay stories. onStory, when set, is called with each story asked
// for. It records the paths asked for, in order.
type indexedSite struct {
	*httptest.Server
	onStory func(path string)

	mu    sync.Mutex
	order []string
}

func newIndexedSite(t *testing.T, days, perDay int) *indexedSite {
	s := &indexedSite{}
	today := time.Now().UTC().Truncate(time.Hour)
	day := func(d int) time.Time { return today.AddDate(0, 0, -d) }
	story := func(d, i int) string {
		return fmt.Sprintf("/news/%s/harbour-council-story-%d", day(d).Format("2006/01/02"), i)
	}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.order = append(s.order, r.URL.Path)
		onStory := s.onStory
		s.mu.Unlock()
		p := r.URL.Path
		switch {
		case p == "/robots.txt":
			fmt.Fprintf(w, "User-agent: *\nAllow: /\nSitemap: http://%s/sitemap_index.xml\n", r.Host)
		case p == "/":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, `<!DOCTYPE html><html><head><title>Harbour Herald</title></head><body><h1>Harbour Herald</h1></body></html>`)
		case p == "/sitemap_index.xml":
			w.Header().Set("Content-Type", "application/xml")
			fmt.Fprint(w, `<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
			for d := days - 1; d >= 0; d-- { // oldest first, as many sites list them
				fmt.Fprintf(w, "<sitemap><loc>http://%s/sitemaps/day-%d.xml</loc><lastmod>%s</lastmod></sitemap>\n",
					r.Host, d, day(d).Format(time.RFC3339))
			}
			fmt.Fprint(w, `</sitemapindex>`)
		case strings.HasPrefix(p, "/sitemaps/day-"):
			var d int
			fmt.Sscanf(p, "/sitemaps/day-%d.xml", &d)
			w.Header().Set("Content-Type", "application/xml")
			fmt.Fprint(w, `<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
			for i := range perDay {
				fmt.Fprintf(w, "<url><loc>http://%s%s</loc><lastmod>%s</lastmod></url>\n", r.Host, story(d, i),
					day(d).Add(-time.Duration(i)*time.Minute).Format(time.RFC3339))
			}
			fmt.Fprint(w, `</urlset>`)
		case strings.HasPrefix(p, "/news/"):
			if onStory != nil {
				onStory(p)
			}
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprintf(w, `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Harbour council story | Harbour Herald</title>
<meta property="og:type" content="article"><meta property="article:published_time" content="%s">
</head><body><article><h1>Harbour council story at %s</h1><p class="byline">By Ana Ruiz</p>`, today.Format(time.RFC3339), p)
			for i := range 5 {
				fmt.Fprintf(w, "<p>Paragraph %d of %s. The harbour council met on Tuesday evening to debate the ferry timetable, "+
					"the repairs to the north quay and the fees fishing boats pay to moor through the winter months.</p>", i, p)
			}
			fmt.Fprint(w, `</article></body></html>`)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(s.Close)
	return s
}

// asked returns the paths asked for from the from-th request on, with
// the prefix, and how many requests there were.
func (s *indexedSite) asked(from int, prefix string) ([]string, int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, p := range s.order[from:] {
		if strings.HasPrefix(p, prefix) {
			out = append(out, p)
		}
	}
	return out, len(s.order)
}

// TestResumedRunReadsWaitingChildSitemaps: a run stopped while the child
// sitemaps of its index waited their turn (held in its memory alone) is
// resumed from the frontier in the database by a run that reads them, one
// at a time and newest first once nothing else waits: the resumed run
// read none, the index being seen, and they waited for the next whole
// run.
func TestResumedRunReadsWaitingChildSitemaps(t *testing.T) {
	const days, perDay = 3, 6
	site := newIndexedSite(t, days, perDay)
	db := filepath.Join(t.TempDir(), "archive.db")
	store := mustOpen(t, db)
	src := config.Default().Defaults.Source("herald", site.URL+"/")
	src.Delay = 0
	opt := Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Trigger: archive.TriggerManual}

	// The first run stops as its second story is asked for: the newest
	// day's other stories wait in the frontier, the older days' child
	// sitemaps in the run's memory.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stories sync.WaitGroup
	stories.Add(2)
	var once sync.Once
	site.mu.Lock()
	site.onStory = func(string) {
		stories.Done()
		once.Do(func() {
			go func() {
				stories.Wait()
				cancel()
			}()
		})
		time.Sleep(20 * time.Millisecond) // the rest wait behind
	}
	site.mu.Unlock()
	first, _ := Run(ctx, store, src, opt)
	kids, end := site.asked(0, "/sitemaps/")
	if first.Status != archive.RunCancelled || !slices.Equal(kids, []string{"/sitemaps/day-0.xml"}) {
		t.Fatalf("first run %s, child sitemaps asked %v; want cancelled after the newest day's", first.Status, kids)
	}

	site.mu.Lock()
	site.onStory = nil
	site.mu.Unlock()
	second, err := Run(context.Background(), store, src, opt)
	if err != nil {
		t.Fatal(err)
	}
	if second.Resumed == 0 {
		t.Fatalf("second run did not resume the first: %+v", second)
	}
	// The newest day's is asked again if the stop came while its stories
	// were queued (see TestCrawlResumesAListingCutByTheStop).
	kids, _ = site.asked(end, "/sitemaps/")
	kids = slices.DeleteFunc(kids, func(p string) bool { return p == "/sitemaps/day-0.xml" })
	if want := []string{"/sitemaps/day-1.xml", "/sitemaps/day-2.xml"}; !slices.Equal(kids, want) {
		t.Errorf("resumed run asked for the child sitemaps %v, want %v (newest first)", kids, want)
	}
	if n := newstest.Count(t, db, `SELECT COUNT(*) FROM articles`); n != days*perDay {
		t.Errorf("%d articles after the resumed run, want all %d the children list", n, days*perDay)
	}
	// Each older child sitemap was read once over both runs, the index too.
	all, _ := site.asked(0, "/sitemap")
	all = slices.Compact(all)
	if want := []string{"/sitemap_index.xml", "/sitemaps/day-0.xml", "/sitemaps/day-1.xml", "/sitemaps/day-2.xml"}; !slices.Equal(all, want) {
		t.Errorf("sitemaps asked over both runs %v, want %v", all, want)
	}
}
