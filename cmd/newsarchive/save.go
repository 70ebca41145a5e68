package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/crawler/fetch"
	"github.com/newsarchive/newsarchive/parse/urlnorm"
	"github.com/newsarchive/newsarchive/schedules/sourcerun"
)

// recordSaver is what scrape --save needs of an archive; a PostgreSQL
// store can stand in for *archive.Store.
type recordSaver interface {
	Save(ctx context.Context, r archive.Record) (archive.Saved, error)
}

var _ recordSaver = (*archive.Store)(nil)

// saveScraped stores a scraped page, and its article when it had one, in
// the archive at dbPath, and says on stderr what was stored. A fetch that
// failed before any response (timeout, refused connection) is stored as a
// failure with its error.
func saveScraped(ctx context.Context, e env, dbPath, rawURL string, s *scraped, scrapeErr error) error {
	var r archive.Record
	switch {
	case s != nil && s.Fetch != nil:
		r = archive.Record{Fetch: sourcerun.FetchRecord(s.Fetch), Article: s.Article}
		// The pages that forwarded here lead to the page's article.
		for _, f := range s.Forwards {
			r.Fetch.Via = append(r.Fetch.Via, f.RequestedURL, f.FinalURL)
		}
		if errors.Is(scrapeErr, errPageTooLarge) {
			r.Fetch.Err = scrapeErr.Error() // kept, cut, as the crawl keeps it
		}
	case scrapeErr != nil && fetchFailed(scrapeErr):
		failed := rawURL
		if s != nil && s.Failed != "" {
			failed = s.Failed // a page forwarded to
		}
		r = archive.Record{Fetch: archive.Fetch{RequestedURL: failed, FinalURL: failed, Method: "GET",
			FetchedAt: time.Now(), Err: scrapeErr.Error()}}
	default:
		return nil
	}
	log := slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	store, err := openArchive(ctx, dbPath, false, log)
	if err != nil {
		return err
	}
	defer store.Close()
	if s != nil {
		for _, f := range s.Forwards {
			if _, err := store.Save(ctx, archive.Record{Fetch: normalKeyed(sourcerun.FetchRecord(f))}); err != nil {
				return fmt.Errorf("save to %s: %w", dbPath, err)
			}
		}
	}
	r.Fetch = normalKeyed(r.Fetch)
	if err := saveRecord(ctx, e, store, dbPath, r); err != nil {
		return err
	}
	sourcerun.Compact(ctx, store, log, nil)
	return nil
}

// normalKeyed keys a fetch by its requested URL's normal form, as the
// crawl keys what it asks for, so that a crawl or a lookup finds the fetch
// under any spelling; the final URL stays as it was on the wire.
func normalKeyed(f archive.Fetch) archive.Fetch {
	if n, err := urlnorm.Normalize(f.RequestedURL); err == nil {
		f.RequestedURL = n
	}
	return f
}

// fetchFailed tells a failed exchange with a server, worth a record, from
// a URL that was never tried or an interrupted command.
func fetchFailed(err error) bool {
	var ue *fetch.URLError
	return !errors.As(err, &ue) && !errors.Is(err, context.Canceled)
}

func saveRecord(ctx context.Context, e env, store recordSaver, dbPath string, r archive.Record) error {
	saved, err := store.Save(ctx, r)
	if err != nil {
		return fmt.Errorf("save to %s: %w", dbPath, err)
	}
	switch {
	case r.Fetch.Err != "" || r.Fetch.Status >= 400:
		fmt.Fprintf(e.stderr, "archived failed fetch %d in %s\n", saved.FetchID, dbPath)
	case saved.ArticleID == 0:
		fmt.Fprintf(e.stderr, "archived fetch %d (no article) in %s\n", saved.FetchID, dbPath)
	case saved.NewVersion:
		fmt.Fprintf(e.stderr, "archived article %d, a new version (id %d), in %s\n", saved.ArticleID, saved.VersionID, dbPath)
	case saved.Reverted:
		fmt.Fprintf(e.stderr, "archived article %d, back to an earlier version (id %d), in %s\n", saved.ArticleID, saved.VersionID, dbPath)
	case saved.Copy:
		fmt.Fprintf(e.stderr, "archived as a copy of article %d (a page under another URL that names it; its text is no version of it), in %s\n",
			saved.ArticleID, dbPath)
	case saved.Duplicate:
		fmt.Fprintf(e.stderr, "archived as a copy of article %d (same text under another URL), version id %d, in %s\n",
			saved.ArticleID, saved.VersionID, dbPath)
	case saved.Refreshed:
		fmt.Fprintf(e.stderr, "archived article %d, its version (id %d) refreshed with this page's other fields, in %s\n",
			saved.ArticleID, saved.VersionID, dbPath)
	default:
		fmt.Fprintf(e.stderr, "archived article %d, unchanged (version id %d), in %s\n", saved.ArticleID, saved.VersionID, dbPath)
	}
	return nil
}
