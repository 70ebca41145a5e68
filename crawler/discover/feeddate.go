package discover

import (
	"regexp"
	"strings"
	"time"
)

// looseOffset is a zone offset after a time of day written as the feed
// parser reads none of: a one-digit hour ("+5:30", "+530", "-5"), or
// behind "GMT" or "UTC" with a colon ("GMT+5:30").
var looseOffset = regexp.MustCompile(`(?i)(\d:\d\d(?::\d\d)?(?:[.,]\d+)?)\s*(?:(?:gmt|utc|ut)\s*)?([+-])(\d\d?)(?::?(\d\d))?\s*$`)

// offsetLayouts read a date once its offset is normalised to "+0530".
var offsetLayouts = []string{
	"Mon, 2 Jan 2006 15:04:05 -0700",
	"Mon, 2 Jan 2006 15:04 -0700",
	"2 Jan 2006 15:04:05 -0700",
	"2 Jan 2006 15:04 -0700",
	"2006-01-02T15:04:05 -0700",
	"2006-01-02T15:04 -0700",
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04 -0700",
}

// normalOffset writes the offset ending s as "+0530", or reports false
// when s ends in none the feed parser missed.
func normalOffset(s string) (string, bool) {
	m := looseOffset.FindStringSubmatchIndex(s)
	if m == nil {
		return s, false
	}
	sub := func(i int) string {
		if m[2*i] < 0 {
			return ""
		}
		return s[m[2*i]:m[2*i+1]]
	}
	hours, minutes := sub(3), sub(4)
	if len(hours) == 1 {
		hours = "0" + hours
	}
	if minutes == "" {
		minutes = "00"
	}
	return s[:m[0]] + sub(1) + " " + sub(2) + hours + minutes, true
}

// reparseDate reads a feed's date the feed parser left unparsed because
// of how its offset is written ("Fri, 27 Nov 2026 10:00:00 +5:30"): such
// an item was undated. It returns the date as normalised, to tell its
// zone by (see zonedTime), and nil when it still does not parse.
func reparseDate(s string) (string, *time.Time) {
	n, ok := normalOffset(strings.TrimSpace(s))
	if !ok {
		return s, nil
	}
	for _, layout := range offsetLayouts {
		if t, err := time.Parse(layout, n); err == nil {
			return n, &t
		}
	}
	return s, nil
}
