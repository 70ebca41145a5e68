package archive

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/parse"
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

// TestExtractorChangeIsNoHeadlineEdit: a page stored with a headline an
// older extractor read, met again (another body, the same text) with the
// one the current extractor reads, is the same version, its headline
// brought up to date, when the store knows the extractor; a headline the
// publisher changed is still an edit. Without an extractor the store
// cannot tell, and keeps taking the change for an edit.
func TestExtractorChangeIsNoHeadlineEdit(t *testing.T) {
	u, raw, current := parsedPage(t)
	stale := *current
	stale.Title = "Stale headline from an older extractor"
	edited := *current
	edited.Title = "A headline the publisher wrote later"
	for _, tt := range []struct {
		name    string
		extract Extractor
		then    *parse.Article
		newVer  bool
		title   string // of the latest version
	}{
		{"extractor change", parse.Parse, current, false, current.Title},
		{"publisher's edit", parse.Parse, &edited, true, edited.Title},
		{"no extractor known", nil, current, true, current.Title},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			s, err := Open(ctx, filepath.Join(t.TempDir(), "a.db"), Options{Extract: tt.extract})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			first := record(u, stale.Title, stale.Text, t0)
			first.Fetch.Body, first.Article = raw, &stale
			saved := mustSave(t, s, first)
			later := record(u, tt.then.Title, tt.then.Text, t0.Add(time.Hour))
			later.Fetch.Body, later.Article = append([]byte("<!-- ad 2 -->"), raw...), tt.then
			again := mustSave(t, s, later)
			if again.NewVersion != tt.newVer {
				t.Errorf("new version %v, want %v", again.NewVersion, tt.newVer)
			}
			v, err := s.Latest(ctx, saved.ArticleID)
			if err != nil {
				t.Fatal(err)
			}
			if v.Article.Title != tt.title {
				t.Errorf("latest title %q, want %q", v.Article.Title, tt.title)
			}
		})
	}
}
