package schedules

import (
	"testing"
	"time"
)

// TestClockChanges: an activation in the hour clocks skip going forward
// fires just after the change, as in classic cron, instead of being lost
// for the day; a fixed time in the hour clocks go back over runs once;
// other days keep their times.
func TestClockChanges(t *testing.T) {
	tests := []struct {
		name, spec string
		after      string
		want       []string // the next activations, in UTC
	}{
		{"daily in Berlin's skipped hour", "CRON_TZ=Europe/Berlin 30 2 * * *", "2027-03-27T12:00:00Z",
			[]string{"2027-03-28T01:30:00Z", "2027-03-29T00:30:00Z"}},
		{"yearly in New York's skipped hour", "CRON_TZ=America/New_York 30 2 14 3 *", "2027-01-01T00:00:00Z",
			[]string{"2027-03-14T07:30:00Z", "2028-03-14T06:30:00Z"}},
		// Each time the change skips, after it, as long after as it was
		// into the hour skipped.
		{"twice nightly in Berlin's skipped hour", "CRON_TZ=Europe/Berlin 0,30 2 * * *", "2027-03-27T12:00:00Z",
			[]string{"2027-03-28T01:00:00Z", "2027-03-28T01:30:00Z", "2027-03-29T00:00:00Z"}},
		{"every 20 minutes of New York's skipped hour", "CRON_TZ=America/New_York */20 2 * * *", "2027-03-13T12:00:00Z",
			[]string{"2027-03-14T07:00:00Z", "2027-03-14T07:20:00Z", "2027-03-14T07:40:00Z", "2027-03-15T06:00:00Z"}},
		{"at 02:45 and 03:45 in Berlin", "CRON_TZ=Europe/Berlin 45 2,3 * * *", "2027-03-27T12:00:00Z",
			[]string{"2027-03-28T01:45:00Z", "2027-03-29T00:45:00Z"}},
		{"daily on an ordinary day", "CRON_TZ=Europe/Berlin 30 2 * * *", "2027-06-01T12:00:00Z",
			[]string{"2027-06-02T00:30:00Z", "2027-06-03T00:30:00Z"}},
		{"hourly across the skipped hour", "CRON_TZ=Europe/Berlin 15 * * * *", "2027-03-28T00:30:00Z",
			[]string{"2027-03-28T01:15:00Z", "2027-03-28T02:15:00Z"}},
		// Once, at the first 02:30, as classic cron: not again an hour later.
		{"daily on the day clocks go back", "CRON_TZ=Europe/Berlin 30 2 * * *", "2027-10-30T12:00:00Z",
			[]string{"2027-10-31T00:30:00Z", "2027-11-01T01:30:00Z"}},
		// Each fixed time once, however many the repeated hour holds.
		{"twice nightly on the day clocks go back", "CRON_TZ=Europe/Berlin 0,30 2 * * *", "2027-10-30T12:00:00Z",
			[]string{"2027-10-31T00:00:00Z", "2027-10-31T00:30:00Z", "2027-11-01T01:00:00Z"}},
		{"every 20 minutes of an hour New York repeats", "CRON_TZ=America/New_York */20 1 * * *", "2027-11-06T12:00:00Z",
			[]string{"2027-11-07T05:00:00Z", "2027-11-07T05:20:00Z", "2027-11-07T05:40:00Z", "2027-11-08T06:00:00Z"}},
		// Asked in the first pass after the day's time (a run by hand, a
		// restart): the second pass does not bring it back.
		{"asked at 02:40 of Berlin's first pass", "CRON_TZ=Europe/Berlin 30 2 * * *", "2027-10-31T00:40:00Z",
			[]string{"2027-11-01T01:30:00Z"}},
		{"asked at 01:40 of New York's first pass", "CRON_TZ=America/New_York 30 1 * * *", "2027-11-07T05:40:00Z",
			[]string{"2027-11-08T06:30:00Z"}},
		// A * in the minute or the hour runs through both passes.
		{"every 30 minutes on the day clocks go back", "CRON_TZ=Europe/Berlin */30 * * * *", "2027-10-31T00:15:00Z",
			[]string{"2027-10-31T00:30:00Z", "2027-10-31T01:00:00Z", "2027-10-31T01:30:00Z"}},
		{"in UTC", "30 2 * * *", "2027-03-27T12:00:00Z", []string{"2027-03-28T02:30:00Z", "2027-03-29T02:30:00Z"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sch, err := parseSchedule(tt.spec)
			if err != nil {
				t.Fatal(err)
			}
			at, err := time.Parse(time.RFC3339, tt.after)
			if err != nil {
				t.Fatal(err)
			}
			for i, w := range tt.want {
				at = sch.Next(at)
				if got := at.UTC().Format(time.RFC3339); got != w {
					t.Fatalf("activation %d = %s, want %s", i+1, got, w)
				}
			}
		})
	}
}

// TestClockChangesInTheDaemonsZone: a spec without CRON_TZ reads its hours
// in the zone of the time it is asked at, its skipped hour included.
func TestClockChangesInTheDaemonsZone(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skip("no time zone database:", err)
	}
	sch, err := parseSchedule("30 2 * * *")
	if err != nil {
		t.Fatal(err)
	}
	got := sch.Next(time.Date(2027, 3, 27, 12, 0, 0, 0, berlin))
	if want := time.Date(2027, 3, 28, 1, 30, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("next = %v, want %v (03:30, just after the change)", got.UTC(), want)
	}
	// Asked at 02:40 of the first pass the day clocks go back: the 02:30
	// of the second pass is no new activation.
	got = sch.Next(time.Date(2027, 10, 31, 0, 40, 0, 0, time.UTC).In(berlin))
	if want := time.Date(2027, 11, 1, 1, 30, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("next = %v, want %v (the next day's 02:30)", got.UTC(), want)
	}
}
