package parse

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// dateLayouts are the formats pages use for dates, most common first. Each
// is tried against the cleaned string; layouts without a zone read as UTC.
var dateLayouts = []string{
	time.RFC3339,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04:05.999999999Z0700",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04Z0700",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05 -07:00",
	"2006-01-02 15:04 -0700",
	"2006-01-02 15:04:05 MST",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02 15:04",
	"2006-01-02",
	"2006/01/02 15:04:05",
	"2006/01/02 15:04",
	"2006/01/02",
	"2006.01.02 15:04:05",
	"2006.01.02 15:04",
	"2006.01.02",
	"20060102",
	// Day first with dots, as German, Russian and other pages print it;
	// no country writes the month first with dots.
	"2.1.2006 15:04 -0700",
	"2.1.2006 15:04",
	"2.1.2006",
	// Commas are removed before parsing, so RFC 1123 appears without one.
	"Mon 2 Jan 2006 15:04:05 -0700",
	"Mon 2 Jan 2006 15:04:05 MST",
	"Mon 2 Jan 2006 15:04 -0700",
	"Mon 2 Jan 2006 15:04 MST",
	"Mon 2 Jan 2006",
	"Mon 2 January 2006 15:04",
	"Mon 2 January 2006",
	time.ANSIC,
	time.UnixDate,
	"2 January 2006 15:04:05 -0700",
	"2 January 2006 15:04 -0700",
	"2 January 2006 15:04:05 MST",
	"2 January 2006 15:04 MST",
	"2 January 2006 15:04",
	"2 January 2006",
	"2 Jan 2006 15:04:05 -0700",
	"2 Jan 2006 15:04 -0700",
	"2 Jan 2006 15:04 MST",
	"2 Jan 2006 15:04",
	"2 Jan 2006",
	"2 January 2006 3:04 PM -0700",
	"2 January 2006 3:04 PM",
	"2 Jan 2006 3:04 PM -0700",
	"2 Jan 2006 3:04 PM",
	"Monday 2 January 2006 3:04 PM -0700",
	"Monday 2 January 2006 3:04 PM",
	"Mon 2 Jan 2006 3:04 PM -0700",
	"Mon 2 Jan 2006 3:04 PM", // ABC News Australia's "Wed 13 Aug 2025 at 10:15am"
	"January 2 2006 3:04 PM -0700",
	"January 2 2006 3:04 PM MST",
	"January 2 2006 3:04 PM",
	"January 2 2006 15:04:05 -0700",
	"January 2 2006 15:04 -0700",
	"January 2 2006 15:04 MST",
	"January 2 2006 15:04",
	"January 2 2006",
	"Jan 2 2006 3:04 PM -0700",
	"Jan 2 2006 3:04 PM MST",
	"Jan 2 2006 3:04 PM",
	"Jan 2 2006 15:04 -0700",
	"Jan 2 2006 15:04",
	"Jan 2 2006",
	"Monday January 2 2006 3:04 PM -0700",
	"Monday January 2 2006 3:04 PM",
	"Monday January 2 2006",
	"Mon Jan 2 2006",
	// JavaScript's Date.toString, its zone name in parentheses dropped.
	"Mon Jan 2 2006 15:04:05 -0700",
	"Monday 2 January 2006 15:04 -0700",
	"Monday 2 January 2006 15:04",
	"Monday 2 January 2006",
	"3:04 PM -0700 January 2 2006",
	"3:04:05 PM -0700 Jan 2 2006",
	"3:04 PM -0700 Jan 2 2006",
	"Mon 3:04 PM Jan 2 2006",
	"3:04 PM Jan 2 2006",
	"3:04 PM January 2 2006",
	"15:04 -0700 2 January 2006",
	"15:04 2 January 2006",
}

// zoneOffsets are the abbreviations news pages print, as numeric offsets:
// time.Parse gives an unknown abbreviation a zero offset, which would shift
// the date by hours. Only those of one meaning in news use are here: "AST"
// is Atlantic or Arabia time, "SST" Samoa's or Singapore's, and is left
// unknown; "IST" and "BST" are read as India's and Britain's, as most news
// pages that print them mean. German pages name the European zones in
// German (MEZ, MESZ; WEZ, OEZ).
var zoneOffsets = map[string]string{
	"UTC": "+0000", "GMT": "+0000", "Z": "+0000",
	"EST": "-0500", "EDT": "-0400", "CST": "-0600", "CDT": "-0500",
	"MST": "-0700", "MDT": "-0600", "PST": "-0800", "PDT": "-0700",
	"AKST": "-0900", "AKDT": "-0800", "HST": "-1000",
	"BST": "+0100", "WET": "+0000", "WEST": "+0100", "CET": "+0100",
	"CEST": "+0200", "EET": "+0200", "EEST": "+0300", "MSK": "+0300",
	"WEZ": "+0000", "WESZ": "+0100", "MEZ": "+0100", "MESZ": "+0200", "OEZ": "+0200", "OESZ": "+0300",
	"JST": "+0900", "KST": "+0900", "AEST": "+1000", "AEDT": "+1100",
	"ACST": "+0930", "ACDT": "+1030", "AWST": "+0800", "NZST": "+1200", "NZDT": "+1300",
	"SGT": "+0800", "HKT": "+0800", "PHT": "+0800", "WIB": "+0700", "WITA": "+0800", "WIT": "+0900",
	"IST": "+0530", "PKT": "+0500",
	"WAT": "+0100", "CAT": "+0200", "SAST": "+0200", "EAT": "+0300",
}

var (
	reDateNoise = regexp.MustCompile(`(?i)^(published|updated|posted|last updated|last modified|modified|date|on|le|stand)\s*(on|at)?\s*:?\s*`)
	reMonthDot  = regexp.MustCompile(`(?i)\b(jan|feb|mar|apr|jun|jul|aug|sep|oct|nov|dec)(?:t)?\.`)
	reOrdinal   = regexp.MustCompile(`(?i)\b(\d{1,2})(st|nd|rd|th)\b`)
	// reDayDot is a day written with a dot before its month's name, as
	// German does ("25. September 2018").
	reDayDot = regexp.MustCompile(`\b(\d{1,2})\.\s+(\pL)`)
	// reYearFirstDot is a year-first date closed by a dot, as Korean
	// pages print it ("2024.08.13. 오후 3:15").
	reYearFirstDot = regexp.MustCompile(`\b(\d{4}\.\d{1,2}\.\d{1,2})\.(\s|$)`)
	reAt           = regexp.MustCompile(`(?i)\s+(at|um|à|-|\||·)\s+`)
	reMeridiem     = regexp.MustCompile(`(?i)(\d)\s*([ap])\.?m\.?(\s|$)`)
	// reDotTime is a time of day written with a dot, as British pages
	// print it ("07.30 GMT", "7.30pm"): before a zone or AM/PM, or ending
	// the date, and not inside a dotted date (25.09.2018, 2025.03.30).
	reDotTime    = regexp.MustCompile(`(^|[^\d.])([01]?\d|2[0-3])\.([0-5]\d)(\s+(?:[AP]M|[A-Z]{2,5})\b|$)`)
	reZoneAbbrev = regexp.MustCompile(`\b([A-Z]{1,4})\b`)
	reGMTOffset  = regexp.MustCompile(`(?i)\b(?:GMT|UTC)\s*([+-])(\d{1,2})(?::?(\d{2}))?$`)
	reEpoch      = regexp.MustCompile(`^\d{9,13}$`)
	reZoneName   = regexp.MustCompile(`\s*\([A-Za-z][A-Za-z .]*\)$`) // "(Central European Summer Time)"
	// reBracketZone is a zone's abbreviation in brackets after a time of
	// day ("4:46 PM (HST)", "10:15 (EDT)").
	reBracketZone = regexp.MustCompile(`(\d:\d{2}(?::\d{2})?(?:\s*[AaPp]\.?[Mm]\.?)?)\s*\(([A-Z]{2,5})\)$`)
)

// parseDate reads s in any of the formats of dateLayouts, or as a Unix
// epoch in seconds or milliseconds. The result keeps the offset s gives (or
// UTC when it gives none).
func parseDate(s string) (time.Time, bool) {
	t, _, ok := parseDateZoned(s)
	return t, ok
}

// parseDateZoned is parseDate, telling also whether s named its zone (an
// epoch needs none).
func parseDateZoned(s string) (t time.Time, zoned, ok bool) {
	s = cleanDateString(s)
	if s == "" {
		return time.Time{}, false, false
	}
	if reEpoch.MatchString(s) {
		t, ok := parseEpoch(s)
		return t, true, ok
	}
	s, us := usZone(s)
	s, unknown := withoutUnknownZone(s)
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			if t = fixZone(t); us {
				t = usDaylight(t)
			}
			named := strings.Contains(layout, "07") || strings.Contains(layout, "MST")
			return t, named && !unknown, true
		}
	}
	return time.Time{}, false, false
}

// reZoneAfterTime is an abbreviation right after a time of day, where
// only a zone is written ("11:28 AMT").
var reZoneAfterTime = regexp.MustCompile(`(\d:\d{2}(?::\d{2})?(?: [AP]M)?) ([A-Z]{2,5})\b`)

// withoutUnknownZone drops from s a zone abbreviation that zoneOffsets
// does not know, and tells whether it did. time.Parse would read it as
// UTC; many are ambiguous ("AMT" is Armenia's and the Amazon's), so the
// date is left naming no zone, for the page's other dates to give one.
func withoutUnknownZone(s string) (string, bool) {
	m := reZoneAfterTime.FindStringSubmatchIndex(s)
	if m == nil || s[m[4]:m[5]] == "AM" || s[m[4]:m[5]] == "PM" {
		return s, false
	}
	return s[:m[3]] + s[m[5]:], true
}

// cleanDateString strips words and punctuation around a date so that one
// layout covers "Published: March 5th, 2024 at 10:00 a.m. EST" and its kin.
func cleanDateString(s string) string {
	s = squashSpace(asciiDigits(s))
	s = reBracketZone.ReplaceAllStringFunc(s, bracketZone)
	s = reZoneName.ReplaceAllString(s, "")
	s = reCJKDate.ReplaceAllStringFunc(s, cjkDate)
	s = reCJKTime.ReplaceAllStringFunc(s, cjkTime)
	if strings.Contains(s, "오") {
		s = reKoreanMeridiem.ReplaceAllStringFunc(s, koreanMeridiem)
	}
	s = reHourH.ReplaceAllString(s, "$1:$2")
	s = reUhr.ReplaceAllString(s, "$1:$2")
	s = reHourAlone.ReplaceAllString(s, "$1$2:00")
	s = englishMonths(s)
	s = reDateNoise.ReplaceAllString(s, "")
	s = reOrdinal.ReplaceAllString(s, "$1")
	s = reDayDot.ReplaceAllString(s, "$1 $2")
	s = reYearFirstDot.ReplaceAllString(s, "$1$2")
	s = reMonthDot.ReplaceAllString(s, "$1")
	s = strings.ReplaceAll(s, ",", " ")
	s = squashSpace(s)
	s = reAt.ReplaceAllString(s, " ")
	s = reMeridiem.ReplaceAllStringFunc(s, meridiem)
	s = reDotTime.ReplaceAllString(s, "$1$2:$3$4")
	s = strings.Replace(s, "Sept ", "Sep ", 1)
	s = reGMTOffset.ReplaceAllStringFunc(s, gmtOffset)
	if strings.IndexFunc(s, unicode.IsUpper) >= 0 {
		s = reZoneAbbrev.ReplaceAllStringFunc(s, func(abbr string) string {
			if off, ok := zoneOffsets[abbr]; ok && abbr != "Z" {
				return off
			}
			return abbr
		})
	}
	return strings.TrimSpace(s)
}

// bracketZone is a time of day with its zone in brackets that
// reBracketZone matched, the brackets dropped when zoneOffsets knows the
// zone (or usZoneOffsets does, "(ET)"): reZoneName drops a zone's name in brackets, which no layout
// reads, and would drop a known abbreviation with it.
func bracketZone(m string) string {
	sub := reBracketZone.FindStringSubmatch(m)
	if zoneOffsets[sub[2]] == "" && usZoneOffsets[sub[2]] == 0 {
		return m
	}
	return sub[1] + " " + sub[2]
}

func parseEpoch(s string) (time.Time, bool) {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return time.Time{}, false
	}
	if len(s) > 10 {
		return time.UnixMilli(n).UTC(), true
	}
	return time.Unix(n, 0).UTC(), true
}

// fixZone gives t a plain fixed zone so that equal instants from different
// layouts compare and print the same, whatever the machine's local zone.
func fixZone(t time.Time) time.Time {
	_, off := t.Zone()
	if off == 0 {
		return t.UTC()
	}
	return t.In(time.FixedZone("", off))
}

// dateWindow rejects dates a page cannot really have: before 1800 or on
// a day unset date fields print (the printed text's before the web news
// era too), or after the fetch (with a day of slack for zone mistakes). It
// holds the publication a listing gave the page too (see Page.Listed).
type dateWindow struct {
	fetchedAt time.Time
	listed    time.Time
	// floor, when set, is a later earliest date (see printedOnly).
	floor time.Time
}

// printedEarliest is the earliest date a page's printed text may give its
// publication or update: a story's text names years before the web news
// era for other things ("June 12, 1955, the day the mill closed").
var printedEarliest = time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC)

// printedOnly is w for dates read from the page's printed text, which
// keep the web news era's floor; the markup's dates (a digitised 1955
// story dated 1955) do not.
func (w dateWindow) printedOnly() dateWindow {
	w.floor = printedEarliest
	return w
}

// earliestDate is older than any story a digitised newspaper archive
// dates (a 1955 story under its own date), later than the years zero
// and one that empty date fields print.
var earliestDate = time.Date(1800, 1, 1, 0, 0, 0, 0, time.UTC)

// placeholderDays are the days an unset date field prints: the Unix
// epoch and the defaults of spreadsheets and databases, read in any zone
// (1969-12-31T19:00:00-05:00 is the epoch too).
var placeholderDays = []time.Time{
	time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC),
	time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC),
	time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC),
}

func (w dateWindow) ok(t time.Time) bool {
	if t.Before(earliestDate) || t.Before(w.floor) {
		return false
	}
	for _, day := range placeholderDays {
		if d := t.Sub(day); d > -15*time.Hour && d < 39*time.Hour {
			return false
		}
	}
	return w.fetchedAt.IsZero() || !t.After(w.fetchedAt.Add(24*time.Hour))
}

// pick returns the first of candidates that parses and is plausible.
//
// A day without a time (JSON-LD's "2014-09-15", a date in the URL) gives
// way to a later candidate that dates the same day to the minute: sources
// that agree on the day, one of them more precise.
func (w dateWindow) pick(candidates ...string) *time.Time {
	t, _ := w.pickTimed(candidates, nil)
	return t
}

// pickTimed is pick with more dates, timings, that may only time a day
// the candidates give without a time. It also returns the string it read
// the date from.
func (w dateWindow) pickTimed(candidates, timings []string) (*time.Time, string) {
	for i, c := range candidates {
		t, ok := parseDate(c)
		if !ok || !w.ok(t) {
			continue
		}
		if dayOnly(c, t) {
			later := append(slices.Clip(candidates[i+1:]), timings...)
			if finer, src := w.timeOnDay(t, later); finer != nil {
				return finer, src
			}
		}
		return &t, c
	}
	return nil, ""
}

// relabelled settles a publication time that another of the page's
// dates, candidates, gives at the same wall clock under another offset:
// one of the two labels a local time as UTC, or UTC as local time
// (JSON-LD "04:31:13-06:00" beside article:published_time
// "04:31:13+00:00"). What the page shows, shown (the byline's <time>, a
// printed "10:31 pm CST"), decides: the other is taken when it agrees
// with them and t does not. Without such a witness t stays.
func (w dateWindow) relabelled(t *time.Time, src string, candidates []string, shown func() []string) (*time.Time, string) {
	if t == nil || len(src) < len(isoWallClock) {
		return t, src
	}
	for _, c := range candidates {
		if len(c) < len(isoWallClock) || c[:len(isoWallClock)] != src[:len(isoWallClock)] || c == src {
			continue // not the same ISO 8601 wall clock: nothing to parse
		}
		other, z, ok := parseDateZoned(c)
		if !ok || !z || !w.ok(other) || !sameWallClock(*t, other) || sameOffset(*t, other) || !zoned(src) {
			continue
		}
		witnesses := shown()
		if witnessed(other, witnesses) && !witnessed(*t, witnesses) {
			return &other, c
		}
		return t, src
	}
	return t, src
}

// relabelledAs reads mod's wall clock in pub's zone when the source of
// mod is the one whose publication time relabelled found mislabelled:
// JSON-LD that labels its datePublished wrongly labels its dateModified
// so too.
func relabelledAs(mod *time.Time, sameSource bool, pub *time.Time) *time.Time {
	if mod == nil || pub == nil || !sameSource {
		return mod
	}
	moved := time.Date(mod.Year(), mod.Month(), mod.Day(), mod.Hour(), mod.Minute(), mod.Second(), mod.Nanosecond(), pub.Location())
	return &moved
}

// isoWallClock is the layout of the date and time of an ISO 8601 time
// before its offset: the times relabelled compares are written so.
const isoWallClock = "2006-01-02T15:04:05"

// sameWallClock reports two times that read the same on their own clocks.
func sameWallClock(a, b time.Time) bool {
	return a.Format("2006-01-02T15:04:05") == b.Format("2006-01-02T15:04:05")
}

func sameOffset(a, b time.Time) bool {
	_, ao := a.Zone()
	_, bo := b.Zone()
	return ao == bo
}

// witnessed reports whether one of dates, each naming its zone, gives the
// instant t to the minute.
func witnessed(t time.Time, dates []string) bool {
	for _, d := range dates {
		if w, z, ok := parseDateZoned(d); ok && z && w.Sub(t).Abs() < time.Minute {
			return true
		}
	}
	return false
}

// dayOnly reports whether s, parsed as t, names a day but no time of it.
func dayOnly(s string, t time.Time) bool {
	return t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && !strings.Contains(s, ":")
}

// timeOnDay is the first plausible candidate with a time of day that falls
// on day's date (in its own zone or in UTC), or nil.
func (w dateWindow) timeOnDay(day time.Time, candidates []string) (*time.Time, string) {
	date := day.Format(time.DateOnly)
	for _, c := range candidates {
		t, ok := parseDate(c)
		if !ok || !w.ok(t) || dayOnly(c, t) {
			continue
		}
		if t.Format(time.DateOnly) == date || t.UTC().Format(time.DateOnly) == date {
			return &t, c
		}
	}
	return nil, ""
}

var (
	reURLDateSlash = regexp.MustCompile(`/((?:19|20)\d{2})/(0?[1-9]|1[0-2])/(0?[1-9]|[12]\d|3[01])(?:/|$)`)
	reURLDateDash  = regexp.MustCompile(`(?:^|[/_-])((?:19|20)\d{2})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(?:[/_.-]|$)`)
	reURLDateRun   = regexp.MustCompile(`[/_-]((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?:[/_.-]|$)`)
	reURLDateMonth = regexp.MustCompile(`(?i)/((?:19|20)\d{2})/(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*/(0?[1-9]|[12]\d|3[01])(?:/|$)`)
)

// dateFromPath finds a publication date written in a URL path, as
// /2024/03/15/ or 2024-03-15 or /20240315/. It is midnight UTC.
func dateFromPath(path string) string {
	if m := reURLDateMonth.FindStringSubmatch(path); m != nil {
		if t, err := time.Parse("2006 Jan 2", m[1]+" "+m[2]+" "+m[3]); err == nil {
			return t.Format("2006-01-02")
		}
	}
	for _, re := range []*regexp.Regexp{reURLDateSlash, reURLDateDash, reURLDateRun} {
		if m := re.FindStringSubmatch(path); m != nil {
			y, _ := strconv.Atoi(m[1])
			mo, _ := strconv.Atoi(m[2])
			d, _ := strconv.Atoi(m[3])
			t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
			if t.Day() == d { // 2024/02/31 is not a date
				return t.Format("2006-01-02")
			}
		}
	}
	return ""
}
