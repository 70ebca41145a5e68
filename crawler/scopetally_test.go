package crawler

import (
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/newsarchive/newsarchive/internal/logbuf"
)

// TestRunSaysWhenAllowShutsOutEveryLink: a source whose allow patterns
// match none of the links its pages give (an https:// pattern for an
// http:// site) fetches its start page and archives nothing; the run says
// so, naming the first link refused. A source whose patterns let links
// through says nothing.
func TestRunSaysWhenAllowShutsOutEveryLink(t *testing.T) {
	for _, tc := range []struct {
		name  string
		allow string
		warns bool
	}{
		{"allow matching no link", `^https://`, true},
		{"allow matching the site's links", `/news/`, false},
		{"default allow", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			site := newHostileSite(t, map[string]http.HandlerFunc{})
			store := newMemStore()
			opt := hostileOptions(site, store)
			if tc.allow != "" {
				opt.Source.Allow = []*regexp.Regexp{regexp.MustCompile(tc.allow)}
			}
			logs := &logbuf.Buffer{}
			opt.Logger = slog.New(slog.NewTextHandler(logs, nil))
			runCrawl(t, opt)
			warned := strings.Contains(logs.String(), "no link the run found is within the source's allow")
			named := strings.Contains(logs.String(), "first="+site.URL+goodPath)
			if warned != tc.warns || warned && !named {
				t.Errorf("warned %v (naming the refused link %v), want %v; log:\n%s", warned, named, tc.warns, logs.String())
			}
			if archived := store.articleURLs()[site.URL+goodPath]; archived == tc.warns {
				t.Errorf("article archived %v with allow %q", archived, tc.allow)
			}
		})
	}
}
