package crawler

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestCrawlJudgesMovedLinksAtTheirNewAddress runs a crawl over an archive
// that remembers where permanent redirects sent each address's last ask.
// A link moved to an archived article's address is not asked for, nor is
// that address; one moved to an address not archived yet has that
// address asked instead. A link moved to a section page, or to an
// article's address no article came from, is asked as before, and so are
// the start page and feed the source configures, whatever they moved to.
func TestCrawlJudgesMovedLinksAtTheirNewAddress(t *testing.T) {
	const (
		archived = "/news/2026/11/29/harbour-bridge-reopens-after-repairs"
		fresh    = "/news/2026/11/29/ferry-timetable-changes-for-winter"
		noStory  = "/news/2026/11/29/council-meeting-live-coverage"
	)
	moves := map[string]string{"/r/1": archived, "/r/2": fresh, "/r/3": "/world/", "/r/4": noStory}
	srv, hits := countingServer(t, func(w http.ResponseWriter, r *http.Request) {
		if to, ok := moves[r.URL.Path]; ok {
			http.Redirect(w, r, to, http.StatusMovedPermanently)
			return
		}
		switch {
		case r.URL.Path == "/":
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, `<html><body><h1>The Harbour Gazette</h1><a href="/r/1">Bridge</a> <a href="/r/2">Ferry</a>
<a href="/r/3">World</a> <a href="/r/4">Council</a></body></html>`)
		case r.URL.Path == "/feed.xml":
			w.Header().Set("Content-Type", "application/rss+xml")
			fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Gazette</title></channel></rss>`)
		case r.URL.Path == "/world/":
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, `<html><body><h1>World</h1></body></html>`)
		case strings.HasPrefix(r.URL.Path, "/news/"):
			w.Header().Set("Content-Type", "text/html")
			// No links: the test counts the requests the links make alone.
			fmt.Fprintf(w, `<!DOCTYPE html><html lang="en"><head><title>%[1]s</title><meta property="og:type" content="article">
</head><body><article><h1>%[1]s</h1><p>The port authority said on Saturday that the works had ended two weeks later than planned, after the storms of October delayed the last repairs.</p>
<p>Commuters welcomed the news, though one lane in each direction will stay closed at night until the resurfacing is finished.</p>
<p>The council has asked for a report on the overruns and will hear it at its meeting next month.</p></article></body></html>`, r.URL.Path)
		default:
			http.NotFound(w, r)
		}
	})
	store := newMemStore()
	earlier := time.Now().Add(-time.Hour)
	story := Known{Fetched: earlier, Checked: earlier, Settled: true, Article: true, ArticleID: 1, FirstSeen: earlier}
	movedTo := func(path string, article bool) Known {
		k := story
		k.Article, k.MovedTo = article, srv.URL+path
		return k
	}
	store.known = map[string]Known{
		srv.URL + "/":         movedTo(archived, true),
		srv.URL + "/feed.xml": movedTo(archived, true),
		srv.URL + "/r/1":      movedTo(archived, true),
		srv.URL + archived:    story,
		srv.URL + "/r/2":      movedTo(fresh, true),
		srv.URL + "/r/3":      movedTo("/world/", true),
		srv.URL + "/r/4":      movedTo(noStory, false),
	}
	src := testSource(srv.URL + "/")
	src.Feeds = []string{srv.URL + "/feed.xml"}
	runCrawl(t, testOptions(src, store))
	want := map[string]int{
		"/": 1, "/feed.xml": 1,
		"/r/1": 0, archived: 0,
		"/r/2": 0, fresh: 1,
		"/r/3": 1, "/world/": 1,
		"/r/4": 1, noStory: 1,
	}
	for path, n := range want {
		if got := hits(path); got != n {
			t.Errorf("%s asked %d times, want %d", path, got, n)
		}
	}
}
