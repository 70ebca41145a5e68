package parse

import (
	"strconv"
	"time"
)

// A feed or a sitemap that names a page often dates its publication
// (Page.Listed): the publisher's word for a page that prints "Nov 18"
// without its year, or no date at all.

// nearestYear reads words, a date printed without its year whose year
// goes in at index at, in the year that puts it nearest the listing's
// date: a story a sitemap dates 2019-11-18 that prints "Nov 18, 4:46 PM"
// is of 2019 whenever it is fetched, and its "Updated Dec 2" of 2019 too.
// The date must still fall between earliest and latest (the fetch, the
// page's other date).
func (w dateWindow) nearestYear(words []string, at int, earliest, latest time.Time) (time.Time, string, bool) {
	var (
		best   time.Time
		bestAs string
	)
	for year := w.listed.Year() - 1; year <= w.listed.Year()+1; year++ {
		dated := withYear(words, at, strconv.Itoa(year))
		t, ok := parseDate(dated)
		if !ok || t.After(latest) || t.Before(earliest) || !w.ok(t) {
			continue
		}
		if best.IsZero() || t.Sub(w.listed).Abs() < best.Sub(w.listed).Abs() {
			best, bestAs = t, dated
		}
	}
	return best, bestAs, !best.IsZero()
}

// orListedZone is zone, or, where it gives none (a site of a country of
// many zones, or of none), the zone the listing's date tells pub's: a
// page that prints "4:46 PM" without a zone, listed as published at
// 21:46 UTC, prints the time of UTC-5. pub is the page's publication
// as read without a zone; the offset must be whole quarter hours within
// UTC-12 to UTC+14, or pub is another moment than the listing's (an
// update, a time to the minute apart) and tells nothing.
func (w dateWindow) orListedZone(zone func() *time.Location, pub *time.Time) func() *time.Location {
	if w.listed.IsZero() || pub == nil {
		return zone
	}
	return func() *time.Location {
		if z := zone(); z != nil {
			return z
		}
		off := pub.Sub(w.listed)
		if off == 0 || off%(15*time.Minute) != 0 || off > 14*time.Hour || off < -12*time.Hour {
			return nil
		}
		return time.FixedZone("", int(off.Seconds()))
	}
}

// listedOnDay is pub, read from src, or, when it is a day without a time
// ("2024-03-15", a URL's /2024/03/15/) and the listing's moment falls on
// that day in some zone (UTC+14 to UTC-12), the listing's moment: the
// page's day, timed.
func (w dateWindow) listedOnDay(pub *time.Time, src string) *time.Time {
	if w.listed.IsZero() || !dayOnly(src, *pub) || !w.ok(w.listed) {
		return pub
	}
	start := time.Date(pub.Year(), pub.Month(), pub.Day(), 0, 0, 0, 0, time.UTC)
	if w.listed.Before(start.Add(-14*time.Hour)) || !w.listed.Before(start.Add(36*time.Hour)) {
		return pub
	}
	t := w.listed
	return &t
}

// listedPublication is the listing's date of the page (see Page.Listed),
// taken as the publication of a page that dates it nowhere itself; nil
// when no listing dated it, or the date cannot be the page's: after the
// fetch, or after the page's own modification date mod.
func (w dateWindow) listedPublication(mod *time.Time) *time.Time {
	if w.listed.IsZero() || !w.ok(w.listed) || mod != nil && mod.Before(w.listed) {
		return nil
	}
	t := w.listed
	return &t
}
