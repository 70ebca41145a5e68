package archive

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"
)

// unfollowedRedirect is the 3xx answer of a redirect the client did not
// follow: from, through via, answered at at with Location loc.
func unfollowedRedirect(from, at, loc string, via ...string) Record {
	return Record{Fetch: Fetch{
		RequestedURL: from, FinalURL: at, Via: via, Method: "GET", Status: http.StatusMovedPermanently,
		Proto: "HTTP/1.1", Header: http.Header{"Location": {loc}}, FetchedAt: t0.Add(time.Hour),
		Body: []byte("<html><body>Moved</body></html>"),
	}}
}

// TestUnfollowedRedirectLeadsToItsTarget: the addresses of a redirect the
// crawler did not follow (its target was fetched already) lead to the
// article the target is, an address of it or not; a target that is no
// article leaves them leading nowhere, and an address of another article
// moves to the target's (a URL leads to the article it led to last).
func TestUnfollowedRedirectLeadsToItsTarget(t *testing.T) {
	const (
		story  = "https://n.example/news/2026/03/14/flood-barrier-opens"
		amp    = "https://n.example/news/2026/03/14/flood-barrier-opens/amp"
		school = "https://n.example/news/2026/03/14/schools-close"
	)
	tests := []struct {
		name  string
		rec   Record
		leads map[string]string // address → the article it must lead to, "" for none
	}{
		{"relative Location", unfollowedRedirect("https://n.example/go/1", "https://n.example/go/1", "/news/2026/03/14/flood-barrier-opens"),
			map[string]string{"https://n.example/go/1": story}},
		{"chain, Location an alias", unfollowedRedirect("http://n.example/p/7", "https://n.example/p/7", amp, "https://n.example/p/7b"),
			map[string]string{"http://n.example/p/7": story, "https://n.example/p/7": story, "https://n.example/p/7b": story}},
		{"target no article", unfollowedRedirect("https://n.example/go/2", "https://n.example/go/2", "/world/"),
			map[string]string{"https://n.example/go/2": ""}},
		{"alias of another article", unfollowedRedirect("https://n.example/latest", "https://n.example/latest", school),
			map[string]string{"https://n.example/latest": school}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			s := mustOpen(t)
			mustSave(t, s, record(story, "Flood barrier opens", floodText, t0))
			mustSave(t, s, redirected(amp, story, "Flood barrier opens", floodText, t0))
			mustSave(t, s, record(school, "Schools close", schoolText, t0))
			mustSave(t, s, redirected("https://n.example/latest", story, "Flood barrier opens", floodText, t0))
			if out := mustSave(t, s, tt.rec); out.ArticleID != 0 {
				t.Errorf("saved as article %d; want a fetch alone", out.ArticleID)
			}
			for u, want := range tt.leads {
				id, err := s.Resolve(ctx, u)
				switch {
				case want == "" && !errors.Is(err, ErrNotFound):
					t.Errorf("resolve %s = %d, %v; want no article", u, id, err)
				case want != "":
					wantID, werr := s.Resolve(ctx, want)
					if err != nil || werr != nil || id != wantID {
						t.Errorf("resolve %s = %d, %v; want article %d of %s (%v)", u, id, err, wantID, want, werr)
					}
				}
			}
			mustCheck(t, s)
		})
	}
}

// TestResolveOtherSpellings: show and history find an article by an
// address that differs from the one archived by a trailing slash, the
// scheme or "www.", and not by another path.
func TestResolveOtherSpellings(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	want := mustSave(t, s, record("https://n.example/news/2026/03/14/flood-barrier-opens", "Flood barrier opens", floodText, t0)).ArticleID
	mustSave(t, s, record("https://www.n.example/world/", "Schools close", schoolText, t0))
	for _, u := range []string{
		"https://n.example/news/2026/03/14/flood-barrier-opens",
		"https://n.example/news/2026/03/14/flood-barrier-opens/",
		"http://n.example/news/2026/03/14/flood-barrier-opens",
		"http://www.n.example/news/2026/03/14/flood-barrier-opens/",
	} {
		if id, err := s.Resolve(ctx, u); err != nil || id != want {
			t.Errorf("resolve %s = %d, %v; want %d", u, id, err, want)
		}
	}
	for _, u := range []string{"https://n.example/news/2026/03/14/flood-barrier", "https://n.example/"} {
		if id, err := s.Resolve(ctx, u); !errors.Is(err, ErrNotFound) {
			t.Errorf("resolve %s = %d, %v; want not found", u, id, err)
		}
	}
	if _, err := s.Resolve(ctx, "http://n.example/world"); err != nil {
		t.Errorf("resolve of the section without www and slash: %v", err)
	}
}

// TestLastAttemptMovedTo: the last ask of an address tells where
// permanent redirects alone sent it, followed to the page or answered as
// such; a temporary redirect on the way, a failure, or a fetch that only
// ended at the address tells nothing.
func TestLastAttemptMovedTo(t *testing.T) {
	const (
		short = "https://n.example/r/555"
		story = "https://n.example/news/2026/03/14/flood-barrier-opens"
	)
	followed := func(moved bool, status int) Record {
		r := redirected(short, story, "Flood barrier opens", floodText, t0)
		r.Fetch.Moved, r.Fetch.Status = moved, status
		return r
	}
	unfollowedWith := func(status int, moved bool, at string) Record {
		r := unfollowedRedirect(short, at, "/news/2026/03/14/flood-barrier-opens")
		r.Fetch.Status, r.Fetch.Moved = status, moved
		return r
	}
	failed := unfollowedRedirect(short, short, "https://elsewhere.example/story")
	failed.Fetch.Err = "redirect out of scope to https://elsewhere.example/story"
	tests := []struct {
		name string
		rec  Record
		want string
	}{
		{"301 followed", followed(true, http.StatusOK), story},
		{"301 followed, then 304", followed(true, http.StatusNotModified), story},
		{"302 on the way", followed(false, http.StatusOK), ""},
		{"301 unfollowed", unfollowedWith(http.StatusMovedPermanently, false, short), story},
		{"308 unfollowed after a 301", unfollowedWith(http.StatusPermanentRedirect, true, "https://n.example/r/555b"), story},
		{"301 unfollowed after a 302", unfollowedWith(http.StatusMovedPermanently, false, "https://n.example/r/555b"), ""},
		{"307 unfollowed", unfollowedWith(http.StatusTemporaryRedirect, false, short), ""},
		{"301 out of scope", failed, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mustOpen(t)
			mustSave(t, s, tt.rec)
			a, err := s.LastAttempt(context.Background(), short)
			if err != nil || a.MovedTo != tt.want {
				t.Errorf("moved to %q, %v; want %q", a.MovedTo, err, tt.want)
			}
		})
	}
	t.Run("ended there", func(t *testing.T) {
		s := mustOpen(t)
		mustSave(t, s, followed(true, http.StatusOK))
		if a, err := s.LastAttempt(context.Background(), story); err != nil || a.MovedTo != "" {
			t.Errorf("the target moved to %q, %v; want nowhere", a.MovedTo, err)
		}
	})
}
