package crawler

import (
	"context"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/gocolly/colly/v2"

	benchsite "github.com/newsarchive/newsarchive/bench/site"
	"github.com/newsarchive/newsarchive/parse"
)

// siteSections is how many sections list the benchmark site's articles.
const siteSections = 20

// siteArticles is the size of the benchmark site: 2,000 articles by
// default; -site.articles=20000 checks memory on a large site.
var siteArticles int

func init() {
	flag.IntVar(&siteArticles, "site.articles", 2000, "articles of BenchmarkSite's site")
}

// realPages loads the news pages of the extraction benchmark, kept beside
// the repository in ../shared; the benchmark is skipped without them.
func realPages(b *testing.B) [][]byte {
	b.Helper()
	return benchsite.PagesOrSkip(b)
}

// realSite serves the benchmark site: a home page linking the sections, each
// section listing its articles, a feed of the latest 100 and a sitemap of
// all. Article i is real page i modulo the pages loaded.
func realSite(b *testing.B, pages [][]byte) (*httptest.Server, *regexp.Regexp) {
	b.Helper()
	var home, feed, sitemap strings.Builder
	sections := make([]strings.Builder, siteSections)
	home.WriteString("<html><head><title>Bench Times</title></head><body>")
	feed.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>Bench</title>`)
	sitemap.WriteString(`<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
	for s := range siteSections {
		fmt.Fprintf(&home, `<a href="/section/%d/">Section %d</a>`, s, s)
		fmt.Fprintf(&sections[s], "<html><head><title>Section %d</title></head><body>", s)
	}
	for i := range siteArticles {
		p := fmt.Sprintf("/news/2024/03/15/story-%d", i)
		fmt.Fprintf(&sections[i%siteSections], `<a href="%s">Story %d</a>`, p, i)
		fmt.Fprintf(&sitemap, "<url><loc>%s</loc></url>", p)
		if i < 100 {
			fmt.Fprintf(&feed, "<item><title>Story %d</title><link>%s</link></item>", i, p)
		}
	}
	home.WriteString("</body></html>")
	feed.WriteString("</channel></rss>")
	sitemap.WriteString("</urlset>")
	mux := http.NewServeMux()
	serve := func(body []byte, ct string) http.HandlerFunc {
		return func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", ct)
			w.Write(body)
		}
	}
	const html = "text/html; charset=utf-8"
	mux.HandleFunc("/{$}", serve([]byte(home.String()), html))
	mux.HandleFunc("/feed.xml", serve([]byte(feed.String()), "application/rss+xml"))
	mux.HandleFunc("/sitemap.xml", serve([]byte(sitemap.String()), "application/xml"))
	for s := range siteSections {
		mux.HandleFunc(fmt.Sprintf("/section/%d/", s), serve([]byte(sections[s].String()+"</body></html>"), html))
	}
	for i := range siteArticles {
		mux.HandleFunc(fmt.Sprintf("/news/2024/03/15/story-%d", i), serve(pages[i%len(pages)], html))
	}
	srv := httptest.NewServer(mux)
	b.Cleanup(srv.Close)
	// The real pages link to their own sites' paths; only the site's own
	// pages are followed.
	allow := regexp.MustCompile("^" + regexp.QuoteMeta(srv.URL) + `/(section/\d+/|news/2024/03/15/story-\d+|feed\.xml|sitemap\.xml)?$`)
	return srv, allow
}

// BenchmarkSite crawls the benchmark site side by side: bare colly that
// only fetches, colly following links with goquery, parse alone over the same articles
// on all cores (the extraction-bound ceiling), and the crawler with and
// without extraction. Run with -benchtime=1x: one iteration is a whole
// crawl.
func BenchmarkSite(b *testing.B) {
	pages := realPages(b)
	srv, allow := realSite(b, pages)
	b.Run("colly-fetch", func(b *testing.B) { benchCollyFetch(b, srv.URL) })
	b.Run("colly-links", func(b *testing.B) { benchCollyLinks(b, srv.URL, allow) })
	b.Run("parse-alone", func(b *testing.B) { benchParseAlone(b, srv.URL, pages) })
	notArticle := func(parse.Page) (*parse.Article, error) { return nil, parse.ErrNotArticle }
	b.Run("crawl-fetch", func(b *testing.B) { benchCrawler(b, srv.URL, allow, notArticle) })
	b.Run("crawl-parse", func(b *testing.B) { benchCrawler(b, srv.URL, allow, parse.Parse) })
}

// benchCollyFetch fetches every page of the site with colly and nothing
// else: no parsing, no link following. It is the transport's ceiling.
func benchCollyFetch(b *testing.B, site string) {
	var pages atomic.Int64
	for b.Loop() {
		c := colly.NewCollector(colly.Async(true), colly.AllowURLRevisit())
		c.Limit(&colly.LimitRule{DomainGlob: "*", Parallelism: 4})
		c.OnResponse(func(*colly.Response) { pages.Add(1) })
		c.Visit(site + "/")
		for s := range siteSections {
			c.Visit(fmt.Sprintf("%s/section/%d/", site, s))
		}
		for i := range siteArticles {
			c.Visit(fmt.Sprintf("%s/news/2024/03/15/story-%d", site, i))
		}
		c.Wait()
	}
	b.ReportMetric(float64(pages.Load())/b.Elapsed().Seconds(), "pages/s")
}

// benchCollyLinks is colly's usual crawl: goquery over every page to follow
// its links.
func benchCollyLinks(b *testing.B, site string, allow *regexp.Regexp) {
	var pages atomic.Int64
	for b.Loop() {
		c := colly.NewCollector(colly.Async(true), colly.MaxDepth(3), colly.URLFilters(allow))
		c.Limit(&colly.LimitRule{DomainGlob: "*", Parallelism: 4})
		c.OnResponse(func(*colly.Response) { pages.Add(1) })
		c.OnHTML("a[href]", func(e *colly.HTMLElement) { e.Request.Visit(e.Attr("href")) })
		c.Visit(site + "/")
		c.Wait()
	}
	b.ReportMetric(float64(pages.Load())/b.Elapsed().Seconds(), "pages/s")
}

func benchParseAlone(b *testing.B, site string, pages [][]byte) {
	workers := runtime.GOMAXPROCS(0)
	for b.Loop() {
		next := atomic.Int64{}
		var wg sync.WaitGroup
		for range workers {
			wg.Go(func() {
				for i := next.Add(1) - 1; i < int64(siteArticles); i = next.Add(1) - 1 {
					parse.Parse(parse.Page{
						URL:         fmt.Sprintf("%s/news/2024/03/15/story-%d", site, i),
						Body:        pages[int(i)%len(pages)],
						ContentType: "text/html; charset=utf-8",
					})
				}
			})
		}
		wg.Wait()
	}
	b.ReportMetric(float64(siteArticles*b.N)/b.Elapsed().Seconds(), "pages/s")
}

func benchCrawler(b *testing.B, site string, allow *regexp.Regexp, extract func(parse.Page) (*parse.Article, error)) {
	var fetched, articles int64
	var peak benchsite.Peaks
	for b.Loop() {
		src := testSource(site + "/")
		src.Feeds = []string{site + "/feed.xml"}
		src.Sitemaps = []string{site + "/sitemap.xml"}
		src.Allow = []*regexp.Regexp{allow}
		src.Concurrency = 4
		src.MaxPages = 3 * siteArticles
		opt := testOptions(src, discardStore{})
		opt.Parse = extract
		opt.IgnoreRobots = true
		opt.Progress = func(Stats) { peak.Sample() }
		st, err := Run(context.Background(), opt)
		if err != nil {
			b.Fatal(err)
		}
		fetched += st.Fetched
		articles += st.New
	}
	b.ReportMetric(float64(fetched)/b.Elapsed().Seconds(), "pages/s")
	b.ReportMetric(float64(articles)/float64(b.N), "articles/op")
	b.ReportMetric(float64(peak.Goroutines()), "max-goroutines")
	b.ReportMetric(peak.HeapMiB(), "peak-heap-MiB")
	if hwm := benchsite.PeakRSS(); hwm > 0 {
		b.ReportMetric(float64(hwm)/(1<<20), "process-peak-RSS-MiB")
	}
}

// discardStore keeps nothing, so a benchmark measures the crawl rather than
// the memory of a store that would hold every body.
type discardStore struct{}

func (discardStore) Known(context.Context, string) (Known, error)     { return Known{}, nil }
func (discardStore) LastBody(context.Context, string) ([]byte, error) { return nil, nil }
func (discardStore) Save(_ context.Context, r Record) (Outcome, error) {
	return Outcome{NewArticle: r.Article != nil}, nil
}
