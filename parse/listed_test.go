package parse

import (
	"bytes"
	"testing"
	"time"
)

// TestListedDates reads pages a feed or a sitemap dated (Page.Listed): a
// date printed without its year takes the listing's year, whenever the
// page is fetched, and a page that dates itself nowhere takes the
// listing's date as its publication, unless the date cannot be the
// page's. A date the page gives itself wins.
func TestListedDates(t *testing.T) {
	mar2026 := time.Date(2026, 3, 15, 12, 0, 0, 0, time.UTC)
	listed2019 := time.Date(2019, 11, 18, 21, 46, 0, 0, time.UTC)
	listed2024 := time.Date(2024, 3, 4, 18, 30, 0, 0, time.UTC)
	const (
		modifiedOnly = `<meta property="article:modified_time" content="2024-03-05T09:00:00Z">`
		dayOnly      = `<meta property="article:published_time" content="2024-03-04">`
	)
	tests := []struct {
		name, file, url     string
		head                string // added to the page's <head>
		fetchedAt, listed   time.Time
		published, modified string // RFC 3339, "" for none
	}{
		{"a year-less date in the listing's year and zone", "yearless-us.html", "https://www.lakeshoreledger.com/news/bridge-repairs", "",
			mar2026, listed2019, "2019-11-18T16:46:00-05:00", ""},
		{"a listing a minute apart tells no zone", "yearless-us.html", "https://www.lakeshoreledger.com/news/bridge-repairs", "",
			mar2026, listed2019.Add(time.Minute), "2019-11-18T16:46:00Z", ""},
		{"a zone the page's country gives wins", "yearless-uk.html", "https://www.northernecho.co.uk/news/rail-strike", "",
			mar2026, time.Date(2022, 8, 13, 14, 15, 0, 0, time.UTC), "2022-08-13T10:15:00+01:00", "2022-08-14T09:40:00+01:00"},
		{"a year-less date, the listing later, in the next year", "yearless-us.html", "https://www.lakeshoreledger.com/news/bridge-repairs", "",
			mar2026, time.Date(2020, 1, 2, 0, 0, 0, 0, time.UTC), "2019-11-18T16:46:00Z", ""},
		{"a year-less date and no listing", "yearless-us.html", "https://www.lakeshoreledger.com/news/bridge-repairs", "",
			mar2026, time.Time{}, "2025-11-18T16:46:00Z", ""},
		{"a year-less update in the year of the listing", "yearless-uk.html", "https://www.northernecho.co.uk/news/rail-strike", "",
			mar2026, time.Date(2022, 8, 13, 9, 15, 0, 0, time.UTC), "2022-08-13T10:15:00+01:00", "2022-08-14T09:40:00+01:00"},
		{"no date of its own", "undated.html", "https://www.harbourpost.example/news/ferry-resumes", "",
			mar2026, listed2024, "2024-03-04T18:30:00Z", ""},
		{"no date of its own and no listing", "undated.html", "https://www.harbourpost.example/news/ferry-resumes", "",
			mar2026, time.Time{}, "", ""},
		{"a listing's date after the fetch", "undated.html", "https://www.harbourpost.example/news/ferry-resumes", "",
			listed2024.Add(-72 * time.Hour), listed2024, "", ""},
		{"a listing's date after the page's modification", "undated.html", "https://www.harbourpost.example/news/ferry-resumes", modifiedOnly,
			mar2026, listed2024.Add(24 * time.Hour), "", "2024-03-05T09:00:00Z"},
		{"a listing's date before the page's modification", "undated.html", "https://www.harbourpost.example/news/ferry-resumes", modifiedOnly,
			mar2026, listed2024, "2024-03-04T18:30:00Z", "2024-03-05T09:00:00Z"},
		{"the page's day, timed by the listing", "undated.html", "https://www.harbourpost.example/news/ferry-resumes", dayOnly,
			mar2026, listed2024, "2024-03-04T18:30:00Z", ""},
		{"the day of the page's address, timed by the listing", "undated.html", "https://www.harbourpost.example/news/2024/03/04/ferry-resumes", "",
			mar2026, listed2024, "2024-03-04T18:30:00Z", ""},
		{"a listing of another day", "undated.html", "https://www.harbourpost.example/news/ferry-resumes", dayOnly,
			mar2026, listed2024.Add(48 * time.Hour), "2024-03-04T00:00:00Z", ""},
		{"the page's own date wins", "yearless-with-metadata.html", "https://www.lakeshoreledger.com/news/bridge-repairs", "",
			mar2026, listed2024, "2019-11-18T16:46:00-05:00", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := bytes.Replace(fixture(t, "dates", tt.file), []byte("</head>"), []byte(tt.head+"</head>"), 1)
			a, err := Parse(Page{URL: tt.url, Body: body, ContentType: "text/html",
				FetchedAt: tt.fetchedAt, Listed: tt.listed})
			if err != nil {
				t.Fatal(err)
			}
			wantOptionalTime(t, "published", a.Published, tt.published)
			wantOptionalTime(t, "modified", a.Modified, tt.modified)
		})
	}
}
