package sourcerun

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/crawler/config"
	"github.com/newsarchive/newsarchive/parse"
)

// TestListingsDateTheirPages crawls a site whose Google News sitemap and
// RSS feed date two stories that do not date themselves with a year: one
// prints "Nov 18 at 4:46 PM" (a 2019 story, the sitemap says), the other
// no date at all (the feed's pubDate). The archive keeps each listing's
// date with its fetch, so the stories are dated by it when crawled and
// again when reparsed.
func TestListingsDateTheirPages(t *testing.T) {
	const (
		yearless = "/news/bus-routes-vote-delayed"
		undated  = "/community/library-sunday-hours"
	)
	pages := map[string]string{yearless: "yearless.html", undated: "undated.html"}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/robots.txt":
			fmt.Fprint(w, "User-agent: *\nAllow: /\nSitemap: /sitemap-news.xml\n")
		case "/":
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, `<!DOCTYPE html><html><head><title>Front page</title></head><body><h1>News</h1></body></html>`)
		case "/sitemap-news.xml":
			w.Header().Set("Content-Type", "application/xml")
			fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>http://%s%s</loc><news:news><news:publication><news:name>Valley Tribune</news:name><news:language>en</news:language></news:publication>
<news:publication_date>2019-11-18T16:46:00-05:00</news:publication_date><news:title>School board delays vote on new bus routes</news:title></news:news></url>
</urlset>`, r.Host, yearless)
		case "/feed.xml":
			w.Header().Set("Content-Type", "application/rss+xml")
			fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Valley Tribune</title><link>http://%s/</link>
<item><title>Library extends weekend hours</title><link>http://%s%s</link><pubDate>Mon, 04 Mar 2024 18:30:00 +0000</pubDate></item>
</channel></rss>`, r.Host, r.Host, undated)
		default:
			file, ok := pages[r.URL.Path]
			if !ok {
				http.NotFound(w, r)
				return
			}
			body, err := os.ReadFile(filepath.Join("testdata", file))
			if err != nil {
				http.Error(w, err.Error(), http.StatusInternalServerError)
				return
			}
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write(body)
		}
	}))
	t.Cleanup(srv.Close)
	ctx := context.Background()
	store := mustOpen(t, filepath.Join(t.TempDir(), "archive.db"))
	src := config.Default().Defaults.Source("ledger", srv.URL+"/")
	src.Feeds, src.Delay = []string{srv.URL + "/feed.xml"}, 0
	if _, err := Run(ctx, store, src, Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Trigger: archive.TriggerManual}); err != nil {
		t.Fatal(err)
	}
	want := map[string]time.Time{
		yearless: time.Date(2019, 11, 18, 21, 46, 0, 0, time.UTC), // the page's 4:46 PM, in the sitemap's year and zone
		undated:  time.Date(2024, 3, 4, 18, 30, 0, 0, time.UTC),   // the feed's
	}
	checkPublished := func(when string) {
		t.Helper()
		for path, pub := range want {
			id, err := store.Resolve(ctx, srv.URL+path)
			if err != nil {
				t.Fatalf("%s %s: %v", when, path, err)
			}
			v, err := store.Latest(ctx, id)
			if err != nil {
				t.Fatalf("%s %s: %v", when, path, err)
			}
			if v.Article.Published == nil || !v.Article.Published.Equal(pub) {
				t.Errorf("%s: %s published %v, want %v", when, path, v.Article.Published, pub)
			}
		}
	}
	checkPublished("crawled")
	if _, err := store.Reparse(ctx, "ledger", parse.Parse); err != nil {
		t.Fatal(err)
	}
	checkPublished("reparsed")
}

// TestReparseJudgesListingAddressesAsTheCrawl crawls a site whose author
// page, at an address that reads as a list of stories, holds a long
// biography in prose and declares no article: the crawl does not archive
// it, and a reparse, reading it as the crawl did, does not either.
func TestReparseJudgesListingAddressesAsTheCrawl(t *testing.T) {
	const author = "/author/marisol-ortega/"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		switch r.URL.Path {
		case "/":
			fmt.Fprintf(w, `<!DOCTYPE html><html><head><title>Tidewater Daily</title></head><body>
<nav><a href="%s">Marisol Ortega</a></nav><h1>Tidewater Daily</h1></body></html>`, author)
		case author:
			body, err := os.ReadFile(filepath.Join("testdata", "author-page.html"))
			if err != nil {
				http.Error(w, err.Error(), http.StatusInternalServerError)
				return
			}
			w.Write(body)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	ctx := context.Background()
	store := mustOpen(t, filepath.Join(t.TempDir(), "archive.db"))
	src := config.Default().Defaults.Source("tidewater", srv.URL+"/")
	src.Delay = 0
	res, err := Run(ctx, store, src, Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Trigger: archive.TriggerManual})
	if err != nil {
		t.Fatal(err)
	}
	if res.Stats.Fetched < 2 || res.Stats.New != 0 {
		t.Fatalf("crawl: %d fetched, %d new articles; want the author page fetched and not archived", res.Stats.Fetched, res.Stats.New)
	}
	again, err := store.Reparse(ctx, "tidewater", parse.Parse)
	if err != nil {
		t.Fatal(err)
	}
	if again.NewArticles != 0 {
		t.Errorf("reparse archived %d new articles from the crawl's pages, want none", again.NewArticles)
	}
}
