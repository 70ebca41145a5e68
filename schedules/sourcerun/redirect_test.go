package sourcerun

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/crawler/config"
)

// shortLinkSite is a news site whose front page links its story only
// through a short link: /r/555 leads to /news/2026/11/29/<slug> by a
// chain of redirects of the statuses the test sets (/r/555, /r/555/1,
// /r/555/2...); /world answers 301 to its section page /world/, which
// links a story of its own.
type shortLinkSite struct {
	*httptest.Server
	chain []int // the short link's redirect statuses, hop by hop
	mu    sync.Mutex
	hits  map[string]int
}

const (
	shortStory   = "/news/2026/11/29/harbour-bridge-reopens-after-repairs"
	sectionStory = "/news/2026/11/29/ferry-timetable-changes-for-winter"
)

func newShortLinkSite(t *testing.T, chain ...int) *shortLinkSite {
	t.Helper()
	s := &shortLinkSite{chain: chain, hits: map[string]int{}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func (s *shortLinkSite) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.hits[r.URL.Path]++
	s.mu.Unlock()
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	switch r.URL.Path {
	case "/robots.txt":
		w.Header().Set("Content-Type", "text/plain")
		fmt.Fprint(w, "User-agent: *\nAllow: /\n")
	case "/":
		fmt.Fprint(w, `<!DOCTYPE html><html lang="en"><head><title>The Harbour Gazette</title></head><body>
<nav><a href="/world">World</a></nav><main><h2><a href="/r/555">Harbour bridge reopens after repairs</a></h2></main></body></html>`)
	case "/r/555", "/r/555/1", "/r/555/2":
		hop, _ := strconv.Atoi(strings.TrimPrefix(strings.TrimPrefix(r.URL.Path, "/r/555"), "/"))
		to := shortStory
		if hop+1 < len(s.chain) {
			to = "/r/555/" + strconv.Itoa(hop+1)
		}
		http.Redirect(w, r, to, s.chain[hop])
	case "/world":
		http.Redirect(w, r, "/world/", http.StatusMovedPermanently)
	case "/world/":
		fmt.Fprintf(w, `<!DOCTYPE html><html lang="en"><head><title>World | The Harbour Gazette</title></head><body>
<main><h2><a href="%s">Ferry timetable changes for winter</a></h2></main></body></html>`, sectionStory)
	case shortStory, sectionStory:
		etag := `"` + filepath.Base(r.URL.Path) + `-v1"`
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", etag)
		fmt.Fprint(w, storyPage(filepath.Base(r.URL.Path)))
	default:
		http.NotFound(w, r)
	}
}

// storyTexts are the site's stories, by slug: each its own text, or the
// archive files the second as a copy of the first.
var storyTexts = map[string][]string{
	"harbour-bridge-reopens-after-repairs": {
		"The works that closed the crossing in the spring ended on Saturday, the port authority said, two weeks later than planned after the storms of October delayed the last repairs to the deck.",
		"Commuters who spent the summer on the detour through the industrial estate welcomed the news, though the authority warned that one lane in each direction would stay closed at night until the resurfacing is finished.",
		"The council has asked for a report on the overruns, which it says added more than a million to the cost of the works, and will hear it at its meeting next month.",
	},
	"ferry-timetable-changes-for-winter": {
		"The island ferry will sail four times a day instead of six from the first of December, the operator said, as it takes one of its two boats out of service for its annual overhaul.",
		"The first sailing leaves the harbour at seven, half an hour later than in summer, and the last returns from the island at six in the evening, which islanders working late in town say is too early.",
		"The operator said it would add a late Friday sailing before Christmas if enough passengers book ahead, and that the summer timetable returns in April.",
	},
}

// storyPage is an article page of the site.
func storyPage(slug string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>%[1]s | The Harbour Gazette</title><meta property="og:type" content="article">
<meta property="article:published_time" content="2026-11-29T07:30:00Z"></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>%[1]s</h1><p class="byline">By Ines Calloway</p>`, slug)
	for _, p := range storyTexts[slug] {
		fmt.Fprintf(&b, "<p>%s</p>\n", p)
	}
	b.WriteString("</article></body></html>")
	return b.String()
}

func (s *shortLinkSite) asked(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

// TestLaterRunsSkipPermanentShortLinks crawls, twice, a site whose front
// page links its story only through a short link: one that moved
// permanently (301, 308, or a chain of them) is not asked for again once
// its story is archived, and when the source's refresh makes the story
// due, the story is asked at its own address; one that moved temporarily
// (302, 307, or a chain with one of them) is asked each run. A section
// page that redirects permanently is asked for each run too.
func TestLaterRunsSkipPermanentShortLinks(t *testing.T) {
	const (
		moved = http.StatusMovedPermanently
		found = http.StatusFound
	)
	tests := []struct {
		name    string
		chain   []int
		refresh time.Duration
		// requests of /r/555 and of the story over the two runs
		shortLink, story int
	}{
		{"301", []int{moved}, 0, 1, 1},
		{"308", []int{http.StatusPermanentRedirect}, 0, 1, 1},
		{"301 301", []int{moved, moved}, 0, 1, 1},
		{"301 due for refresh", []int{moved}, 7 * 24 * time.Hour, 1, 2},
		{"302", []int{found}, 0, 2, 2},
		{"307", []int{http.StatusTemporaryRedirect}, 0, 2, 2},
		{"301 302", []int{moved, found}, 0, 2, 2},
		{"302 301", []int{found, moved}, 0, 2, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			site := newShortLinkSite(t, tt.chain...)
			store := mustOpen(t, filepath.Join(t.TempDir(), "archive.db"))
			src := config.Default().Defaults.Source("gazette", site.URL+"/")
			src.Delay, src.Refresh = 0, tt.refresh
			for run := range 2 {
				started := time.Now()
				if _, err := Run(context.Background(), store, src, Options{
					Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Trigger: archive.TriggerManual}); err != nil {
					t.Fatal(err)
				}
				if run == 0 && tt.refresh > 0 {
					// The story is due once its age has doubled since its
					// look, taken at most the run's length after it was
					// first archived.
					time.Sleep(2 * time.Since(started))
				}
			}
			if got := site.asked("/r/555"); got != tt.shortLink {
				t.Errorf("/r/555 asked %d times over two runs, want %d", got, tt.shortLink)
			}
			if got := site.asked(shortStory); got != tt.story {
				t.Errorf("the story asked %d times over two runs, want %d", got, tt.story)
			}
			if got := site.asked("/world"); got != 2 {
				t.Errorf("the section's redirecting /world asked %d times over two runs, want 2", got)
			}
			for _, p := range []string{shortStory, sectionStory} {
				if _, err := store.Resolve(context.Background(), site.URL+p); err != nil {
					t.Errorf("%s not archived: %v", p, err)
				}
			}
		})
	}
}
