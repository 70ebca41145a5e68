package crawler

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"

	"github.com/newsarchive/newsarchive/internal/logbuf"
	"github.com/newsarchive/newsarchive/parse"
)

// panickyStore is a memStore whose Save panics for one URL.
type panickyStore struct {
	*memStore
	bad string
}

func (s panickyStore) Save(ctx context.Context, r Record) (Outcome, error) {
	if r.URL == s.bad {
		panic("store broke on " + r.URL)
	}
	return s.memStore.Save(ctx, r)
}

func TestCrawlSurvivesPanics(t *testing.T) {
	const n = 5
	badPath := "/news/2024/03/15/story-number-2-of-the-day"
	tests := []struct {
		name string
		// setup breaks one part of the crawl for bad and returns the panic
		// value to expect in the log.
		setup func(opt *Options, bad string) string
		// recorded is whether the failure of bad must reach the store.
		recorded bool
	}{
		{"store save", func(opt *Options, bad string) string {
			opt.Store = panickyStore{opt.Store.(*memStore), bad}
			return "store broke on " + bad
		}, false},
		{"parse", func(opt *Options, bad string) string {
			opt.Parse = func(p parse.Page) (*parse.Article, error) {
				if p.URL == bad {
					panic("parser broke")
				}
				return parse.Parse(p)
			}
			return "parser broke"
		}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			site := newPoliteSite(t, n, "", 404)
			store := newMemStore()
			opt := testOptions(testSource(site.URL+"/"), store)
			opt.Source.MaxDepth = 1
			var logs logbuf.Buffer
			opt.Logger = slog.New(slog.NewTextHandler(&logs, nil))
			bad := site.URL + badPath
			want := tt.setup(&opt, bad)

			st := runCrawl(t, opt)
			if st.New != n-1 {
				t.Errorf("archived %d articles, want the %d good ones (%+v)", st.New, n-1, st)
			}
			if st.Errors == 0 {
				t.Errorf("the panic was not counted as an error: %+v", st)
			}
			if err, ok := store.failures()[bad]; tt.recorded && (!ok || !errors.Is(err, errPanic)) {
				t.Errorf("failure of %s recorded as %v, want the panic", bad, err)
			}
			if !panicLogged(logs.String(), bad, want) {
				t.Errorf("no error log of the panic with its URL and value:\n%s", logs.String())
			}
		})
	}
}

// panicLogged reports whether logs hold an error line naming the URL and
// the panic value.
func panicLogged(logs, url, value string) bool {
	for _, line := range strings.Split(logs, "\n") {
		if strings.Contains(line, "level=ERROR") && strings.Contains(line, "url="+url) &&
			strings.Contains(line, value) {
			return true
		}
	}
	return false
}
