package discover

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// TestRobotsPrecedence: among the rules of the crawler's group the one
// with the longest path wins, an Allow on a tie, whatever the order of
// the lines (RFC 9309, 2.2.2). Each file is tried as written and with its
// rules in the other order.
func TestRobotsPrecedence(t *testing.T) {
	tests := []struct {
		name, agent string
		group       string
		rules       []string
		path        string
		allowed     bool
	}{
		{"equal paths, allow wins", "qapolitebot/1.0", "qapolitebot",
			[]string{"Disallow: /eq/page", "Allow: /eq/page"}, "/eq/page", true},
		{"longer disallow beats wildcard allow", ourUA, "*",
			[]string{"Allow: /x/*.htm", "Disallow: /x/private"}, "/x/private.htm", false},
		{"wildcard allow elsewhere", ourUA, "*",
			[]string{"Allow: /x/*.htm", "Disallow: /x/private"}, "/x/public.htm", true},
		{"longer allow", ourUA, "*",
			[]string{"Allow: /p", "Disallow: /"}, "/page", true},
		{"equal folder", ourUA, "*",
			[]string{"Allow: /folder", "Disallow: /folder"}, "/folder/page", true},
		{"longer wildcard disallow", ourUA, "*",
			[]string{"Allow: /page", "Disallow: /*.htm"}, "/page.htm", false},
		{"end anchor allows the root", ourUA, "*",
			[]string{"Allow: /$", "Disallow: /"}, "/", true},
		{"end anchor only the root", ourUA, "*",
			[]string{"Allow: /$", "Disallow: /"}, "/page.htm", false},
		{"equal wildcard rules", ourUA, "*",
			[]string{"Disallow: /*.pdf", "Allow: /a*pdf"}, "/a.pdf", true},
		{"trailing star counts as written", ourUA, "*",
			[]string{"Disallow: /x/*", "Allow: /x/"}, "/x/y", false},
		{"query", ourUA, "*",
			[]string{"Allow: /story", "Disallow: /*?print="}, "/story?print=1", false},
	}
	for _, tt := range tests {
		for _, order := range []string{"as written", "swapped"} {
			t.Run(tt.name+"/"+order, func(t *testing.T) {
				rules := tt.rules
				if order == "swapped" {
					rules = []string{rules[1], rules[0]}
				}
				body := "User-agent: " + tt.group + "\n" + strings.Join(rules, "\n") + "\n"
				r, err := ParseRobots(200, []byte(body), tt.agent)
				if err != nil {
					t.Fatal(err)
				}
				if got := r.Allowed(mustURL(t, "https://example.com"+tt.path)); got != tt.allowed {
					t.Errorf("%q: %s allowed = %v, want %v", body, tt.path, got, tt.allowed)
				}
			})
		}
	}
}

// TestRobotsGroupChoice: the rules come from the most specific group that
// names the crawler, groups of one name merged, and a group of its own with
// no rules allows everything. The group read for Crawl-delay is the same.
func TestRobotsGroupChoice(t *testing.T) {
	tests := []struct {
		name, body string
		allowed    map[string]bool
		delay      time.Duration
	}{
		{"merged groups",
			"User-agent: newsarchive\nDisallow: /a/\n\nUser-agent: *\nDisallow: /b/\n\nUser-agent: newsarchive\nDisallow: /c/\n",
			map[string]bool{"/a/1": false, "/b/1": true, "/c/1": false}, 0},
		{"names sharing a group",
			"User-agent: otherbot\nUser-agent: newsarchive\nDisallow: /a/\n",
			map[string]bool{"/a/1": false, "/b/1": true}, 0},
		{"own group with only a delay",
			"User-agent: *\nDisallow: /\n\nUser-agent: newsarchive\nCrawl-delay: 1\n",
			map[string]bool{"/a/1": true}, time.Second},
		{"own group with an empty disallow",
			"User-agent: *\nDisallow: /\n\nUser-agent: newsarchive\nDisallow:\n",
			map[string]bool{"/a/1": true}, 0},
		{"comments and spacing",
			"\uFEFFuser-agent : * # everyone\r\nDISALLOW:/a/ # not a\r\nallow /a/b\r\ncrawl-delay: 3\r\n",
			map[string]bool{"/a/1": false, "/a/b": true, "/b": true}, 3 * time.Second},
		{"no group for us", "User-agent: otherbot\nDisallow: /\n",
			map[string]bool{"/a/1": true}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := ParseRobots(200, []byte(tt.body), ourUA)
			if err != nil {
				t.Fatal(err)
			}
			if r.CrawlDelay() != tt.delay {
				t.Errorf("crawl delay %v, want %v", r.CrawlDelay(), tt.delay)
			}
			for p, want := range tt.allowed {
				if got := r.Allowed(mustURL(t, "https://example.com"+p)); got != want {
					t.Errorf("%s allowed = %v, want %v", p, got, want)
				}
			}
		})
	}
}

func TestMatchRule(t *testing.T) {
	tests := []struct {
		pattern, path string
		match         bool
	}{
		{"/", "/", true},
		{"/fish", "/fish.html", true},
		{"/fish", "/Fish", false},
		{"/fish/", "/fish", false},
		{"/*.php", "/folder/filename.php?parameters", true},
		{"/*.php$", "/filename.php", true},
		{"/*.php$", "/filename.php?parameters", false},
		{"/fish*.php", "/fishheads/catfish.php?parameters", true},
		{"/fish*.php", "/Fish.PHP", false},
		{"/a$b", "/a$b/c", true}, // a "$" within the pattern is a "$"
		{"/a$b", "/a", false},
		{"/*/*/*$", "/a/b/c", true},
		{"/*/*/*$", "/a/b", false},
		{"*", "/anything", true},
		{"/x**y", "/xy", true},
		{"/$", "/", true},
		{"/$", "/a", false},
	}
	for _, tt := range tests {
		if got := matchRule(tt.pattern, tt.path); got != tt.match {
			t.Errorf("matchRule(%q, %q) = %v, want %v", tt.pattern, tt.path, got, tt.match)
		}
	}
}

// FuzzMatchRule holds matchRule to a regular expression built from the
// pattern (as the parser built one).
func FuzzMatchRule(f *testing.F) {
	f.Add("/*.php$", "/a.php")
	f.Add("/a$b*", "/a$bc")
	f.Fuzz(func(t *testing.T, pattern, path string) {
		if !utf8.ValidString(pattern) || !utf8.ValidString(path) {
			t.Skip("paths are percent-encoded; the expression reads UTF-8")
		}
		expr := regexp.QuoteMeta(pattern)
		if strings.HasSuffix(pattern, "$") {
			expr = strings.TrimSuffix(expr, `\$`) + `$`
		}
		re := regexp.MustCompile(`^` + strings.ReplaceAll(expr, `\*`, `(?s:.*)`))
		if got, want := matchRule(pattern, path), re.MatchString(path); got != want {
			t.Errorf("matchRule(%q, %q) = %v, the expression says %v", pattern, path, got, want)
		}
	})
}

// FuzzAllowed holds the ranked rules to RFC 9309's reading done the long
// way: every rule tried, the longest match winning, Allow taking a tie.
func FuzzAllowed(f *testing.F) {
	f.Add("/a\n!/a\n/*b$\n!/*", "/ab")
	f.Add("/x*\n!/x$\n/x", "/x")
	f.Fuzz(func(t *testing.T, lines, path string) {
		var rules []robotsRule
		for _, l := range strings.Split(lines, "\n") {
			allow := strings.HasPrefix(l, "!")
			rules = append(rules, robotsRule{path: strings.TrimPrefix(l, "!"), allow: allow})
		}
		best, want := -1, true
		for _, r := range rules {
			if len(r.path) < best || !matchRule(r.path, path) {
				continue
			}
			if len(r.path) > best {
				best, want = len(r.path), r.allow
			} else {
				want = want || r.allow
			}
		}
		if got := allowed(rankRules(slices.Clone(rules)), path); got != want {
			t.Errorf("allowed(%q, %q) = %v, want %v", lines, path, got, want)
		}
	})
}

func TestRobotsParseLimit(t *testing.T) {
	var body strings.Builder
	body.WriteString("User-agent: *\nDisallow: /first\n")
	for i := 0; body.Len() < 2*RobotsParseLimit; i++ {
		fmt.Fprintf(&body, "Disallow: /*%d*x$\n", i)
	}
	body.WriteString("Disallow: /last\n")
	r, err := ParseRobots(200, []byte(body.String()), "newsarchive/1.0")
	if err == nil || !strings.Contains(err.Error(), "over 500 KiB") {
		t.Errorf("error %v, want one saying the file is over 500 KiB", err)
	}
	for p, want := range map[string]bool{"/first": false, "/last": true, "/12x": false, "/a": true} {
		if got := r.Allowed(mustURL(t, "https://example.com"+p)); got != want {
			t.Errorf("%s allowed = %v, want %v", p, got, want)
		}
	}
	if most := RobotsParseLimit / len("Disallow:/*1*x$\n"); len(r.rules) > most {
		t.Errorf("%d rules kept from a file read up to %d bytes", len(r.rules), RobotsParseLimit)
	}
	small, err := ParseRobots(200, []byte("User-agent: *\nDisallow: /last\n"), "newsarchive/1.0")
	if err != nil || small.Allowed(mustURL(t, "https://example.com/last")) {
		t.Errorf("a small file: error %v, /last allowed %v", err, small.Allowed(mustURL(t, "https://example.com/last")))
	}
}
