package parse

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/net/html"
)

// Many pages print a recent story's date without its year ("13 Aug,
// 10:15", "Nov 18 at 4:46 PM", "8月13日 10:15"): the reader knows it is
// this year's, or last year's when the month is ahead. Only the time
// the page was fetched tells which year that is.

// maxYearlessAge is how far from the date a listing gives a page, or
// after its publication for an update, a date printed without its year
// may be: a site prints the year once a date is a year old.
const maxYearlessAge = 11 // months

var (
	// reCJKMonthDay is a day in months and days without the year, in
	// Chinese characters or in Korean, the day of the week in brackets
	// that may follow it ("8月13日（火）", "8월 13일(화)").
	reCJKMonthDay = regexp.MustCompile(`(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일](?:\s*[（(][^）)]{1,4}[）)])?`)
	// reDotDayMonth is a day and month in German numbers ("13.08."),
	// taken only before a time ("13.08., 10:15 Uhr", cleaned "13.08.
	// 10:15"): alone it may be a version, a score or a chapter.
	reDotDayMonth = regexp.MustCompile(`\b(\d{1,2})\.(\d{1,2})\.\s+(\d{1,2}:\d{2})\b`)
	// reSlashMonthDay is a Japanese month and day with a slash, told
	// apart from other numbers by the day of the week in brackets
	// ("8/13(火)"), as Yahoo! Japan News prints it.
	reSlashMonthDay = regexp.MustCompile(`\b(\d{1,2})/(\d{1,2})\s*[（(][月火水木金土日][）)]`)
	// reYear is a year written out: a date that has one is no year-less
	// date, and the layouts failed it for another reason.
	reYear = regexp.MustCompile(`\b(?:19|20)\d{2}\b`)
)

// yearless reads the first of candidates that is a date printed without
// its year, in the year that puts it at or before the fetch (with a day
// of slack, as dateWindow allows) and less than a year before it. The
// page's other date bounds it too, a day of slack again:
// a publication is not after before, the update; an update is not
// before after, the publication, nor more than maxYearlessAge months
// after it (a page that dates its publication "November 18, 2019" and
// its update "Updated November 18" tells the year only when fetched that
// year). It also returns the date as read, its year written in. Without
// a fetch time the year is unknown, and nothing is read: a page saved to
// a file long ago would be dated this year. A page a listing dated is
// read near that date instead of the fetch (see nearestYear).
func (w dateWindow) yearless(candidates []string, after, before *time.Time) (*time.Time, string) {
	if w.fetchedAt.IsZero() {
		return nil, ""
	}
	latest := w.fetchedAt.Add(24 * time.Hour)
	// A day and month later than the fetch (and its day of slack) are
	// the year before's, however close to a year ago that puts them: the
	// page was not dated in the future, and sites print no year for the
	// past twelve months as often as for the calendar year.
	earliest := latest.AddDate(-1, 0, 0)
	if !w.listed.IsZero() {
		earliest = w.listed.AddDate(0, -maxYearlessAge, 0)
	}
	if before != nil {
		latest = earlier(latest, before.Add(24*time.Hour))
	}
	if after != nil {
		latest = earlier(latest, after.AddDate(0, maxYearlessAge, 0))
		if a := after.Add(-24 * time.Hour); a.After(earliest) {
			earliest = a
		}
	}
	for _, c := range candidates {
		if t, src, ok := w.inYear(c, earliest, latest); ok {
			return &t, src
		}
	}
	return nil, ""
}

// inYear reads s, a date without its year, in the latest year up to the
// fetch's next that does not put it after latest, and only if that does
// not put it before earliest: "Dec 31" fetched on January 2 is last
// year's.
func (w dateWindow) inYear(s string, earliest, latest time.Time) (time.Time, string, bool) {
	words, at, ok := yearlessWords(s)
	if !ok {
		return time.Time{}, "", false
	}
	if !w.listed.IsZero() {
		return w.nearestYear(words, at, earliest, latest)
	}
	for year := w.fetchedAt.Year() + 1; year >= w.fetchedAt.Year()-1; year-- {
		dated := withYear(words, at, strconv.Itoa(year))
		t, ok := parseDate(dated)
		if !ok || t.After(latest) {
			continue // a February 29th fails in most years
		}
		if t.Before(earliest) || !w.ok(t) {
			return time.Time{}, "", false
		}
		return t, dated, true
	}
	return time.Time{}, "", false
}

// yearlessWords reads s as a date printed without its year: its words,
// cleaned for the layouts, and the index just past its day and month,
// where the year is written in. ok is false when s is no such date.
func yearlessWords(s string) (words []string, at int, ok bool) {
	s = cleanDateString(s)
	s = reCJKMonthDay.ReplaceAllStringFunc(s, func(m string) string { return monthDay(reCJKMonthDay, m) })
	s = reSlashMonthDay.ReplaceAllStringFunc(s, func(m string) string { return monthDay(reSlashMonthDay, m) })
	s = reDotDayMonth.ReplaceAllStringFunc(s, dotDayMonth)
	if s == "" || len(s) > maxShownDate || reYear.MatchString(s) {
		return nil, 0, false
	}
	words = strings.Fields(s)
	start, at := dayMonth(words)
	if at < 0 {
		return nil, 0, false
	}
	if !slices.ContainsFunc(words[:start], hasDigit) {
		// A weekday before the date, in a language whose month name is
		// also English ("Dienstag, 13. August"): no layout reads it.
		words, at = words[start:], at-start
	}
	return words, at, true
}

// withYear writes year into words at index at, as one date.
func withYear(words []string, at int, year string) string {
	return strings.Join(append(append(words[:at:at], year), words[at:]...), " ")
}

// maxDateParents is how many elements up from a date printed without its
// year the year is looked for beside it: templates print the day and
// month, the time and the year in sibling elements ("<div
// class=date><div>November 20</div><div><font>15:23</font>
// <font>2019</font></div></div>").
const maxDateParents = 3

// yearBeside is t, the text of n, or, when t is a date printed without
// its year and an element around n prints it whole with its year, that
// element's text, the year written after the day and month: the year the
// page prints beats the fetch's. The element is the first of n's
// parents, up to maxDateParents, whose text has a year; its text must be
// no longer than a date, have one year only and read as a date, or t is
// kept.
func yearBeside(n *html.Node, t string) string {
	if !hasDigit(t) || reYear.MatchString(t) {
		return t
	}
	if _, _, ok := yearlessWords(t); !ok {
		return t
	}
	for p, i := n.Parent, 0; p != nil && i < maxDateParents; p, i = p.Parent, i+1 {
		text, ok := boundedJoin(p, " ", maxShownDate)
		if !ok {
			return t
		}
		years := reYear.FindAllStringIndex(text, 2)
		if len(years) == 0 {
			continue
		}
		y := years[0]
		words, at, ok := yearlessWords(text[:y[0]] + " " + text[y[1]:])
		if len(years) > 1 || !ok {
			return t
		}
		if whole := withYear(words, at, text[y[0]:y[1]]); validDate(whole) {
			return whole
		}
		return t
	}
	return t
}

// reLineZone is a zone's abbreviation after a time of day ("2:26 PM
// HST", "14:26 CET").
var reLineZone = regexp.MustCompile(`\d:\d{2}(?::\d{2})?\s*(?:[AaPp]\.?[Mm]\.?)?\s+([A-Z]{2,5})\b`)

// inLineZone is date, read from line, with the zone line names after
// another of its times, when date is printed without its year and names
// a time of day but no zone: "November 18, 2019 at 2:26 PM HST - Updated
// November 18 at 4:46 PM" was updated at 4:46 PM HST, whatever zone the
// page's other dates are written in. A line that names two zones gives
// none.
func inLineZone(date, line string) string {
	if len(date) == len(line) || !strings.Contains(date, ":") || reYear.MatchString(date) {
		return date
	}
	zone := ""
	for _, m := range reLineZone.FindAllStringSubmatch(line, 4) {
		switch z := m[1]; {
		case zoneOffsets[z] == "" && usZoneOffsets[z] == 0:
		case zone != "" && zone != z:
			return date
		default:
			zone = z
		}
	}
	if zone == "" || yearlessZoned(date) || !yearlessZoned(date+" "+zone) {
		return date
	}
	return date + " " + zone
}

// yearlessZoned reports whether s is a date printed without its year
// that names its zone.
func yearlessZoned(s string) bool {
	words, at, ok := yearlessWords(s)
	return ok && zoned(withYear(words, at, "2000"))
}

// validDate reports whether a layout reads s.
func validDate(s string) bool {
	_, ok := parseDate(s)
	return ok
}

func earlier(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

// monthDay rewrites a month and day that re matched, month first and
// day second, as "Aug 13 ", for the English layouts to read.
func monthDay(re *regexp.Regexp, m string) string {
	sub := re.FindStringSubmatch(m)
	month := atoi(sub[1])
	if month < 1 || month > 12 {
		return m
	}
	return fmt.Sprintf("%s %s ", time.Month(month).String()[:3], sub[2])
}

// reDotDayMonthAlone is a German day and month in numbers with nothing
// after them ("13.08."): a date only after a label ("Veröffentlicht am
// 13.08.").
var reDotDayMonthAlone = regexp.MustCompile(`^(\d{1,2})\.(\d{1,2})\.$`)

// labelledDayMonth is date, the text after a date label, with a day and
// month in German numbers alone written as "13 August", which a stray
// "13.08." is not, for yearless to read.
func labelledDayMonth(date string) string {
	sub := reDotDayMonthAlone.FindStringSubmatch(date)
	if sub == nil {
		return date
	}
	if month := atoi(sub[2]); month >= 1 && month <= 12 {
		return sub[1] + " " + time.Month(month).String()
	}
	return date
}

// dotDayMonth rewrites a German day and month that reDotDayMonth matched,
// "13.08. 10:15", as "Aug 13 10:15".
func dotDayMonth(m string) string {
	sub := reDotDayMonth.FindStringSubmatch(m)
	if month := atoi(sub[2]); month >= 1 && month <= 12 {
		return fmt.Sprintf("%s %s %s", time.Month(month).String()[:3], sub[1], sub[3])
	}
	return m
}

// dayMonth finds in words a month's name and the day beside it ("Nov
// 18", "13 August"): the index of the first of the two, and the index
// just past them, where the year is written in; -1, -1 when words name no
// month with its day. The day after the month is taken first: "Aug 13
// 10:15".
func dayMonth(words []string) (start, end int) {
	for i, w := range words {
		if !englishMonthNames[strings.ToLower(w)] {
			continue
		}
		switch {
		case i+1 < len(words) && isDayNumber(words[i+1]):
			return i, i + 2
		case i > 0 && isDayNumber(words[i-1]):
			return i - 1, i + 1
		}
		break
	}
	return -1, -1
}

// isDayNumber reports one or two digits.
func isDayNumber(s string) bool {
	return len(s) >= 1 && len(s) <= 2 && strings.Trim(s, "0123456789") == ""
}

// englishMonthNames are the English month names and abbreviations the layouts
// read, lowercased; cleanDateString has put other languages' in English.
var englishMonthNames = func() map[string]bool {
	m := map[string]bool{"sept": true}
	for mo := time.January; mo <= time.December; mo++ {
		m[strings.ToLower(mo.String())] = true
		m[strings.ToLower(mo.String()[:3])] = true
	}
	return m
}()
