package archive

import (
	"bytes"
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/parse"
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
	mustBeSound(t, s)
}

// mustBeSound fails t when Check finds a problem in s: a version hashed
// over its headline and text was reported as a damaged text.
func mustBeSound(t *testing.T, s *Store) {
	t.Helper()
	if problems, err := s.Check(context.Background()); err != nil || len(problems) != 0 {
		t.Errorf("check: %q, %v; want a sound archive", problems, err)
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

// TestReparseKeepsHeadlineEdits: reparse reads each snapshot again and
// files it under the version its body gave: an article whose headline was
// edited keeps the edited headline as its latest, searched.
func TestReparseKeepsHeadlineEdits(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	u, raw, first := parsedPage(t)
	edited := bytes.ReplaceAll(raw, []byte("votes to rebuild its sea wall"), []byte("approves new sea wall"))
	second, err := parse.Parse(parse.Page{URL: u, Body: edited, ContentType: "text/html; charset=utf-8"})
	if err != nil || second.Text != first.Text || second.Title == first.Title {
		t.Fatalf("the edited page parses to %q, %v; want the same text under another headline", second.Title, err)
	}
	for i, p := range []struct {
		body []byte
		a    *parse.Article
	}{{raw, first}, {edited, second}} {
		r := record(u, p.a.Title, p.a.Text, t0.Add(time.Duration(i)*time.Hour))
		r.Fetch.Body, r.Article = p.body, p.a
		mustSave(t, s, r)
	}
	res, err := s.Reparse(ctx, "", parse.Parse)
	if err != nil || res.NewVersions != 0 {
		t.Fatalf("Reparse = %+v, %v; want no new version", res, err)
	}
	id, _ := s.Resolve(ctx, u)
	if latest, err := s.Latest(ctx, id); err != nil || latest.Article.Title != second.Title {
		t.Errorf("latest after reparse: %+v, %v; want the edited headline %q", latest, err, second.Title)
	}
	if hits, err := s.Search(ctx, Query{Text: "approves"}); err != nil || len(hits) != 1 {
		t.Errorf("search for the edited headline after reparse: %d hits, %v; want 1", len(hits), err)
	}
}

// TestHeadlineOfTheOwnPageAfterItsCopy: an AMP copy archived before the
// article's own page gives the article its headline first; the own page's
// headline, and its later edits, are versions of their own, the latest,
// and the copy fetched again takes nothing back.
func TestHeadlineOfTheOwnPageAfterItsCopy(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	const (
		u    = "https://news.example/2026/03/02/ferries-scrap-winter-timetable"
		text = "The ferry company scrapped its winter timetable and will cut forty jobs at the harbour office."
	)
	amp := func(h int) Record {
		r := record(u+"/amp", "Ferries: winter cuts", text, t0.Add(time.Duration(h)*time.Hour))
		r.Article.CanonicalURL = u
		return r
	}
	first := mustSave(t, s, amp(0))
	own := mustSave(t, s, record(u, "Ferry company scraps winter timetable and cuts jobs", text, t0.Add(time.Hour)))
	if own.ArticleID != first.ArticleID || !own.NewVersion {
		t.Fatalf("the own page after its AMP copy: %+v; want a version of article %d", own, first.ArticleID)
	}
	mustSave(t, s, amp(2))
	edit := mustSave(t, s, record(u, "Ferry company scraps winter timetable, forty jobs go", text, t0.Add(3*time.Hour)))
	mustSave(t, s, amp(4))
	if latest, err := s.Latest(ctx, first.ArticleID); err != nil || !edit.NewVersion || latest.ID != edit.VersionID {
		t.Errorf("latest %+v, %v; want the own page's edited headline, version %d (%+v)", latest, err, edit.VersionID, edit)
	}
}

// TestMovedPageWithANewHeadline: a slug rewritten with the headline (the
// old address redirects to the new one, the text unchanged) moves the
// article to its new address and adds the new headline as a version.
func TestMovedPageWithANewHeadline(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	const (
		oldURL = "https://news.example/news/council-to-vote-on-tram-line"
		newURL = "https://news.example/news/council-backs-tram-line"
		text   = "The council debated the tram line for three hours before the vote on its route and cost."
	)
	first := mustSave(t, s, record(oldURL, "Council to vote on tram line", text, t0))
	moved := redirectedFrom(oldURL, newURL, "Council backs tram line", text, t0.Add(time.Hour))
	got := mustSave(t, s, moved)
	if got.ArticleID != first.ArticleID || !got.NewVersion || got.Duplicate {
		t.Fatalf("the moved page: %+v; want a new version of article %d, not a duplicate", got, first.ArticleID)
	}
	latest, err := s.Latest(ctx, first.ArticleID)
	if err != nil || latest.CanonicalURL != newURL || latest.Article.Title != "Council backs tram line" {
		t.Errorf("latest %+v, %v; want the new headline under %s", latest, err, newURL)
	}
	mustBeSound(t, s)
}

// TestCopyKeepsReplacedHeadlineRetired: a copy under another address with
// a headline of its own (a wire copy, an AMP page) moves neither the
// last_seen of the version that had the replaced headline nor the
// latest: history must not show a replaced headline as still live.
func TestCopyKeepsReplacedHeadlineRetired(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	const (
		u    = "https://news.example/2026/03/03/flood-warning-issued"
		text = "A flood warning was issued for the lower river as rain continued through the night."
	)
	first := mustSave(t, s, record(u, "Flood warning issued for lower river", text, t0))
	edit := mustSave(t, s, record(u, "Severe flood warning for lower river", text, t0.Add(time.Hour)))
	wire := mustSave(t, s, record("https://wire.example/flood-warning", "River flood warning", text, t0.Add(2*time.Hour)))
	if wire.ArticleID != first.ArticleID || !wire.Duplicate || wire.NewVersion {
		t.Errorf("the wire copy: %+v; want a duplicate of article %d", wire, first.ArticleID)
	}
	// Another copy still carrying the replaced headline.
	mustSave(t, s, record("https://other.example/flood", "Flood warning issued for lower river", text, t0.Add(3*time.Hour)))
	vs, err := s.Versions(ctx, first.ArticleID)
	if err != nil || len(vs) != 2 || !vs[0].LastSeen.Equal(t0) {
		t.Errorf("versions %+v, %v; want the first headline last seen at %v", vs, err, t0)
	}
	if latest, err := s.Latest(ctx, first.ArticleID); err != nil || latest.ID != edit.VersionID {
		t.Errorf("latest %+v, %v; want version %d", latest, err, edit.VersionID)
	}
	mustBeSound(t, s)
}

// TestMovedPageMetAtItsNewAddressFirst: a slug rewritten with the
// headline, its new address met first (a listing names it) and filed as a
// copy, moves the article once its old address is seen redirecting there,
// and the new headline becomes a version.
func TestMovedPageMetAtItsNewAddressFirst(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	const (
		oldURL = "https://news.example/news/fares-under-review"
		newURL = "https://news.example/news/ferry-fares-frozen"
		text   = "The ferry company reviewed its fares for the coming year after a winter of falling passenger numbers."
	)
	first := mustSave(t, s, record(oldURL, "Ferry fares under review", text, t0))
	mustSave(t, s, record(newURL, "Ferry fares frozen for a year", text, t0.Add(time.Hour)))
	moved := redirectedFrom(oldURL, newURL, "Ferry fares frozen for a year", text, t0.Add(2*time.Hour))
	got := mustSave(t, s, moved)
	latest, err := s.Latest(ctx, first.ArticleID)
	if err != nil || got.ArticleID != first.ArticleID || latest.CanonicalURL != newURL || latest.Article.Title != "Ferry fares frozen for a year" {
		t.Errorf("after the old address redirected: %+v; latest %+v, %v; want the article moved to %s with the new headline",
			got, latest, err, newURL)
	}
	mustBeSound(t, s)
}

// TestReparseAfterAnExtractorFixKeepsTheHeadlineEdit: snapshots an older
// extractor cut short, of a page whose headline was edited, are read again
// into the full text under each headline, the edited one the latest.
func TestReparseAfterAnExtractorFixKeepsTheHeadlineEdit(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	u, raw, first := parsedPage(t)
	edited := bytes.ReplaceAll(raw, []byte("votes to rebuild its sea wall"), []byte("approves new sea wall"))
	for i, body := range [][]byte{raw, edited} {
		a, err := parse.Parse(parse.Page{URL: u, Body: body, ContentType: "text/html; charset=utf-8"})
		if err != nil {
			t.Fatal(err)
		}
		a.Text = a.Text[:len(a.Text)/2] // what the older extractor kept
		a.ContentHash = parse.ContentHash(a.Text)
		r := record(u, a.Title, a.Text, t0.Add(time.Duration(i)*time.Hour))
		r.Fetch.Body, r.Article = body, a
		mustSave(t, s, r)
	}
	if _, err := s.Reparse(ctx, "", parse.Parse); err != nil {
		t.Fatal(err)
	}
	id, _ := s.Resolve(ctx, u)
	latest, err := s.Latest(ctx, id)
	if err != nil || latest.Article.Text != first.Text || latest.Article.Title == first.Title {
		t.Errorf("latest after reparse: %q, %d letters, %v; want the edited headline over the whole text (%d letters)",
			latest.Article.Title, len(latest.Article.Text), err, len(first.Text))
	}
	mustBeSound(t, s)
}

// TestNoMoveOntoACopyOrARedirect: an article's address redirecting to a
// copy of it on another site (a wire page it was found at) or to an
// address that only ever redirected to it (a /latest page) does not move
// the article there, and the next story at /latest stays apart.
func TestNoMoveOntoACopyOrARedirect(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	const (
		u    = "https://news.example/news/chapel-roof-appeal"
		wire = "https://wire.example/wire/chapel-roof"
		text = "The village chapel raised the money for its new roof after a summer of fairs and concerts."
	)
	first := mustSave(t, s, record(u, "Chapel roof appeal reaches its target", text, t0))
	mustSave(t, s, record(wire, "Village chapel raises roof money", text, t0.Add(time.Hour)))
	redirected := redirectedFrom(u, wire, "Village chapel raises roof money", text, t0.Add(2*time.Hour))
	mustSave(t, s, redirected)
	if latest, err := s.Latest(ctx, first.ArticleID); err != nil || latest.CanonicalURL != u || latest.ID != first.VersionID {
		t.Errorf("after %s redirected to its wire copy: %+v, %v; want version %d under %s", u, latest, err, first.VersionID, u)
	}

	const (
		story  = "https://news.example/news/meadow-bought-for-the-town"
		latest = "https://news.example/news/latest"
	)
	viaLatest := redirectedFrom(latest, story, "Meadow bought for the town", "The council bought the meadow by the river to keep it open for walkers.", t0)
	meadow := mustSave(t, s, viaLatest)
	back := redirectedFrom(story, latest, "Meadow bought for the town", viaLatest.Article.Text, t0.Add(time.Hour))
	mustSave(t, s, back)
	next := mustSave(t, s, record(latest, "Salt store to be demolished", "The old salt store on the quay will be demolished in spring.", t0.Add(2*time.Hour)))
	if v, err := s.Latest(ctx, meadow.ArticleID); err != nil || v.CanonicalURL != story || next.ArticleID == meadow.ArticleID {
		t.Errorf("meadow story %+v, %v, next story filed under article %d; want the meadow under %s and the next story apart",
			v, err, next.ArticleID, story)
	}
}

// TestPublisherHeadlineAfterAWireCopy: a wire copy archived before the
// publisher's page, which shared its text and headline, does not swallow
// the publisher's headline edits: the publisher's page, once its headline
// is its own, is its own article, its edits versions of it.
func TestPublisherHeadlineAfterAWireCopy(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	const (
		wire = "https://wire.example/wire/clock-tower"
		pub  = "https://news.example/news/clock-tower"
		text = "Restoration of the clock tower will start once the scaffolding firm has finished its survey."
	)
	mustSave(t, s, record(wire, "Clock tower restoration planned", text, t0))
	mustSave(t, s, record(pub, "Clock tower restoration planned", text, t0.Add(time.Hour)))
	mustSave(t, s, record(pub, "Clock tower restoration to begin in May", text, t0.Add(2*time.Hour)))
	last := mustSave(t, s, record(pub, "Clock tower restoration delayed to autumn", text, t0.Add(3*time.Hour)))
	id, err := s.Resolve(ctx, pub)
	if err != nil {
		t.Fatal(err)
	}
	latest, err := s.Latest(ctx, id)
	if err != nil || latest.CanonicalURL != pub || latest.Article.Title != "Clock tower restoration delayed to autumn" || !last.NewVersion {
		t.Errorf("the publisher's page: latest %+v, %v (%+v); want its last headline under %s", latest, err, last, pub)
	}
}

// TestReparseRefreshesAHeadlineEditsHash: a headline edit's version,
// whose title an older extractor got wrong, takes the hash of its fixed
// headline when reparse refreshes it, so the same page's other bodies (an
// ad rotated) find it rather than adding its double.
func TestReparseRefreshesAHeadlineEditsHash(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	u, raw, _ := parsedPage(t)
	edited := bytes.ReplaceAll(raw, []byte("votes to rebuild its sea wall"), []byte("approves new sea wall"))
	rotated := append([]byte("<!-- ad 2 -->"), edited...)
	for i, body := range [][]byte{raw, edited, rotated} {
		a, err := parse.Parse(parse.Page{URL: u, Body: body, ContentType: "text/html; charset=utf-8"})
		if err != nil {
			t.Fatal(err)
		}
		a.Title += " | Courier Online" // what the older extractor kept
		r := record(u, a.Title, a.Text, t0.Add(time.Duration(i)*time.Hour))
		r.Fetch.Body, r.Article = body, a
		mustSave(t, s, r)
	}
	res, err := s.Reparse(ctx, "", parse.Parse)
	id, _ := s.Resolve(ctx, u)
	vs, verr := s.Versions(ctx, id)
	if err != nil || verr != nil || res.NewVersions != 0 || len(vs) != 2 {
		t.Errorf("Reparse = %+v, %v; %d versions, %v; want the two headlines refreshed, no new version", res, err, len(vs), verr)
	}
}

// TestReparseTakesTheLatestOfAPageConfirmedBy304: an article whose page
// answered 304 after its last body (the 304 moved its last_seen on) takes
// the version reparse reads from that body as its latest.
func TestReparseTakesTheLatestOfAPageConfirmedBy304(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	u, raw, full := parsedPage(t)
	a := *full
	a.Text = a.Text[:len(a.Text)/2] // what an older extractor kept
	a.ContentHash = parse.ContentHash(a.Text)
	r := record(u, a.Title, a.Text, t0)
	r.Fetch.Body, r.Article = raw, &a
	mustSave(t, s, r)
	notModified := record(u, "", "", t0.Add(time.Hour))
	notModified.Fetch.Status, notModified.Fetch.Body, notModified.Article = http.StatusNotModified, nil, nil
	mustSave(t, s, notModified)
	if _, err := s.Reparse(ctx, "", parse.Parse); err != nil {
		t.Fatal(err)
	}
	id, _ := s.Resolve(ctx, u)
	if latest, err := s.Latest(ctx, id); err != nil || latest.Article.Text != full.Text {
		t.Errorf("latest after reparse: %d letters, %v; want the whole text, %d letters", len(latest.Article.Text), err, len(full.Text))
	}
}

// TestArticleSurvivesRedirectsToItsWireCopy: a publisher's address that
// keeps redirecting to a wire copy of its story under another headline,
// on another site, neither moves the publisher's article nor merges it
// into the wire page's: its version stays.
func TestArticleSurvivesRedirectsToItsWireCopy(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	const (
		pub  = "https://news.example/news/chapel-roof"
		wire = "https://wire.example/wire/chapel-roof"
		text = "The chapel's roof fund reached its target after the harvest supper and a run of concerts."
	)
	first := mustSave(t, s, record(pub, "Chapel roof appeal hits target", text, t0))
	for h := 1; h <= 3; h++ {
		r := redirectedFrom(pub, wire, "Village chapel raises roof money", text, t0.Add(time.Duration(h)*time.Hour))
		mustSave(t, s, r)
	}
	vs, err := s.Versions(ctx, first.ArticleID)
	if err != nil || len(vs) != 1 || vs[0].CanonicalURL != pub || vs[0].Article.Title != "Chapel roof appeal hits target" {
		t.Errorf("the publisher's article after its address redirected to the wire three times: %+v, %v; want its version under %s", vs, err, pub)
	}
}

// TestNoMoveOntoAnAddressThatRedirected: /latest, which once redirected
// to a story and then served it directly, takes neither that story's
// article when its own address redirects there, nor the next story.
func TestNoMoveOntoAnAddressThatRedirected(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	const (
		story  = "https://news.example/news/meadow-bought"
		latest = "https://news.example/news/latest"
		text   = "The council bought the meadow by the river to keep it open for walkers and grazing."
	)
	r1 := redirectedFrom(latest, story, "Meadow bought for the town", text, t0)
	meadow := mustSave(t, s, r1)
	mustSave(t, s, record(latest, "Meadow bought for the town", text, t0.Add(time.Hour)))
	r2 := redirectedFrom(story, latest, "Meadow bought for the town", text, t0.Add(2*time.Hour))
	mustSave(t, s, r2)
	next := mustSave(t, s, record(latest, "Salt store to be demolished", "The old salt store on the quay will be demolished in spring.", t0.Add(3*time.Hour)))
	if v, err := s.Latest(ctx, meadow.ArticleID); err != nil || v.CanonicalURL != story || next.ArticleID == meadow.ArticleID {
		t.Errorf("meadow story %+v, %v, next story in article %d; want the meadow under %s and the next story apart",
			v, err, next.ArticleID, story)
	}
}

// TestMergeKeepsBothHeadlines: an old article joining the article its
// new address was filed as (a slug rewritten with the headline, the new
// page met twice first) keeps its own headline as a version, not dropped
// as a double of the same text under the new headline.
func TestMergeKeepsBothHeadlines(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	const (
		oldURL = "https://news.example/news/pool-hours-cut"
		newURL = "https://news.example/news/pool-opening-hours-cut-in-winter"
		text   = "The swimming pool will open two hours later on weekdays from November to save on heating."
	)
	mustSave(t, s, record(oldURL, "Pool hours cut", text, t0))
	mustSave(t, s, record(newURL, "Pool opening hours cut in winter", text, t0.Add(time.Hour)))
	mustSave(t, s, record(newURL, "Pool opening hours cut in winter", text, t0.Add(2*time.Hour)))
	moved := redirectedFrom(oldURL, newURL, "Pool opening hours cut in winter", text, t0.Add(3*time.Hour))
	got := mustSave(t, s, moved)
	vs, err := s.Versions(ctx, got.ArticleID)
	if err != nil || len(vs) != 2 || vs[0].Article.Title != "Pool hours cut" {
		t.Errorf("after the old address redirected: %d versions %+v, %v; want the old headline and the new", len(vs), vs, err)
	}
}

// redirectedFrom is a fetch that asked for requested and was redirected
// to url, the page record(url, ...) describes.
func redirectedFrom(requested, url, title, text string, at time.Time) Record {
	r := record(url, title, text, at)
	r.Fetch.RequestedURL = requested
	return r
}

// TestRevertedSlugChange: a slug changed and then changed back (the new
// address redirecting to the old one, which serves an edit) moves the
// article back to its old address with the edit as a version.
func TestRevertedSlugChange(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	const (
		oldURL = "https://news.example/news/library-hours"
		newURL = "https://news.example/news/library-opens-on-sundays"
		text   = "The town library will open on Sundays from March, staffed by volunteers from the reading club."
	)
	first := mustSave(t, s, record(oldURL, "Library hours to change", text, t0))
	mustSave(t, s, redirectedFrom(oldURL, newURL, "Library opens on Sundays", text, t0.Add(time.Hour)))
	back := mustSave(t, s, redirectedFrom(newURL, oldURL, "Library opens on Sundays from March", text+" The council approved the plan.", t0.Add(2*time.Hour)))
	latest, err := s.Latest(ctx, first.ArticleID)
	if err != nil || !back.NewVersion || latest.CanonicalURL != oldURL || latest.Article.Title != "Library opens on Sundays from March" {
		t.Errorf("after the slug change was reverted: %+v; latest %+v, %v; want the edit under %s", back, latest, err, oldURL)
	}
}

// TestNewStoryAtARetiredSlug: an address whose story moved to a new slug
// (it redirects there) and that later serves a different story of its
// own files that story as its own article, not as a copy of the moved one.
func TestNewStoryAtARetiredSlug(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	const (
		oldURL = "https://news.example/news/depot-plans"
		newURL = "https://news.example/news/tram-depot-plans-approved"
		text   = "The tram depot plans were approved by the planning committee after a long public consultation."
	)
	first := mustSave(t, s, record(oldURL, "Depot plans", text, t0))
	mustSave(t, s, redirectedFrom(oldURL, newURL, "Tram depot plans approved", text, t0.Add(time.Hour)))
	bus := mustSave(t, s, record(oldURL, "Bus depot to close", "The bus depot on Mill Lane will close in June, the operator said, moving forty drivers.", t0.Add(2*time.Hour)))
	if bus.ArticleID == first.ArticleID || !bus.NewArticle {
		t.Errorf("a new story at the retired slug: %+v; want an article of its own, not article %d", bus, first.ArticleID)
	}
	if id, err := s.Resolve(ctx, newURL); err != nil || id != first.ArticleID {
		t.Errorf("the moved story: article %d, %v; want %d", id, err, first.ArticleID)
	}
}
