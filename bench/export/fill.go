package main

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/parse"
)

// batchSize is how many records one SaveBatch transaction holds.
const batchSize = 200

// Every refetchEvery-th article is fetched again unchanged (a WARC
// revisit); every editEvery-th again after a correction (a new version).
const (
	refetchEvery = 20
	editEvery    = 25
)

var sources = []string{"harbor-times", "valley-courier", "alpine-gazette", "metro-herald", "northern-ledger"}

// words is a plain newsroom vocabulary the texts are drawn from.
var words = strings.Fields(`the a of to in and on for with at by from as that was were is are has have
	said says city council mayor police court minister government report officials residents people
	water flood river bridge road school hospital budget tax vote election party plan project year
	week month spring summer winter autumn morning evening night workers union strike port ship
	farm crop harvest price market trade export bank loan rate inflation energy power grid storm
	rain snow wind fire station museum festival team match season coach players fans stadium
	health doctors patients study data survey percent million billion new old first last local
	national regional north south east west central district county state federal agency board`)

// fill returns the path of a database holding n articles, creating it
// unless one with n articles is already there.
func fill(ctx context.Context, work string, n int) (string, error) {
	path := filepath.Join(work, "export.db")
	if _, err := os.Stat(path); err == nil {
		s, err := archive.Open(ctx, path, archive.Options{MustExist: true})
		if err != nil {
			return "", err
		}
		st, err := s.Stats(ctx)
		s.Close()
		if err == nil && st.Articles == int64(n) {
			fmt.Fprintf(os.Stderr, "reusing %s (%d articles)\n", path, n)
			return path, nil
		}
		return "", fmt.Errorf("%s holds %d articles, not %d: remove it or choose another -dir", path, st.Articles, n)
	} else if !errors.Is(err, os.ErrNotExist) {
		return "", err
	}
	s, err := archive.Open(ctx, path, archive.Options{})
	if err != nil {
		return "", err
	}
	defer s.Close()
	ids := make([]int64, len(sources))
	for i, name := range sources {
		if ids[i], err = s.EnsureSource(ctx, name, ""); err != nil {
			return "", err
		}
	}
	start := time.Now()
	g := &generator{rng: rand.New(rand.NewPCG(1, 2)), sources: ids}
	var batch []archive.Record
	for i := range n {
		batch = append(batch, g.records(i)...)
		if len(batch) >= batchSize || i == n-1 {
			if _, err := s.SaveBatch(ctx, batch); err != nil {
				return "", err
			}
			batch = batch[:0]
		}
	}
	fi, err := os.Stat(path)
	if err != nil {
		return "", err
	}
	fmt.Fprintf(os.Stderr, "filled %s with %d articles in %s (%.0f MB)\n", path, n, time.Since(start).Round(time.Second), float64(fi.Size())/1e6)
	return path, nil
}

// generator makes article i and its fetches, deterministically.
type generator struct {
	rng     *rand.Rand
	sources []int64
}

var t0 = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

func (g *generator) sentence(n int) string {
	ws := make([]string, n)
	for i := range ws {
		ws[i] = words[g.rng.IntN(len(words))]
	}
	ws[0] = strings.ToUpper(ws[0][:1]) + ws[0][1:]
	return strings.Join(ws, " ") + "."
}

// records returns the fetches of article i: one, or two when it is
// refetched or corrected.
func (g *generator) records(i int) []archive.Record {
	source := i % len(g.sources)
	u := fmt.Sprintf("https://%s.example/news/%d/story-%d", sources[source], i%97, i)
	at := t0.Add(time.Duration(i) * 10 * time.Minute)
	paras := make([]string, 4+g.rng.IntN(10)) // about 2 to 7 KB of text
	for j := range paras {
		paras[j] = g.sentence(40 + g.rng.IntN(40))
	}
	a := &parse.Article{
		URL: u, CanonicalURL: u, Title: g.sentence(9), Byline: "By Ann Writer and Bo Reporter",
		Authors: []string{"Ann Writer", "Bo Reporter"}, Published: &at, SiteName: sources[source],
		Language: "en", Description: g.sentence(20), TopImage: u + "/lead.jpg",
		Images: []parse.Image{{URL: u + "/lead.jpg", Alt: "lead", Caption: g.sentence(8)}},
		Tags:   []string{words[g.rng.IntN(len(words))], words[g.rng.IntN(len(words))]},
	}
	setText(a, paras)
	out := []archive.Record{record(g.sources[source], a, at)}
	switch {
	case i%refetchEvery == 0:
		out = append(out, record(g.sources[source], a, at.Add(6*time.Hour)))
	case i%editEvery == 0:
		edited := *a
		setText(&edited, append(paras, "Correction: an earlier version misstated the date."))
		out = append(out, record(g.sources[source], &edited, at.Add(3*time.Hour)))
	}
	return out
}

func setText(a *parse.Article, paras []string) {
	a.Text = strings.Join(paras, "\n\n")
	a.HTML = "<div><p>" + strings.Join(paras, "</p>\n<p>") + "</p></div>"
	a.ContentHash = parse.ContentHash(a.Text)
}

// record is the fetch of a page holding a: the article's HTML inside a
// page with the usual navigation and footer.
func record(source int64, a *parse.Article, at time.Time) archive.Record {
	page := fmt.Sprintf(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>%s</title>
<link rel="canonical" href="%s"><meta name="description" content="%s"></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a> <a href="/opinion">Opinion</a></nav>
<article><h1>%s</h1><p class="byline">%s</p>%s</article>
<footer>© %s · <a href="/privacy">Privacy</a> · <a href="/terms">Terms</a></footer></body></html>`,
		a.Title, a.CanonicalURL, a.Description, a.Title, a.Byline, a.HTML, a.SiteName)
	return archive.Record{
		Fetch: archive.Fetch{SourceID: source, RequestedURL: a.URL, FinalURL: a.URL, Method: "GET",
			Status: 200, Proto: "HTTP/1.1", RemoteIP: "203.0.113.9", FetchedAt: at,
			Header:        http.Header{"Content-Type": {"text/html; charset=utf-8"}, "Content-Encoding": {"gzip"}},
			RequestHeader: http.Header{"User-Agent": {"newsarchive"}}, Body: []byte(page)},
		Article: a,
	}
}
