package main

import (
	"regexp"
	"testing"

	"github.com/newsarchive/newsarchive/bench/site"
	"github.com/newsarchive/newsarchive/crawler/config"
)

// TestConfigLoads checks that the configuration the command writes is one
// the crawl command accepts, with the site's own pages allowed only.
func TestConfigLoads(t *testing.T) {
	base := "http://127.0.0.1:8199"
	cfg, err := config.Parse([]byte(crawlConfig(t.TempDir(), base, 500, 8)))
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Sources) != 1 {
		t.Fatalf("%d sources, want 1", len(cfg.Sources))
	}
	src := cfg.Sources[0]
	if src.MaxPages != 1500 || src.Concurrency != 8 || src.Delay != 0 {
		t.Errorf("max_pages %d, concurrency %d, delay %v; want 1500, 8, 0", src.MaxPages, src.Concurrency, src.Delay)
	}
	if len(src.Feeds) != 1 || len(src.Sitemaps) != 1 {
		t.Errorf("feeds %v, sitemaps %v; want the site's one each", src.Feeds, src.Sitemaps)
	}
	for _, u := range []string{base + "/", base + site.ArticlePath(7), base + "/section/3/"} {
		if !allowed(src.Allow, u) {
			t.Errorf("%s not allowed", u)
		}
	}
	if allowed(src.Allow, base+"/2019/11/19/us/politics/real-site-link.html") {
		t.Error("a real page's own link is allowed")
	}
}

func allowed(allow []*regexp.Regexp, u string) bool {
	for _, re := range allow {
		if re.MatchString(u) {
			return true
		}
	}
	return false
}
