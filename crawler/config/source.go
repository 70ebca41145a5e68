package config

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/newsarchive/newsarchive/parse/urlnorm"
)

// build validates a source as written and fills what it omits from d.
func (r *rawSource) build(d Defaults) (Source, error) {
	if r.Name == "" {
		return Source{}, fmt.Errorf("name: missing")
	}
	if err := checkName(r.Name); err != nil {
		return Source{}, fmt.Errorf("name: %w", err)
	}
	s := Source{Name: r.Name}
	if err := r.buildURLs(&s); err != nil {
		return Source{}, err
	}
	if err := r.buildPatterns(&s); err != nil {
		return Source{}, err
	}
	if err := s.checkNotDenied(); err != nil {
		return Source{}, err
	}
	set := d
	if err := applySettings(&set, r.settings); err != nil {
		return Source{}, err
	}
	s.Schedule, s.MaxDepth, s.Concurrency = set.Schedule, set.MaxDepth, set.Concurrency
	s.Delay, s.MaxPages = set.Delay, set.MaxPages
	if r.Refresh != nil {
		v, err := parseDuration(*r.Refresh, MaxRefresh)
		if err != nil {
			return Source{}, fmt.Errorf("refresh: %w", err)
		}
		s.Refresh = v
	}
	s.Cookies = r.Cookies != nil && *r.Cookies
	return s, nil
}

// buildURLs checks the start, feed and sitemap addresses.
func (r *rawSource) buildURLs(s *Source) error {
	if len(r.Start) == 0 && len(r.Feeds) == 0 && len(r.Sitemaps) == 0 {
		return fmt.Errorf("start: missing (a source needs start pages, feeds or sitemaps)")
	}
	var err error
	if s.Start, err = checkURLs("start", r.Start); err != nil {
		return err
	}
	if s.Feeds, err = checkURLs("feeds", r.Feeds); err != nil {
		return err
	}
	s.Sitemaps, err = checkURLs("sitemaps", r.Sitemaps)
	return err
}

// buildPatterns compiles the allow, deny and article regexes.
func (r *rawSource) buildPatterns(s *Source) error {
	var err error
	if s.Allow, err = compileAll("allow", r.Allow); err != nil {
		return err
	}
	if s.Deny, err = compileAll("deny", r.Deny); err != nil {
		return err
	}
	s.Article, err = compileAll("article", r.Art)
	return err
}

// checkNotDenied refuses a start page, feed or sitemap that a deny
// pattern names: deny wins, so it would never be fetched, and a source of
// such start pages only would fetch nothing, run after run.
func (s *Source) checkNotDenied() error {
	for _, list := range []struct {
		key  string
		urls []string
	}{{"start", s.Start}, {"feeds", s.Feeds}, {"sitemaps", s.Sitemaps}} {
		for i, u := range list.urls {
			n, err := urlnorm.Normalize(u)
			if err != nil {
				n = u
			}
			for _, re := range s.Deny {
				if re.MatchString(n) {
					return fmt.Errorf("%s[%d]: %s is never fetched: deny pattern %q names it", list.key, i, u, re.String())
				}
			}
		}
	}
	return nil
}

// applySettings overwrites d with the keys set in s, validating each.
func applySettings(d *Defaults, s settings) error {
	if s.Schedule != nil {
		if err := checkSchedule(*s.Schedule); err != nil {
			return fmt.Errorf("schedule: %w", err)
		}
		d.Schedule = *s.Schedule
	}
	if err := setInt(&d.MaxDepth, s.MaxDepth, "max_depth", 0, MaxMaxDepth); err != nil {
		return err
	}
	if err := setInt(&d.Concurrency, s.Concurrency, "concurrency", 1, MaxConcurrency); err != nil {
		return err
	}
	if err := setInt(&d.MaxPages, s.MaxPages, "max_pages", 1, MaxMaxPages); err != nil {
		return err
	}
	if s.Delay != nil {
		v, err := parseDuration(*s.Delay, MaxDelay)
		if err != nil {
			return fmt.Errorf("delay: %w", err)
		}
		d.Delay = v
	}
	return nil
}

// setInt stores v in dst when it is set and within [lowest, highest].
func setInt(dst *int, v *int, key string, lowest, highest int) error {
	if v == nil {
		return nil
	}
	if *v < lowest {
		if *v < 0 {
			return fmt.Errorf("%s: must not be negative, got %d", key, *v)
		}
		return fmt.Errorf("%s: must be at least %d, got %d", key, lowest, *v)
	}
	if *v > highest {
		return fmt.Errorf("%s: must be at most %d, got %d", key, highest, *v)
	}
	*dst = *v
	return nil
}

// durationSyntax is what time.ParseDuration reads, or a number of days:
// a value of that form it refuses is out of range, not mistyped.
var durationSyntax = regexp.MustCompile(`^(([0-9]+(\.[0-9]*)?|\.[0-9]+)(ns|us|µs|μs|ms|s|m|h))+$|^[0-9]+d$`)

// parseDuration reads a Go duration ("90s", "1h30m") or a number of days
// ("7d"), which is how refresh periods are naturally written. It refuses
// negative values and values over highest, saying so.
func parseDuration(s string, highest time.Duration) (time.Duration, error) {
	tooLarge := fmt.Errorf("must be at most %s, got %q", durationText(highest), s)
	v, err := time.ParseDuration(s)
	if err != nil {
		days, scanErr := strconv.ParseUint(strings.TrimSuffix(s, "d"), 10, 64)
		switch {
		case durationSyntax.MatchString(s) && (scanErr != nil || !strings.HasSuffix(s, "d")):
			return 0, tooLarge // the number overflows
		case scanErr != nil || !strings.HasSuffix(s, "d"):
			return 0, fmt.Errorf("invalid duration %q (examples: 500ms, 30s, 2h, 7d)", s)
		case days > uint64(highest/(24*time.Hour)):
			return 0, tooLarge
		}
		v = time.Duration(days) * 24 * time.Hour
	}
	if v < 0 {
		return 0, fmt.Errorf("must not be negative, got %q", s)
	}
	if v > highest {
		return 0, tooLarge
	}
	return v, nil
}

// durationText writes a bound as a configuration would: "3650d", "1h".
func durationText(d time.Duration) string {
	const day = 24 * time.Hour
	if d%day == 0 {
		return fmt.Sprintf("%dd", d/day)
	}
	s := strings.TrimSuffix(d.String(), "0s")
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}
