package crawler

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/gocolly/colly/v2"

	"github.com/newsarchive/newsarchive/crawler/discover"
)

// TestListedAfterALink: an article a section page's link queued before a
// listing dated it still gets the listing's publication (the run's section
// pages come before its sitemaps); a date that is no moment, or past the
// run's budget of such notes, is not kept.
func TestListedAfterALink(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler()) // never asked: the run is not started
	t.Cleanup(srv.Close)
	published := time.Date(2019, 11, 18, 21, 46, 0, 0, time.UTC)
	exact := &discover.Entry{Published: published, PublishedExact: true}
	tests := []struct {
		name      string
		maxPages  int
		listed    []*discover.Entry // the listings' entries for the article, after the link
		urlsFirst int               // other articles noted first
		want      time.Time
	}{
		{"a listing after the link", 10, []*discover.Entry{exact}, 0, published},
		{"no listing", 10, nil, 0, time.Time{}},
		{"a day, no moment", 10, []*discover.Entry{{Published: published}}, 0, time.Time{}},
		{"the first listing's date", 10, []*discover.Entry{exact, {Published: published.Add(time.Hour), PublishedExact: true}}, 0, published},
		{"past the run's budget of notes", 2, []*discover.Entry{exact}, 2, time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := testSource(srv.URL + "/")
			src.MaxPages = tt.maxPages
			opt := testOptions(src, newMemStore()).withDefaults()
			opt.IgnoreRobots = true
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			r, err := newRun(ctx, opt)
			if err != nil {
				t.Fatal(err)
			}
			article := func(i int) string { return srv.URL + "/news/2019/11/18/story-number-" + string(rune('a'+i)) }
			for i := range tt.urlsFirst {
				u := article(i + 1)
				r.enqueue(ctx, target{url: u, kind: kindArticle, depth: 1})
				r.enqueue(ctx, target{url: u, kind: kindArticle, depth: src.MaxDepth, listed: exact})
			}
			r.enqueue(ctx, target{url: article(0), kind: kindArticle, depth: 1})
			for _, e := range tt.listed {
				r.enqueue(ctx, target{url: article(0), kind: kindArticle, depth: src.MaxDepth, listed: e})
			}
			c := colly.NewContext()
			c.Put(ctxURL, article(0))
			if got := r.listedOf(c); !got.Equal(tt.want) {
				t.Errorf("listed %v, want %v", got, tt.want)
			}
		})
	}
}
