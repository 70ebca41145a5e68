package archive

import (
	"context"
	"strings"
	"testing"
	"time"
)

const (
	floodURL   = "https://n.example/2026/03/14/flood-barrier-opens"
	floodText  = "The river authority opened the new flood barrier on Tuesday after a decade of delays. Engineers said the barrier would protect four thousand homes in the lower town. The project cost twice its first estimate, the council said."
	budgetText = "The council voted on Monday to pass a budget that cuts library hours. Opposition members walked out before the vote. The mayor said the cuts would be reviewed next spring."
	schoolText = "Three village schools will close next year under a plan the education board approved. Parents gathered outside the board's offices to protest. Pupils will travel by bus to the town school."
)

// claiming returns a record of a page fetched from url whose article
// declares canonical as its address.
func claiming(url, canonical, title, text string, at time.Time) Record {
	r := record(url, title, text, at)
	r.Article.CanonicalURL = canonical
	return r
}

// TestSaveKeepsStoriesApartThatClaimOneURL: a URL a page claims (its
// canonical, or a URL that once led to another article) files it under
// that article only when its text is that article's story.
func TestSaveKeepsStoriesApartThatClaimOneURL(t *testing.T) {
	const (
		flood   = "https://n.example/2026/03/14/flood-barrier-opens"
		section = "https://n.example/news/"
	)
	tests := []struct {
		name  string
		saves []Record
		// articles wanted at the end, by the URL show would be given, with
		// their latest title and number of versions.
		want map[string]wantArticle
	}{
		{
			name: "different stories declaring one section front",
			saves: []Record{
				claiming("https://n.example/sec/council-budget-vote", section, "Budget", budgetText, t0),
				claiming("https://n.example/sec/school-closure-plan", section, "Schools", schoolText, t0.Add(time.Hour)),
			},
			want: map[string]wantArticle{
				"https://n.example/sec/council-budget-vote": {"Budget", 1},
				"https://n.example/sec/school-closure-plan": {"Schools", 1},
			},
		},
		{
			name: "a URL that redirected to an article serves its own story",
			saves: []Record{
				redirected("https://n.example/latest", flood, "Flood barrier opens", floodText, t0),
				record("https://n.example/latest", "Budget", budgetText, t0.Add(time.Hour)),
			},
			want: map[string]wantArticle{
				flood:                      {"Flood barrier opens", 1},
				"https://n.example/latest": {"Budget", 1},
			},
		},
		{
			name: "an AMP copy with a line more is the same article, and its own page its text",
			saves: []Record{
				record(flood, "Flood barrier opens", floodText, t0),
				claiming(flood+"/amp", flood, "Flood barrier opens (AMP)", floodText+" Read more on our app.", t0.Add(time.Hour)),
				record(flood, "Flood barrier opens", floodText, t0.Add(2*time.Hour)),
				claiming(flood+"/amp", flood, "Flood barrier opens (AMP)", floodText+" Read more on our app.", t0.Add(3*time.Hour)),
			},
			want: map[string]wantArticle{flood: {"Flood barrier opens", 1}, flood + "/amp": {"Flood barrier opens", 1}},
		},
		{
			name: "an article first known by its AMP copy",
			saves: []Record{
				claiming(flood+"/amp", flood, "Flood barrier opens (AMP)", floodText+" Read more on our app.", t0),
				record(flood, "Flood barrier opens", floodText, t0.Add(time.Hour)),
				claiming(flood+"/amp", flood, "Flood barrier opens (AMP)", floodText+" Read more on our app.", t0.Add(2*time.Hour)),
			},
			want: map[string]wantArticle{flood: {"Flood barrier opens", 2}},
		},
		{
			name: "an article whose address moved with its headline keeps its history",
			saves: []Record{
				record(flood+"-delayed", "Flood barrier delayed", floodText, t0),
				redirected(flood+"-delayed", flood, "Flood barrier opens", floodText+" It opened at noon.", t0.Add(time.Hour)),
			},
			want: map[string]wantArticle{flood + "-delayed": {"Flood barrier opens", 2}, flood: {"Flood barrier opens", 2}},
		},
		{
			name: "an article whose new address the crawl met first joins the history of its old one",
			saves: []Record{
				record(flood+"-delayed", "Flood barrier delayed", floodText, t0),
				record(flood, "Flood barrier opens", floodText+" It opened at noon.", t0.Add(time.Hour)),
				redirected(flood+"-delayed", flood, "Flood barrier opens", floodText+" It opened at noon.", t0.Add(2*time.Hour)),
			},
			want: map[string]wantArticle{flood + "-delayed": {"Flood barrier opens", 2}, flood: {"Flood barrier opens", 2}},
		},
		{
			name: "a removed story redirected to another is not its history",
			saves: []Record{
				record(flood, "Flood barrier opens", floodText, t0),
				redirected(flood, "https://n.example/2026/03/15/council-budget", "Budget", budgetText, t0.Add(time.Hour)),
			},
			want: map[string]wantArticle{flood: {"Flood barrier opens", 1}, "https://n.example/2026/03/15/council-budget": {"Budget", 1}},
		},
		{
			name: "a story rewritten at an address its canonical differs from by a slash",
			saves: []Record{
				claiming(flood, flood+"/", "Flood barrier opens", floodText, t0),
				claiming(flood, flood+"/", "Council passes budget", budgetText, t0.Add(time.Hour)),
			},
			want: map[string]wantArticle{flood: {"Council passes budget", 2}, flood + "/": {"Council passes budget", 2}},
		},
		{
			name: "an address that redirected to a story now serves another that names its own canonical",
			saves: []Record{
				redirected("https://n.example/second-old-address", flood, "Flood barrier opens", floodText, t0),
				claiming("https://n.example/second-old-address", "https://n.example/h-story", "Budget", budgetText, t0.Add(time.Hour)),
			},
			want: map[string]wantArticle{
				flood:                                  {"Flood barrier opens", 1},
				"https://n.example/second-old-address": {"Budget", 1},
				"https://n.example/h-story":            {"Budget", 1},
			},
		},
		{
			name: "a syndicated copy edited on its own page becomes its own article",
			saves: []Record{
				record(flood, "Flood barrier opens", floodText, t0),
				record("https://partner.example/flood", "Flood barrier opens", floodText, t0.Add(time.Hour)),
				record("https://partner.example/flood", "Flood barrier opens (partner)", floodText+" Republished under licence.", t0.Add(2*time.Hour)),
			},
			want: map[string]wantArticle{flood: {"Flood barrier opens", 1}, "https://partner.example/flood": {"Flood barrier opens (partner)", 1}},
		},
		{
			name: "the publisher's page found after its syndicated copy keeps its edits",
			saves: []Record{
				record("https://wire.example/flood", "Flood barrier opens", floodText, t0),
				record(flood, "Flood barrier opens", floodText, t0.Add(time.Hour)),
				record(flood, "Flood barrier opens at last", floodText+" Figures would be revised.", t0.Add(2*time.Hour)),
				record(flood, "Flood barrier opens at last", floodText+" Figures would be revised. More later.", t0.Add(3*time.Hour)),
			},
			want: map[string]wantArticle{"https://wire.example/flood": {"Flood barrier opens", 1}, flood: {"Flood barrier opens at last", 2}},
		},
		{
			name: "an AMP copy whose canonical differs from the story's address by a slash",
			saves: []Record{
				claiming(flood, flood+"/", "Flood barrier opens", floodText, t0),
				claiming(flood+"/amp", flood+"/", "Flood barrier opens (AMP)", floodText+" Read more on our app.", t0.Add(time.Hour)),
				claiming(flood, flood+"/", "Flood barrier opens", floodText, t0.Add(2*time.Hour)),
				claiming(flood+"/amp", flood+"/", "Flood barrier opens (AMP)", floodText+" Read more on our app.", t0.Add(3*time.Hour)),
			},
			want: map[string]wantArticle{flood: {"Flood barrier opens", 1}, flood + "/amp": {"Flood barrier opens", 1}},
		},
		{
			name: "an edit whose fetch began before a copy was saved is the latest",
			saves: []Record{
				record(flood, "Flood barrier opens", floodText, t0),
				claiming(flood+"/amp", flood, "Flood barrier opens (AMP)", floodText+" Read more on our app.", t0.Add(2*time.Hour)),
				record(flood, "Flood barrier opens at noon", floodText+" It opened at noon.", t0.Add(time.Hour)),
			},
			want: map[string]wantArticle{flood: {"Flood barrier opens at noon", 2}},
		},
		{
			name: "an AMP copy read before its story's rewrite stays with the story",
			saves: []Record{
				record(flood, "Flood barrier opens", floodText, t0),
				claiming(flood+"/amp", flood, "Flood barrier opens (AMP)", floodText+" Read more on our app.", t0.Add(time.Hour)),
				claiming(flood+"/amp", flood, "Budget (AMP)", budgetText+" Read more on our app.", t0.Add(2*time.Hour)),
				record(flood, "Budget", budgetText, t0.Add(3*time.Hour)),
			},
			want: map[string]wantArticle{flood: {"Budget", 2}, flood + "/amp": {"Budget", 2}},
		},
		{
			name: "an article rewritten at its own address stays one article",
			saves: []Record{
				record(flood, "Flood barrier opens", floodText, t0),
				record(flood, "Council passes budget", budgetText, t0.Add(time.Hour)),
			},
			want: map[string]wantArticle{flood: {"Council passes budget", 2}},
		},
		{
			name: "a page fetched from an article's URL with the section as canonical",
			saves: []Record{
				claiming(flood, section, "Flood barrier opens", floodText, t0),
				claiming(flood, section, "Flood barrier opens", floodText+" Updated at noon.", t0.Add(time.Hour)),
				claiming("https://n.example/sec/school-closure-plan", section, "Schools", schoolText, t0.Add(2*time.Hour)),
			},
			want: map[string]wantArticle{flood: {"Flood barrier opens", 2}, "https://n.example/sec/school-closure-plan": {"Schools", 1}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mustOpen(t)
			for _, r := range tt.saves {
				mustSave(t, s, r)
			}
			for url, want := range tt.want {
				checkArticle(t, s, url, want)
			}
		})
	}
}

type wantArticle struct {
	title    string
	versions int
}

func redirected(from, to, title, text string, at time.Time) Record {
	r := record(to, title, text, at)
	r.Fetch.RequestedURL = from
	return r
}

func checkArticle(t *testing.T, s *Store, url string, want wantArticle) {
	t.Helper()
	ctx := context.Background()
	id, err := s.Resolve(ctx, url)
	if err != nil {
		t.Errorf("resolve %s: %v", url, err)
		return
	}
	latest, err := s.Latest(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	versions, err := s.Versions(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	var titles []string
	for _, v := range versions {
		titles = append(titles, v.Article.Title)
	}
	if latest.Article.Title != want.title || len(versions) != want.versions {
		t.Errorf("%s: article %d, latest %q, versions %s; want latest %q of %d versions",
			url, id, latest.Article.Title, strings.Join(titles, " | "), want.title, want.versions)
	}
}

func TestSameStory(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{floodText, floodText, true},
		{floodText, floodText + " Updated at noon with the minister's statement.", true},
		{floodText, strings.Replace(floodText, "four thousand", "5,000", 1), true},
		{floodText, budgetText, false},
		{budgetText, schoolText, false},
		{"", "", true},
		{"", floodText, false},
		{"Short brief.", "Short brief.", true},
		{"東京に新しい駅が開業しました。", "東京に新しい駅が開業しました。乗客は多い。", true},
		{"東京に新しい駅が開業しました。", "大阪の会議は延期された。", false},
	}
	for _, tt := range tests {
		if got := sameStory(tt.a, tt.b); got != tt.want {
			t.Errorf("sameStory(%.30q, %.30q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

// TestMovedArticleTakesItsNewAddress: an article whose page moved is
// keyed by its new address, and the old one leads to it.
func TestMovedArticleTakesItsNewAddress(t *testing.T) {
	const oldURL, newURL = "https://n.example/2026/03/14/flood-barrier-delayed", "https://n.example/2026/03/14/flood-barrier-opens"
	s := mustOpen(t)
	mustSave(t, s, record(oldURL, "Flood barrier delayed", floodText, t0))
	saved := mustSave(t, s, redirected(oldURL, newURL, "Flood barrier opens", floodText+" It opened at noon.", t0.Add(time.Hour)))
	if saved.NewArticle || !saved.NewVersion {
		t.Errorf("saved %+v; want a new version of the article", saved)
	}
	ctx := context.Background()
	for _, u := range []string{oldURL, newURL} {
		id, err := s.Resolve(ctx, u)
		if err != nil || id != saved.ArticleID {
			t.Errorf("resolve %s = %d, %v; want article %d", u, id, err, saved.ArticleID)
		}
	}
	if v, err := s.Latest(ctx, saved.ArticleID); err != nil || v.CanonicalURL != newURL {
		t.Errorf("latest = %+v, %v; want the article keyed by %s", v, err, newURL)
	}
	mustCheck(t, s)
}

// TestCopiesAndAliasesAsSaved: a copy is reported as one, and a URL that
// becomes an article's canonical URL is no other article's alias.
func TestCopiesAndAliasesAsSaved(t *testing.T) {
	const partner = "https://partner.example/flood"
	s := mustOpen(t)
	mustSave(t, s, record(floodURL, "Flood barrier opens", floodText, t0))
	amp := mustSave(t, s, claiming(floodURL+"/amp", floodURL, "Flood barrier opens (AMP)", floodText+" Read more on our app.", t0.Add(time.Hour)))
	if !amp.Copy || !amp.Duplicate || amp.NewVersion {
		t.Errorf("AMP copy saved as %+v; want a copy, no version", amp)
	}
	if dup := mustSave(t, s, record(partner, "Flood barrier opens", floodText, t0.Add(2*time.Hour))); !dup.Duplicate || dup.Copy {
		t.Errorf("identical text elsewhere saved as %+v; want a duplicate, not a copy", dup)
	}
	own := mustSave(t, s, record(partner, "Flood barrier opens (partner)", floodText+" Republished under licence.", t0.Add(3*time.Hour)))
	if !own.NewArticle {
		t.Fatalf("partner's edit saved as %+v; want its own article", own)
	}
	var n int
	if err := s.writer.QueryRow(`SELECT COUNT(*) FROM aliases WHERE url = ?`, partner).Scan(&n); err != nil || n != 0 {
		t.Errorf("%d aliases left for %s, now an article's canonical URL (%v)", n, partner, err)
	}
	mustCheck(t, s)
}

// TestMergeOfAMovedArticle: an article whose old address turns out to
// redirect to an article the crawl filed first joins it whole: versions
// (the same text kept once, with its first sighting), aliases, search.
func TestMergeOfAMovedArticle(t *testing.T) {
	const oldURL = "https://n.example/2026/03/14/flood-barrier-delayed"
	ctx := context.Background()
	s := mustOpen(t)
	t1, t2, t3 := floodText, floodText+" Engineers found a crack.", floodText+" It opened at noon."
	mustSave(t, s, record(oldURL, "Flood barrier delayed", t1, t0))
	mustSave(t, s, record(oldURL, "Flood barrier delayed again", t2, t0.Add(time.Hour)))
	mustSave(t, s, record(floodURL, "Flood barrier opens", t3, t0.Add(2*time.Hour)))
	mustSave(t, s, record(floodURL, "Flood barrier delayed again", t2, t0.Add(3*time.Hour)))
	saved := mustSave(t, s, redirected(oldURL, floodURL, "Flood barrier delayed again", t2, t0.Add(4*time.Hour)))
	for _, u := range []string{oldURL, floodURL} {
		if id, err := s.Resolve(ctx, u); err != nil || id != saved.ArticleID {
			t.Errorf("resolve %s = %d, %v; want article %d", u, id, err, saved.ArticleID)
		}
	}
	versions, err := s.Versions(ctx, saved.ArticleID)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, v := range versions {
		got = append(got, v.Article.Title+" "+v.FirstSeen.Sub(t0).String())
	}
	want := []string{"Flood barrier delayed 0s", "Flood barrier delayed again 1h0m0s", "Flood barrier opens 2h0m0s"}
	if strings.Join(got, " | ") != strings.Join(want, " | ") {
		t.Errorf("versions %q, want %q", got, want)
	}
	if st, err := s.Stats(ctx); err != nil || st.Articles != 1 {
		t.Errorf("stats %+v, %v; want one article", st, err)
	}
	if hits := searchTitles(t, s, "crack"); len(hits) != 1 {
		t.Errorf("search finds %v; want the merged article once", hits)
	}
	mustCheck(t, s)
}
