package parse

import (
	"encoding/json"
	"testing"
)

// FuzzParseDate: no date string makes the date reader panic, and a date it
// reads is one the archive can write down (RFC 3339 holds years 0-9999).
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{
		"2024-03-15T10:00:00+01:00", "March 15, 2024 11:28 AMT", "1710496800", "1710496800123",
		"Fri, 15 Mar 2024 10:00:00 GMT+5:30", "10:00 PM EDT March 3, 2024", "2024年3月15日 10時",
		"15.03.2024 (Central European Summer Time)", "Updated: 15 Mar 2024",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tm, _, ok := parseDateZoned(s)
		if !ok {
			return
		}
		if _, err := tm.MarshalText(); err != nil {
			t.Errorf("parseDateZoned(%q) = %v, which cannot be written: %v", s, tm, err)
		}
	})
}

// FuzzRepairJSON: the repair of JSON-LD leaves valid JSON as it is, and
// no input makes it panic.
func FuzzRepairJSON(f *testing.F) {
	for _, s := range []string{
		`{"@type":"NewsArticle","headline":"A // B","x":[1,2,],}`,
		"{\"a\":\"line\nbreak\" /* c */}", `{"a":"\"//\""} // tail`, `[{"a":1},]`, `"/*"`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := repairJSON(s)
		if json.Valid([]byte(s)) && got != s {
			t.Errorf("repairJSON changed valid JSON %q to %q", s, got)
		}
	})
}
