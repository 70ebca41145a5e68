package discover

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
)

// hostileRobots is a robots.txt of wildcard rules, each costing a
// matcher that walks the path once per star, size bytes long.
func hostileRobots(size int) []byte {
	var b strings.Builder
	b.WriteString("User-agent: *\n")
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, "Disallow: /*%d*x*y*z$\n", i)
	}
	return []byte(b.String())
}

func articleURLs(n int) []*url.URL {
	us := make([]*url.URL, n)
	for i := range us {
		us[i], _ = url.Parse(fmt.Sprintf("https://example.com/news/2026/11/29/a-long-headline-slug-of-the-story-%d.html?utm=x", i))
	}
	return us
}

func BenchmarkRobotsHostile(b *testing.B) {
	body := hostileRobots(10 << 20)
	us := articleURLs(100)
	b.Run("parse", func(b *testing.B) {
		for b.Loop() {
			_, _ = ParseRobots(200, body, "newsarchive/1.0")
		}
	})
	r, _ := ParseRobots(200, body, "newsarchive/1.0")
	b.Run("allowed-100-urls", func(b *testing.B) {
		for b.Loop() {
			for _, u := range us {
				r.Allowed(u)
			}
		}
	})
}
