package archive

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/parse"
)

// storedPage saves a real page fetch with the article an older extractor
// made of it: a truncated text.
func storedPage(t *testing.T, s *Store, src int64) Saved {
	t.Helper()
	raw, err := os.ReadFile("testdata/article.html")
	if err != nil {
		t.Fatal(err)
	}
	u := "https://courier.example/news/2026/03/harbour-sea-wall"
	r := record(u, "Harbour town votes to rebuild its sea wall", "After two winters of storm damage", t0)
	r.Fetch.Body, r.Fetch.SourceID = raw, src
	return mustSave(t, s, r)
}

// courierArchive opens an empty archive with the source "courier".
func courierArchive(t *testing.T) (*Store, int64) {
	t.Helper()
	s := mustOpen(t)
	src, err := s.EnsureSource(context.Background(), "courier", "")
	if err != nil {
		t.Fatal(err)
	}
	return s, src
}

func TestReparse(t *testing.T) {
	s, src := courierArchive(t)
	ctx := context.Background()
	old := storedPage(t, s, src)
	// A failed fetch and a non-article page are skipped, not fatal.
	mustSave(t, s, Record{Fetch: Fetch{RequestedURL: "https://courier.example/down", FetchedAt: t0, Err: "timeout"}})
	nav := record("https://courier.example/", "Home", "", t0)
	nav.Article = nil
	nav.Fetch.Body = []byte("<html><body><nav><a href='/a'>A</a></nav></body></html>")
	nav.Fetch.SourceID = src
	mustSave(t, s, nav)

	res, err := s.Reparse(ctx, "courier", parse.Parse)
	if err != nil {
		t.Fatal(err)
	}
	want := ReparseResult{Snapshots: 2, Articles: 1, NewVersions: 1, Skipped: 1}
	if res != want {
		t.Errorf("first reparse = %+v, want %+v", res, want)
	}
	latest, err := s.Latest(ctx, old.ArticleID)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(latest.Article.Text, "forty million euros") || latest.FetchID != old.FetchID {
		t.Errorf("latest after reparse: text %q from fetch %d", latest.Article.Text, latest.FetchID)
	}
	again, err := s.Reparse(ctx, "", parse.Parse)
	if err != nil {
		t.Fatal(err)
	}
	if again.NewVersions != 0 || again.Articles != 1 {
		t.Errorf("second reparse = %+v, want no new versions", again)
	}
	if _, err := s.Reparse(ctx, "nosuchsource", parse.Parse); err == nil {
		t.Error("reparse of an unknown source succeeded")
	}
}

func TestStats(t *testing.T) {
	s, src := courierArchive(t)
	ctx := context.Background()
	storedPage(t, s, src)
	storedPage(t, s, src) // the same bytes again
	mustSave(t, s, record("https://other.example/a", "A", "some words", t0))
	mustSave(t, s, Record{Fetch: Fetch{RequestedURL: "https://x.example/", FetchedAt: t0, Status: 503, Header: http.Header{}, Body: []byte("down")}})
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Articles != 2 || st.Versions != 2 || st.Fetches != 4 || st.FailedFetches != 1 || st.Bodies != 3 {
		t.Errorf("stats = %+v", st)
	}
	// Spooled bodies take their raw size until Compact.
	if st.FetchedBytes <= st.RawBytes || st.StoredBytes != st.RawBytes || st.DatabaseBytes == 0 || st.Uncompacted != 3 {
		t.Errorf("bytes: fetched %d raw %d stored %d db %d, %d uncompacted", st.FetchedBytes, st.RawBytes, st.StoredBytes, st.DatabaseBytes, st.Uncompacted)
	}
	mustCompact(t, s)
	if st, err := s.Stats(ctx); err != nil || st.StoredBytes >= st.RawBytes || st.Uncompacted != 0 {
		t.Errorf("after Compact: %+v, %v; want fewer bytes stored than raw", st, err)
	}
	if len(st.Sources) != 2 || st.Sources[0].Name != "courier" || st.Sources[0].Fetches != 2 || st.Sources[1].Fetches != 2 {
		t.Errorf("per source = %+v", st.Sources)
	}
}

// TestReparseSkipsUnreadableSnapshots: a snapshot whose body cannot be read
// back (its spool bytes altered) is counted and skipped; the others are
// re-extracted.
func TestReparseSkipsUnreadableSnapshots(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	bodies := pages(t, s, "news.example", 1, 3)
	alterSpooled(t, s, bodies[1])
	res, err := s.Reparse(ctx, "", parse.Parse)
	if err != nil || res.Snapshots != 3 || res.Unreadable != 1 || res.Articles+res.Skipped != 2 {
		t.Errorf("Reparse = %+v, %v; want 3 snapshots, 1 unreadable, the other 2 re-extracted", res, err)
	}
}

// TestReparseRefreshesExtraction: a reparse whose extraction keeps the
// text but fixes the title and the date rewrites the version in place (no
// new version), and the search index follows.
// parsedPage is the real page of testdata, its URL and what parse makes
// of it now.
func parsedPage(t *testing.T) (string, []byte, *parse.Article) {
	t.Helper()
	raw, err := os.ReadFile("testdata/article.html")
	if err != nil {
		t.Fatal(err)
	}
	u := "https://courier.example/news/2026/03/harbour-sea-wall"
	a, err := parse.Parse(parse.Page{URL: u, Body: raw, ContentType: "text/html; charset=utf-8"})
	if err != nil {
		t.Fatal(err)
	}
	return u, raw, a
}

func TestReparseRefreshesExtraction(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	u, raw, a := parsedPage(t)
	good := *a
	a.Title, a.Published = "Stale headline from an older extractor", nil
	r := record(u, a.Title, a.Text, t0)
	r.Fetch.Body, r.Article = raw, a
	saved := mustSave(t, s, r)

	res, err := s.Reparse(ctx, "", parse.Parse)
	if err != nil || res.NewVersions != 0 || res.Refreshed != 1 {
		t.Fatalf("Reparse = %+v, %v; want the version refreshed, no new one", res, err)
	}
	latest, err := s.Latest(ctx, saved.ArticleID)
	if err != nil {
		t.Fatal(err)
	}
	if latest.ID != saved.VersionID || latest.Article.Title != good.Title || latest.Article.Published == nil {
		t.Errorf("latest version %d: title %q published %v; want version %d with %q and a date",
			latest.ID, latest.Article.Title, latest.Article.Published, saved.VersionID, good.Title)
	}
	for q, want := range map[string]int{"title:stale": 0, `title:"` + strings.Fields(good.Title)[0] + `"`: 1} {
		if hits, err := s.Search(ctx, Query{Text: q}); err != nil || len(hits) != want {
			t.Errorf("search %s: %d hits, %v; want %d", q, len(hits), err, want)
		}
	}
	if problems, err := s.Check(ctx); err != nil || len(problems) != 0 {
		t.Errorf("Check = %q, %v", problems, err)
	}
	if again, err := s.Reparse(ctx, "", parse.Parse); err != nil || again.Refreshed != 0 {
		t.Errorf("second reparse = %+v, %v; want nothing left to refresh", again, err)
	}
}

// TestReparseMakesNoHeadlineVersion: a title an older extractor got wrong,
// stored from two bodies of one page (an ad rotated), is fixed in place by
// reparse whichever body it reads first: a headline differing from the
// version's is an edit only in a crawl.
func TestReparseMakesNoHeadlineVersion(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	u, raw, a := parsedPage(t)
	a.Title = "Stale headline from an older extractor"
	rotated := append([]byte("<!-- ad 2 -->"), raw...)
	var first Saved
	// Reparse reads each body from its latest fetch, oldest first: the
	// rotated body (fetched second, never again) before the first.
	for i, body := range [][]byte{raw, rotated, raw} {
		r := record(u, a.Title, a.Text, t0.Add(time.Duration(i)*time.Hour))
		r.Fetch.Body, r.Article = body, a
		if saved := mustSave(t, s, r); i == 0 {
			first = saved
		}
	}
	res, err := s.Reparse(ctx, "", parse.Parse)
	if err != nil || res.NewVersions != 0 || res.Refreshed != 1 {
		t.Errorf("Reparse = %+v, %v; want the version refreshed, no new one", res, err)
	}
	if vs, err := s.Versions(ctx, first.ArticleID); err != nil || len(vs) != 1 || vs[0].Article.Title == a.Title {
		t.Errorf("versions after reparse: %+v, %v; want the one version, its title fixed", vs, err)
	}
}

// TestReparseCounts304sForTheBodyTheyConfirmed: a 304 answers the
// validators of the last body stored for the address asked for, asked
// for or reached through a redirect; reparse counts it for that body
// alone, so it moves the last_seen of no other version and leaves the
// article's latest as the crawl left it.
func TestReparseCounts304sForTheBodyTheyConfirmed(t *testing.T) {
	const story, short = "https://courier.example/news/2026/03/sea-wall", "https://courier.example/go/sea-wall"
	type fetch struct{ requested, final, text string } // text "" is a 304
	tests := []struct {
		name    string
		fetches []fetch
	}{
		{"page answered 304 after a body reached through a redirect",
			[]fetch{{story, story, "First text."}, {short, story, "Second text."}, {story, story, ""}}},
		{"redirecting address answered 304",
			[]fetch{{story, story, "First text."}, {short, story, "Second text."}, {short, story, ""}}},
		{"page answered 304 after its own body",
			[]fetch{{short, story, "First text."}, {story, story, "Second text."}, {story, story, ""}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, ctx := mustOpen(t), context.Background()
			extracted := map[string]*parse.Article{}
			for i, f := range tt.fetches {
				r := record(f.requested, "Sea wall", f.text, t0.Add(time.Duration(i)*time.Hour))
				r.Fetch.FinalURL, r.Article.URL, r.Article.CanonicalURL = f.final, f.final, f.final
				if f.text == "" {
					r.Fetch.Status, r.Fetch.Body, r.Article = http.StatusNotModified, nil, nil
				} else {
					extracted[string(r.Fetch.Body)] = r.Article
				}
				mustSave(t, s, r)
			}
			before := versionsSeen(t, s, story)
			_, err := s.Reparse(ctx, "", func(p parse.Page) (*parse.Article, error) { return extracted[string(p.Body)], nil })
			if err != nil {
				t.Fatal(err)
			}
			if after := versionsSeen(t, s, story); after != before {
				t.Errorf("after reparse: %s; after the saves: %s", after, before)
			}
		})
	}
}

// versionsSeen tells when each version of the article at u was last seen
// and which text is the latest.
func versionsSeen(t *testing.T, s *Store, u string) string {
	t.Helper()
	ctx := context.Background()
	id, err := s.Resolve(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	vs, err := s.Versions(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	latest, err := s.Latest(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	out := fmt.Sprintf("latest %q", latest.Article.Text)
	for _, v := range vs {
		out += fmt.Sprintf("; %q last seen %s", v.Article.Text, v.LastSeen.Format(time.TimeOnly))
	}
	return out
}

// TestStatsCountVersionsAsExportSelectsThem: a version stored by another
// source's fetch (or a scrape's) counts under its article's source, as
// an export of that source selects it.
func TestStatsCountVersionsAsExportSelectsThem(t *testing.T) {
	s, src := courierArchive(t)
	ctx := context.Background()
	storedPage(t, s, src)
	// A scrape --save of the same story, changed since: no source.
	mustSave(t, s, record("https://courier.example/news/2026/03/harbour-sea-wall", "Harbour town votes to rebuild its sea wall",
		"After two winters of storm damage, the vote.", t0.Add(time.Hour)))
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	exported := 0
	if err := s.ExportRows(ctx, ExportFilter{Source: "courier", AllVersions: true}, func(*ExportRow) error {
		exported++
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(st.Sources) != 2 || st.Sources[0].Versions != 2 || exported != 2 || st.Sources[1].Versions != 0 || st.Sources[1].Fetches != 1 {
		t.Errorf("per source %+v, export of courier %d rows; want 2 versions under courier, none without a source", st.Sources, exported)
	}
}

// TestNoSourceSelectsScrapedArticles: the articles scrape --save archived,
// of no source, are selected by exports and searches as NoSource.
func TestNoSourceSelectsScrapedArticles(t *testing.T) {
	s, src := courierArchive(t)
	ctx := context.Background()
	crawled := record("https://courier.example/harbour", "Harbour", "The harbour reopened after the storm.", t0)
	crawled.Fetch.SourceID = src
	mustSave(t, s, crawled)
	mustSave(t, s, record("https://other.example/harbour-wall", "Harbour wall", "The harbour wall will be repaired.", t0))
	var urls []string
	if err := s.ExportRows(ctx, ExportFilter{Source: NoSource}, func(r *ExportRow) error {
		urls = append(urls, r.URL)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	hits, err := s.Search(ctx, Query{Text: "harbour", Source: NoSource})
	if err != nil {
		t.Fatal(err)
	}
	if len(urls) != 1 || urls[0] != "https://other.example/harbour-wall" || len(hits) != 1 || hits[0].CanonicalURL != urls[0] {
		t.Errorf("exported %v, found %+v; want the scraped article alone", urls, hits)
	}
}

// TestReparseNewTextBecomesLatest: a reparse's new extraction of the
// body the latest version came from is the latest version, even when the
// article was seen since under another address with the same text (the
// same story filed twice by a site); it stayed behind the old text.
func TestReparseNewTextBecomesLatest(t *testing.T) {
	const story = "https://n.example/news/2026/03/14/flood-barrier-opens"
	tests := []struct {
		name  string
		later func(t *testing.T, s *Store)
	}{
		{"the same text at another address", func(t *testing.T, s *Store) {
			r := record(story+"-2", "Flood barrier opens", floodText, t0.Add(time.Hour))
			r.Fetch.Body = append(r.Fetch.Body, " another advert"...)
			mustSave(t, s, r)
		}},
		{"a redirect to it", func(t *testing.T, s *Store) {
			mustSave(t, s, redirected("https://n.example/go/2", story, "Flood barrier opens", floodText, t0.Add(time.Hour)))
		}},
		{"nothing", func(*testing.T, *Store) {}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, ctx := mustOpen(t), context.Background()
			first := record(story, "Flood barrier opens", floodText, t0)
			mustSave(t, s, first)
			tt.later(t, s)
			_, err := s.Reparse(ctx, "", func(p parse.Page) (*parse.Article, error) {
				a := *first.Article
				a.URL, a.Text = p.URL, floodText+" Updated extraction."
				a.ContentHash = parse.ContentHash(a.Text)
				return &a, nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if got := versionsSeen(t, s, story); !strings.HasPrefix(got, fmt.Sprintf("latest %q", floodText+" Updated extraction.")) {
				t.Errorf("after reparse: %s", got)
			}
			mustCheck(t, s)
		})
	}
}

// TestStatsFailedFetches: a fetch failed when it got no answer or an
// error status, but a robots.txt answered 4xx is a site without rules
// (RFC 9309), read as "allow all": it counted as a failure, one per host
// crawled, in the stats of runs without errors.
func TestStatsFailedFetches(t *testing.T) {
	tests := []struct {
		url    string
		status int
		err    string
		failed int64
	}{
		{"https://x.example/robots.txt", 404, "", 0},
		{"https://x.example/robots.txt", 410, "", 0},
		{"https://x.example/robots.txt", 503, "", 1},
		{"https://x.example/robots.txt", 0, "dial tcp: connection refused", 1},
		{"https://x.example/news/gone", 404, "", 1},
		{"https://x.example/news/robots.txt-explained", 404, "", 1},
		{"https://x.example/news/story", 200, "", 0},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s %d", tt.url, tt.status), func(t *testing.T) {
			s, _ := courierArchive(t)
			mustSave(t, s, Record{Fetch: Fetch{RequestedURL: tt.url, FetchedAt: t0, Status: tt.status, Err: tt.err, Header: http.Header{}, Body: []byte("answer")}})
			st, err := s.Stats(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if st.FailedFetches != tt.failed {
				t.Errorf("failed fetches = %d, want %d", st.FailedFetches, tt.failed)
			}
		})
	}
}
