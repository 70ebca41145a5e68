package parse

import (
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	est := time.FixedZone("", -5*3600)
	plus2 := time.FixedZone("", 2*3600)
	plus530 := time.FixedZone("", 5*3600+30*60)
	tests := []struct {
		in   string
		want time.Time
	}{
		{"2024-03-15T10:04:05Z", time.Date(2024, 3, 15, 10, 4, 5, 0, time.UTC)},
		{"2024-03-15T10:04:05+02:00", time.Date(2024, 3, 15, 10, 4, 5, 0, plus2)},
		{"2024-03-15T10:04:05.123+02:00", time.Date(2024, 3, 15, 10, 4, 5, 123e6, plus2)},
		{"2024-03-15T10:04:05+0200", time.Date(2024, 3, 15, 10, 4, 5, 0, plus2)},
		{"2024-03-15T10:04:05.5-0500", time.Date(2024, 3, 15, 10, 4, 5, 5e8, est)},
		{"2024-03-15T10:04+02:00", time.Date(2024, 3, 15, 10, 4, 0, 0, plus2)},
		{"2024-03-15T10:04:05", time.Date(2024, 3, 15, 10, 4, 5, 0, time.UTC)},
		{"2024-03-15 10:04:05", time.Date(2024, 3, 15, 10, 4, 5, 0, time.UTC)},
		{"2024-03-15 10:04:05 +0530", time.Date(2024, 3, 15, 10, 4, 5, 0, plus530)},
		{"2024-03-15", time.Date(2024, 3, 15, 0, 0, 0, 0, time.UTC)},
		{"2024/03/15", time.Date(2024, 3, 15, 0, 0, 0, 0, time.UTC)},
		{"20240315", time.Date(2024, 3, 15, 0, 0, 0, 0, time.UTC)},
		{"Fri, 15 Mar 2024 10:04:05 GMT", time.Date(2024, 3, 15, 10, 4, 5, 0, time.UTC)},
		{"Tue Nov 19 2019 03:05:46 GMT+0000", time.Date(2019, 11, 19, 3, 5, 46, 0, time.UTC)},
		{"Fri Mar 15 2024 10:04:05 GMT+0200 (Central European Summer Time)", time.Date(2024, 3, 15, 10, 4, 5, 0, plus2)},
		{"Fri, 15 Mar 2024 10:04:05 -0500", time.Date(2024, 3, 15, 10, 4, 5, 0, est)},
		{"Fri, 15 Mar 2024 10:04:05 EST", time.Date(2024, 3, 15, 10, 4, 5, 0, est)},
		{"March 5, 2024", time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC)},
		{"Mar. 5, 2024", time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC)},
		{"Sept. 5, 2024", time.Date(2024, 9, 5, 0, 0, 0, 0, time.UTC)},
		{"March 5th, 2024", time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC)},
		{"March 5, 2024 at 3:04 p.m. EST", time.Date(2024, 3, 5, 15, 4, 0, 0, est)},
		{"March 5, 2024 10:30am", time.Date(2024, 3, 5, 10, 30, 0, 0, time.UTC)},
		{"Published: March 5, 2024", time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC)},
		{"Updated on Tuesday, March 5, 2024", time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC)},
		{"5 March 2024", time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC)},
		{"5 March 2024 10:00 GMT", time.Date(2024, 3, 5, 10, 0, 0, 0, time.UTC)},
		{"5 Mar 2024 10:00 GMT+2", time.Date(2024, 3, 5, 10, 0, 0, 0, plus2)},
		{"Fri 6:45 PM, Feb 16, 2018", time.Date(2018, 2, 16, 18, 45, 0, 0, time.UTC)},
		{"01:38:07 PM IST Nov 20, 2019", time.Date(2019, 11, 20, 13, 38, 7, 0, time.FixedZone("", 5*3600+1800))},
		{"Nov. 19, 2019 6:46 pm ET", time.Date(2019, 11, 19, 18, 46, 0, 0, est)},
		{"Updated July 4, 2019 10:00 a.m. ET", time.Date(2019, 7, 4, 10, 0, 0, 0, time.FixedZone("", -4*3600))},
		{"6:51 AM PT Mar 5 2024", time.Date(2024, 3, 5, 6, 51, 0, 0, time.FixedZone("", -8*3600))},
		{"Posted: March 5, 2024 10:00 AM EDT", time.Date(2024, 3, 5, 10, 0, 0, 0, time.FixedZone("", -4*3600))},
		{"Publié le 25 mai 2024 à 08h00", time.Date(2024, 5, 25, 8, 0, 0, 0, time.UTC)},
		{"5. März 2024, 14:30 Uhr", time.Date(2024, 3, 5, 14, 30, 0, 0, time.UTC)},
		{"25. September 2018", time.Date(2018, 9, 25, 0, 0, 0, 0, time.UTC)},
		{"25.09.2018", time.Date(2018, 9, 25, 0, 0, 0, 0, time.UTC)},
		{"5.3.2024 14:30", time.Date(2024, 3, 5, 14, 30, 0, 0, time.UTC)},
		{"5 de marzo de 2024", time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC)},
		{"2024年5月18日 09:30", time.Date(2024, 5, 18, 9, 30, 0, 0, time.UTC)},
		{"الأحد ١٢ مايو ٢٠٢٤", time.Date(2024, 5, 12, 0, 0, 0, 0, time.UTC)},
		{"12 мая 2024, 10:15", time.Date(2024, 5, 12, 10, 15, 0, 0, time.UTC)},
		{"２０２４年４月１０日 11:00", time.Date(2024, 4, 10, 11, 0, 0, 0, time.UTC)},
		{"2024年05月18日", time.Date(2024, 5, 18, 0, 0, 0, 0, time.UTC)},
		{"1710497045", time.Date(2024, 3, 15, 10, 4, 5, 0, time.UTC)},
		// Printed dates of pages without metadata.
		{"30 March 2025, 4:15 PM ET", time.Date(2025, 3, 30, 16, 15, 0, 0, time.FixedZone("", -4*3600))},
		{"30 Mar 2025, 4:15 p.m. GMT", time.Date(2025, 3, 30, 16, 15, 0, 0, time.UTC)},
		{"Sunday 30 March 2025, 9:05 am", time.Date(2025, 3, 30, 9, 5, 0, 0, time.UTC)},
		{"2025年3月30日 16時15分", time.Date(2025, 3, 30, 16, 15, 0, 0, time.UTC)},
		{"2025年3月30日（日）16時5分", time.Date(2025, 3, 30, 16, 5, 0, 0, time.UTC)},
		{"2025年3月30日", time.Date(2025, 3, 30, 0, 0, 0, 0, time.UTC)},
		{"2025年3月30日 午後4時15分", time.Date(2025, 3, 30, 16, 15, 0, 0, time.UTC)},
		{"2025年3月30日 午前0時5分", time.Date(2025, 3, 30, 0, 5, 0, 0, time.UTC)},
		{"2025年3月30日 午後12時", time.Date(2025, 3, 30, 12, 0, 0, 0, time.UTC)},
		{"2025年3月30日 午前12時30分", time.Date(2025, 3, 30, 0, 30, 0, 0, time.UTC)},
		{"2025年3月30日 下午4点15分", time.Date(2025, 3, 30, 16, 15, 0, 0, time.UTC)},
		{"2025年3月30日 9時", time.Date(2025, 3, 30, 9, 0, 0, 0, time.UTC)},
		{"2025년 3월 30일 오후 4:15", time.Date(2025, 3, 30, 16, 15, 0, 0, time.UTC)},
		{"2025년 3월 30일(일) 오전 9시 5분", time.Date(2025, 3, 30, 9, 5, 0, 0, time.UTC)},
		{"2025년 3월 30일 16시 15분", time.Date(2025, 3, 30, 16, 15, 0, 0, time.UTC)},
		{"2025년 3월 30일 오후 12시", time.Date(2025, 3, 30, 12, 0, 0, 0, time.UTC)},
		{"2025년 3월 30일", time.Date(2025, 3, 30, 0, 0, 0, 0, time.UTC)},
		{"2025.03.30 오후 4:15", time.Date(2025, 3, 30, 16, 15, 0, 0, time.UTC)},
		{"2025-03-30 오전 12:05", time.Date(2025, 3, 30, 0, 5, 0, 0, time.UTC)},
		{"2025.03.30. 오후 4:15", time.Date(2025, 3, 30, 16, 15, 0, 0, time.UTC)},
		{"2025.03.30 16:15:09", time.Date(2025, 3, 30, 16, 15, 9, 0, time.UTC)},
		{"30.03.2025, 14.30 Uhr", time.Date(2025, 3, 30, 14, 30, 0, 0, time.UTC)},
		{"Stand: 30.03.2025 14:30 Uhr", time.Date(2025, 3, 30, 14, 30, 0, 0, time.UTC)},
		{"30. März 2025 um 9 Uhr", time.Date(2025, 3, 30, 9, 0, 0, 0, time.UTC)},
		{"le 30 mars 2025 à 18h", time.Date(2025, 3, 30, 18, 0, 0, 0, time.UTC)},
		{"le 30 mars 2025 à 18h42", time.Date(2025, 3, 30, 18, 42, 0, 0, time.UTC)},
		{"30 mars 2025 à 18H42", time.Date(2025, 3, 30, 18, 42, 0, 0, time.UTC)},
		{"Le 2025-03-30 à 18 h 42", time.Date(2025, 3, 30, 18, 42, 0, 0, time.UTC)},
		{"Sun 30 Mar 2025 07.30 BST", time.Date(2025, 3, 30, 7, 30, 0, 0, time.FixedZone("", 3600))},
		{"30 March 2025 07.30 GMT", time.Date(2025, 3, 30, 7, 30, 0, 0, time.UTC)},
		{"March 30, 2025 7.30pm", time.Date(2025, 3, 30, 19, 30, 0, 0, time.UTC)},
		{"30 मार्च 2025", time.Date(2025, 3, 30, 0, 0, 0, 0, time.UTC)},
		{"३० मार्च २०२५, 04:15 PM IST", time.Date(2025, 3, 30, 16, 15, 0, 0, plus530)},
		{"1 फ़रवरी 2025", time.Date(2025, 2, 1, 0, 0, 0, 0, time.UTC)},
		{"1710497045000", time.Date(2024, 3, 15, 10, 4, 5, 0, time.UTC)},
		// A zone's abbreviation in brackets after the time.
		{"November 18, 2024 at 4:46 PM (HST)", time.Date(2024, 11, 18, 16, 46, 0, 0, time.FixedZone("", -10*3600))},
		{"18 March 2025 10:15 (EDT)", time.Date(2025, 3, 18, 10, 15, 0, 0, time.FixedZone("", -4*3600))},
		{"Nov. 18, 2024 4:46 p.m. (ET)", time.Date(2024, 11, 18, 16, 46, 0, 0, est)},
		{"November 18, 2024 at 4:46 PM (Hawaii Time)", time.Date(2024, 11, 18, 16, 46, 0, 0, time.UTC)},
		// A short weekday, day, short month and year, then a 12-hour time
		// without a space before am/pm, as ABC News (Australia) prints it.
		{"Posted Wed 13 Aug 2025 at 10:15am", time.Date(2025, 8, 13, 10, 15, 0, 0, time.UTC)},
		{"Updated Thu 14 Aug 2025 at 9:02pm", time.Date(2025, 8, 14, 21, 2, 0, 0, time.UTC)},
		{"Thu 14 Aug 2025 at 9:02pm AEST", time.Date(2025, 8, 14, 21, 2, 0, 0, time.FixedZone("", 10*3600))},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := parseDate(tt.in)
			if !ok {
				t.Fatalf("parseDate(%q) failed", tt.in)
			}
			if !got.Equal(tt.want) {
				t.Errorf("parseDate(%q) = %v, want %v", tt.in, got, tt.want)
			}
			_, gotOff := got.Zone()
			_, wantOff := tt.want.Zone()
			if gotOff != wantOff {
				t.Errorf("parseDate(%q) offset = %d, want %d (offset must be kept)", tt.in, gotOff, wantOff)
			}
		})
	}
}

// TestParseDateZoned: a date names its zone by an offset or a known
// abbreviation; one it does not know ("AMT", Armenia's or the Amazon's)
// is no zone, not UTC.
func TestParseDateZoned(t *testing.T) {
	tests := []struct {
		in        string
		want      time.Time
		wantZoned bool
	}{
		{"November 20, 2019 - 11:28 AMT", time.Date(2019, 11, 20, 11, 28, 0, 0, time.UTC), false},
		{"Wed Nov 20 11:28:00 AMT 2019", time.Date(2019, 11, 20, 11, 28, 0, 0, time.UTC), false},
		{"November 20, 2019 11:28 AM", time.Date(2019, 11, 20, 11, 28, 0, 0, time.UTC), false},
		{"November 20, 2019 11:28 AM EST", time.Date(2019, 11, 20, 11, 28, 0, 0, time.FixedZone("", -5*3600)), true},
		{"20 Nov 2019 11:28 GMT", time.Date(2019, 11, 20, 11, 28, 0, 0, time.UTC), true},
		{"Thu 14 Aug 2025 at 9:02pm ACWST", time.Date(2025, 8, 14, 21, 2, 0, 0, time.UTC), false},
		{"Thu 14 Aug 2025 at 9:02pm", time.Date(2025, 8, 14, 21, 2, 0, 0, time.UTC), false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, zoned, ok := parseDateZoned(tt.in)
			if !ok || !got.Equal(tt.want) || zoned != tt.wantZoned {
				t.Errorf("parseDateZoned(%q) = %v, zoned %v, ok %v; want %v, zoned %v", tt.in, got, zoned, ok, tt.want, tt.wantZoned)
			}
		})
	}
}

func TestParseDateRejects(t *testing.T) {
	for _, in := range []string{"", "yesterday", "2024-13-45", "March 32, 2024", "12345", "by Jane Doe", "2024",
		"2025.03.30 31.12", "Version 2.10"} {
		t.Run(in, func(t *testing.T) {
			if got, ok := parseDate(in); ok {
				t.Errorf("parseDate(%q) = %v, want failure", in, got)
			}
		})
	}
}

func TestDateWindow(t *testing.T) {
	fetched := time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name  string
		w     dateWindow
		cands []string
		want  string // RFC 3339, "" for none
	}{
		{"first plausible", dateWindow{fetchedAt: fetched}, []string{"2024-05-01"}, "2024-05-01T00:00:00Z"},
		{"future skipped", dateWindow{fetchedAt: fetched}, []string{"2025-01-01", "2024-05-01"}, "2024-05-01T00:00:00Z"},
		{"zone slop accepted", dateWindow{fetchedAt: fetched}, []string{"2024-06-02T08:00:00+02:00"}, "2024-06-02T08:00:00+02:00"},
		{"the epoch skipped", dateWindow{fetchedAt: fetched}, []string{"1970-01-01", "garbage", "2001-09-11"}, "2001-09-11T00:00:00Z"},
		{"a year before the web kept", dateWindow{fetchedAt: fetched}, []string{"1955-06-12", "2001-09-11"}, "1955-06-12T00:00:00Z"},
		{"printed, a year before the web skipped", dateWindow{fetchedAt: fetched}.printedOnly(), []string{"1955-06-12", "2001-09-11"},
			"2001-09-11T00:00:00Z"},
		{"zero fetch time accepts future", dateWindow{}, []string{"2030-01-01"}, "2030-01-01T00:00:00Z"},
		{"none", dateWindow{fetchedAt: fetched}, []string{"", "2099-01-01"}, ""},
		{"a day gives way to its time", dateWindow{fetchedAt: fetched}, []string{"2024-05-01", "2024-05-01T14:22:02+00:00"},
			"2024-05-01T14:22:02Z"},
		{"a day gives way to its time in another zone", dateWindow{fetchedAt: fetched},
			[]string{"2024-05-01", "", "2024-04-30T22:15:00-05:00"}, "2024-04-30T22:15:00-05:00"},
		{"a day keeps a time of another day out", dateWindow{fetchedAt: fetched}, []string{"2024-05-01", "2024-05-03T09:00:00Z"},
			"2024-05-01T00:00:00Z"},
		{"a time comes first", dateWindow{fetchedAt: fetched}, []string{"2024-05-01T09:00:00Z", "2024-05-01T14:22:02Z"},
			"2024-05-01T09:00:00Z"},
		{"midnight written out is a time", dateWindow{fetchedAt: fetched}, []string{"2024-05-01T00:00:00Z", "2024-05-01T14:22:02Z"},
			"2024-05-01T00:00:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.w.pick(tt.cands...)
			switch {
			case got == nil && tt.want != "":
				t.Errorf("pick = nil, want %s", tt.want)
			case got != nil && got.Format(time.RFC3339) != tt.want:
				t.Errorf("pick = %s, want %q", got.Format(time.RFC3339), tt.want)
			}
		})
	}
}

func TestDateFromPath(t *testing.T) {
	tests := []struct{ path, want string }{
		{"/world/2024/03/15/city-council-votes/", "2024-03-15"},
		{"/2024/3/5/story", "2024-03-05"},
		{"/news/city-council-votes-2024-03-15.html", "2024-03-15"},
		{"/news/20240315/city-council", "2024-03-15"},
		{"/2024/02/31/not-a-day", ""},
		{"/statements/2019/nov/18/someone/claim/", "2019-11-18"},
		{"/tuft-cells-that-taste-danger-20191115/", "2019-11-15"},
		{"/2024/03/roundup", ""},
		{"/products/12345678", ""},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			if got := dateFromPath(tt.path); got != tt.want {
				t.Errorf("dateFromPath(%q) = %q, want %q", tt.path, got, tt.want)
			}
		})
	}
}
