package archive

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"testing"
	"time"
)

func count(tb testing.TB, s *Store, table string) int {
	tb.Helper()
	var n int
	if err := s.readers.QueryRow(`SELECT COUNT(*) FROM ` + table).Scan(&n); err != nil {
		tb.Fatalf("count %s: %v", table, err)
	}
	return n
}

func TestSameContentMovesLastSeen(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	first := mustSave(t, s, record("https://news.example/a", "A", "the same words", t0))
	again := mustSave(t, s, record("https://news.example/a", "A", "the same words", t0.Add(time.Hour)))
	if !first.NewArticle || !first.NewVersion {
		t.Errorf("first save: %+v, want new article and version", first)
	}
	if again.NewArticle || again.NewVersion || again.VersionID != first.VersionID {
		t.Errorf("second save: %+v, want the same version", again)
	}
	vs, err := s.Versions(ctx, first.ArticleID)
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != 1 || !vs[0].FirstSeen.Equal(t0) || !vs[0].LastSeen.Equal(t0.Add(time.Hour)) {
		t.Errorf("versions = %+v, want one seen from t0 to t0+1h", vs)
	}
	if got := count(t, s, "bodies"); got != 1 {
		t.Errorf("bodies = %d, want identical bytes stored once", got)
	}
	if got := count(t, s, "fetches"); got != 2 {
		t.Errorf("fetches = %d, want 2", got)
	}
}

func TestChangedContentAddsVersion(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	u := "https://news.example/story"
	a := mustSave(t, s, record(u, "Draft", "first words of the story", t0))
	b := mustSave(t, s, record(u, "Final", "corrected words of the story", t0.Add(time.Hour)))
	if b.ArticleID != a.ArticleID || !b.NewVersion || b.VersionID == a.VersionID {
		t.Fatalf("changed content: %+v after %+v, want a new version of the same article", b, a)
	}
	latest, err := s.Latest(ctx, a.ArticleID)
	if err != nil || latest.Article.Title != "Final" {
		t.Fatalf("latest = %+v, %v; want Final", latest, err)
	}
	// The first content coming back makes its old version the latest again.
	c := mustSave(t, s, record(u, "Draft", "first words of the story", t0.Add(2*time.Hour)))
	if c.NewVersion || c.VersionID != a.VersionID {
		t.Errorf("content seen before: %+v, want version %d again", c, a.VersionID)
	}
	if latest, _ := s.Latest(ctx, a.ArticleID); latest.Article.Title != "Draft" {
		t.Errorf("latest after revert = %q, want Draft", latest.Article.Title)
	}
	hits, err := s.Search(ctx, Query{Text: "corrected"})
	if err != nil || len(hits) != 0 {
		t.Errorf("search for text only in an older version: %+v, %v; want none", hits, err)
	}
	hits, err = s.Search(ctx, Query{Text: "first"})
	if err != nil || len(hits) != 1 {
		t.Errorf("search latest text: %+v, %v; want one hit", hits, err)
	}
}

func TestOlderFetchDoesNotReplaceLatest(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	u := "https://news.example/late"
	a := mustSave(t, s, record(u, "New", "newer words", t0.Add(time.Hour)))
	mustSave(t, s, record(u, "Old", "older words", t0))
	latest, err := s.Latest(ctx, a.ArticleID)
	if err != nil || latest.Article.Title != "New" {
		t.Fatalf("latest = %+v, %v; want New", latest, err)
	}
}

func TestAliases(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	r := record("https://news.example/story?id=7", "Story", "story words", t0)
	r.Fetch.RequestedURL = "http://NEWS.example/s/7?utm_source=rss"
	r.Fetch.FinalURL = "https://news.example/story?id=7&utm_medium=x"
	r.Article.URL = r.Fetch.FinalURL
	saved := mustSave(t, s, r)

	amp := record("https://news.example/amp/story-7", "Story", "story  words", t0.Add(time.Minute))
	ampSaved := mustSave(t, s, amp)
	if ampSaved.ArticleID != saved.ArticleID || ampSaved.NewArticle || ampSaved.NewVersion || !ampSaved.Duplicate {
		t.Errorf("same content at another url: %+v, want a duplicate filed as an alias of article %d", ampSaved, saved.ArticleID)
	}
	if saved.Duplicate {
		t.Errorf("first save counted a duplicate: %+v", saved)
	}
	// Fetched again, each URL is the article's own: unchanged, no duplicate.
	for _, again := range []Record{r, amp} {
		again.Fetch.FetchedAt = again.Fetch.FetchedAt.Add(time.Hour)
		if out := mustSave(t, s, again); out.Duplicate || out.NewArticle || out.NewVersion {
			t.Errorf("%s fetched again: %+v, want unchanged", again.Fetch.FinalURL, out)
		}
	}
	for _, ref := range []string{
		"https://news.example/story?id=7", "http://news.example/s/7", "https://news.example/story?id=7#top",
		"https://news.example/amp/story-7", "HTTPS://news.example/amp/story-7?fbclid=9",
	} {
		t.Run(ref, func(t *testing.T) {
			id, err := s.Resolve(ctx, ref)
			if err != nil || id != saved.ArticleID {
				t.Errorf("Resolve(%q) = %d, %v; want %d", ref, id, err, saved.ArticleID)
			}
		})
	}
	aliases, err := s.Aliases(ctx, saved.ArticleID)
	if err != nil || len(aliases) != 2 {
		t.Errorf("aliases = %v, %v; want the redirecting and the amp url", aliases, err)
	}
	if _, err := s.Resolve(ctx, "https://news.example/other"); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown url: %v, want ErrNotFound", err)
	}
	if _, err := s.Resolve(ctx, "not a url"); err == nil || errors.Is(err, ErrNotFound) {
		t.Errorf("garbage ref: %v, want a usage error", err)
	}
}

func TestFetchRoundTrip(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	raw := []byte("<html>\xe9t\xe9 \x00 in latin-1, not utf-8</html>")
	r := Record{Fetch: Fetch{
		RequestedURL: "https://news.example/x", FinalURL: "https://news.example/y", Method: "GET",
		Status: 200, Proto: "HTTP/2.0", RemoteIP: "127.0.0.1", FetchedAt: t0, Duration: 1500 * time.Millisecond,
		Header:        http.Header{"Content-Type": {"text/html; charset=iso-8859-1"}, "Set-Cookie": {"a=1", "b=2"}},
		RequestHeader: http.Header{"Accept": {"text/html"}}, Truncated: true, Body: raw,
	}}
	saved := mustSave(t, s, r)
	got, err := s.FetchByID(ctx, saved.FetchID)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Body, raw) {
		t.Errorf("body = %q, want byte-identical %q", got.Body, raw)
	}
	if got.Header.Get("Content-Type") != "text/html; charset=iso-8859-1" || len(got.Header["Set-Cookie"]) != 2 {
		t.Errorf("headers = %v", got.Header)
	}
	if got.RequestHeader.Get("Accept") != "text/html" || !got.Truncated || got.Duration != 1500*time.Millisecond ||
		got.Proto != "HTTP/2.0" || got.FinalURL != "https://news.example/y" || !got.FetchedAt.Equal(t0) {
		t.Errorf("fetch = %+v", got)
	}

	failed := mustSave(t, s, Record{Fetch: Fetch{RequestedURL: "https://down.example/", FetchedAt: t0, Err: "dial tcp: connection refused"}})
	f, err := s.FetchByID(ctx, failed.FetchID)
	if err != nil || f.Err != "dial tcp: connection refused" || f.Body != nil || f.BodySHA256 != "" {
		t.Errorf("failed fetch = %+v, %v", f, err)
	}
}

func TestSaveBatchIsAllOrNothing(t *testing.T) {
	s := mustOpen(t)
	good := record("https://news.example/good", "Good", "good words", t0)
	bad := record("https://news.example/bad", "Bad", "bad words", t0)
	bad.Article.CanonicalURL, bad.Article.URL = "", ""
	bad.Fetch.RequestedURL, bad.Fetch.FinalURL = "file.html", ""
	if _, err := s.SaveBatch(context.Background(), []Record{good, bad}); !errors.Is(err, ErrNoURL) {
		t.Fatalf("batch with an unkeyable article: %v, want ErrNoURL", err)
	}
	for _, table := range []string{"articles", "versions", "fetches", "bodies"} {
		if n := count(t, s, table); n != 0 {
			t.Errorf("%s has %d rows after a failed batch, want 0", table, n)
		}
	}
}

func TestSaveRejectsArticleWithoutBody(t *testing.T) {
	s := mustOpen(t)
	r := record("https://news.example/a", "A", "words", t0)
	r.Fetch.Body = nil
	if _, err := s.Save(context.Background(), r); !errors.Is(err, ErrNoBody) {
		t.Fatalf("article without body: %v, want ErrNoBody", err)
	}
	if n := count(t, s, "fetches"); n != 0 {
		t.Errorf("fetches = %d after a refused save", n)
	}
}

func TestSaveWithoutFetchTimeUsesClock(t *testing.T) {
	now := time.Date(2026, 5, 5, 5, 5, 5, 0, time.UTC)
	s, err := Open(context.Background(), t.TempDir()+"/clock.db", Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	r := record("https://news.example/a", "A", "words", time.Time{})
	saved := mustSave(t, s, r)
	if !r.Fetch.FetchedAt.IsZero() {
		t.Error("Save modified the caller's record")
	}
	f, err := s.FetchByID(context.Background(), saved.FetchID)
	if err != nil || !f.FetchedAt.Equal(now) {
		t.Errorf("fetched_at = %v, %v; want the store's clock %v", f.FetchedAt, err, now)
	}
	v, err := s.Latest(context.Background(), saved.ArticleID)
	if err != nil || !v.FirstSeen.Equal(now) {
		t.Errorf("first_seen = %v, %v; want %v", v.FirstSeen, err, now)
	}
}

func TestLastFetch(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	r := record("https://news.example/final", "A", "words", t0)
	r.Fetch.RequestedURL = "https://news.example/short"
	r.Fetch.Header.Set("Etag", `"v1"`)
	mustSave(t, s, r)
	r2 := record("https://news.example/final", "A", "words", t0.Add(time.Hour))
	r2.Fetch.Header.Set("Etag", `"v2"`)
	mustSave(t, s, r2)
	for _, u := range []string{"https://news.example/short", "https://news.example/final"} {
		f, err := s.LastFetch(ctx, u)
		if err != nil {
			t.Fatalf("LastFetch(%s): %v", u, err)
		}
		want := `"v2"`
		if u == "https://news.example/short" {
			want = `"v1"`
		}
		if got := f.Header.Get("Etag"); got != want || f.Body != nil {
			t.Errorf("LastFetch(%s): etag %s, body %d bytes; want %s and no body", u, got, len(f.Body), want)
		}
	}
	if _, err := s.LastFetch(ctx, "https://news.example/never"); !errors.Is(err, ErrNotFound) {
		t.Errorf("never fetched: %v, want ErrNotFound", err)
	}
}

func TestSaveHashesContentWhenHashMissing(t *testing.T) {
	s := mustOpen(t)
	a := record("https://news.example/a", "A", "first words", t0)
	b := record("https://news.example/a", "A", "other words", t0.Add(time.Hour))
	a.Article.ContentHash, b.Article.ContentHash = "", ""
	mustSave(t, s, a)
	if saved := mustSave(t, s, b); !saved.NewVersion {
		t.Errorf("different text without a content hash: %+v, want a new version", saved)
	}
}
