package crawler

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
)

// TestCrawlArchivesStoriesNotHubs: a site's front, section, tag, author
// and date-archive pages whose teasers carry a line of text each, and its
// pages about itself, are crawled for their links (or not asked at all)
// but not archived as articles; its stories are, declared or not. Hubs
// like these were archived (0.46 of what a crawl of 30 sites' URL
// schemes archived were such pages).
func TestCrawlArchivesStoriesNotHubs(t *testing.T) {
	stories := []string{
		"/2024/03/15/harbour-wall-repairs-begin-in-spring",    // declared article
		"/news/2024/03/15/ferry-timetable-changes-for-summer", // nothing declared
		"/world/brexit-vote", // nothing declared, a short slug
	}
	hubs := map[string]string{ // path → og:type
		"/":                      "website",
		"/section/world":         "website",
		"/tag/storms":            "",
		"/author/jane-doe":       "profile",
		"/category/world/page/2": "website",
		"/2024/03/":              "",
	}
	srv, hits := countingServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		switch p := r.URL.Path; {
		case p == stories[0]:
			fmt.Fprint(w, articleHTML(1, p))
		case slices.Contains(stories, p):
			fmt.Fprint(w, undeclaredStoryHTML(p))
		case p == "/about-us" || p == "/privacy-policy":
			fmt.Fprint(w, aboutHTML())
		case hubs[p] != "" || p == "/tag/storms" || p == "/2024/03/":
			fmt.Fprint(w, hubHTML(p, hubs[p], stories))
		default:
			http.NotFound(w, r)
		}
	})
	var start []string
	for p := range hubs {
		start = append(start, srv.URL+p)
	}
	slices.Sort(start)
	store := newMemStore()
	runCrawl(t, testOptions(testSource(start...), store))
	got := store.articleURLs()
	for _, p := range stories {
		if !got[srv.URL+p] {
			t.Errorf("story %s not archived", p)
		}
	}
	for p := range hubs {
		if hits(p) == 0 {
			t.Errorf("hub %s not crawled", p)
		}
		if got[srv.URL+p] {
			t.Errorf("hub %s archived as an article", p)
		}
	}
	for _, p := range []string{"/about-us", "/privacy-policy"} {
		if n := hits(p); n != 0 {
			t.Errorf("%s asked %d times; a site's pages about itself are not news", p, n)
		}
	}
	if len(got) != len(stories) {
		t.Errorf("archived %d articles, want %d: %v", len(got), len(stories), got)
	}
}

// hubHTML is a listing page as news sites write them: a card per story,
// each with its headline, a line of text and a time, and links to the
// site's pages about itself.
func hubHTML(path, ogType string, stories []string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>%s | The Local Times</title>`, path)
	if ogType != "" {
		fmt.Fprintf(&b, `<meta property="og:type" content="%s">`, ogType)
	}
	b.WriteString(`</head><body><header><a href="/">The Local Times</a></header><main><h1>Latest</h1><ul class="cards">`)
	for i := range 8 {
		s := stories[i%len(stories)]
		fmt.Fprintf(&b, `<li><div class="card"><h3><a href="%s">Story %d of the week in the region</a></h3>
<p class="card-description">Officials in the county said on Friday that the plans for number %d would go ahead after a long consultation with residents and local businesses.</p>
<time datetime="2024-03-15T08:00:00Z">15 March 2024</time></div></li>`, s, i, i)
	}
	b.WriteString(`</ul></main><footer><a href="/about-us">About us</a> <a href="/privacy-policy">Privacy</a></footer></body></html>`)
	return b.String()
}

// undeclaredStoryHTML is a story that declares no type: only its prose
// tells it is one.
func undeclaredStoryHTML(path string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>%s | The Local Times</title></head>
<body><article><h1>%s</h1>`, path, path)
	for p := range 5 {
		fmt.Fprintf(&b, `<p>Paragraph %d of the story at %s. The operator said the changes follow a review of
passenger numbers over the winter, and that the new times would be published in full next week, with
extra crossings on Saturdays during the school holidays and fewer early departures on weekdays.</p>`, p+1, path)
	}
	b.WriteString(`</article></body></html>`)
	return b.String()
}

// aboutHTML is a site's page about itself: prose, but no news.
func aboutHTML() string {
	return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>About us | The Local Times</title>
<meta property="og:type" content="website"></head><body><main><h1>About us</h1>
<p>The Local Times has covered the county since 1921. Our newsroom of twelve reporters and editors works from
the old corn exchange on Market Street, and we publish every day online and every Thursday in print.</p>
<p>We are owned by a charitable trust, which guarantees our editorial independence. Our journalists follow
the editors' code of practice, and we correct our mistakes promptly and openly on our corrections page.</p>
</main></body></html>`
}
