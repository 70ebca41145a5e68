package sourcerun

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/crawler"
	"github.com/newsarchive/newsarchive/crawler/fetch"
	"github.com/newsarchive/newsarchive/parse"
)

// TestCrawlStoreIndexesItsArticles: the crawl's writer leaves the search
// index to batches, and has indexed every article it saved once it is
// closed, whether more or fewer than a batch were saved.
func TestCrawlStoreIndexesItsArticles(t *testing.T) {
	for _, n := range []int{3, indexEvery + 5} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			ctx := context.Background()
			s, err := archive.Open(ctx, filepath.Join(t.TempDir(), "a.db"), archive.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			src, err := s.EnsureSource(ctx, "courier", "h")
			if err != nil {
				t.Fatal(err)
			}
			front, _, err := s.Frontier(ctx, src)
			if err != nil {
				t.Fatal(err)
			}
			cs := newCrawlStore(s, front, src, 0, slog.New(slog.NewTextHandler(io.Discard, nil)), nil, nil, lockWait{})
			for i := range n {
				if _, err := cs.Save(ctx, indexedRecord(i)); err != nil {
					t.Fatal(err)
				}
			}
			cs.Close()
			if st, err := s.Stats(ctx); err != nil || st.Unindexed != 0 {
				t.Fatalf("articles left out of the index: %+v, %v", st, err)
			}
			hits, err := s.Search(ctx, archive.Query{Text: "harbour", Limit: 1000})
			if err != nil || len(hits) != n {
				t.Errorf("search found %d of %d articles, %v", len(hits), n, err)
			}
		})
	}
}

// TestCrawlStoreCountsDuplicates: an article whose text the archive holds
// under another URL is counted a duplicate, not a new or unchanged one;
// the same URL fetched again is unchanged.
func TestCrawlStoreCountsDuplicates(t *testing.T) {
	ctx := context.Background()
	s, err := archive.Open(ctx, filepath.Join(t.TempDir(), "a.db"), archive.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	cs := newCrawlStore(s, nil, 0, 0, slog.New(slog.NewTextHandler(io.Discard, nil)), nil, nil, lockWait{})
	first, again, copied := indexedRecord(1), indexedRecord(1), indexedRecord(1)
	again.Response.FetchedAt = again.Response.FetchedAt.Add(time.Hour)
	amp := "https://courier.example/amp/news/1"
	copied.URL, copied.Response.RequestedURL, copied.Response.FinalURL = amp, amp, amp
	copied.Article.URL, copied.Article.CanonicalURL = amp, amp
	for _, r := range []crawler.Record{first, again, copied} {
		if _, err := cs.Save(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	cs.Close()
	st := cs.counts(crawler.Stats{})
	if st.New != 1 || st.Unchanged != 1 || st.Duplicates != 1 || st.Updated != 0 {
		t.Errorf("counts %+v; want 1 new, 1 unchanged, 1 duplicate", st)
	}
}

func indexedRecord(i int) crawler.Record {
	u := fmt.Sprintf("https://courier.example/news/%d", i)
	text := fmt.Sprintf("The harbour reopened after storm number %d.", i)
	return crawler.Record{Source: "courier", URL: u,
		Response: &fetch.Response{RequestedURL: u, FinalURL: u, Method: "GET", Status: 200, Proto: "HTTP/1.1",
			FetchedAt: time.Date(2026, 3, 1, 12, 0, i, 0, time.UTC),
			Header:    http.Header{"Content-Type": {"text/html"}}, Body: []byte("<p>" + text + "</p>")},
		Article: &parse.Article{URL: u, CanonicalURL: u, Title: "Harbour", Text: text, ContentHash: parse.ContentHash(text)},
	}
}

// TestUnansweredFetchRecord: a fetch that got no response is dated when
// its request left, and lasts until it failed; one that never left is
// dated when it failed.
func TestUnansweredFetchRecord(t *testing.T) {
	sent := time.Now().Add(-20 * time.Second)
	for _, tt := range []struct {
		name         string
		sent         time.Time
		wantDuration bool
	}{
		{"sent", sent, true},
		{"never sent", time.Time{}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var s crawlStore
			f := s.record(crawler.Record{URL: "https://news.example/a", SentAt: tt.sent, Err: errors.New("timeout")}).Fetch
			if tt.wantDuration && (!f.FetchedAt.Equal(sent) || f.Duration < 20*time.Second) {
				t.Errorf("fetched at %v lasting %v, want %v lasting 20 s or more", f.FetchedAt, f.Duration, sent)
			}
			if !tt.wantDuration && (time.Since(f.FetchedAt) > time.Minute || f.Duration != 0) {
				t.Errorf("fetched at %v lasting %v, want now and 0", f.FetchedAt, f.Duration)
			}
		})
	}
}
