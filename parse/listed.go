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
