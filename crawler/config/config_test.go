package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestParseFull(t *testing.T) {
	c := mustLoad(t, "testdata/full.yaml")
	if c.Database != "/var/lib/newsarchive/archive.db" || c.MaxParallelSources != 3 {
		t.Errorf("database, max_parallel_sources = %q, %d", c.Database, c.MaxParallelSources)
	}
	if c.UserAgent != "newsarchive/1.0 (+https://example.org/bot)" {
		t.Errorf("user agent = %q", c.UserAgent)
	}
	want := Defaults{Schedule: "@hourly", MaxDepth: 3, Concurrency: 4, Delay: 2 * time.Second, MaxPages: 500}
	if c.Defaults != want {
		t.Errorf("defaults = %+v, want %+v", c.Defaults, want)
	}
	if len(c.Sources) != 2 {
		t.Fatalf("got %d sources, want 2", len(c.Sources))
	}
	ex := c.Sources[0]
	// Explicit zeros must win over the file's defaults.
	if ex.MaxDepth != 0 || ex.Delay != 0 || ex.Concurrency != 1 || ex.MaxPages != 50 {
		t.Errorf("example settings = depth %d delay %v concurrency %d pages %d",
			ex.MaxDepth, ex.Delay, ex.Concurrency, ex.MaxPages)
	}
	if ex.Schedule != "*/30 * * * *" || ex.Refresh != 7*24*time.Hour || !ex.Cookies {
		t.Errorf("example schedule %q refresh %v cookies %v", ex.Schedule, ex.Refresh, ex.Cookies)
	}
	if len(ex.Start) != 2 || len(ex.Feeds) != 1 || len(ex.Sitemaps) != 1 {
		t.Errorf("example urls: %v %v %v", ex.Start, ex.Feeds, ex.Sitemaps)
	}
	if !ex.Allow[0].MatchString("https://www.example.com/a") || !ex.Deny[1].MatchString("/x?page=120") ||
		!ex.Article[0].MatchString("https://example.com/2024/03/15/x") {
		t.Errorf("patterns compiled wrongly: %v %v %v", ex.Allow, ex.Deny, ex.Article)
	}
	in := c.Sources[1]
	if in.Schedule != "@hourly" || in.MaxDepth != 3 || in.Concurrency != 4 || in.Delay != 2*time.Second ||
		in.MaxPages != 500 || in.Refresh != 0 || in.Cookies {
		t.Errorf("inherited source = %+v", in)
	}
	if len(in.Start) != 1 || in.Start[0] != "https://news.example.net/" {
		t.Errorf("a single start string should be a list of one, got %v", in.Start)
	}
	if s, ok := c.Source("inherits.all"); !ok || s.Name != "inherits.all" {
		t.Errorf("Source lookup failed")
	}
	if _, ok := c.Source("nope"); ok {
		t.Errorf("Source found a name that is not configured")
	}
}

// TestParseMergeKeys: sources share settings through YAML merge keys; a
// key a source writes wins over a merged one, an earlier merged mapping
// over a later one.
func TestParseMergeKeys(t *testing.T) {
	c := mustLoad(t, "testdata/merge.yaml")
	want := map[string]struct {
		start, schedule string
		pages, depth    int
		denies          bool
	}{
		"first":  {"https://first.example/", "*/30 * * * *", 50, DefaultMaxDepth, true},
		"second": {"https://second.example/", "*/30 * * * *", 10, DefaultMaxDepth, true},
		"third":  {"https://third.example/", DefaultSchedule, DefaultMaxPages, 4, false},
		"fourth": {"https://third.example/", "*/30 * * * *", 50, 4, true},
	}
	if len(c.Sources) != len(want) {
		t.Fatalf("%d sources, want %d", len(c.Sources), len(want))
	}
	for _, s := range c.Sources {
		w := want[s.Name]
		denies := len(s.Deny) == 1 && s.Deny[0].MatchString("https://x.example/video/1")
		if len(s.Start) != 1 || s.Start[0] != w.start || s.Schedule != w.schedule || s.MaxPages != w.pages ||
			s.MaxDepth != w.depth || denies != w.denies {
			t.Errorf("%s: start %v schedule %q pages %d depth %d denies %v, want %+v",
				s.Name, s.Start, s.Schedule, s.MaxPages, s.MaxDepth, denies, w)
		}
	}
}

func TestParseBuiltinDefaults(t *testing.T) {
	tests := []struct{ name, yaml string }{
		{"empty", ""},
		{"comment only", "# nothing here\n"},
		{"null document", "~\n"},
		{"empty sources", "sources: []\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Parse([]byte(tt.yaml))
			if err != nil {
				t.Fatal(err)
			}
			d := Default()
			if c.Database != d.Database || c.UserAgent != d.UserAgent || c.Defaults != d.Defaults ||
				c.MaxParallelSources != 2 || len(c.Sources) != 0 {
				t.Errorf("got %+v, want %+v", c, d)
			}
		})
	}
	c := mustLoad(t, "testdata/minimal.yaml")
	s := c.Sources[0]
	if s.Schedule != DefaultSchedule || s.MaxDepth != DefaultMaxDepth || s.Delay != DefaultDelay ||
		s.Concurrency != DefaultConcurrency || s.MaxPages != DefaultMaxPages {
		t.Errorf("minimal source did not get built-in defaults: %+v", s)
	}
}

func TestParseAnchors(t *testing.T) {
	c := mustLoad(t, "testdata/anchors.yaml")
	if c.Defaults.Delay != 5*time.Second || c.Defaults.Concurrency != 1 {
		t.Errorf("defaults = %+v", c.Defaults)
	}
	if got := len(c.Sources[1].Deny); got != 2 {
		t.Errorf("aliased deny list has %d entries, want 2", got)
	}
}

func TestParseInvalid(t *testing.T) {
	tests := []struct{ file, want string }{
		{"unknown_top", `config: unknown key "user_agnet" (line 2)`},
		{"unknown_source_key", `config: source "example": unknown key "alow" (line 4)`},
		{"unknown_defaults_key", `config: defaults: unknown key "depth" (line 1)`},
		{"bad_regex", `config: source "example": allow[1]: invalid regex "(": missing closing )`},
		{"bad_article_regex", `config: source "example": article[0]: invalid regex "[a-": missing closing ]`},
		{"negative_depth", `config: source "example": max_depth: must not be negative, got -1`},
		{"negative_default_pages", `config: defaults: max_pages: must not be negative, got -5`},
		{"zero_concurrency", `config: source "example": concurrency: must be at least 1, got 0`},
		{"huge_concurrency", `config: source "example": concurrency: must be at most 64, got 100000`},
		{"huge_default_pages", `config: defaults: max_pages: must be at most 10000000, got 100000000`},
		{"huge_depth", `config: source "example": max_depth: must be at most 100, got 1000`},
		{"overflow_depth", `config: source "example": max_depth: expected an integer, got "99999999999999999999" (line 4)`},
		{"missing_name", `config: sources[1]: name: missing`},
		{"merged_name", `config: source "example": max_depth: must not be negative, got -1`},
		{"merged_name_nested", `config: source "example": unknown key "alow" (line 9)`},
		{"merged_name_written", `config: source "example": concurrency: must be at least 1, got 0`},
		{"duplicate_name", `config: source "example": name: duplicate of sources[0]`},
		{"relative_start", `config: source "example": start[0]: invalid url "/world/": must be an absolute http(s) url`},
		{"ftp_start", `config: source "example": start[1]: invalid url "ftp://example.com/news"`},
		{"credentials_start", `config: source "example": start[0]: invalid url "https://reader:xxxxx@example.com/world/": holds a user name or password, which the crawl does not send`},
		{"bad_feed", `config: source "example": feeds[0]: invalid url "example.com/rss"`},
		{"denied_start", `config: source "example": start[1]: https://example.com/section/ is never fetched: deny pattern "/section/" names it`},
		{"no_start", `config: source "example": start: missing`},
		{"bad_delay", `config: source "example": delay: invalid duration "5 seconds"`},
		{"negative_delay", `config: source "example": delay: must not be negative, got "-1s"`},
		{"bad_refresh", `config: source "example": refresh: invalid duration "1w"`},
		{"bad_cron", `config: source "example": schedule: invalid cron expression "61 * * * *"`},
		{"control_database", `config: database: "a\x00b.db" holds a control character`},
		{"number_database", `config: database: expected a string, got the number 5 (line 1): quote it if it is meant as text`},
		{"merge_scalar", `config: source "example": <<: expected a mapping or a list of mappings to merge, got a scalar (line 2)`},
		{"merge_unknown_key", `config: source "example": unknown key "alow" (line 2)`},
		{"empty_cron_item", `config: source "example": schedule: invalid cron expression "0,,5 * * * *": the minute field "0,,5" has an empty item in its list`},
		{"word_cron", `config: source "example": schedule: invalid cron expression "x * * * *": "x" in the minute field is not a number`},
		{"bad_month_name", `config: source "example": schedule: invalid cron expression "0 0 1 FOO *": "FOO" in the month field is not a number or one of JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC`},
		{"wide_step", `config: source "example": schedule: invalid cron expression "*/90 * * * *": step 90 is wider than the minute field, which it leaves at one value; for a run every 90 minutes write @every 90m`},
		{"wide_day_step", `config: defaults: schedule: invalid cron expression "0 0 */40 * *": step 40 is wider than the day of month field, which it leaves at one value`},
		{"never_cron", `config: source "example": schedule: invalid cron expression "0 0 31 4 *": names no time that comes (within five years)`},
		{"space_start", `config: source "example": start[0]: invalid url "https://example.com/world/ x"`},
		{"bare_tz", `config: source "example": schedule: invalid cron expression "CRON_TZ=Europe/Paris": time zone without a schedule`},
		{"bad_tz", `config: source "example": schedule: invalid cron expression "CRON_TZ=Mars/Olympus 0 * * * *"`},
		{"every_negative", `config: defaults: schedule: invalid cron expression "@every -5m": @every needs a positive duration`},
		{"every_millisecond", `config: defaults: schedule: invalid cron expression "@every 1ms": @every needs at least 1s`},
		{"string_depth", `config: source "example": max_depth: expected an integer, got "two" (line 4)`},
		{"string_cookies", `config: source "example": cookies: expected true or false, got "sometimes" (line 4)`},
		{"map_start", `config: source "example": start: expected a list of strings, got a mapping (line 3)`},
		{"sources_mapping", `config: sources: expected a list, got a mapping (line 2)`},
		{"repeated_key", `config: source "example": max_depth: key repeated (line 5)`},
		{"bad_name", `config: source "my source": name: invalid name "my source"`},
		{"syntax", `config: yaml: line `},
		{"two_documents", `config: more than one YAML document (line 2)`},
		{"zero_parallel", `config: max_parallel_sources: must be at least 1, got 0`},
		{"huge_parallel", `config: max_parallel_sources: must be at most 64, got 100000`},
		{"defaults_refresh", `config: defaults: refresh: set per source, not under defaults (line 3)`},
		{"empty_user_agent", `config: user_agent: must not be empty`},
		{"top_list", `config: expected a mapping, got a list (line 1)`},
		{"escaped_letter", `config: source "example": deny[0]: regex "/%7Eprivate/" can never match %7E: URLs are matched in their normal form, which write it "~"`},
		{"huge_delay", `config: source "example": delay: must be at most 1h, got "1000000h"`},
		{"overflow_delay", `config: defaults: delay: must be at most 1h, got "3000000h"`},
		{"huge_refresh", `config: source "example": refresh: must be at most 3650d, got "50000d"`},
		{"bad_port", `config: source "example": start[0]: invalid url "http://127.0.0.1:99999/": port 99999 is not one of 1-65535`},
		{"zero_port_feed", `config: source "example": feeds[0]: invalid url "http://example.com:0/rss": port 0 is not one of 1-65535`},
		{"bad_port_sitemap", `config: source "example": sitemaps[0]: invalid url "https://example.com:70000/sitemap.xml": port 70000 is not one of 1-65535`},
		{"broken_host", `config: source "example": start[0]: invalid url "http://[::1/": missing ']' in host`},
		{"number_allow", `config: source "example": allow: expected a string, got the number 5 (line 4): quote it if it is meant as text`},
		{"bool_deny_item", `config: source "example": deny: [1]: expected a string, got the boolean true (line 4): quote it if it is meant as text`},
		{"empty_allow", `config: source "example": allow[0]: empty pattern: it matches every URL`},
		{"empty_article", `config: source "example": article[1]: empty pattern: it matches every URL`},
		{"empty_tz", `config: source "example": schedule: invalid cron expression "CRON_TZ= 0 * * * *": CRON_TZ= names no time zone`},
		{"lower_escape", `config: source "example": article[0]: regex "/caf%c3%a9-" can never match %c3: URLs are matched in their normal form, which write it "%C3"`},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			path := filepath.Join("testdata", "invalid", tt.file+".yaml")
			_, err := Load(path)
			if err == nil {
				t.Fatalf("no error, want %q", tt.want)
			}
			msg, want := err.Error(), strings.Replace(tt.want, "config: ", "config "+path+": ", 1)
			if !strings.HasPrefix(msg, want) {
				t.Errorf("error\n got: %s\nwant: %s...", msg, tt.want)
			}
			if strings.Contains(msg, "\n") {
				t.Errorf("error is not one line: %q", msg)
			}
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("error does not match ErrInvalid")
			}
		})
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "newsarchive.yaml")
	if err := os.WriteFile(path, []byte("database: data/archive.db\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(dir, "data", "archive.db"); c.Database != want {
		t.Errorf("database = %q, want %q (relative to the file)", c.Database, want)
	}
	_, err = Load(filepath.Join(dir, "missing.yaml"))
	if err == nil || errors.Is(err, ErrInvalid) || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: err = %v, want a not-exist error that is not ErrInvalid", err)
	}
}

func TestExampleConfig(t *testing.T) {
	c := mustLoad(t, "../../examples/newsarchive.yaml")
	if len(c.Sources) < 3 {
		t.Errorf("example config has %d sources, want a few", len(c.Sources))
	}
}

func TestDefaultsSource(t *testing.T) {
	s := Default().Defaults.Source("adhoc", "https://example.com/")
	if s.Name != "adhoc" || s.MaxPages != DefaultMaxPages || s.Delay != DefaultDelay || s.Start[0] != "https://example.com/" {
		t.Errorf("got %+v", s)
	}
}

func TestParseDuration(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"0s", 0, true}, {"0", 0, true}, {"1500ms", 1500 * time.Millisecond, true},
		{"24h", 24 * time.Hour, true}, {"7d", 7 * 24 * time.Hour, true}, {"0d", 0, true},
		{"1d12h", 0, false}, {"d", 0, false}, {"7days", 0, false}, {"-1d", 0, false},
		{"99999999999d", 0, false}, {"", 0, false}, {"h", 0, false}, {".s", 0, false},
		{"3650d", 3650 * 24 * time.Hour, true}, {"3651d", 0, false}, {"87600h", 3650 * 24 * time.Hour, true},
		{"87601h", 0, false}, {"9999999999h", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := parseDuration(tt.in, MaxRefresh)
			if (err == nil) != tt.ok || got != tt.want {
				t.Errorf("parseDuration(%q) = %v, %v; want %v, ok=%v", tt.in, got, err, tt.want, tt.ok)
			}
		})
	}
}

// FuzzParse checks that no file makes Parse panic and that every error is
// one line.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/*/*.yaml")
	more, _ := filepath.Glob("testdata/*.yaml")
	for _, p := range append(files, more...) {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		_, err := Parse(data)
		if err != nil && strings.Contains(err.Error(), "\n") {
			t.Errorf("multi-line error: %q", err)
		}
	})
}

func mustLoad(tb testing.TB, path string) *Config {
	tb.Helper()
	c, err := Load(path)
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

func TestFingerprint(t *testing.T) {
	c := mustLoad(t, "testdata/full.yaml")
	a, b := c.Sources[0], c.Sources[1]
	if a.Fingerprint() == b.Fingerprint() {
		t.Errorf("different sources share a fingerprint")
	}
	again := mustLoad(t, "testdata/full.yaml")
	if again.Sources[0].Fingerprint() != a.Fingerprint() {
		t.Errorf("fingerprint differs between loads of one file")
	}
	edited := a
	edited.Delay++
	if edited.Fingerprint() == a.Fingerprint() {
		t.Errorf("a changed delay kept the fingerprint")
	}
	if len(a.Fingerprint()) != 64 {
		t.Errorf("fingerprint %q is not a hex sha-256", a.Fingerprint())
	}
}

// TestStepsWithinTheirField: a step as wide as its field, or narrower, is
// what it says; a wider one is refused (TestInvalidConfigs).
func TestStepsWithinTheirField(t *testing.T) {
	for _, spec := range []string{"*/60 * * * *", "*/15 */2 * * *", "0 */24 * * *", "0 0 */31 * *", "0 0 1 */12 *",
		"0 0 * * */7", "5,10/30 * * * *", "@every 90m", "CRON_TZ=Europe/Paris 0 */6 * * *"} {
		if err := checkSchedule(spec); err != nil {
			t.Errorf("checkSchedule(%q) = %v", spec, err)
		}
	}
}

// TestCronItemsTheParserTakes: lists, ranges, steps and names the cron
// parser reads are not refused by the check of each item.
func TestCronItemsTheParserTakes(t *testing.T) {
	for _, spec := range []string{"0,15,30,45 * * * *", "0 9-17/2 * * *", "0 0 * JAN-MAR,dec *", "0 9 * * mon-FRI",
		"0 0 ? * *", "TZ=UTC 0 0 1 1 *", "@daily", "1-5/2,7 * * * *"} {
		if err := checkSchedule(spec); err != nil {
			t.Errorf("checkSchedule(%q) = %v", spec, err)
		}
	}
}

// TestParseMergeBomb: merge keys naming one mapping many times over, at
// every level, load at once: a mapping merged again adds nothing and is
// not read again (read naively, this file of 1 KB takes hours).
func TestParseMergeBomb(t *testing.T) {
	type loaded struct {
		c   *Config
		err error
	}
	done := make(chan loaded, 1)
	go func() {
		c, err := Load("testdata/merge_bomb.yaml")
		done <- loaded{c, err}
	}()
	select {
	case l := <-done:
		if l.err != nil {
			t.Fatal(l.err)
		}
		if s := l.c.Sources[0]; s.MaxPages != 5 {
			t.Errorf("max_pages = %d, want 5 (merged from the deepest mapping)", s.MaxPages)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("loading took more than 10s")
	}
}
