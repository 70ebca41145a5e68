package parse

import (
	"regexp"
	"strings"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Templates print a date's zone in an element of its own after the time
// ("<span>Nov 18, 2024 4:46 PM</span> <span>HST</span>", "<time>March 3,
// 2025 10:15</time> <abbr title="Eastern Time">ET</abbr>"): the text of
// the date alone names none, and would be read in the page's default zone.

var (
	// reEndsInTime is a text that ends in a time of day, the zone that
	// may follow it not written ("4:46 PM", "10:15 Uhr", "07.30").
	reEndsInTime = regexp.MustCompile(`\d[:.]\d{2}(?::\d{2})?(?:\s*[AaPp]\.?[Mm]\.?|\s*[Uu]hr)?$`)
	// reLeadingZone is a zone's abbreviation that starts a text, in
	// brackets or not, with nothing after it but a separator: "HST",
	// "(ET)", "ET | By Ann Lee". A word after it ("CT Governor ...") may
	// make it no zone.
	reLeadingZone = regexp.MustCompile(`^\(?([A-Z]{2,5})\)?(?:$|\s*[|·•,;/–—-])`)
	// reZoneAlone is an element's text that is a zone's abbreviation
	// alone, in brackets or not.
	reZoneAlone = regexp.MustCompile(`^\(?([A-Z]{2,5})\)?$`)
)

// maxTimeTail bounds the end of a text a time of day takes ("12:34:56
// p.m.", "10:15 Uhr").
const maxTimeTail = 16

// maxZoneParents is how many inline elements the zone after a date is
// looked for out of: a date's text may sit in a <span> in a <time>.
const maxZoneParents = 2

// withZoneAfter is t, the text of n that ends in a time of day, with the
// zone printed right after n on its line written after it; t itself when
// it names its zone or ends in no time, or no known zone follows.
func withZoneAfter(n *html.Node, t string) string {
	// A time ends the text in its last bytes: the expression reads no
	// more of a sentence.
	if !reEndsInTime.MatchString(t[max(0, len(t)-maxTimeTail):]) {
		return t
	}
	if z := zoneAfter(n); z != "" {
		return t + " " + z
	}
	return t
}

// zoneAfter is the known zone abbreviation (zoneOffsets, usZoneOffsets)
// printed right after n on its line: in the first text or element after
// it that is not blank, out of up to maxZoneParents inline elements n
// ends. "" for none: the zone of text further away, or on another line,
// may be another date's, or no zone.
func zoneAfter(n *html.Node) string {
	for i := 0; ; i++ {
		if next := nextNonBlank(n); next != nil {
			return leadingZone(next)
		}
		p := n.Parent
		if i == maxZoneParents || p == nil || p.Type != html.ElementNode || lineBreaks(p) {
			return ""
		}
		n = p
	}
}

// nextNonBlank is the first sibling after n that is no comment nor blank
// text, nil for none.
func nextNonBlank(n *html.Node) *html.Node {
	next := n.NextSibling
	for next != nil && (next.Type == html.CommentNode || next.Type == html.TextNode && strings.TrimSpace(next.Data) == "") {
		next = next.NextSibling
	}
	return next
}

// lineBreaks reports an element that starts or ends a line of text.
func lineBreaks(n *html.Node) bool {
	return n.Type == html.ElementNode && (blockTags[n.DataAtom] || blockAtoms[n.DataAtom] || n.DataAtom == atom.Br)
}

// leadingZone is the known zone abbreviation next, a node after a date,
// starts with: a text's first word before a separator, or an inline
// element's whole text.
func leadingZone(next *html.Node) string {
	var m []string
	switch {
	case next.Type == html.TextNode:
		m = reLeadingZone.FindStringSubmatch(strings.TrimSpace(next.Data))
	case next.Type == html.ElementNode && !lineBreaks(next):
		if text, ok := boundedText(next, len("(AKST)")); ok {
			m = reZoneAlone.FindStringSubmatch(strings.TrimSpace(text))
		}
	}
	if m == nil || zoneOffsets[m[1]] == "" && usZoneOffsets[m[1]] == 0 {
		return ""
	}
	return m[1]
}

// zonedByText is value, the datetime of n, a <time> or another dated
// element, with the offset n's printed text names when value names none:
// "<time datetime="2025-03-03T10:15">March 3, 2025 10:15</time>
// <abbr>ET</abbr>" is 10:15 Eastern time. The text must give value's
// wall clock to the minute, or value is kept as it is.
func zonedByText(n *html.Node, value string) string {
	if !strings.Contains(value, ":") || endsInOffset(value) {
		return value
	}
	dt, z, ok := parseDateZoned(value)
	if !ok || z {
		return value
	}
	text, ok := boundedText(n, maxShownDate)
	if !ok {
		return value
	}
	t, z, ok := parseDateZoned(withZoneAfter(n, squashSpace(text)))
	if !ok || !z || t.Format(minuteLayout) != dt.Format(minuteLayout) {
		return value
	}
	return time.Date(dt.Year(), dt.Month(), dt.Day(), dt.Hour(), dt.Minute(), dt.Second(), dt.Nanosecond(), t.Location()).Format(time.RFC3339Nano)
}

// minuteLayout is a wall clock to the minute.
const minuteLayout = "2006-01-02T15:04"

// endsInOffset reports an ISO 8601 time that ends in its offset ("Z",
// "+02:00", "-0500"), as most datetimes do: it names its zone, and is
// not parsed to tell.
func endsInOffset(s string) bool {
	if strings.HasSuffix(s, "Z") {
		return true
	}
	off := strings.LastIndexAny(s, "+-")
	if off < 0 || off < len(s)-len("+00:00") || off > len(s)-len("+0000") {
		return false
	}
	digits := strings.ReplaceAll(s[off+1:], ":", "")
	return len(digits) == 4 && strings.Trim(digits, "0123456789") == ""
}
