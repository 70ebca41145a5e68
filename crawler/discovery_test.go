package crawler

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/internal/logbuf"
)

// TestCrawlDiscoveryQuirks: what real servers send beside the protocols
// is read as they mean it.
func TestCrawlDiscoveryQuirks(t *testing.T) {
	const story = "/news/2026/11/26/council-approves-new-bridge"
	srv, hits := countingServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/":
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, "<html><body><h1>Front page</h1></body></html>")
		case "/robots.txt":
			// A relative Sitemap line.
			fmt.Fprint(w, "User-agent: *\nAllow: /\nSitemap: /sitemaps/news.txt\n")
		case "/sitemaps/news.txt":
			// A text sitemap with a line of plain text in it.
			w.Header().Set("Content-Type", "text/plain")
			fmt.Fprintf(w, "Sitemap partly unavailable, try later\nhttp://%s%s\n", r.Host, story)
		case "/feed.xml":
			// A server that repeats Content-Encoding on its 304s.
			w.Header().Set("ETag", `"f1"`)
			w.Header().Set("Content-Encoding", "gzip")
			if r.Header.Get("If-None-Match") == `"f1"` {
				w.WriteHeader(http.StatusNotModified)
				return
			}
			w.Header().Set("Content-Type", "application/rss+xml")
			zw := gzip.NewWriter(w)
			fmt.Fprintf(zw, `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
<item><title>Bridge</title><link>http://%s%s</link></item></channel></rss>`, r.Host, story)
			zw.Close()
		case story:
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, articleHTML(2, r.URL.Path))
		default:
			http.NotFound(w, r)
		}
	})
	src := testSource(srv.URL + "/")
	src.Feeds = []string{srv.URL + "/feed.xml"}
	store := newMemStore()
	opt := testOptions(src, store)
	first := runCrawl(t, opt)
	if hits("/sitemaps/news.txt") != 1 || hits(story) != 1 {
		t.Errorf("relative robots.txt sitemap read %d times, its story fetched %d times; want 1 and 1",
			hits("/sitemaps/news.txt"), hits(story))
	}
	if n := hits("/Sitemap%20partly%20unavailable,%20try%20later"); n != 0 || first.Errors != 0 {
		t.Errorf("a line of text in a text sitemap requested %d times; %d errors", n, first.Errors)
	}
	second := runCrawl(t, opt)
	if second.Errors != 0 || second.NotChanged == 0 {
		t.Errorf("second run: %d errors, %d not modified; want the feed's gzip-labelled 304 taken as one", second.Errors, second.NotChanged)
	}
}

// TestCrawlReadsListingsAsServed: a feed or a News sitemap in the charset
// only its Content-Type names, and a sitemap configured as a feed, name
// their stories (they were unreadable).
func TestCrawlReadsListingsAsServed(t *testing.T) {
	stories := []string{"/news/2026/11/27/cafe-reopens-after-the-flood", "/news/2026/11/27/munich-tram-line-extended",
		"/news/2026/11/27/harbour-wall-repairs-begin"}
	srv, hits := countingServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/":
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, "<html><body><h1>Front page</h1></body></html>")
		case "/rss-latin1.xml":
			w.Header().Set("Content-Type", "text/xml; charset=ISO-8859-1")
			fmt.Fprintf(w, "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>Caf\xe9</title>"+
				"<item><title>Caf\xe9 reopens</title><link>http://%s%s</link></item></channel></rss>", r.Host, stories[0])
		case "/news-latin1.xml":
			w.Header().Set("Content-Type", "application/xml; charset=ISO-8859-1")
			fmt.Fprintf(w, `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" `+
				`xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url><loc>http://%s%s</loc><news:news>`+
				"<news:title>M\xfcnchen: Stra\xdfenbahn</news:title><news:publication_date>2026-11-27T08:00:00Z</news:publication_date>"+
				`</news:news></url></urlset>`, r.Host, stories[1])
		case "/sitemap.xml":
			w.Header().Set("Content-Type", "application/xml")
			fmt.Fprintf(w, `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>http://%s%s</loc></url></urlset>`,
				r.Host, stories[2])
		case stories[0], stories[1], stories[2]:
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, articleHTML(2, r.URL.Path))
		default:
			http.NotFound(w, r)
		}
	})
	src := testSource(srv.URL + "/")
	src.Feeds = []string{srv.URL + "/rss-latin1.xml", srv.URL + "/sitemap.xml"}
	src.Sitemaps = []string{srv.URL + "/news-latin1.xml"}
	st := runCrawl(t, testOptions(src, newMemStore()))
	for _, story := range stories {
		if hits(story) != 1 {
			t.Errorf("%s fetched %d times, want 1", story, hits(story))
		}
	}
	if st.New != 3 {
		t.Errorf("%d new articles, want 3", st.New)
	}
}

// TestCrawlWarnsOfSitemapEntriesPastTheLimit: a sitemap over the
// protocol's 50,000 entries is followed as far as the limit, and says so.
func TestCrawlWarnsOfSitemapEntriesPastTheLimit(t *testing.T) {
	srv, _ := countingServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/sitemap.xml" {
			http.NotFound(w, r)
			return
		}
		var b strings.Builder
		b.WriteString(`<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
		for i := range 50_001 {
			fmt.Fprintf(&b, "<url><loc>http://elsewhere.example/news/2026/11/26/story-number-%d</loc></url>\n", i)
		}
		b.WriteString("</urlset>")
		fmt.Fprint(w, b.String())
	})
	src := testSource(srv.URL + "/")
	src.Sitemaps = []string{srv.URL + "/sitemap.xml"}
	opt := testOptions(src, newMemStore())
	var logged logbuf.Buffer
	opt.Logger = slog.New(slog.NewTextHandler(&logged, &slog.HandlerOptions{Level: slog.LevelWarn}))
	runCrawl(t, opt)
	if !strings.Contains(logged.String(), "more than the protocol's 50,000 entries") {
		t.Errorf("no warning of the entries left out:\n%s", logged.String())
	}
}

// TestCrawlGzipSitemapWithTrailingBytes: a .xml.gz sitemap served as a
// file (no Content-Encoding) with a newline after its gzip stream is read
// whole and quietly (it was logged broken off every run); one whose
// stream is cut short is still reported broken off, its entries before
// the cut followed.
func TestCrawlGzipSitemapWithTrailingBytes(t *testing.T) {
	stories := []string{"/news/2026/11/28/harbour-ferry-returns", "/news/2026/11/28/library-opens-on-sundays",
		"/news/2026/11/28/new-cycle-lane-on-the-quay"}
	tests := []struct {
		name       string
		body       func(gz []byte) []byte
		brokenOff  bool
		minFetched int
	}{
		{"newline after the stream", func(gz []byte) []byte { return append(gz, '\n') }, false, 3},
		{"a cache's comment after the stream", func(gz []byte) []byte { return append(gz, "<!-- hit -->\r\n"...) }, false, 3},
		{"stream cut short", func(gz []byte) []byte { return gz[:len(gz)-12] }, true, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, hits := countingServer(t, func(w http.ResponseWriter, r *http.Request) {
				switch r.URL.Path {
				case "/sitemap.xml.gz":
					var urls []string
					for _, s := range stories {
						urls = append(urls, "http://"+r.Host+s)
					}
					var gz bytes.Buffer
					zw := gzip.NewWriter(&gz)
					fmt.Fprint(zw, sitemapXML(urls...))
					zw.Close()
					w.Header().Set("Content-Type", "application/x-gzip")
					w.Write(tt.body(gz.Bytes()))
				case stories[0], stories[1], stories[2]:
					w.Header().Set("Content-Type", "text/html")
					fmt.Fprint(w, articleHTML(2, r.URL.Path))
				default:
					http.NotFound(w, r)
				}
			})
			src := testSource(srv.URL + "/")
			src.Sitemaps = []string{srv.URL + "/sitemap.xml.gz"}
			opt := testOptions(src, newMemStore())
			var logged logbuf.Buffer
			opt.Logger = slog.New(slog.NewTextHandler(&logged, &slog.HandlerOptions{Level: slog.LevelWarn}))
			runCrawl(t, opt)
			if got := strings.Contains(logged.String(), "sitemap broken off"); got != tt.brokenOff {
				t.Errorf("logged broken off %v, want %v:\n%s", got, tt.brokenOff, logged.String())
			}
			fetched := 0
			for _, s := range stories {
				fetched += hits(s)
			}
			if fetched < tt.minFetched {
				t.Errorf("%d stories fetched, want at least %d", fetched, tt.minFetched)
			}
		})
	}
}

// TestCrawlAnnouncedFeedOnAnotherHost: a page may announce its feed on a
// feed service's host. Outside allow it is a link like any other: not
// requested (nor that host's robots.txt), and the run logs once how to read
// it. Listed under feeds, it is read, its items on the site are fetched and
// those elsewhere are not; deny patterns still keep an announced feed out.
func TestCrawlAnnouncedFeedOnAnotherHost(t *testing.T) {
	const story, offsite = "/news/2026/11/26/council-approves-new-bridge", "/news/2026/11/26/story-on-the-feed-host"
	var site string
	feeds, feedHits := countingServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
<item><title>Bridge</title><link>%s%s</link></item>
<item><title>Elsewhere</title><link>http://%s%s</link></item></channel></rss>`, site, story, r.Host, offsite)
	})
	srv, hits := countingServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		switch r.URL.Path {
		case "/":
			fmt.Fprintf(w, `<html><head><link rel="alternate" type="application/rss+xml" href="%s/world.xml">
<link rel="alternate" type="application/rss+xml" href="%s/comments.xml"></head><body><h1>Front</h1></body></html>`, feeds.URL, feeds.URL)
		case story:
			fmt.Fprint(w, articleHTML(2, r.URL.Path))
		default:
			http.NotFound(w, r)
		}
	})
	site = srv.URL
	src := testSource(srv.URL + "/")
	src.Deny = []*regexp.Regexp{regexp.MustCompile(`/comments\.xml$`)}
	var logged bytes.Buffer
	opt := testOptions(src, newMemStore())
	opt.Logger = slog.New(slog.NewTextHandler(&logged, nil))
	runCrawl(t, opt)
	if n := feedHits("/world.xml") + feedHits("/robots.txt"); n != 0 || hits(story) != 0 {
		t.Errorf("feed host outside allow asked %d times, the story on the site fetched %d times; want neither", n, hits(story))
	}
	if strings.Count(logged.String(), "feed announced outside allow") != 1 {
		t.Errorf("want one line naming the feed not read (the denied one left out):\n%s", logged.String())
	}
	src = testSource(srv.URL + "/")
	src.Deny = []*regexp.Regexp{regexp.MustCompile(`/comments\.xml$`)}
	src.Feeds = []string{feeds.URL + "/world.xml"}
	runCrawl(t, testOptions(src, newMemStore()))
	if feedHits("/world.xml") != 1 || hits(story) != 1 {
		t.Errorf("announced feed read %d times, its story on the site fetched %d times; want 1 and 1", feedHits("/world.xml"), hits(story))
	}
	if feedHits(offsite) != 0 || feedHits("/comments.xml") != 0 {
		t.Errorf("off-site item fetched %d times, denied feed %d times; want neither", feedHits(offsite), feedHits("/comments.xml"))
	}
}

// TestCrawlFetchesSessionLinksWithoutTheSession: a cookieless site that
// writes a session id into every link is crawled at the addresses every
// visitor shares, each page once (the links were refused as traps, and
// such a site gave nothing).
func TestCrawlFetchesSessionLinksWithoutTheSession(t *testing.T) {
	const story = "/news/2026/11/26/council-approves-new-bridge"
	var mu sync.Mutex
	var asked []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		asked = append(asked, r.URL.RequestURI())
		mu.Unlock()
		w.Header().Set("Content-Type", "text/html")
		switch r.URL.Path {
		case "/":
			fmt.Fprintf(w, `<html><body><a href="%[1]s;jsessionid=A1B2C3D4E5F6A7B8">one</a>
<a href="%[1]s?sid=0123456789abcdef">two</a><a href="%[1]s;jsessionid=FFFF3D4E5F6A7B8">three</a></body></html>`, story)
		case story:
			fmt.Fprint(w, articleHTML(2, r.URL.Path))
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	st := runCrawl(t, testOptions(testSource(srv.URL+"/"), newMemStore()))
	mu.Lock()
	defer mu.Unlock()
	var stories []string
	for _, a := range asked {
		if strings.HasPrefix(a, story) {
			stories = append(stories, a)
		}
	}
	if !slices.Equal(stories, []string{story}) || st.New != 1 {
		t.Errorf("story requested as %v, %d new articles; want it once, without a session, and archived", stories, st.New)
	}
}

// TestCrawlFollowsARefreshStub: a link to a stub page that forwards with a
// refresh <meta> or a Refresh header leads to the story, as a redirect
// would, even at the maximum depth (a feed's item).
func TestCrawlFollowsARefreshStub(t *testing.T) {
	const story = "/news/2026/11/26/council-approves-new-bridge"
	srv, hits := countingServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/":
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, `<html><body><a href="/mr/bridge">The bridge</a></body></html>`)
		case "/feed.xml":
			w.Header().Set("Content-Type", "application/rss+xml")
			fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
<item><title>Stub</title><link>http://%s/mr/feed-stub</link></item></channel></rss>`, r.Host)
		case "/mr/bridge", "/mr/feed-stub":
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprintf(w, `<html><head><meta http-equiv="refresh" content="0; url=%s"></head><body>Moved.</body></html>`, story)
		case "/hr/bridge":
			w.Header().Set("Content-Type", "text/html")
			w.Header().Set("Refresh", "0; url="+story)
			fmt.Fprint(w, `<html><body>Moved.</body></html>`)
		case story:
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, articleHTML(2, r.URL.Path))
		default:
			http.NotFound(w, r)
		}
	})
	for _, start := range []string{"/", "/feed.xml", "/hr/bridge"} {
		src := testSource(srv.URL + start)
		if start == "/feed.xml" {
			src = testSource()
			src.Feeds = []string{srv.URL + start}
		}
		before := hits(story)
		st := runCrawl(t, testOptions(src, newMemStore()))
		if hits(story)-before != 1 || st.New != 1 {
			t.Errorf("from %s: story fetched %d times, %d new articles; want 1 and 1", start, hits(story)-before, st.New)
		}
	}
}

// TestCrawlLinksThatForwardToArchivedArticles: a stub that forwards to an
// archived article does not fetch it again on the next run; a redirecting
// link that does not look like an article (/go/1) is asked again, since it
// may lead elsewhere now, but conditionally.
func TestCrawlLinksThatForwardToArchivedArticles(t *testing.T) {
	const story, other = "/news/2026/11/26/council-approves-new-bridge", "/news/2026/11/26/harbour-reopens-after-storm"
	var mu sync.Mutex
	full := map[string]int{} // answers with a body
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		switch r.URL.Path {
		case "/":
			fmt.Fprint(w, `<html><body><a href="/go/1">Bridge</a><a href="/mr/2">Harbour</a></body></html>`)
		case "/go/1":
			http.Redirect(w, r, story, http.StatusFound)
		case "/mr/2":
			fmt.Fprintf(w, `<html><head><meta http-equiv="refresh" content="0; url=%s"></head><body>Moved.</body></html>`, other)
		case story, other:
			if notModified(w, r, `"v1"`) {
				return
			}
			mu.Lock()
			full[r.URL.Path]++
			mu.Unlock()
			fmt.Fprint(w, articleHTML(2, r.URL.Path))
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	opt := testOptions(testSource(srv.URL+"/"), newMemStore())
	runCrawl(t, opt)
	runCrawl(t, opt)
	mu.Lock()
	defer mu.Unlock()
	if full[story] != 1 || full[other] != 1 {
		t.Errorf("over two runs the redirected-to story was sent whole %d times, the forwarded-to one %d; want once each",
			full[story], full[other])
	}
}

// TestCrawlReadsARedirectToAnArticle: with article patterns, a link that
// does not match them (/latest) but redirects to a page that does is read
// as that article.
func TestCrawlReadsARedirectToAnArticle(t *testing.T) {
	const story = "/news/2026/11/26/council-approves-new-bridge"
	srv, _ := countingServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		switch r.URL.Path {
		case "/":
			fmt.Fprint(w, `<html><body><a href="/latest">Latest</a></body></html>`)
		case "/latest":
			http.Redirect(w, r, story, http.StatusFound)
		case story:
			fmt.Fprint(w, articleHTML(2, r.URL.Path))
		default:
			http.NotFound(w, r)
		}
	})
	src := testSource(srv.URL + "/")
	src.Article = []*regexp.Regexp{regexp.MustCompile(`/news/\d{4}/`)}
	if st := runCrawl(t, testOptions(src, newMemStore())); st.New != 1 {
		t.Errorf("%d new articles, want the story /latest led to", st.New)
	}
}

// TestCrawlDenyWinsOverListedSitemaps: deny names URLs never fetched,
// the sitemaps robots.txt and sitemap indexes name among them, though
// they may lie outside allow.
func TestCrawlDenyWinsOverListedSitemaps(t *testing.T) {
	const story = "/news/2026/11/26/harbour-wall-repaired"
	tests := []struct {
		deny string
		want map[string]int // requests per path
	}{
		{"sitemap", map[string]int{"/sitemap_index.xml": 0, "/sitemaps/news.xml": 0, story: 0}},
		{"/sitemaps/", map[string]int{"/sitemap_index.xml": 1, "/sitemaps/news.xml": 0, story: 0}},
		{"/nothing/", map[string]int{"/sitemap_index.xml": 1, "/sitemaps/news.xml": 1, story: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.deny, func(t *testing.T) {
			srv, hits := countingServer(t, func(w http.ResponseWriter, r *http.Request) {
				switch r.URL.Path {
				case "/":
					w.Header().Set("Content-Type", "text/html")
					fmt.Fprint(w, "<html><body><h1>Front page</h1></body></html>")
				case "/robots.txt":
					fmt.Fprint(w, "User-agent: *\nAllow: /\nSitemap: /sitemap_index.xml\n")
				case "/sitemap_index.xml":
					w.Header().Set("Content-Type", "application/xml")
					fmt.Fprintf(w, `<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`+
						`<sitemap><loc>http://%s/sitemaps/news.xml</loc></sitemap></sitemapindex>`, r.Host)
				case "/sitemaps/news.xml":
					w.Header().Set("Content-Type", "application/xml")
					fmt.Fprint(w, sitemapXML(story))
				case story:
					w.Header().Set("Content-Type", "text/html")
					fmt.Fprint(w, articleHTML(2, r.URL.Path))
				default:
					http.NotFound(w, r)
				}
			})
			src := testSource(srv.URL + "/")
			src.Deny = []*regexp.Regexp{regexp.MustCompile(tt.deny)}
			runCrawl(t, testOptions(src, newMemStore()))
			for path, want := range tt.want {
				if got := hits(path); got != want {
					t.Errorf("deny %q: %s requested %d times, want %d", tt.deny, path, got, want)
				}
			}
		})
	}
}

// TestCrawlReadsAnnouncedJSONFeed: a JSON Feed announced with the old
// application/json type names a story no page links, and the REST API
// link WordPress announces with the same type is not requested.
func TestCrawlReadsAnnouncedJSONFeed(t *testing.T) {
	const story = "/2026/11/27/ferry-timetable-changes-for-winter"
	const rest = "/wp-json/wp/v2/pages/12"
	srv, hits := countingServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/":
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprintf(w, `<html><head><title>Harbour News</title>
<link rel="alternate" type="application/json" title="Harbour News" href="/feed.json">
<link rel="alternate" type="application/json" href="%s">
</head><body><h1>Harbour News</h1></body></html>`, rest)
		case "/feed.json":
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprintf(w, `{"version": "https://jsonfeed.org/version/1", "title": "Harbour News",
"items": [{"id": "1", "url": "http://%s%s", "title": "Ferry timetable", "date_published": "2026-11-27T08:00:00Z"}]}`,
				r.Host, story)
		case story:
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, articleHTML(3, r.URL.Path))
		default:
			http.NotFound(w, r)
		}
	})
	st := runCrawl(t, testOptions(testSource(srv.URL+"/"), newMemStore()))
	if hits("/feed.json") != 1 || hits(story) != 1 {
		t.Errorf("feed read %d times, its story fetched %d times; want 1 and 1", hits("/feed.json"), hits(story))
	}
	if n := hits(rest); n != 0 {
		t.Errorf("the REST API link was requested %d times", n)
	}
	if st.Errors != 0 {
		t.Errorf("%d errors", st.Errors)
	}
}

// TestCrawlLeavesArticlesCommentFeeds: the comments feed a story
// announces beneath its own address (as WordPress does on every post) is
// not read; the site's feed, announced on the same pages, is, once.
func TestCrawlLeavesArticlesCommentFeeds(t *testing.T) {
	stories := []string{"/2026/11/25/harbour-wall-repairs-begin/", "/2026/11/26/library-opens-on-sundays/",
		"/2026/11/27/school-bus-routes-change/"}
	const siteFeed = `<link rel="alternate" type="application/rss+xml" title="Harbour News Feed" href="/feed/">`
	srv, hits := countingServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/" || r.URL.Path == "/world/" || r.URL.Path == "/politics/":
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprintf(w, `<html><head>%s</head><body><h1>Harbour News</h1><a href="%s">One</a> <a href="%s">Two</a></body></html>`,
				siteFeed, stories[0], stories[1])
		case r.URL.Path == "/feed/":
			w.Header().Set("Content-Type", "application/rss+xml")
			fmt.Fprint(w, feedXML(stories[2]))
		case slices.Contains(stories, r.URL.Path):
			w.Header().Set("Content-Type", "text/html")
			page := articleHTML(1, strings.TrimSuffix(r.URL.Path, "/"))
			fmt.Fprint(w, strings.Replace(page, "<head>", "<head>"+siteFeed+
				`<link rel="alternate" type="application/rss+xml" title="Story Comments Feed" href="`+r.URL.Path+`feed/">`, 1))
		case strings.HasSuffix(r.URL.Path, "/feed/"):
			w.Header().Set("Content-Type", "application/rss+xml")
			fmt.Fprint(w, feedXML(strings.TrimSuffix(r.URL.Path, "feed/")+"#comment-5"))
		default:
			http.NotFound(w, r)
		}
	})
	st := runCrawl(t, testOptions(testSource(srv.URL+"/"), newMemStore()))
	for _, s := range stories {
		if hits(s) != 1 || hits(s+"feed/") != 0 {
			t.Errorf("%s fetched %d times, its comments feed %d times; want 1 and 0", s, hits(s), hits(s+"feed/"))
		}
	}
	if hits("/feed/") != 1 || st.Errors != 0 {
		t.Errorf("site feed read %d times, %d errors; want 1 and 0", hits("/feed/"), st.Errors)
	}
}

// TestCrawlFollowsItemLists: a front page its scripts render holds no
// link to its stories, only the JSON-LD list it gives search engines: the
// stories are found there.
func TestCrawlFollowsItemLists(t *testing.T) {
	const story = "/news/2026/11/29/harbour-reopens-after-storm"
	srv, hits := countingServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/":
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprintf(w, `<!DOCTYPE html><html><head><title>The Local Times</title>
<script type="application/ld+json">{"@context":"https://schema.org","@type":"ItemList","itemListElement":[
{"@type":"ListItem","position":1,"url":"%s"}]}</script></head>
<body><div id="root"></div><script src="/static/app.js"></script></body></html>`, story)
		case story:
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, articleHTML(1, r.URL.Path))
		default:
			http.NotFound(w, r)
		}
	})
	runCrawl(t, testOptions(testSource(srv.URL+"/"), newMemStore()))
	if hits(story) != 1 {
		t.Errorf("the story its front page lists in JSON-LD fetched %d times, want 1", hits(story))
	}
}

// TestCrawlReadsListingsFetchedAsPages: a feed or a sitemap reached by an
// ordinary link, whatever its Content-Type, is read for its stories, with
// their listing's dates, and not archived (its stories were lost).
func TestCrawlReadsListingsFetchedAsPages(t *testing.T) {
	const story = "/news/2026/11/27/harbour-ferry-returns-to-service"
	published := time.Date(2026, 11, 27, 6, 30, 0, 0, time.UTC)
	rss := `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><title>Ferry</title>` +
		`<link>%s</link><pubDate>Fri, 27 Nov 2026 06:30:00 GMT</pubDate></item></channel></rss>`
	atom := `<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><entry><title>Ferry</title>` +
		`<link href="%s"/><published>2026-11-27T06:30:00Z</published></entry></feed>`
	rdf := `<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" ` +
		`xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>t</title></channel>` +
		`<item><title>Ferry</title><link>%s</link><dc:date>2026-11-27T06:30:00Z</dc:date></item></rdf:RDF>`
	urlset := `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" ` +
		`xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url><loc>%s</loc><news:news>` +
		`<news:publication_date>2026-11-27T06:30:00Z</news:publication_date></news:news></url></urlset>`
	tests := []struct {
		name, path, contentType, body string
	}{
		{"RSS as text/html", "/rss", "text/html; charset=utf-8", rss},
		{"RSS as its own type", "/rss", "application/rss+xml", rss},
		{"Atom as text/plain", "/feeds/atom", "text/plain", atom},
		{"RDF as application/xml", "/index.rdf", "application/xml", rdf},
		{"sitemap as text/html", "/sitemaps/news", "text/html", urlset},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, hits := linkedListingSite(t, tt.path, tt.contentType, tt.body, story)
			store := newMemStore()
			st := runCrawl(t, testOptions(testSource(srv.URL+"/"), store))
			if hits(tt.path) != 1 || hits(story) != 1 {
				t.Fatalf("listing fetched %d times, its story %d times; want 1 and 1", hits(tt.path), hits(story))
			}
			if st.New != 1 || store.articleURLs()[srv.URL+tt.path] {
				t.Errorf("%d new articles, the listing archived: %v; want the story alone", st.New, store.articleURLs())
			}
			if got := store.listedOf(srv.URL + story); !got.Equal(published) {
				t.Errorf("story listed %v, want the listing's %v", got, published)
			}
		})
	}
}

// linkedListingSite serves a front page that links to path, where a listing
// whose body is format with the story's address in it is served as
// contentType, and the story.
func linkedListingSite(t *testing.T, path, contentType, format, story string) (*httptest.Server, func(string) int) {
	t.Helper()
	return countingServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/":
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprintf(w, `<html><body><h1>Front page</h1><a href="%s">Latest</a></body></html>`, path)
		case path:
			w.Header().Set("Content-Type", contentType)
			fmt.Fprintf(w, format, "http://"+r.Host+story)
		case story:
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, articleHTML(2, r.URL.Path))
		default:
			http.NotFound(w, r)
		}
	})
}

// TestCrawlDatesItemsByALooseOffset: a feed's pubDate with a one-digit
// hour offset ("+5:30") dates its story (it was read as undated).
func TestCrawlDatesItemsByALooseOffset(t *testing.T) {
	const story = "/news/2026/11/27/monsoon-relief-reaches-coast"
	srv, hits := linkedListingSite(t, "/feed.xml", "application/rss+xml", `<?xml version="1.0"?><rss version="2.0"><channel>`+
		`<title>t</title><item><title>Relief</title><link>%s</link><pubDate>Fri, 27 Nov 2026 10:00:00 +5:30</pubDate>`+
		`</item></channel></rss>`, story)
	src := testSource()
	src.Feeds = []string{srv.URL + "/feed.xml"}
	store := newMemStore()
	runCrawl(t, testOptions(src, store))
	if hits(story) != 1 {
		t.Fatalf("story fetched %d times, want 1", hits(story))
	}
	if got, want := store.listedOf(srv.URL+story), time.Date(2026, 11, 27, 4, 30, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("story listed %v, want %v", got, want)
	}
}

// TestCrawlFollowsPermalinksOverHomeLinks: a feed item that links to the
// home page, with its story's address as its permalink GUID, leads to its
// story (it led to the home page alone).
func TestCrawlFollowsPermalinksOverHomeLinks(t *testing.T) {
	const story = "/news/2026/11/27/harbour-ferry-returns-to-service"
	srv, hits := linkedListingSite(t, "/feed.xml", "application/rss+xml", `<?xml version="1.0"?><rss version="2.0"><channel>`+
		`<title>t</title><item><title>Ferry</title><link>/</link><guid>%s</guid></item></channel></rss>`, story)
	src := testSource()
	src.Feeds = []string{srv.URL + "/feed.xml"}
	store := newMemStore()
	st := runCrawl(t, testOptions(src, store))
	if hits(story) != 1 || st.New != 1 {
		t.Errorf("story fetched %d times, %d new articles; want 1 and 1", hits(story), st.New)
	}
}
