package archive

import (
	"database/sql"
	"fmt"
	"time"
)

// timeLayout is fixed-width UTC so stored times sort and compare as text,
// in SQLite and PostgreSQL alike.
const timeLayout = "2006-01-02T15:04:05.000000Z"

func formatTime(t time.Time) string { return t.UTC().Format(timeLayout) }

// formatZonedPtr writes a date a page gave (published, modified) as
// formatTime does, followed by the page's offset when it is not UTC
// ("2019-11-13T22:06:00.000000Z+01:00"): the text still sorts and
// compares by the instant, and the page's local time can be read back.
func formatZonedPtr(t *time.Time) any {
	if t == nil {
		return nil
	}
	s := formatTime(*t)
	if _, off := t.Zone(); off != 0 {
		s += t.Format("-07:00")
	}
	return s
}

func parseTime(s string) (time.Time, error) {
	stamp, zone := s, ""
	if len(s) > len(timeLayout) {
		stamp, zone = s[:len(timeLayout)], s[len(timeLayout):]
	}
	t, err := time.Parse(timeLayout, stamp)
	if err != nil {
		return time.Time{}, fmt.Errorf("stored time %q: %w", s, err)
	}
	if zone == "" {
		return t, nil
	}
	z, err := time.Parse("-07:00", zone)
	if err != nil {
		return time.Time{}, fmt.Errorf("stored time %q: %w", s, err)
	}
	_, off := z.Zone()
	return t.In(time.FixedZone("", off)), nil
}

func parseTimePtr(s sql.NullString) (*time.Time, error) {
	if !s.Valid {
		return nil, nil
	}
	t, err := parseTime(s.String)
	if err != nil {
		return nil, err
	}
	return &t, nil
}
