package main

import (
	"context"
	"fmt"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/crawler/fetch"
)

// fetchRecord maps the fetch path's response onto the archive's own record
// type; the archive knows nothing of the crawler.
func fetchRecord(r *fetch.Response) archive.Fetch {
	return archive.Fetch{
		RequestedURL:  r.RequestedURL,
		FinalURL:      r.FinalURL,
		Method:        r.Method,
		Status:        r.Status,
		Proto:         r.Proto,
		Header:        r.Header,
		RequestHeader: r.RequestHeader,
		RemoteIP:      r.RemoteIP,
		FetchedAt:     r.FetchedAt,
		Duration:      r.Duration,
		Truncated:     r.Truncated,
		Body:          r.Body,
	}
}

// recordSaver is what scrape --save needs of an archive; a PostgreSQL
// store can stand in for *archive.Store.
type recordSaver interface {
	Save(ctx context.Context, r archive.Record) (archive.Saved, error)
}

var _ recordSaver = (*archive.Store)(nil)

// saveScraped stores a scraped page, and its article when it had one, in
// the archive at dbPath, and says on stderr what was stored.
func saveScraped(ctx context.Context, e env, dbPath string, s *scraped) error {
	if s == nil || s.Fetch == nil {
		return nil
	}
	store, err := openArchive(ctx, dbPath, false)
	if err != nil {
		return err
	}
	defer store.Close()
	return saveRecord(ctx, e, store, dbPath, archive.Record{Fetch: fetchRecord(s.Fetch), Article: s.Article})
}

func saveRecord(ctx context.Context, e env, store recordSaver, dbPath string, r archive.Record) error {
	saved, err := store.Save(ctx, r)
	if err != nil {
		return fmt.Errorf("save to %s: %w", dbPath, err)
	}
	switch {
	case saved.ArticleID == 0:
		fmt.Fprintf(e.stderr, "archived fetch %d (no article) in %s\n", saved.FetchID, dbPath)
	case saved.NewVersion:
		fmt.Fprintf(e.stderr, "archived article %d, new version %d, in %s\n", saved.ArticleID, saved.VersionID, dbPath)
	default:
		fmt.Fprintf(e.stderr, "archived article %d, version %d unchanged, in %s\n", saved.ArticleID, saved.VersionID, dbPath)
	}
	return nil
}
