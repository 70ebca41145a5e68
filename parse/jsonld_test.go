package parse

import (
	"reflect"
	"testing"
)

func TestParseJSONLD(t *testing.T) {
	tests := []struct {
		name    string
		scripts []string
		path    string
		want    ldData
	}{
		{
			name: "plain NewsArticle",
			scripts: []string{`{"@context":"https://schema.org","@type":"NewsArticle","headline":"Bridge closes",
				"datePublished":"2024-03-15T10:00:00Z","author":{"@type":"Person","name":"Jane Doe"},
				"publisher":{"@type":"Organization","name":"Daily Planet"},"image":"https://example.com/a.jpg",
				"keywords":"bridges, city council ,transport","inLanguage":"en-US"}`},
			want: ldData{Type: "newsarticle", Headline: "Bridge closes", Published: "2024-03-15T10:00:00Z",
				Authors: []person{{Name: "Jane Doe"}}, Publisher: "Daily Planet", Images: []string{"https://example.com/a.jpg"},
				Keywords: []string{"bridges", "city council", "transport"}, Language: "en-US"},
		},
		{
			name: "graph with references",
			scripts: []string{`{"@context":"https://schema.org","@graph":[
				{"@type":"WebSite","@id":"https://example.com/#website","name":"Daily Planet"},
				{"@type":"WebPage","@id":"https://example.com/a#webpage","name":"Bridge closes - Daily Planet","datePublished":"2024-03-14"},
				{"@type":["Article","NewsArticle"],"@id":"https://example.com/a#article","headline":"Bridge closes",
				 "author":[{"@id":"https://example.com/#/person/1"},{"@id":"https://example.com/#org"}],
				 "publisher":{"@id":"https://example.com/#org"},"mainEntityOfPage":{"@id":"https://example.com/a"},
				 "image":{"@type":"ImageObject","url":"https://example.com/a.jpg"},"keywords":["Bridges","Transport"]},
				{"@type":"Person","@id":"https://example.com/#/person/1","name":"Jane Doe"},
				{"@type":"NewsMediaOrganization","@id":"https://example.com/#org","name":"Daily Planet"}]}`},
			want: ldData{Type: "newsarticle", Headline: "Bridge closes", Published: "2024-03-14", URL: "https://example.com/a",
				Authors: []person{{Name: "Jane Doe"}, {Name: "Daily Planet", Org: true}}, Publisher: "Daily Planet",
				SiteName: "Daily Planet", Images: []string{"https://example.com/a.jpg"}, Keywords: []string{"Bridges", "Transport"},
				Organizations: []ldOrganization{{Name: "Daily Planet"}}},
		},
		{
			name: "top-level array, broken block skipped, comment wrapper",
			scripts: []string{`{"@type": "NewsArticle", "headline": }`, `<!--
				[{"@type":"BreadcrumbList"},{"@type":"BlogPosting","headline":"Tom &amp; Jerry","author":"Jane Doe",
				  "image":[{"url":"/1.jpg"},"/2.jpg"],"dateModified":1710497045}]
				-->`},
			want: ldData{Type: "blogposting", Headline: "Tom & Jerry", Modified: "1710497045",
				Authors: []person{{Name: "Jane Doe"}}, Images: []string{"/1.jpg", "/2.jpg"}},
		},
		{
			name: "markup inside strings, raw or escaped",
			scripts: []string{`{"@type":"NewsArticle","headline":"Pipes <em>and</em> leaks &lt;b&gt;crisis&lt;/b&gt;",
				"description":"Bills <i>rise</i>","author":[{"@type":"Person","name":"Sean <span>O'Neill</span>"},"<b>Anna</b> Smith"],
				"publisher":{"@type":"Organization","name":"<strong>Herald</strong>"},"keywords":["<em>Water</em>"]}`},
			want: ldData{Type: "newsarticle", Headline: "Pipes and leaks crisis", Description: "Bills rise",
				Authors: []person{{Name: "Sean O'Neill"}, {Name: "Anna Smith"}}, Publisher: "Herald", Keywords: []string{"Water"}},
		},
		{
			name:    "blocks inside strings part words",
			scripts: []string{`{"@type":"NewsArticle","headline":"Floods<br>in the valley","description":"<p>Bills rise.</p><p>Again.</p>"}`},
			want:    ldData{Type: "newsarticle", Headline: "Floods in the valley", Description: "Bills rise. Again."},
		},
		{
			name: "article preferred over page, schema prefix, CDATA",
			scripts: []string{`//<![CDATA[
				{"@type":"http://schema.org/WebPage","name":"Page","mainEntity":{"@type":"ReportageNewsArticle","headline":"Story",
				 "author":[{"@type":"Person","givenName":"Ali","familyName":"Khan"},{"@type":"Person","name":"Jane Doe, John Roe"}]}}
				//]]>`},
			want: ldData{Type: "reportagenewsarticle", Headline: "Story",
				Authors: []person{{Name: "Ali Khan"}, {Name: "Jane Doe, John Roe"}}},
		},
		{
			name: "repaired: raw line break, trailing commas, comments",
			scripts: []string{`{"@type": "NewsArticle", // the type
				"headline": "Line
break", /* note */ "keywords": ["a", "b", ], "url": "https://example.com/a//b",}`},
			want: ldData{Type: "newsarticle", Headline: "Line break", Keywords: []string{"a", "b"}, URL: "https://example.com/a//b"},
		},
		{
			name: "article at the page address preferred",
			scripts: []string{`[{"@type":"NewsArticle","headline":"Other","url":"https://example.com/other"},
				{"@type":"NewsArticle","headline":"This one","url":"https://example.com/this/"}]`},
			path: "/this",
			want: ldData{Type: "newsarticle", Headline: "This one", URL: "https://example.com/this/"},
		},
		{
			name:    "no article types",
			scripts: []string{`{"@type":"Organization","name":"Daily Planet"}`, `not json`},
			want:    ldData{Organizations: []ldOrganization{{Name: "Daily Planet"}}},
		},
		{
			name:    "nothing named",
			scripts: []string{`{"@type":"WebSite","url":"https://example.com/"}`, `not json`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := parseJSONLD(tt.scripts, tt.path)
			if got == nil {
				got = &ldData{}
			}
			if !reflect.DeepEqual(*got, tt.want) {
				t.Errorf("parseJSONLD:\n got %+v\nwant %+v", *got, tt.want)
			}
		})
	}
}

// TestJSONLDMarkup parses pages whose JSON-LD strings carry markup: the
// headline and the authors read as text, without the tags.
func TestJSONLDMarkup(t *testing.T) {
	tests := []struct {
		file, title string
		authors     []string
	}{
		{"markup-headline.html", "Pipes and leaks crisis", []string{"Sean O'Neill"}},
		{"markup-author.html", "Water company to spend £200m fixing leaking pipes", []string{"Anna Smith"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			a, err := Parse(Page{URL: "https://herald.example/news/water", Body: fixture(t, "jsonld", tt.file),
				ContentType: "text/html; charset=utf-8"})
			if err != nil {
				t.Fatal(err)
			}
			if a.Title != tt.title {
				t.Errorf("title = %q, want %q", a.Title, tt.title)
			}
			if !reflect.DeepEqual(a.Authors, tt.authors) {
				t.Errorf("authors = %q, want %q", a.Authors, tt.authors)
			}
		})
	}
}
