package discover

import (
	"strconv"
	"strings"
	"testing"
	"time"
)

const ourUA = "newsarchive/1.0 (+https://example.org/bot)"

func TestRobotsGroups(t *testing.T) {
	body := readFixture(t, "robots.txt")
	tests := []struct {
		name, agent string
		delay       time.Duration
		allowed     map[string]bool
	}{
		{
			// Our group replaces the * group entirely: /search is allowed.
			name: "our group", agent: ourUA, delay: 2 * time.Second,
			allowed: map[string]bool{
				"https://www.example.com/":                   true,
				"https://www.example.com/archive/2024/":      false,
				"https://www.example.com/search?q=x":         true,
				"https://www.example.com/story?print=1":      false,
				"https://www.example.com/private/x":          true,
				"https://www.example.com/world/2024/story-1": true,
			},
		},
		{
			name: "fallback to star", agent: "otherbot/2.0", delay: 5 * time.Second,
			allowed: map[string]bool{
				"https://www.example.com/search?q=x":        false,
				"https://www.example.com/private/x":         false,
				"https://www.example.com/private/press/pr1": true,
				"https://www.example.com/archive/2024/":     true,
			},
		},
		{
			name: "case insensitive", agent: "BADBOT", delay: 0,
			allowed: map[string]bool{"https://www.example.com/": false},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := ParseRobots(200, body, tt.agent)
			if err != nil {
				t.Fatal(err)
			}
			if r.CrawlDelay() != tt.delay {
				t.Errorf("crawl delay %v, want %v", r.CrawlDelay(), tt.delay)
			}
			for u, want := range tt.allowed {
				if got := r.Allowed(mustURL(t, u)); got != want {
					t.Errorf("Allowed(%s) = %v, want %v", u, got, want)
				}
			}
		})
	}
}

func TestRobotsStatus(t *testing.T) {
	tests := []struct {
		status  int
		allowed bool
	}{
		{200, false}, // the body disallows /private/ for everyone
		{404, true}, {410, true}, {401, true}, {403, true},
		{500, false}, {503, false}, {429, false},
		{301, true}, {100, true},
	}
	body := []byte("User-agent: *\nDisallow: /private/\n")
	for _, tt := range tests {
		t.Run(strconv.Itoa(tt.status), func(t *testing.T) {
			r, err := ParseRobots(tt.status, body, ourUA)
			if err != nil {
				t.Fatal(err)
			}
			if got := r.Allowed(mustURL(t, "https://example.com/private/x")); got != tt.allowed {
				t.Errorf("status %d: Allowed = %v, want %v", tt.status, got, tt.allowed)
			}
		})
	}
}

func TestRobotsLenient(t *testing.T) {
	tests := []struct {
		name, body string
		blocked    string
	}{
		{"rules before user-agent", "Disallow: /private/\n\nUser-agent: *\nDisallow: /tmp/\n", "/private/a"},
		{"bad crawl-delay", "User-agent: *\nCrawl-delay: soon\nDisallow: /private/\n", "/private/a"},
		{"stray line and a crawl-delay", "Disallow: /cgi-bin/\nUser-agent: *\nCrawl-delay: 2\nDisallow: /private/\n", "/private/a"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := ParseRobots(200, []byte(tt.body), ourUA)
			if err == nil {
				t.Errorf("no error reported for a file the strict parser rejects")
			}
			if r.Allowed(mustURL(t, "https://example.com"+tt.blocked)) {
				t.Errorf("%s allowed; want the lenient parse to keep the rule", tt.blocked)
			}
			if !r.Allowed(mustURL(t, "https://example.com/news/")) {
				t.Errorf("/news/ disallowed")
			}
		})
	}
}

func TestRobotsSitemaps(t *testing.T) {
	r, err := ParseRobots(200, readFixture(t, "robots.txt"), ourUA)
	if err != nil {
		t.Fatal(err)
	}
	robotsURL := mustURL(t, "https://www.example.com/robots.txt")
	equalStrings(t, "sitemaps", r.Sitemaps(robotsURL), []string{
		"https://www.example.com/sitemap_index.xml",
		"https://www.example.com/news-sitemap.xml",
	})
	r, _ = ParseRobots(200, []byte("Sitemap: /sitemaps/index.xml\nSitemap: news.xml\n"), ourUA)
	equalStrings(t, "relative sitemaps", r.Sitemaps(robotsURL), []string{
		"https://www.example.com/sitemaps/index.xml",
		"https://www.example.com/news.xml",
	})
	r, _ = ParseRobots(404, nil, ourUA)
	if len(r.Sitemaps(robotsURL)) != 0 || r.CrawlDelay() != 0 {
		t.Errorf("404 robots: sitemaps %v delay %v", r.Sitemaps(robotsURL), r.CrawlDelay())
	}
}

// TestRobotsSpaceBeforeColon: a space before a line's colon (RFC 9309,
// 2.2) changes nothing: "Crawl-delay : 3" made the parser refuse the file
// whole, its Disallow lines with it, and "Sitemap : /s.xml" named no
// sitemap.
func TestRobotsSpaceBeforeColon(t *testing.T) {
	r, err := ParseRobots(200, []byte("User-agent : *\nCrawl-delay : 3\nDisallow\t: /private/\n\nSitemap : /s.xml\nSITEMAP :  https://cdn.example.com/t.xml  \n"), ourUA)
	if err != nil {
		t.Fatal(err)
	}
	wantRobots(t, r, "https://www.example.com/s.xml", "https://cdn.example.com/t.xml")
}

// wantRobots checks the rules of a file that asks for a Crawl-delay of 3
// s, disallows /private/ and names sitemaps on www.example.com.
func wantRobots(t *testing.T, r *Robots, sitemaps ...string) {
	t.Helper()
	if r.CrawlDelay() != 3*time.Second {
		t.Errorf("crawl delay %v, want 3s", r.CrawlDelay())
	}
	if r.Allowed(mustURL(t, "https://www.example.com/private/x")) {
		t.Error("/private/x allowed")
	}
	equalStrings(t, "sitemaps", r.Sitemaps(mustURL(t, "https://www.example.com/robots.txt")), sitemaps)
}

// TestRobotsCrawlDelayPastADuration: a Crawl-delay of more seconds than
// a Duration holds is the longest delay (the crawl then waits its cap), not
// the negative one its product overflowed into, which the crawl ignored.
func TestRobotsCrawlDelayPastADuration(t *testing.T) {
	for _, v := range []string{"99999999999", "1e300"} {
		r, err := ParseRobots(200, []byte("User-agent: *\nCrawl-delay: "+v+"\nDisallow: /private/\n"), ourUA)
		if err != nil {
			t.Fatal(err)
		}
		if got := r.CrawlDelay(); got < 24*time.Hour {
			t.Errorf("Crawl-delay: %s read as %v, want the longest delay", v, got)
		}
	}
}

// TestRobotsLenientKeepsCrawlDelay: a file parsed leniently for a stray
// line keeps its readable Crawl-delay.
func TestRobotsLenientKeepsCrawlDelay(t *testing.T) {
	r, err := ParseRobots(200, []byte("Disallow: /cgi-bin/\nUser-agent: *\nCrawl-delay: 2\nDisallow: /private/\n"), ourUA)
	if err == nil {
		t.Error("no error reported for a file the strict parser rejects")
	}
	if r.CrawlDelay() != 2*time.Second {
		t.Errorf("crawl delay %v, want 2s", r.CrawlDelay())
	}
}

// TestRobotsEncodedPaths: rules match a path however either side writes
// its letters outside ASCII and its escapes (RFC 9309, 2.2.2).
func TestRobotsEncodedPaths(t *testing.T) {
	for _, rule := range []string{"/news/café", "/news/caf%c3%a9", "/news/caf%C3%A9"} {
		r, _ := ParseRobots(200, []byte("User-agent: *\nDisallow: "+rule+"\n"), ourUA)
		for _, u := range []string{"https://example.com/news/café", "https://example.com/news/caf%C3%A9", "https://example.com/news/caf%c3%a9"} {
			if r.Allowed(mustURL(t, u)) {
				t.Errorf("Disallow: %s let %s through", rule, u)
			}
		}
		if !r.Allowed(mustURL(t, "https://example.com/news/cafe")) {
			t.Errorf("Disallow: %s refused /news/cafe", rule)
		}
	}
}

// TestRobotsEscapedLetters: a rule that escapes a letter, digit or
// "-._~" matches the path that writes it plainly, as URLs are written
// (RFC 9309, 2.2.2), while an escaped "*" stays a star, not a wildcard.
func TestRobotsEscapedLetters(t *testing.T) {
	tests := []struct {
		rule, path string
		allowed    bool
	}{
		{"/%7Ejoe/", "/~joe/notes", false},
		{"/%7ejoe/", "/~joe/notes", false},
		{"/~joe/", "/%7Ejoe/notes", false},
		{"/drafts%2Darticles/", "/drafts-articles/1", false},
		{"/%61rchive/", "/archive/2020", false},
		{"/a%2Ab", "/aXb", true},
		{"/a%2Ab", "/a%2Ab", false},
	}
	for _, tt := range tests {
		r, _ := ParseRobots(200, []byte("User-agent: *\nDisallow: "+tt.rule+"\n"), ourUA)
		if got := r.Allowed(mustURL(t, "https://example.com"+tt.path)); got != tt.allowed {
			t.Errorf("Disallow: %s, %s allowed = %v, want %v", tt.rule, tt.path, got, tt.allowed)
		}
	}
}

func TestProductToken(t *testing.T) {
	tests := map[string]string{
		ourUA:               "newsarchive",
		"NewsArchive":       "newsarchive",
		"mybot (+http://x)": "mybot",
		"  spaced/2.0":      "spaced",
		"":                  "*",
		"/1.0":              "*",
		"Mozilla/5.0 (compatible; newsarchive/1.0; +http://127.0.0.1/)":                 "newsarchive",
		"Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)":      "googlebot",
		"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome": "mozilla",
	}
	for in, want := range tests {
		if got := ProductToken(in); got != want {
			t.Errorf("ProductToken(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestRobotsGroupNames: a group applies to the crawler whose product
// token it names, or to the family the token belongs to, not to any
// crawler whose name it begins.
func TestRobotsGroupNames(t *testing.T) {
	tests := []struct {
		group, agent string
		applies      bool
	}{
		{"newsarchive", ourUA, true},
		{"NewsArchive", ourUA, true},
		{"newsarchive/1.0", ourUA, true},
		{"new", ourUA, false},
		{"news", ourUA, false},
		{"newsarchive", "newsarchive-test/1.0", true}, // the family
		{"newsarchive-test", "newsarchive/1.0", false},
		{"otherbot", ourUA, false},
	}
	for _, tt := range tests {
		body := "User-agent: *\nDisallow: /star/\n\nUser-agent: " + tt.group + "\nDisallow: /group/\n"
		r, err := ParseRobots(200, []byte(body), tt.agent)
		if err != nil {
			t.Fatal(err)
		}
		if got := !r.Allowed(mustURL(t, "https://example.com/group/x")); got != tt.applies {
			t.Errorf("group %q for %q: applies = %v, want %v", tt.group, tt.agent, got, tt.applies)
		}
		if got := !r.Allowed(mustURL(t, "https://example.com/star/x")); got == tt.applies {
			t.Errorf("group %q for %q: the * group applies = %v, want %v", tt.group, tt.agent, got, !tt.applies)
		}
	}
}

// TestRobotsLineEnds: a line ends with LF, CR LF or CR alone (RFC 9309,
// 2.2); a file written with CRs is read line by line, not as one
// User-agent line that names the * group and nothing more.
func TestRobotsLineEnds(t *testing.T) {
	const (
		file    = "User-agent: *\nCrawl-delay: 3\nDisallow: /private/\nSitemap: /s.xml\n"
		lenient = "Disallow: /tmp/\nUser-agent: *\nCrawl-delay: soon\nDisallow: /private/\n"
	)
	for _, eol := range []string{"\n", "\r\n", "\r"} {
		t.Run(strconv.Quote(eol), func(t *testing.T) {
			r, err := ParseRobots(200, []byte(strings.ReplaceAll(file, "\n", eol)), ourUA)
			if err != nil {
				t.Fatal(err)
			}
			wantRobots(t, r, "https://www.example.com/s.xml")
			r, err = ParseRobots(200, []byte(strings.ReplaceAll(lenient, "\n", eol)), ourUA)
			if err == nil {
				t.Error("no error reported for a file the strict parser rejects")
			}
			for _, p := range []string{"/private/a", "/tmp/a"} {
				if r.Allowed(mustURL(t, "https://www.example.com"+p)) {
					t.Errorf("%s allowed by the lenient parse", p)
				}
			}
		})
	}
}
