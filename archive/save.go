package archive

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"

	"github.com/newsarchive/newsarchive/parse"
)

// ErrNoBody is returned for an article whose fetch has no raw body: every
// version must be re-extractable from its snapshot.
var ErrNoBody = errors.New("article without the raw page it came from")

// Record is one fetch and, when the page held one, the article parse
// extracted from it.
type Record struct {
	Fetch   Fetch
	Article *parse.Article // nil for failures and pages that are not articles
	// KeepQueued records the fetch but leaves its URL's request in the
	// frontier (Frontier.SaveBatch): an answer the crawler will ask again
	// (429 or 503, retried), so a process killed while it waits resumes it.
	KeepQueued bool
	// Forward is the address a page without an article sends its reader
	// to by refresh <meta>: its addresses lead to the article there, as
	// a redirect's do.
	Forward string
}

// Saved tells what a Record became.
type Saved struct {
	FetchID    int64
	ArticleID  int64 // 0 when the record had no article
	VersionID  int64
	NewArticle bool // the article was not known before
	NewVersion bool // its content differs from every stored version
	// Duplicate is set for content the archive held under another URL
	// (syndicated or AMP copies, a story filed twice): the URL became an
	// alias of that article.
	Duplicate bool
	// Refreshed is set when the version the page holds took this page's
	// other fields (a corrected date, a new section; see
	// refreshFromLaterPage).
	Refreshed bool
	// Reverted is set when the page went back to an earlier version of the
	// article, which is its latest again: no new version, but the latest
	// text changed.
	Reverted bool
	// Copy is set, with Duplicate, for a copy that names the article (an
	// AMP page) whose text differs a little from the version its own page
	// gave: kept as a fetch and an alias, not as a version (VersionID is
	// the version it matches, else the latest).
	Copy bool
}

// Save stores one record in its own transaction.
func (s *Store) Save(ctx context.Context, r Record) (Saved, error) {
	out, err := s.SaveBatch(ctx, []Record{r})
	if err != nil {
		return Saved{}, err
	}
	return out[0], nil
}

// SaveBatch stores records in one transaction: all of them or none. Bodies
// are hashed in parallel before the write lock is taken.
// It is safe for concurrent use; writers queue on the single write
// connection.
func (s *Store) SaveBatch(ctx context.Context, rs []Record) ([]Saved, error) {
	bodies, err := s.prepareBodies(ctx, rs)
	if err != nil {
		return nil, err
	}
	tx, err := s.begin(ctx)
	if err != nil {
		return nil, fmt.Errorf("begin save: %w", describe(err))
	}
	defer tx.Rollback()
	out := make([]Saved, len(rs))
	for i := range rs {
		if out[i], err = s.saveRecord(ctx, tx, &rs[i], bodies[i]); err != nil {
			return nil, fmt.Errorf("save %s: %w", rs[i].Fetch.RequestedURL, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("commit save: %w", describe(err))
	}
	return out, nil
}

func (s *Store) saveRecord(ctx context.Context, tx *writeTx, r *Record, b *body) (Saved, error) {
	if r.Article != nil && r.Fetch.Body == nil {
		return Saved{}, ErrNoBody
	}
	f := r.Fetch // a copy: the caller's record is left as it was
	if f.FetchedAt.IsZero() {
		f.FetchedAt = s.now()
	}
	if err := s.insertBody(ctx, tx, b); err != nil {
		return Saved{}, err
	}
	fetchID, err := s.insertFetch(ctx, tx, &f, b)
	if err != nil {
		return Saved{}, err
	}
	out := Saved{FetchID: fetchID}
	if r.Article == nil {
		switch {
		case f.Status == http.StatusNotModified:
			return out, s.seenUnchanged(ctx, tx, &f)
		case unfollowed(&f):
			return out, fileRedirect(ctx, tx, &f, f.Header.Get("Location"))
		case r.Forward != "":
			return out, fileRedirect(ctx, tx, &f, r.Forward)
		}
		return out, nil
	}
	if err := s.saveArticle(ctx, tx, &f, fetchID, r.Article, &out); err != nil {
		return Saved{}, err
	}
	return out, nil
}

// seenUnchanged moves the last_seen of the article a URL leads to, and of
// its latest version, to a 304's time: the server said the page has not
// changed since the copy archived, as a fetch of the same content would.
// A URL that leads to no article (a listing) changes nothing.
func (s *Store) seenUnchanged(ctx context.Context, tx *writeTx, f *Fetch) error {
	ts := formatTime(f.FetchedAt)
	var id, latest int64
	err := tx.QueryRowContext(ctx, `SELECT id, latest_version_id FROM articles WHERE id = (`+articleOfURL+`)`,
		f.RequestedURL, f.RequestedURL).Scan(&id, &latest)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("article of %s: %w", f.RequestedURL, err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE versions SET last_seen = ? WHERE id = ? AND last_seen < ?`, ts, latest, ts); err != nil {
		return fmt.Errorf("version %d last seen: %w", latest, err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE articles SET last_seen = ? WHERE id = ? AND last_seen < ?`, ts, id, ts); err != nil {
		return fmt.Errorf("article %d last seen: %w", id, err)
	}
	return nil
}
