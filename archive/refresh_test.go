package archive

import (
	"context"
	"testing"
	"time"
)

// TestLaterPageRefreshesVersionFields: a later fetch of an article's own
// page with the same headline and text but other metadata brings the
// version up to it, in place (no new version); an earlier page, a copy at
// another address, or a page that lost a field leave it as it was.
func TestLaterPageRefreshesVersionFields(t *testing.T) {
	const own = "https://courier.example/news/2026/03/harbour-wall"
	const text = "The harbour wall will be rebuilt before the winter storms, the council said on Monday."
	corrected := t0.Add(-24 * time.Hour)
	steps := []struct {
		name      string
		url       string
		at        time.Time
		section   string
		published *time.Time
		refreshed bool
		// want is the version's section and fetch (1-based save number) after the step.
		wantSection string
		wantFetch   int
	}{
		{"first sighting", own, t0, "Politics", &t0, false, "Politics", 1},
		{"same page again", own, t0.Add(time.Hour), "Politics", &t0, false, "Politics", 1},
		{"section and date changed", own, t0.Add(2 * time.Hour), "Local", &corrected, true, "Local", 3},
		{"an older page saved late", own, t0.Add(90 * time.Minute), "Archive", &corrected, false, "Local", 3},
		{"a copy elsewhere", "https://wire.example/story/harbour-wall", t0.Add(3 * time.Hour), "Wire", &corrected, false, "Local", 3},
		{"the section lost", own, t0.Add(4 * time.Hour), "", &corrected, false, "Local", 3},
		{"the date lost", own, t0.Add(5 * time.Hour), "Local", nil, false, "Local", 3},
	}
	s := mustOpen(t)
	ctx := context.Background()
	var fetches []int64
	var first Saved
	for i, st := range steps {
		r := record(st.url, "Harbour wall to be rebuilt", text, st.at)
		r.Article.CanonicalURL = own
		r.Article.Section, r.Article.Published = st.section, st.published
		saved := mustSave(t, s, r)
		fetches = append(fetches, saved.FetchID)
		if i == 0 {
			first = saved
		}
		if saved.NewVersion && i > 0 || saved.Refreshed != st.refreshed {
			t.Errorf("%s: new version %v, refreshed %v; want no new version, refreshed %v",
				st.name, saved.NewVersion, saved.Refreshed, st.refreshed)
		}
		v, err := s.Latest(ctx, first.ArticleID)
		if err != nil {
			t.Fatal(err)
		}
		if v.ID != first.VersionID || v.Article.Section != st.wantSection || v.FetchID != fetches[st.wantFetch-1] {
			t.Errorf("%s: version %d, section %q, fetch %d; want version %d, %q, fetch %d", st.name, v.ID,
				v.Article.Section, v.FetchID, first.VersionID, st.wantSection, fetches[st.wantFetch-1])
		}
	}
	v, err := s.Latest(ctx, first.ArticleID)
	if err != nil {
		t.Fatal(err)
	}
	if v.Article.Published == nil || !v.Article.Published.Equal(corrected) || !v.FirstSeen.Equal(t0) {
		t.Errorf("published %v, first seen %v; want the corrected date %v, first seen %v", v.Article.Published, v.FirstSeen, corrected, t0)
	}
	if problems, err := s.Check(ctx); err != nil || len(problems) != 0 {
		t.Errorf("Check = %q, %v", problems, err)
	}
}
