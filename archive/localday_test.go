package archive

import (
	"context"
	"testing"
	"time"
)

// TestDayFiltersUseThePagesDay: a filter by days takes each article on
// the day its page gives (2 May, 01:00 in Tokyo, is 1 May in UTC); a
// filter by times compares instants.
func TestDayFiltersUseThePagesDay(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	tokyo := time.FixedZone("", 9*3600)
	published := time.Date(2024, 5, 2, 1, 0, 0, 0, tokyo)
	r := record("https://n.example/news/late-night-vote", "Late night vote", floodText, t0)
	r.Article.Published = &published
	mustSave(t, s, r)
	may1, may2, may3 := day(2024, 5, 1), day(2024, 5, 2), day(2024, 5, 3)
	tests := []struct {
		name         string
		since, until time.Time
		days         bool
		want         int
	}{
		{"since its day", may2, time.Time{}, true, 1},
		{"until the day before", time.Time{}, may2, true, 0}, // --until 2024-05-01
		{"its day alone", may2, may3, true, 1},
		{"the UTC day alone", may1, may2, true, 0},
		{"since an instant after", published.Add(time.Minute), time.Time{}, false, 0},
		{"until an instant after", time.Time{}, published.Add(time.Minute), false, 1},
	}
	mixed := []struct {
		name string
		b    DateBounds
		want int
	}{
		{"since its instant, until its day", DateBounds{Since: published, Until: may3, UntilDay: true}, 1},
		{"since its day, until its instant", DateBounds{Since: may2, SinceDay: true, Until: published}, 0},
		{"since the day before, until just after", DateBounds{Since: may1, SinceDay: true, Until: published.Add(time.Second)}, 1},
	}
	for _, tt := range mixed {
		if hits, err := s.Search(ctx, Query{Text: "river", DateBounds: tt.b}); err != nil || len(hits) != tt.want {
			t.Errorf("%s: Search = %d hits, %v; want %d", tt.name, len(hits), err, tt.want)
		}
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := DateBounds{Since: tt.since, Until: tt.until, SinceDay: tt.days, UntilDay: tt.days}
			hits, err := s.Search(ctx, Query{Text: "river", DateBounds: b})
			if err != nil || len(hits) != tt.want {
				t.Errorf("Search = %d hits, %v; want %d", len(hits), err, tt.want)
			}
			n, err := s.ExportCount(ctx, ExportFilter{DateBounds: b})
			if err != nil || n != tt.want {
				t.Errorf("ExportCount = %d, %v; want %d", n, err, tt.want)
			}
		})
	}
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
