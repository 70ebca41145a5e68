package archive

import (
	"context"
	"testing"
	"time"
)

// TestHeadlineEditAddsVersion: a page whose headline changed over the same
// text is a new version (headline rewrites are edits researchers study),
// the latest and the one searched; the headline coming back makes its
// version the latest again. Not an edit: the very body extracted again
// with another title (an extractor fix), and a copy under another address
// (an AMP page) with a headline of its own.
func TestHeadlineEditAddsVersion(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	const (
		u    = "https://news.example/2026/03/01/council-votes-on-harbour-plan"
		text = "The council voted on the harbour plan after a long debate about the cost of the new quay."
	)
	at := func(h int) time.Time { return t0.Add(time.Duration(h) * time.Hour) }
	first := mustSave(t, s, record(u, "Council to vote on harbour plan", text, at(0)))
	edit := mustSave(t, s, record(u, "Council approves harbour plan", text, at(1)))
	if edit.ArticleID != first.ArticleID || !edit.NewVersion || edit.VersionID == first.VersionID {
		t.Fatalf("headline edit: %+v after %+v; want a new version of the same article", edit, first)
	}
	again := mustSave(t, s, record(u, "Council approves harbour plan", text, at(2)))
	if again.NewVersion || again.VersionID != edit.VersionID {
		t.Errorf("the edited headline again: %+v; want version %d", again, edit.VersionID)
	}
	for word, want := range map[string]int{"approves": 1, "vote": 0} {
		hits, err := s.Search(ctx, Query{Text: word})
		if err != nil || len(hits) != want {
			t.Errorf("search %q: %d hits, %v; want %d (the latest headline is indexed)", word, len(hits), err, want)
		}
	}

	back := mustSave(t, s, record(u, "Council to vote on harbour plan", text, at(3)))
	if back.NewVersion || back.VersionID != first.VersionID {
		t.Errorf("the first headline back: %+v; want version %d", back, first.VersionID)
	}
	if latest, err := s.Latest(ctx, first.ArticleID); err != nil || latest.ID != first.VersionID {
		t.Errorf("latest after the headline went back: %+v, %v; want version %d", latest, err, first.VersionID)
	}

	fixed := record(u, "Council to vote on harbour plan", text, at(4))
	fixed.Article.Title = "Council to vote on harbour plan | The Harbour Times" // same body, another extraction
	if got := mustSave(t, s, fixed); got.NewVersion || got.VersionID != first.VersionID {
		t.Errorf("the same body extracted with another title: %+v; want version %d", got, first.VersionID)
	}

	amp := record(u+"/amp", "Harbour plan: council votes", text, at(5))
	amp.Article.CanonicalURL = u
	if got := mustSave(t, s, amp); got.NewVersion || got.ArticleID != first.ArticleID {
		t.Errorf("an AMP copy with its own headline: %+v; want no version of article %d", got, first.ArticleID)
	}
	if latest, err := s.Latest(ctx, first.ArticleID); err != nil || latest.ID != first.VersionID {
		t.Errorf("latest after the AMP copy: %+v, %v; want version %d", latest, err, first.VersionID)
	}
	if vs, err := s.Versions(ctx, first.ArticleID); err != nil || len(vs) != 2 {
		t.Errorf("%d versions, %v; want 2 (the two headlines)", len(vs), err)
	}
}

// TestHeadlineEditKeepsDuplicateDetection: a story's text found under
// another URL is still filed as that article's copy after a headline edit
// gave the article a version hashed over headline and text.
func TestHeadlineEditKeepsDuplicateDetection(t *testing.T) {
	s := mustOpen(t)
	const text = "Ferries were cancelled across the bay as the storm reached the coast on Sunday night."
	first := mustSave(t, s, record("https://news.example/ferries", "Storm cancels ferries", text, t0))
	mustSave(t, s, record("https://news.example/ferries", "Storm cancels all ferries", text, t0.Add(time.Hour)))
	syndicated := mustSave(t, s, record("https://partner.example/wire/ferries", "Ferries cancelled", text, t0.Add(2*time.Hour)))
	if syndicated.ArticleID != first.ArticleID || !syndicated.Duplicate || syndicated.NewVersion {
		t.Errorf("the same text under another URL: %+v; want a duplicate of article %d", syndicated, first.ArticleID)
	}
}
