package crawler

import (
	"fmt"
	"net/http"
	"testing"
)

// TestCrawlFetchesEverySpellingOnce: one article linked under the many
// spellings RFC 3986 makes one address (escapes in either case, a raw
// letter, an escaped hyphen, dot segments), from a page and from the
// sitemap, is fetched once and archived as one article.
func TestCrawlFetchesEverySpellingOnce(t *testing.T) {
	const story = "/news/2024/03/15/café-reopens-after-the-flood"
	spellings := []string{
		"/news/2024/03/15/caf%c3%a9-reopens-after-the-flood",
		"/news/2024/03/15/caf%C3%A9-reopens-after-the-flood",
		"/news/2024/03/15/café-reopens-after-the-flood",
		"/news/2024/03/15/caf%C3%A9%2dreopens%2Dafter-the-flood",
		"/news/./2024/03/15/caf%C3%A9-reopens-after-the-flood",
		"/news/2023/../2024/03/15/caf%c3%a9-reopens-after-the-flood",
	}
	srv, hits := countingServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, sectionHTML("Home", spellings[:5]...))
		case "/sitemap.xml":
			w.Header().Set("Content-Type", "application/xml")
			fmt.Fprintf(w, `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>http://%s%s</loc></url></urlset>`, r.Host, spellings[5])
		case story:
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, articleHTML(1, "/news/2024/03/15/cafe-reopens-after-the-flood"))
		default:
			http.NotFound(w, r)
		}
	})
	store := newMemStore()
	src := testSource(srv.URL + "/")
	src.Sitemaps = []string{srv.URL + "/sitemap.xml"}
	runCrawl(t, testOptions(src, store))
	if n := hits(story); n != 1 {
		t.Errorf("the story was fetched %d times; want once", n)
	}
	if got := store.articleURLs(); len(got) != 1 || !got[srv.URL+"/news/2024/03/15/caf%C3%A9-reopens-after-the-flood"] {
		t.Errorf("archived %v; want the story once, under its normal URL", got)
	}
}

// TestResumedRequestTakesTheNormalSpelling: a request an older build
// queued under another spelling of a URL (a run stopped before an
// upgrade, whose seen set the upgrade rewrote) is fetched once and
// recorded under the URL's normal form, which the archive keys it by.
func TestResumedRequestTakesTheNormalSpelling(t *testing.T) {
	const story = "/news/2024/03/15/café-reopens-after-the-flood"
	srv, hits := countingServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, sectionHTML("Home", "/news/2024/03/15/caf%C3%A9-reopens-after-the-flood"))
		case story:
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, articleHTML(1, "/news/2024/03/15/cafe-reopens-after-the-flood"))
		default:
			http.NotFound(w, r)
		}
	})
	normal := srv.URL + "/news/2024/03/15/caf%C3%A9-reopens-after-the-flood"
	old := srv.URL + "/news/2024/03/15/caf%c3%a9-reopens-after-the-flood"
	front := NewMemFrontier(100)
	if err := front.Init(); err != nil {
		t.Fatal(err)
	}
	if _, err := front.Visit(normal); err != nil {
		t.Fatal(err)
	}
	queued := fmt.Sprintf(`{"URL":%q,"Method":"GET","Depth":2,"Ctx":{"kind":"article","url":%q}}`, old, old)
	if err := front.AddRequest([]byte(queued)); err != nil {
		t.Fatal(err)
	}
	store := newMemStore()
	opt := testOptions(testSource(srv.URL+"/"), store)
	opt.Frontier = front
	runCrawl(t, opt)
	if n := hits(story); n != 1 {
		t.Errorf("the story was fetched %d times; want once", n)
	}
	if got := store.articleURLs(); len(got) != 1 || !got[normal] {
		t.Errorf("archived %v; want the story under %s", got, normal)
	}
}

// TestRedirectMarksItsTargetSeen: the addresses a redirect went through
// and ended at count as seen by the run, so a link to the story's own
// address met later is not fetched a second time.
func TestRedirectMarksItsTargetSeen(t *testing.T) {
	const story = "/news/2024/03/15/harbour-wall-rebuilt-after-storm"
	srv, _ := countingServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/r1":
			http.Redirect(w, r, "/r2", http.StatusMovedPermanently)
		case "/r2":
			http.Redirect(w, r, story, http.StatusFound)
		case story:
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, articleHTML(1, story))
		default:
			http.NotFound(w, r)
		}
	})
	front := NewMemFrontier(100)
	opt := testOptions(testSource(srv.URL+"/r1"), newMemStore())
	opt.Frontier = front
	runCrawl(t, opt)
	for _, p := range []string{story, "/r2"} {
		if fresh, err := front.Visit(srv.URL + p); err != nil || fresh {
			t.Errorf("%s after the redirect reached it: fresh %v, %v; want seen", p, fresh, err)
		}
	}
}
