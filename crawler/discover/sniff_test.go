package discover

import "testing"

func TestSniffListing(t *testing.T) {
	tests := []struct {
		name, body, contentType string
		want                    Served
	}{
		{"RSS", `<?xml version="1.0"?><rss version="2.0"><channel/></rss>`, "", ServedFeed},
		{"RDF", `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>`, "", ServedFeed},
		{"Atom", "\xef\xbb\xbf<!-- generated --><feed xmlns=\"http://www.w3.org/2005/Atom\"/>", "", ServedFeed},
		{"Atom 0.3", `<feed version="0.3" xmlns="http://purl.org/atom/ns#"/>`, "", ServedFeed},
		{"a bare feed element", `<feed><item/></feed>`, "", ServedPage},
		{"urlset", `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"/>`, "", ServedSitemap},
		{"sitemap index", `<?xml version="1.0"?><sitemapindex/>`, "", ServedSitemap},
		{"a PHP warning first", "<b>Warning</b>: headers sent\n<?xml version=\"1.0\"?><rss/>", "", ServedFeed},
		{"an HTML page", `<!DOCTYPE html><html><body><rss>not one</rss></body></html>`, "", ServedPage},
		{"plain text", "Our RSS feed moved to /feed.xml", "", ServedPage},
		{"empty", "", "", ServedPage},
		{"UTF-16 by its byte order mark", "\xff\xfe<\x00r\x00s\x00s\x00>\x00<\x00/\x00r\x00s\x00s\x00>\x00", "text/html", ServedFeed},
		{"UTF-16 by its Content-Type", "<\x00r\x00s\x00s\x00/\x00>\x00", "text/plain; charset=utf-16le", ServedFeed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := SniffListing([]byte(tt.body), tt.contentType); got != tt.want {
				t.Errorf("SniffListing = %d, want %d", got, tt.want)
			}
		})
	}
}
