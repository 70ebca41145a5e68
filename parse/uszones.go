package parse

import (
	"regexp"
	"time"
)

// usZoneOffsets are the standard offsets, in hours, of the zone names
// American pages print without saying standard or daylight time: "6:51
// a.m. ET" is EST in November and EDT in July.
var usZoneOffsets = map[string]int{"ET": -5, "CT": -6, "MT": -7, "PT": -8}

// reUSZone is such a name right after a time of day, where it cannot be
// a state ("CT") or another word.
var reUSZone = regexp.MustCompile(`(\d:\d{2}(?::\d{2})?(?: [AP]M)?) (ET|CT|MT|PT)\b`)

// usZone rewrites a US zone name after a time of day as its standard
// offset, and tells whether it did: the caller moves the date to daylight
// time when it falls in it (usDaylight).
func usZone(s string) (string, bool) {
	found := false
	s = reUSZone.ReplaceAllStringFunc(s, func(m string) string {
		sub := reUSZone.FindStringSubmatch(m)
		found = true
		return sub[1] + " " + time.Date(2000, 1, 1, 0, 0, 0, 0, time.FixedZone("", usZoneOffsets[sub[2]]*3600)).Format("-0700")
	})
	return s, found
}

// usDaylight is t, a wall time read in a US standard offset, moved to
// daylight time (one hour ahead, same wall time) when US summer time was
// in force on it: since 2007 from the second Sunday of March to the first
// of November, before from the first Sunday of April to the last of
// October, each at 02:00.
func usDaylight(t time.Time) time.Time {
	_, off := t.Zone()
	wall := time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
	start, end := sunday(t.Year(), time.March, 2), sunday(t.Year(), time.November, 1)
	if t.Year() < 2007 {
		start, end = sunday(t.Year(), time.April, 1), lastSunday(t.Year(), time.October)
	}
	// Summer time ends at 02:00 daylight, 01:00 on the standard clock.
	if wall.Before(start.Add(2*time.Hour)) || !wall.Before(end.Add(time.Hour)) {
		return t
	}
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.FixedZone("", off+3600))
}

// sunday is the nth Sunday of month, at midnight.
func sunday(year int, month time.Month, n int) time.Time {
	first := time.Date(year, month, 1, 0, 0, 0, 0, time.UTC)
	return first.AddDate(0, 0, (7-int(first.Weekday()))%7+7*(n-1))
}

// lastSunday is the last Sunday of month, at midnight.
func lastSunday(year int, month time.Month) time.Time {
	last := time.Date(year, month+1, 0, 0, 0, 0, 0, time.UTC)
	return last.AddDate(0, 0, -int(last.Weekday()))
}
