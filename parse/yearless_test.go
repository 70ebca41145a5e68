package parse

import (
	"testing"
	"time"
)

// TestYearlessDates reads pages whose only date is printed without its
// year: the fetch time gives the year, the latest that does not put the
// date after the fetch, and nothing when the fetch time is unknown. A
// date with its year, in the metadata or printed, wins.
func TestYearlessDates(t *testing.T) {
	aug2024 := time.Date(2024, 8, 20, 9, 0, 0, 0, time.UTC)
	mar2026 := time.Date(2026, 3, 15, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name, file, url     string
		fetchedAt           time.Time
		published, modified string // RFC 3339, "" for none
	}{
		{"month first, last year's", "yearless-us.html", "https://www.lakeshoreledger.com/news/bridge-repairs",
			mar2026, "2025-11-18T16:46:00Z", ""},
		{"day first, this year's, in the country's time", "yearless-uk.html", "https://www.northernecho.co.uk/news/rail-strike",
			aug2024, "2024-08-13T10:15:00+01:00", "2024-08-14T09:40:00+01:00"},
		{"german", "yearless-german.html", "https://www.rheinkurier.de/lokales/radwege",
			aug2024, "2024-08-13T10:15:00+02:00", ""},
		{"korean, in the afternoon", "yearless-korean.html", "https://www.hangangilbo.example/society/123",
			aug2024, "2024-08-13T15:15:00+09:00", ""},
		{"german in numbers, with a time", "yearless-german-numeric.html", "https://www.rheinkurier.de/lokales/radwege",
			aug2024, "2024-08-13T10:15:00+02:00", ""},
		{"german in numbers, after a label", "yearless-german-labelled.html", "https://www.rheinkurier.de/lokales/radwege",
			aug2024, "2024-08-13T00:00:00Z", ""},
		{"german in numbers, without a time", "yearless-german-stray.html", "https://www.rheinkurier.de/lokales/satzung",
			aug2024, "", ""},
		{"french, in no zone its language gives", "yearless-french.html", "https://www.courrierdurhone.example/local/pistes-cyclables",
			aug2024, "2024-08-13T10:15:00Z", ""},
		{"spanish", "yearless-spanish.html", "https://www.diariodelebro.example/local/carriles-bici",
			aug2024, "2024-08-13T10:15:00Z", ""},
		{"japanese", "yearless-japanese.html", "https://www.minatomachi.example.jp/news/456",
			aug2024, "2024-08-13T10:15:00+09:00", ""},
		{"japanese, delivered", "yearless-delivered.html", "https://news.portal.example.jp/articles/789",
			aug2024, "2024-08-13T16:15:00+09:00", ""},
		{"december the 31st fetched on january the 2nd", "yearless-year-end.html", "https://www.northernecho.co.uk/news/fireworks",
			time.Date(2026, 1, 2, 8, 0, 0, 0, time.UTC), "2025-12-31T00:00:00Z", ""},
		{"the fetch's day, with a day of slack for zones", "yearless-year-end.html", "https://www.northernecho.co.uk/news/fireworks",
			time.Date(2025, 12, 30, 23, 0, 0, 0, time.UTC), "2025-12-31T00:00:00Z", ""},
		{"weeks after the fetch, last year's", "yearless-year-end.html", "https://www.northernecho.co.uk/news/fireworks",
			time.Date(2026, 12, 5, 8, 0, 0, 0, time.UTC), "2025-12-31T00:00:00Z", ""},
		{"two days after the fetch, last year's", "yearless-year-end.html", "https://www.northernecho.co.uk/news/fireworks",
			time.Date(2026, 12, 29, 8, 0, 0, 0, time.UTC), "2025-12-31T00:00:00Z", ""},
		{"a week after the fetch, last year's, near a year back", "yearless-us.html", "https://www.lakeshoreledger.com/news/bridge-repairs",
			time.Date(2026, 11, 10, 8, 0, 0, 0, time.UTC), "2025-11-18T16:46:00Z", ""},
		{"the update the year of the publication", "yearless-update.html", "https://www.islandnewsnow.example/2024/11/18/water-vapor/",
			time.Date(2024, 11, 21, 0, 0, 0, 0, time.UTC), "2024-11-18T14:26:00-10:00", "2024-11-18T16:46:00-10:00"},
		{"the update in the zone its line prints", "yearless-update-line-zone.html", "https://www.islandnewsnow.example/2024/11/18/water-vapor/",
			time.Date(2024, 11, 21, 0, 0, 0, 0, time.UTC), "2024-11-19T00:26:00Z", "2024-11-18T16:46:00-10:00"},
		// 4:46 PM in the page's zone, UTC, is before the publication, and
		// clamped to it.
		{"no zone from a line that prints two", "yearless-update-two-zones.html", "https://www.islandnewsnow.example/2024/11/18/water-vapor/",
			time.Date(2024, 11, 21, 0, 0, 0, 0, time.UTC), "2024-11-19T00:26:00Z", "2024-11-19T00:26:00Z"},
		{"no update more than eleven months after the publication", "yearless-update.html", "https://www.islandnewsnow.example/2024/11/18/water-vapor/",
			time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), "2024-11-18T14:26:00-10:00", ""},
		{"a publication no later than the update", "yearless-post-date.html", "https://vortexcannon.example/about-bugs/",
			time.Date(2018, 8, 20, 0, 0, 0, 0, time.UTC), "2018-08-13T00:00:00Z", "2018-08-13T08:04:08Z"},
		{"no publication when the update's year is past", "yearless-post-date.html", "https://vortexcannon.example/about-bugs/",
			time.Date(2019, 11, 21, 0, 0, 0, 0, time.UTC), "", "2018-08-13T08:04:08Z"},
		{"fetch time unknown", "yearless-us.html", "https://www.lakeshoreledger.com/news/bridge-repairs",
			time.Time{}, "", ""},
		{"the metadata's date wins", "yearless-with-metadata.html", "https://www.lakeshoreledger.com/news/bridge-repairs",
			mar2026, "2019-11-18T16:46:00-05:00", ""},
		{"a printed date with its year wins", "yearless-full-printed.html", "https://www.lakeshoreledger.com/news/bridge-repairs",
			mar2026, "2025-11-18T16:46:00Z", ""},
		{"the year printed beside the date", "year-beside-calendar.html", "https://www.valleyweekly.example/deportees-return-home/",
			mar2026, "2019-11-20T15:23:00Z", ""},
		{"the year printed beside the date, fetch time unknown", "year-beside-calendar.html", "https://www.valleyweekly.example/deportees-return-home/",
			time.Time{}, "2019-11-20T15:23:00Z", ""},
		{"the year and the time in sibling spans", "year-beside-spans.html", "https://www.coastlinecourier.example/local/ferry-returns",
			mar2026, "2019-11-20T15:23:00Z", ""},
		{"a day-and-month badge beside the year", "year-beside-badge.html", "https://allotmentnotes.example/the-last-of-the-squash/",
			mar2026, "2019-11-20T00:00:00Z", ""},
		{"a number beside the date that is no year", "year-beside-count.html", "https://www.coastlinecourier.example/local/ferry-returns",
			mar2026, "2025-11-20T00:00:00Z", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Parse(Page{URL: tt.url, Body: fixture(t, "dates", tt.file), ContentType: "text/html", FetchedAt: tt.fetchedAt})
			if err != nil {
				t.Fatal(err)
			}
			wantOptionalTime(t, "published", a.Published, tt.published)
			wantOptionalTime(t, "modified", a.Modified, tt.modified)
		})
	}
}
