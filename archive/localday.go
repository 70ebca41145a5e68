package archive

import (
	"database/sql/driver"
	"time"
)

// localDayFunc is the SQL function that gives a stored time's calendar day
// where it was given ("2024-05-02" for "2024-05-01T16:00:00.000000Z+09:00":
// the page's own day), or its UTC day for a time stored without an offset.
// Queries use it; the schema does not.
const localDayFunc = "newsarchive_local_day"

func init() {
	registerTextFunc(localDayFunc, func(s string) driver.Value {
		t, err := parseTime(s)
		if err != nil {
			return nil // a row that cannot say its day is in no range of days
		}
		return t.Format(time.DateOnly)
	})
}

// DateBounds select by a date: at or after Since and before Until, each
// when set. A bound marked a day (its midnight in UTC names the day) is
// compared with the calendar day each date names where it was given, not
// with its instant: an article a page dates 2 May at 01:00 in Tokyo is of
// 2 May, though it is 1 May in UTC.
type DateBounds struct {
	Since, Until       time.Time
	SinceDay, UntilDay bool
}

// conditions are the SQL conditions that keep the times at (an SQL
// expression) within the bounds.
func (b DateBounds) conditions(at string) (conds []string, args []any) {
	add := func(t time.Time, day bool, op string) {
		if t.IsZero() {
			return
		}
		if day {
			conds, args = append(conds, localDayFunc+"("+at+") "+op+" ?"), append(args, t.UTC().Format(time.DateOnly))
			return
		}
		conds, args = append(conds, at+" "+op+" ?"), append(args, formatTime(t))
	}
	add(b.Since, b.SinceDay, ">=")
	add(b.Until, b.UntilDay, "<")
	return conds, args
}
