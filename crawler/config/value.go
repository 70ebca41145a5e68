package config

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"regexp/syntax"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/robfig/cron/v3"

	"github.com/newsarchive/newsarchive/parse/urlnorm"
)

// namePattern keeps source names usable in command lines, URLs and logs.
var namePattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)

func checkName(name string) error {
	if !namePattern.MatchString(name) {
		return fmt.Errorf("invalid name %q (use ASCII letters and digits, '.', '_' and '-', starting with a letter or digit)", name)
	}
	return nil
}

// checkUserAgent refuses what cannot go in an HTTP header.
func checkUserAgent(ua string) error {
	if strings.TrimSpace(ua) == "" {
		return errors.New("must not be empty")
	}
	if strings.ContainsFunc(ua, isControl) {
		return fmt.Errorf("control character in %q", ua)
	}
	return nil
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f }

// checkURLs requires every entry to be an absolute http(s) URL.
func checkURLs(key string, raw []string) ([]string, error) {
	out := make([]string, 0, len(raw))
	for i, s := range raw {
		if err := CheckURL(s); err != nil {
			return nil, fmt.Errorf("%s[%d]: %w", key, i, err)
		}
		out = append(out, strings.TrimSpace(s))
	}
	return out, nil
}

// CheckURL requires s to be an absolute http(s) URL whose host is an IP
// address or a valid DNS name, as start pages, feeds and sitemaps are.
// Its error shows the password of a URL that holds one as xxxxx.
func CheckURL(s string) error {
	if err := checkURL(s); err != nil {
		return errors.New(urlnorm.RedactURLs(err.Error()))
	}
	return nil
}

func checkURL(s string) error {
	u, err := url.Parse(strings.TrimSpace(s))
	if ue := (*url.Error)(nil); errors.As(err, &ue) {
		return fmt.Errorf("invalid url %q: %v", s, ue.Err) // "missing ']' in host"
	} else if err != nil {
		return fmt.Errorf("invalid url %q: %v", s, err)
	}
	if strings.ContainsFunc(strings.TrimSpace(s), unicode.IsSpace) {
		// Taken as %20, and fetched as a page that is not there.
		return fmt.Errorf("invalid url %q: holds a space (write it as %%20 if meant)", s)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Hostname() == "" {
		return fmt.Errorf("invalid url %q: must be an absolute http(s) url", s)
	}
	if u.User != nil {
		// The crawl sends no credentials, and keys no URL by them.
		return fmt.Errorf("invalid url %q: holds a user name or password, which the crawl does not send", u.Redacted())
	}
	if err := checkHost(u.Hostname()); err != nil {
		return fmt.Errorf("invalid url %q: %w", s, err)
	}
	if p := u.Port(); p != "" {
		// url.Parse takes any digits: the fetch would fail, run after run.
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return fmt.Errorf("invalid url %q: port %s is not one of 1-65535", s, p)
		}
	}
	return nil
}

// compileAll compiles each pattern, naming the one that fails.
func compileAll(key string, patterns []string) ([]*regexp.Regexp, error) {
	out := make([]*regexp.Regexp, 0, len(patterns))
	for i, p := range patterns {
		if p == "" {
			return nil, fmt.Errorf("%s[%d]: empty pattern: it matches every URL", key, i)
		}
		re, err := regexp.Compile(p)
		if err != nil {
			return nil, fmt.Errorf("%s[%d]: invalid regex %q: %s", key, i, p, regexReason(err))
		}
		if esc := unmatchableEscape(p); esc != "" {
			return nil, fmt.Errorf("%s[%d]: regex %q can never match %s: URLs are matched in their normal form, %s",
				key, i, p, esc, normalEscapeHint(esc))
		}
		out = append(out, re)
	}
	return out, nil
}

// escapeInPattern finds percent-escapes written in a pattern.
var escapeInPattern = regexp.MustCompile(`%[0-9A-Fa-f]{2}`)

// unmatchableEscape returns the first escape of a pattern that no URL
// holds in its normal form (parse/urlnorm): one in lower case, or one of a
// letter, digit or "-._~", which is written as itself. A deny rule with
// one would let through what it was meant to refuse. "" when none.
func unmatchableEscape(pattern string) string {
	for _, esc := range escapeInPattern.FindAllString(pattern, -1) {
		v, _ := strconv.ParseUint(esc[1:], 16, 8)
		if esc != strings.ToUpper(esc) || urlnorm.Unreserved(byte(v)) {
			return esc
		}
	}
	return ""
}

// normalEscapeHint says how the normal form writes an escape.
func normalEscapeHint(esc string) string {
	v, _ := strconv.ParseUint(esc[1:], 16, 8)
	if urlnorm.Unreserved(byte(v)) {
		return fmt.Sprintf("which write it %q", string(rune(v)))
	}
	return fmt.Sprintf("which write it %q", strings.ToUpper(esc))
}

// regexReason is the part of a regexp error that explains it, without the
// pattern repeated.
func regexReason(err error) string {
	var se *syntax.Error
	if errors.As(err, &se) {
		return se.Code.String()
	}
	return err.Error()
}

// checkSchedule accepts what the scheduler accepts: five cron fields, an
// @descriptor or "@every <duration>", optionally prefixed with CRON_TZ= or
// TZ= and a time zone.
func checkSchedule(spec string) error {
	if strings.TrimSpace(spec) == "" {
		return errors.New("must not be empty")
	}
	if strings.ContainsFunc(spec, isControl) {
		return fmt.Errorf("invalid cron expression %q: control character", spec)
	}
	expr := spec
	if strings.HasPrefix(spec, "CRON_TZ=") || strings.HasPrefix(spec, "TZ=") {
		// The cron parser panics on a time zone with nothing after it.
		tz, rest, ok := strings.Cut(spec, " ")
		if !ok || strings.TrimSpace(rest) == "" {
			return fmt.Errorf("invalid cron expression %q: time zone without a schedule", spec)
		}
		if _, zone, _ := strings.Cut(tz, "="); zone == "" {
			// The parser takes it for UTC, which is not what was meant.
			return fmt.Errorf("invalid cron expression %q: %s names no time zone", spec, tz)
		}
		expr = strings.TrimSpace(rest)
	}
	if every, ok := strings.CutPrefix(expr, "@every "); ok {
		d, err := time.ParseDuration(strings.TrimSpace(every))
		switch {
		case err == nil && d <= 0:
			return fmt.Errorf("invalid cron expression %q: @every needs a positive duration", spec)
		case err == nil && d < time.Second:
			// The scheduler rounds it up to a second: a run a second,
			// and a skipped run recorded every second one overruns.
			return fmt.Errorf("invalid cron expression %q: @every needs at least 1s", spec)
		}
	}
	if err := checkItems(expr); err != nil {
		return fmt.Errorf("invalid cron expression %q: %w", spec, err)
	}
	sched, err := parseCron(spec)
	if err != nil {
		return fmt.Errorf("invalid cron expression %q: %w", spec, err)
	}
	if err := checkSteps(expr); err != nil {
		return fmt.Errorf("invalid cron expression %q: %w", spec, err)
	}
	// The parser takes days that never come (April 31st); the scheduler
	// would hold such a source for ever without a word.
	if sched.Next(time.Now()).IsZero() {
		return fmt.Errorf("invalid cron expression %q: names no time that comes (within five years)", spec)
	}
	return nil
}

// cronFields names the five fields of a cron expression and the number
// of values each holds.
var cronFields = []cronField{
	{name: "minute", values: 60, every: "m"},
	{name: "hour", values: 24, every: "h"},
	{name: "day of month", values: 31},
	{name: "month", values: 12, names: strings.Fields("jan feb mar apr may jun jul aug sep oct nov dec")},
	{name: "day of week", values: 7, names: strings.Fields("sun mon tue wed thu fri sat")},
}

// cronField is one field of a cron expression.
type cronField struct {
	name   string
	values int
	every  string   // the unit of @every for a run every N of the field, or ""
	names  []string // the names its values may be written as, lower-case
}

// checkItems refuses what the parser reads wrongly or names in its own
// terms: an empty item of a list ("0,,5" was taken as "0,5"), and a
// value that is no number nor, in the month and weekday fields, a name
// (the parser's message quoted strconv.Atoi).
func checkItems(expr string) error {
	fields := strings.Fields(expr)
	if len(fields) != len(cronFields) {
		return nil // a descriptor, or a count of fields the parser names
	}
	for i, field := range fields {
		f := cronFields[i]
		for _, item := range strings.Split(field, ",") {
			if item == "" {
				return fmt.Errorf("the %s field %q has an empty item in its list", f.name, field)
			}
			bounds, step, stepped := strings.Cut(item, "/")
			if stepped && !isDigits(step) {
				return fmt.Errorf("the %s field's step %q is not a number", f.name, step)
			}
			if bounds == "*" || bounds == "?" {
				continue
			}
			for _, v := range strings.Split(bounds, "-") {
				if !isDigits(v) && !slices.Contains(f.names, strings.ToLower(v)) {
					return fmt.Errorf("%q in the %s field is not a %s", v, f.name, f.valueKind())
				}
			}
		}
	}
	return nil
}

func (f cronField) valueKind() string {
	if f.names != nil {
		return "number or one of " + strings.ToUpper(strings.Join(f.names, " "))
	}
	return "number"
}

func isDigits(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}

// checkSteps refuses a step wider than its field ("*/90" minutes): the
// parser takes it as the field's first value alone, so "every 90
// minutes" would run once an hour, at :00, without a word.
func checkSteps(expr string) error {
	fields := strings.Fields(expr)
	if len(fields) != len(cronFields) {
		return nil // a descriptor (@hourly, @every 90m)
	}
	for i, field := range fields {
		for _, part := range strings.Split(field, ",") {
			_, stepText, ok := strings.Cut(part, "/")
			if !ok {
				continue
			}
			f := cronFields[i]
			step, err := strconv.Atoi(stepText)
			if err != nil || step <= f.values {
				continue
			}
			msg := fmt.Sprintf("step %d is wider than the %s field, which it leaves at one value", step, f.name)
			if f.every != "" {
				msg += fmt.Sprintf("; for a run every %d %ss write @every %d%s", step, f.name, step, f.every)
			}
			return errors.New(msg)
		}
	}
	return nil
}

// parseCron runs the cron parser, turning a panic on odd input into an error.
func parseCron(spec string) (sched cron.Schedule, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("unparsable: %v", r)
		}
	}()
	return cron.ParseStandard(spec)
}
