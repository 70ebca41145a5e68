package discover

import (
	"bytes"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

func TestLinks(t *testing.T) {
	tests := []struct {
		name, file, url string
		links, feeds    []string
	}{
		{
			name: "section page", file: "page.html", url: "https://www.example-times.com/world/",
			links: []string{
				"https://www.example-times.com/",
				"https://www.example-times.com/politics/",
				"https://www.example-times.com/world/2024/mar/15/flood-defences-hold-river-peaks",
				"https://www.example-times.com/world/2024/mar/15/relative-to-section",
				"https://other.example.net/story",
				"https://www.example-times.com/world/map-region",
			},
			feeds: []string{
				"https://www.example-times.com/world/rss.xml",
				"https://www.example-times.com/world/atom.xml",
			},
		},
		{
			name: "base href", file: "page_base.html", url: "https://www.example.com/x/",
			links: []string{"https://cdn.example.com/mirror/story-one", "https://cdn.example.com/abs"},
		},
		{
			name: "base href after a base target", file: "page_base_target.html", url: "https://www.example.com/x/",
			links: []string{"https://cdn.example.com/mirror/story-one", "https://cdn.example.com/abs"},
		},
	}
	for _, tt := range tests {
		for _, way := range linkFinders {
			t.Run(tt.name+"/"+way.name, func(t *testing.T) {
				got := way.find(t, readFixture(t, tt.file), tt.url)
				equalStrings(t, "links", got.Links, tt.links)
				equalStrings(t, "feeds", got.Feeds, tt.feeds)
			})
		}
	}
}

// linkFinders are the two ways a page's links are found: from its bytes,
// TestFeedLinkTypes: the <link> types that announce a feed, JSON Feed's
// old application/json among them, and the JSON links that are no feed.
func TestFeedLinkTypes(t *testing.T) {
	tests := []struct {
		name, link string
		feed       bool
	}{
		{"rss", `<link rel="alternate" type="application/rss+xml" href="/rss.xml">`, true},
		{"json feed 1.1", `<link rel="alternate" type="application/feed+json" href="/feed.json">`, true},
		{"json feed 1.0", `<link rel="alternate" type="application/json" title="JSON Feed" href="/feed.json">`, true},
		{"json feed of a section", `<link rel="alternate" type="application/json; charset=utf-8" href="/feeds/world.json">`, true},
		{"wordpress rest api", `<link rel="alternate" type="application/json" href="/wp-json/wp/v2/posts/4512">`, false},
		{"wordpress rest api as a file", `<link rel="alternate" type="application/json" href="/wp-json/feed.json">`, false},
		{"oembed", `<link rel="alternate" type="application/json+oembed" href="/wp-json/oembed/1.0/embed?url=x">`, false},
		{"an article's json twin", `<link rel="alternate" type="application/json" href="/world/2026/11/27/story.json">`, false},
		{"json not an alternate", `<link rel="preload" type="application/json" href="/feed.json">`, false},
	}
	for _, tt := range tests {
		for _, way := range linkFinders {
			t.Run(tt.name+"/"+way.name, func(t *testing.T) {
				got := way.find(t, []byte("<html><head>"+tt.link+"</head><body></body></html>"), "https://news.example.com/world/")
				if (len(got.Feeds) == 1) != tt.feed {
					t.Errorf("feeds %q; want a feed: %v", got.Feeds, tt.feed)
				}
			})
		}
	}
}

// and from the tree a parser built of them.
var linkFinders = []struct {
	name string
	find func(t *testing.T, body []byte, pageURL string) PageLinks
}{
	{"tokens", func(_ *testing.T, body []byte, pageURL string) PageLinks { return Links(body, pageURL) }},
	{"document", func(t *testing.T, body []byte, pageURL string) PageLinks {
		doc, err := html.Parse(bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		return DocumentLinks(doc, pageURL)
	}},
}

func TestLinksMalformed(t *testing.T) {
	tests := []struct {
		name, body string
		want       int
	}{
		{"empty", "", 0},
		{"binary", "\x00\x01\x02\xff<a href=/x>", 1},
		{"unclosed tags", "<div><a href='/a'><p><a href=\"/b\"", 1},
		{"broken attribute", `<a href="/one>one</a><a href="/two">two</a>`, 1},
		{"many links", strings.Repeat(`<a href="/s">s</a>`, 10000), 1},
		{"links in noscript", `<p><noscript><a href="/ns">n</a></noscript><a href="/b">b</a></p>`, 2},
		{"noscript in head", `<head><noscript><link rel="alternate" type="application/rss+xml" href="/f"><a href="/h">h</a></noscript></head><a href="/b">b</a>`, 2},
		{"nested unclosed noscript, read once", strings.Repeat("<noscript>", 20000) + `<a href="/x">x</a>`, 0},
		{"empty and unclosed noscript", `<noscript></noscript><a href="/b">b</a><noscript><a href="/c">c`, 2},
		{"anchor without href", `<a name="top">t</a><a href="/x">x</a>`, 1},
	}
	for _, tt := range tests {
		for _, way := range linkFinders {
			t.Run(tt.name+"/"+way.name, func(t *testing.T) {
				got := way.find(t, []byte(tt.body), "https://example.com/")
				if len(got.Links) != tt.want {
					t.Errorf("got %d links %q, want %d", len(got.Links), got.Links, tt.want)
				}
			})
		}
	}
	if got := Links([]byte(`<a href="/x">`), "::not a url"); len(got.Links) != 0 {
		t.Errorf("bad page url gave links %q", got.Links)
	}
	if got := DocumentLinks(nil, "https://example.com/"); len(got.Links) != 0 {
		t.Errorf("no document gave links %q", got.Links)
	}
}

func BenchmarkLinks(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("<html><head><title>t</title></head><body>")
	for i := 0; sb.Len() < 170_000; i++ {
		sb.WriteString(`<div class="teaser"><h2><a href="/world/2024/mar/15/some-long-story-slug-`)
		sb.WriteString(strings.Repeat("x", i%7))
		sb.WriteString(`">A headline</a></h2><p>Some teaser text of moderate length for the card.</p></div>`)
	}
	body := []byte(sb.String())
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		Links(body, "https://www.example.com/world/")
	}
}

func TestRefresh(t *testing.T) {
	const page = "https://n.example/mr/story-stub"
	tests := []struct{ head, want string }{
		{`<meta http-equiv="refresh" content="0; url=/news/2026/story">`, "https://n.example/news/2026/story"},
		{`<meta http-equiv="Refresh" content="0;URL='https://n.example/news/a'">`, "https://n.example/news/a"},
		{`<meta content="5, /news/b" http-equiv="refresh">`, "https://n.example/news/b"},
		{`<meta http-equiv="refresh" content="300">`, ""},                         // reloads itself
		{`<meta http-equiv="refresh" content="0; url=/mr/story-stub">`, ""},       // itself
		{`<meta name="description" content="0; url=/news/c">`, ""},                // not a refresh
		{`</head><body><meta http-equiv="refresh" content="0; url=/news/d">`, ""}, // in the body
		{`<meta http-equiv="refresh" content="0; url=javascript:alert(1)">`, ""},  // not http(s)
	}
	for _, tt := range tests {
		if got := Refresh([]byte("<html><head>"+tt.head+"</head><body><p>Moved.</p></body></html>"), page); got != tt.want {
			t.Errorf("Refresh(%s) = %q, want %q", tt.head, got, tt.want)
		}
	}
}

func TestForward(t *testing.T) {
	const page = "https://n.example/mr/story-stub"
	const meta = `<html><head><meta http-equiv="refresh" content="0; url=/news/by-meta"></head><body>Moved.</body></html>`
	tests := []struct{ header, body, want string }{
		{"0; url=/news/by-header", meta, "https://n.example/news/by-header"},
		{"5;URL='https://n.example/news/quoted'", "", "https://n.example/news/quoted"},
		{"", meta, "https://n.example/news/by-meta"},
		{"300", meta, ""},                        // the header reloads the page itself
		{"0; url=/mr/story-stub", "", ""},        // itself
		{"0; url=javascript:alert(1)", meta, ""}, // not http(s)
		{"", "<html><body>No forward.</body></html>", ""},
	}
	for _, tt := range tests {
		if got := Forward(tt.header, []byte(tt.body), page); got != tt.want {
			t.Errorf("Forward(%q, %q) = %q, want %q", tt.header, tt.body, got, tt.want)
		}
	}
}
