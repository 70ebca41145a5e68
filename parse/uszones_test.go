package parse

import (
	"testing"
	"time"
)

// TestUSDaylight checks the edges of US summer time, read from a standard
// offset (EST, -05:00).
func TestUSDaylight(t *testing.T) {
	est := time.FixedZone("", -5*3600)
	tests := []struct {
		wall       time.Time
		wantOffset int // hours
	}{
		{time.Date(2019, 3, 10, 1, 59, 0, 0, est), -5}, // second Sunday of March, before 02:00
		{time.Date(2019, 3, 10, 2, 0, 0, 0, est), -4},
		{time.Date(2019, 7, 4, 10, 0, 0, 0, est), -4},
		{time.Date(2019, 11, 3, 0, 59, 0, 0, est), -4}, // first Sunday of November
		{time.Date(2019, 11, 3, 1, 0, 0, 0, est), -5},
		{time.Date(2019, 11, 19, 18, 46, 0, 0, est), -5},
		{time.Date(2006, 4, 1, 12, 0, 0, 0, est), -5}, // before 2007: from the first Sunday of April
		{time.Date(2006, 4, 2, 12, 0, 0, 0, est), -4},
		{time.Date(2006, 10, 29, 12, 0, 0, 0, est), -5}, // to the last Sunday of October
		{time.Date(2006, 10, 28, 12, 0, 0, 0, est), -4},
	}
	for _, tt := range tests {
		got := usDaylight(tt.wall)
		_, off := got.Zone()
		if off != tt.wantOffset*3600 || got.Hour() != tt.wall.Hour() || got.Minute() != tt.wall.Minute() {
			t.Errorf("usDaylight(%v) = %v, want the same wall time at %d hours", tt.wall, got, tt.wantOffset)
		}
	}
}

func TestUSZoneNeedsATime(t *testing.T) {
	for _, s := range []string{"Hartford CT March 5 2024", "ET phone home", "MT 2024"} {
		if got, us := usZone(s); us || got != s {
			t.Errorf("usZone(%q) = %q, %v; want it untouched", s, got, us)
		}
	}
}
