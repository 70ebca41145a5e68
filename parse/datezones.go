package parse

import (
	"strings"
	"time"

	"golang.org/x/net/html"
)

// zoned reports whether s names its time zone (or is an epoch, which
// needs none).
func zoned(s string) bool {
	_, z, _ := parseDateZoned(s)
	return z
}

// zoneOf is the zone of the first of candidates that names one: the
// site's, for its dates that name none; nil when none does.
func zoneOf(candidates ...string) *time.Location {
	for _, c := range candidates {
		if t, z, ok := parseDateZoned(c); ok && z {
			return t.Location()
		}
	}
	return nil
}

// inZone reads t, parsed from src, as a wall time in the zone the first
// of the page's dates that names one gives (zoneOf), when src named no zone
// but a time of day: "2019-11-19 09:00" on a page whose other dates say
// +03:00 is 09:00 there, not in UTC. The dates are read again only then.
//
// When no date of the page names a zone, fallback gives one (nil for
// none): the zone of the page's language where it has one (see
// pageZone). It is asked only then.
func inZone(t *time.Time, src string, dates []string, fallback func() *time.Location) *time.Time {
	if t == nil || zoned(src) || dayOnly(src, *t) {
		return t
	}
	loc := zoneOf(dates...)
	if loc == nil {
		loc = fallback()
	}
	if loc == nil {
		return t
	}
	local := time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), loc)
	return &local
}

// languageZones are the time zones of languages written in one zone: a
// Korean, Japanese or Chinese news page whose dates name no zone means its
// country's time (Korea and Japan UTC+9; China, Taiwan, Hong Kong and
// Singapore UTC+8), not UTC; so does a page in a language of India (and
// Sri Lanka's Tamil: UTC+5:30 both), Thai or Vietnamese (UTC+7). None of
// these zones has had summer time for decades.
var languageZones = map[string]*time.Location{
	"ko": utc9, "ja": utc9,
	"zh": time.FixedZone("UTC+8", 8*3600),
	"hi": utc530, "mr": utc530, "gu": utc530, "kn": utc530, "ml": utc530, "te": utc530, "ta": utc530, "or": utc530,
	"th": utc7, "vi": utc7,
}

var (
	utc9   = time.FixedZone("UTC+9", 9*3600)
	utc530 = time.FixedZone("UTC+5:30", 5*3600+30*60)
	utc7   = time.FixedZone("UTC+7", 7*3600)
)

// languageZone is the zone of a declared language tag, nil when the
// language is spoken across zones.
func languageZone(tag string) *time.Location {
	lang, _, _ := strings.Cut(tag, "-")
	return languageZones[lang]
}

// pageZone is the zone of the page's language (see languageZone): the one
// it declares, else the one its text is in, read as Article.Language is
// (a Chinese page that declares no language, or a template's lang="en",
// is dated in China's time as one declaring lang="zh-CN" is); failing
// that, the zone of the country whose domain the page is under (see
// hostZone: an English page under .co.uk is in British time). Reading
// the text costs, so it is done only when a date needs a zone.
func pageZone(declared, host string, doc *html.Node) *time.Location {
	if z := languageZone(declared); z != nil {
		return z
	}
	if doc != nil {
		if z := languageZone(detectLanguage(declared, "", joinText(doc, " "))); z != nil {
			return z
		}
	}
	return hostZone(host)
}
