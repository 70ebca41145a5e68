package discover

import "testing"

// TestListingAfterOutput: a feed or a sitemap that a server's warning
// precedes is read from its XML declaration; a listing whose text holds
// a declaration (a code sample) is read as it is.
func TestListingAfterOutput(t *testing.T) {
	const (
		warning = "<br />\n<b>Warning</b>:  Cannot modify header information - headers already sent in <b>/var/www/feed.php</b> on line <b>8</b><br />\n"
		notice  = "PHP Notice:  Undefined index: lang in /var/www/sitemap.php on line 41\n"
		rss     = `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>t</title>` +
			`<item><title>a</title><link>https://news.example/2026/11/27/story</link></item></channel></rss>`
		sample = `<rss version="2.0"><channel><title>t</title><item><title>XML in Go</title>` +
			`<link>https://news.example/2026/11/27/xml-in-go</link><description><![CDATA[<?xml version="1.0"?><rss>]]></description></item></channel></rss>`
		urlset = `<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` +
			`<url><loc>https://news.example/2026/11/27/story</loc></url></urlset>`
	)
	feeds := []struct{ name, body, want string }{
		{"after an HTML warning", warning + rss, "https://news.example/2026/11/27/story"},
		{"after a notice", notice + rss, "https://news.example/2026/11/27/story"},
		{"a declaration in its text", sample, "https://news.example/2026/11/27/xml-in-go"},
	}
	for _, tt := range feeds {
		t.Run("feed "+tt.name, func(t *testing.T) {
			got, err := Feed([]byte(tt.body), "https://news.example/feed/")
			if err != nil {
				t.Fatal(err)
			}
			equalStrings(t, "urls", entryURLs(got), []string{tt.want})
		})
	}
	for name, pre := range map[string]string{"an HTML warning": warning, "a notice": notice} {
		t.Run("sitemap after "+name, func(t *testing.T) {
			sm, err := ParseSitemap([]byte(pre+urlset), "https://news.example/sitemap.xml", SitemapLimits{})
			if err != nil {
				t.Fatal(err)
			}
			equalStrings(t, "urls", entryURLs(sm.URLs), []string{"https://news.example/2026/11/27/story"})
		})
	}
	for _, body := range []string{rss, "\xef\xbb\xbf\n " + rss, "<rss></rss>", ""} {
		if got := xmlAfterOutput([]byte(body)); got != nil {
			t.Errorf("xmlAfterOutput(%.20q) = %.20q, want nil", body, got)
		}
	}
}
