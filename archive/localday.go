package archive

import (
	"database/sql/driver"
	"time"

	"modernc.org/sqlite"
)

// localDayFunc is the SQL function that gives a stored time's calendar day
// where it was given ("2024-05-02" for "2024-05-01T16:00:00.000000Z+09:00":
// the page's own day), or its UTC day for a time stored without an offset.
// Queries use it; the schema does not.
const localDayFunc = "newsarchive_local_day"

func init() {
	err := sqlite.RegisterDeterministicScalarFunction(localDayFunc, 1,
		func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
			s, ok := args[0].(string)
			if !ok {
				return nil, nil
			}
			t, err := parseTime(s)
			if err != nil {
				return nil, nil // a row that cannot say its day is in no range of days
			}
			return t.Format(time.DateOnly), nil
		})
	if err != nil {
		panic("register " + localDayFunc + ": " + err.Error())
	}
}

// dateConditions are the SQL conditions that keep the times at (an SQL
// expression) at or after since and before until (each when set). With
// days, since and until are midnights naming days, compared with the day
// each time names where it was given: an article a page dates 2 May at
// 01:00 in Tokyo is of 2 May, though it is 1 May in UTC.
func dateConditions(at string, since, until time.Time, days bool) (conds []string, args []any) {
	bound := func(t time.Time) any { return formatTime(t) }
	if days {
		at = localDayFunc + "(" + at + ")"
		bound = func(t time.Time) any { return t.UTC().Format(time.DateOnly) }
	}
	if !since.IsZero() {
		conds, args = append(conds, at+" >= ?"), append(args, bound(since))
	}
	if !until.IsZero() {
		conds, args = append(conds, at+" < ?"), append(args, bound(until))
	}
	return conds, args
}
