package discover

import (
	"bytes"
	"testing"

	"golang.org/x/net/html"
)

// TestRobotsMetaNoFollow: a page's robots <meta> asking that its links not
// be followed marks them so, read from its bytes or its tree alike; other
// directives, and other crawlers' <meta>, do not.
func TestRobotsMetaNoFollow(t *testing.T) {
	tests := []struct {
		name, head string
		want       bool
	}{
		{"noindex, nofollow", `<meta name="robots" content="noindex, nofollow">`, true},
		{"none, in capitals", `<meta name="ROBOTS" content="NONE">`, true},
		{"among values", `<meta name="robots" content="max-snippet:-1, max-image-preview:large, nofollow">`, true},
		{"noindex alone", `<meta name="robots" content="noindex">`, false},
		{"index, follow", `<meta name="robots" content="index, follow">`, false},
		{"another crawler's", `<meta name="googlebot" content="nofollow">`, false},
		{"a property, not a name", `<meta property="robots" content="nofollow">`, false},
		{"none", `<meta name="description" content="nofollow is a word here">`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page := []byte(`<!DOCTYPE html><html><head><title>World</title>` + tt.head +
				`</head><body><a href="/world/2026/11/29/story">Story</a></body></html>`)
			tokenised := Links(page, "https://news.example/world/")
			doc, err := html.Parse(bytes.NewReader(page))
			if err != nil {
				t.Fatal(err)
			}
			parsed := DocumentLinks(doc, "https://news.example/world/")
			if tokenised.NoFollow != tt.want || parsed.NoFollow != tt.want {
				t.Errorf("NoFollow %v (tokenised), %v (parsed), want %v", tokenised.NoFollow, parsed.NoFollow, tt.want)
			}
			if len(tokenised.Links) != 1 || len(parsed.Links) != 1 {
				t.Errorf("links %v and %v, want the story's either way", tokenised.Links, parsed.Links)
			}
		})
	}
}

// TestHeaderNoFollow: X-Robots-Tag's nofollow for every crawler, or for
// this one by name, asks it not to follow the page's links; one for
// another crawler, or a directive with a value, does not.
func TestHeaderNoFollow(t *testing.T) {
	tests := []struct {
		name   string
		values []string
		want   bool
	}{
		{"nofollow", []string{"nofollow"}, true},
		{"none", []string{"none"}, true},
		{"noindex", []string{"noindex"}, false},
		{"for this crawler", []string{"newsarchive: noindex, nofollow"}, true},
		{"for this crawler, in capitals", []string{"NewsArchive: NOFOLLOW"}, true},
		{"for another crawler", []string{"googlebot: nofollow"}, false},
		{"for another crawler, then all", []string{"googlebot: noindex", "nofollow"}, true},
		{"a directive with a value", []string{"unavailable_after: 25 Jun 2010 15:00:00 PST"}, false},
		{"a directive with a value, then nofollow", []string{"unavailable_after: 25 Jun 2010 15:00:00 PST, nofollow"}, true},
		{"no header", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := HeaderNoFollow(tt.values, "newsarchive"); got != tt.want {
				t.Errorf("HeaderNoFollow(%q) = %v, want %v", tt.values, got, tt.want)
			}
		})
	}
}
