package schedules

import (
	"time"

	"github.com/robfig/cron/v3"
)

// clockChanges is a schedule that also fires at the activations a clock
// change skips. On the day clocks go forward a wall time between 02:00
// and 02:59 (in Europe and North America) does not exist, and the cron
// library passes over it: a source scheduled daily at 02:30 would not run
// that day. As classic cron does, such an activation fires just after the
// change instead (02:30 is read as 03:30 of the new time). On the day
// clocks go back, a fixed time runs once (see Next).
type clockChanges struct {
	*cron.SpecSchedule
}

// withClockChanges wraps a parsed schedule whose hours are wall-clock
// hours of a zone; an @every interval is returned as it is.
func withClockChanges(sch cron.Schedule) cron.Schedule {
	if spec, ok := sch.(*cron.SpecSchedule); ok && spec.Location != nil {
		return clockChanges{spec}
	}
	return sch
}

// Next is the library's next activation after t, or an earlier one the
// wall clock gives that the library passed over. On the day clocks go
// back, a schedule of fixed times (no * in its minute or hour) does not
// run again in the repeated hour, as in classic cron: a daily 02:30 runs
// once, and "0,30 2 * * *" twice, whenever Next is asked (a run by hand
// at 02:40 of the first pass does not bring back the 02:30 of the second).
func (c clockChanges) Next(t time.Time) time.Time {
	next := c.next(t)
	if !c.fixedTimes() {
		return next
	}
	// Bounded by the activations a repeated span may hold: one a minute
	// for the hours a change may take back.
	for i := 0; i < 3*60 && c.repeated(next); i++ {
		next = c.next(next)
	}
	return next
}

// next is the library's next activation after t, or an earlier one the
// wall clock gives that the library passed over.
func (c clockChanges) next(t time.Time) time.Time {
	next := c.SpecSchedule.Next(t)
	wall := c.wallNext(t)
	if !wall.IsZero() && wall.After(t) && (next.IsZero() || wall.Before(next)) {
		return wall
	}
	return next
}

// starBit marks a cron field written with *, as the library sets it.
const starBit = 1 << 63

// fixedTimes says whether the schedule names its minutes and hours.
func (c clockChanges) fixedTimes() bool {
	return c.Minute&starBit == 0 && c.Hour&starBit == 0
}

// repeated says whether at is a wall time the zone showed before: it
// falls within the span after a change back as long as the change (02:00
// to 03:00 of the new time, when 03:00 went back to 02:00).
func (c clockChanges) repeated(at time.Time) bool {
	if at.IsZero() {
		return false
	}
	loc := c.Location
	if loc == time.Local {
		loc = at.Location() // the library reads a spec without CRON_TZ in t's zone
	}
	start, shift := lastChange(at.In(loc))
	return shift < 0 && at.Before(start.Add(-shift))
}

// lastChange is when the clocks of local's zone last changed, and by how
// much (forward: positive); a zero shift when they never did.
func lastChange(local time.Time) (start time.Time, shift time.Duration) {
	start, _ = local.ZoneBounds()
	if start.IsZero() {
		return start, 0
	}
	_, after := local.Zone()
	_, before := start.Add(-time.Nanosecond).Zone()
	return start, time.Duration(after-before) * time.Second
}

// wallNext is the next activation reckoned on the zone's wall clock as if
// it never changed, then placed in the zone.
func (c clockChanges) wallNext(t time.Time) time.Time {
	loc := c.Location
	if loc == time.Local {
		loc = t.Location() // a spec without CRON_TZ reads t's hours, as the library does
	}
	local := wallClock(t, loc)
	spec := *c.SpecSchedule
	spec.Location = time.UTC
	w := spec.Next(time.Date(local.Year(), local.Month(), local.Day(), local.Hour(), local.Minute(), local.Second(),
		local.Nanosecond(), time.UTC))
	if w.IsZero() {
		return w
	}
	at := time.Date(w.Year(), w.Month(), w.Day(), w.Hour(), w.Minute(), w.Second(), 0, loc)
	if at.Day() == w.Day() && at.Hour() == w.Hour() && at.Minute() == w.Minute() {
		return at
	}
	// A wall time the change skips, read in the offset before the change:
	// as long after the change as it was after the start of the hour
	// skipped (02:30 is 03:30 of the new time).
	_, before := at.Add(-12 * time.Hour).Zone()
	return w.Add(-time.Duration(before) * time.Second)
}

// wallClock is t in loc; in the span just after a change forward as long
// as the change (03:00 to 04:00, when 02:00 became 03:00), it is read in
// the offset before the change (02:00 to 03:00). So, once the first
// activation the change skipped has run (02:00 run at 03:00), the next
// ones it skipped are still found: "0,30 2 * * *" ran at 03:00 and lost
// its 02:30, due at 03:30.
func wallClock(t time.Time, loc *time.Location) time.Time {
	local := t.In(loc)
	if start, shift := lastChange(local); shift > 0 && t.Before(start.Add(shift)) {
		_, offset := local.Zone()
		return t.In(time.FixedZone("", offset-int(shift/time.Second)))
	}
	return local
}
