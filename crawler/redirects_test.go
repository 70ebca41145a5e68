package crawler

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// TestRedirectsKeepToTheRules: a link that redirects (a short link, a
// tracking redirect) into a path robots.txt disallows or the source's
// deny names is not followed there: the redirect is recorded as the
// link's failed answer, naming why, and the target is never requested.
func TestRedirectsKeepToTheRules(t *testing.T) {
	const (
		toPrivate = "/news/2024/03/15/short-link-to-a-private-story"
		toDenied  = "/news/2024/03/15/short-link-to-a-denied-story"
		private   = "/private/2024/03/15/a-story-robots-disallow"
		denied    = "/denied/2024/03/15/a-story-the-source-denies"
	)
	story := func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, articleHTML(1, r.URL.Path))
	}
	redirect := func(to string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, to, http.StatusMovedPermanently) }
	}
	site := newHostileSite(t, map[string]http.HandlerFunc{
		"/robots.txt": func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, "User-agent: *\nDisallow: /private/\n")
		},
		toPrivate: redirect(private),
		toDenied:  redirect(denied),
		// The stories are served, but linked only through the redirects
		// (the home page links each route: these are directories).
		"/private/": story,
		"/denied/":  story,
	})
	store := newMemStore()
	opt := hostileOptions(site, store)
	opt.Source.Deny = []*regexp.Regexp{regexp.MustCompile(`/denied/`)}
	runCrawl(t, opt)

	if !store.articleURLs()[site.URL+goodPath] {
		t.Errorf("the good article was not archived")
	}
	for _, tc := range []struct{ link, target, why string }{
		{toPrivate, private, "disallowed by robots.txt"},
		{toDenied, denied, "deny"},
	} {
		if n := site.hitsOf(tc.target); n != 0 {
			t.Errorf("%s requested %d times, through the redirect of %s", tc.target, n, tc.link)
		}
		err, failed := store.failures()[site.URL+tc.link]
		if !failed || !strings.Contains(err.Error(), tc.why) {
			t.Errorf("%s recorded failed %v (%v), want its redirect refused as %q", tc.link, failed, err, tc.why)
		}
	}
}
