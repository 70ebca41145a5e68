package archive

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/newsarchive/newsarchive/parse"
)

// Extractor turns a stored page into an article; parse.Parse in
// production. An error matching parse.ErrNotArticle or parse.ErrNotHTML is
// counted, not fatal.
type Extractor func(parse.Page) (*parse.Article, error)

// ReparseResult counts what a Reparse did.
type ReparseResult struct {
	Snapshots   int `json:"snapshots"`    // distinct (url, body) pairs re-extracted
	Articles    int `json:"articles"`     // snapshots that yielded an article
	NewVersions int `json:"new_versions"` // extractions that differ from all stored versions
	// Refreshed are versions whose text stayed but whose other extracted
	// fields (title, dates, authors, clean HTML...) changed, rewritten in place.
	Refreshed   int `json:"refreshed"`
	NewArticles int `json:"new_articles"` // articles not known before
	Skipped     int `json:"skipped"`      // not an article, not HTML, or failed to extract
	Unreadable  int `json:"unreadable"`   // snapshots whose stored body could not be read back
}

// reparsePage is how many snapshots are read, extracted and written per
// transaction: small enough to keep memory and lock time low.
const reparsePage = 50

// Reparse re-runs extract over every successful stored snapshot (of one
// source when source is not "") and records new versions where the text
// changed; where only the other fields changed, the version they came from
// is refreshed in place (see refreshVersion). Each distinct body at a URL is extracted once, from its latest
// fetch.
func (s *Store) Reparse(ctx context.Context, source string, extract Extractor) (ReparseResult, error) {
	var res ReparseResult
	var sourceID int64
	if source != "" {
		id, err := s.SourceID(ctx, source)
		if err != nil {
			return res, err
		}
		sourceID = id
	}
	after := int64(0)
	for {
		ids, last, err := s.snapshotIDs(ctx, sourceID, after)
		if err != nil || len(ids) == 0 {
			return res, err
		}
		if err := s.reparseIDs(ctx, ids, extract, &res); err != nil {
			return res, err
		}
		after = last
	}
}

// snapshotsQuery pages through the successful fetches of a body (of
// source ?1, or of all when it is 0) whose (final URL, body) pair was not
// fetched successfully before, after fetch ?2, in the order they came,
// with the pair's latest fetch. It walks fetches from ?2 by their key and
// finds a fetch's pair through fetches_body: a GROUP BY of every fetch
// for each page made a reparse of a large archive quadratic (4.4 s a page
// at a million fetches, hours for the 2,200 pages of 110,000 snapshots;
// all of them are now listed in 3 s).
const snapshotsQuery = `SELECT
		(SELECT MAX(l.id) FROM fetches l WHERE l.body_sha256 = f.body_sha256 AND l.final_url = f.final_url
			AND l.status BETWEEN 200 AND 299 AND l.error = '' AND (?1 = 0 OR l.source_id = ?1)),
		f.id
	FROM fetches f
	WHERE f.id > ?2 AND f.body_sha256 IS NOT NULL
	AND f.status BETWEEN 200 AND 299 AND f.error = '' AND (?1 = 0 OR f.source_id = ?1)
	AND NOT EXISTS (SELECT 1 FROM fetches e WHERE e.body_sha256 = f.body_sha256 AND e.final_url = f.final_url
		AND e.id < f.id AND e.status BETWEEN 200 AND 299 AND e.error = '' AND (?1 = 0 OR e.source_id = ?1))
	ORDER BY f.id LIMIT ?3`

// snapshotIDs pages through the latest fetch of each distinct successful
// (final URL, body) pair, in the order the bodies were first fetched: the
// first body of a version is read again before the others that share its
// text (an ad rotated), so a title fixed on it is what they meet (see
// versionOf). It also returns the last body's first fetch, where the next
// page starts.
func (s *Store) snapshotIDs(ctx context.Context, sourceID, after int64) ([]int64, int64, error) {
	rows, err := s.readers.QueryContext(ctx, snapshotsQuery, sourceID, after, reparsePage)
	if err != nil {
		return nil, 0, fmt.Errorf("list snapshots: %w", err)
	}
	defer rows.Close()
	var ids []int64
	var first int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id, &first); err != nil {
			return nil, 0, fmt.Errorf("read snapshot id: %w", err)
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("list snapshots: %w", err)
	}
	return ids, first, nil
}

// reparsed is a stored snapshot and what extraction made of it.
type reparsed struct {
	f          *Fetch
	a          *parse.Article // nil when skipped
	unreadable bool           // its body could not be read back
}

// reparseIDs extracts a page of snapshots on all cores, then writes what
// they yielded in one transaction.
func (s *Store) reparseIDs(ctx context.Context, ids []int64, extract Extractor, res *ReparseResult) error {
	out := make([]reparsed, len(ids))
	errs := make([]error, len(ids))
	forEach(len(ids), func(i int) {
		out[i], errs[i] = s.reextract(ctx, ids[i], extract)
	})
	for _, err := range errs {
		if err != nil {
			return err // the first: one line, where each page's would make many
		}
	}
	// Counted once committed: a page stopped part-way counts nothing.
	page := ReparseResult{Snapshots: len(ids)}
	tx, err := s.begin(ctx)
	if err != nil {
		return fmt.Errorf("begin reparse: %w", describe(err))
	}
	defer tx.Rollback()
	for _, r := range out {
		switch {
		case r.unreadable:
			page.Unreadable++
			continue
		case r.a == nil:
			page.Skipped++
			continue
		}
		var saved Saved
		if err := s.saveArticle(ctx, tx, r.f, r.f.ID, r.a, &saved); err != nil {
			return fmt.Errorf("reparse %s: %w", r.f.FinalURL, err)
		}
		page.Articles++
		page.NewVersions += boolInt(saved.NewVersion)
		page.NewArticles += boolInt(saved.NewArticle)
		if !saved.NewVersion && saved.VersionID != 0 {
			refreshed, err := refreshVersion(ctx, tx, saved.VersionID, r.f, r.a)
			if err != nil {
				return fmt.Errorf("reparse %s: %w", r.f.FinalURL, err)
			}
			page.Refreshed += boolInt(refreshed || saved.Refreshed)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit reparse: %w", err)
	}
	res.add(page)
	return nil
}

// add counts the work of another page.
func (r *ReparseResult) add(o ReparseResult) {
	r.Snapshots += o.Snapshots
	r.Articles += o.Articles
	r.NewVersions += o.NewVersions
	r.Refreshed += o.Refreshed
	r.NewArticles += o.NewArticles
	r.Skipped += o.Skipped
	r.Unreadable += o.Unreadable
}

// reextract reads one snapshot and runs extract over it. A page that is
// not an article, or that extraction fails on, is skipped (logged if the
// failure is unexpected), not fatal.
func (s *Store) reextract(ctx context.Context, id int64, extract Extractor) (reparsed, error) {
	f, err := s.FetchByID(ctx, id)
	if errors.Is(err, ErrBodyUnreadable) {
		// One damaged snapshot must not keep the rest of the archive from
		// the current extractor; db check reports it.
		s.log.Warn("reparse: snapshot unreadable, skipped", slog.Int64("fetch", id), slog.String("error", err.Error()))
		return reparsed{unreadable: true}, nil
	}
	if err != nil {
		return reparsed{}, err
	}
	a, err := extract(f.Page())
	f.Body = nil // the body is stored; keep the page of work small in memory
	if err != nil {
		if !errors.Is(err, parse.ErrNotArticle) && !errors.Is(err, parse.ErrNotHTML) {
			s.log.Warn("reparse: extraction failed", slog.Int64("fetch", id), slog.String("url", f.FinalURL), slog.Any("err", err))
		}
		return reparsed{f: f}, nil
	}
	// Only an article's last sighting matters, and a listing page fetched
	// every run has thousands of fetches to walk.
	if at, cerr := s.confirmedUntil(ctx, f); cerr != nil {
		return reparsed{}, cerr
	} else if at.After(f.FetchedAt) {
		f.FetchedAt = at
	}
	return reparsed{f: f, a: a}, nil
}

// confirmedUntil is when the server last said a snapshot's page had not
// changed: the last 304 that answered its body, else its own fetch time.
// A 304 answers the validators the crawl sent, which came from the last
// stored body of the URL asked for, whether that URL was asked for or
// reached through a redirect (see LastStored): the 304 confirms that body,
// so it counts for the snapshot when that body is this one (its URL and
// content). Counted by the URL asked for alone, a 304 to a page whose
// last body came through a redirect from another address confirmed the
// page's previous body instead, and reparse moved a replaced version's
// last_seen to the 304 and made it the article's latest again.
func (s *Store) confirmedUntil(ctx context.Context, f *Fetch) (time.Time, error) {
	var at sql.NullString
	err := s.readers.QueryRowContext(ctx, `SELECT MAX(p.fetched_at) FROM fetches p
		WHERE p.status = 304 AND p.requested_url IN (
			SELECT requested_url FROM fetches WHERE final_url = ?1 AND body_sha256 = ?2 UNION SELECT ?1)
		AND EXISTS (SELECT 1 FROM fetches b WHERE b.final_url = ?1 AND b.body_sha256 = ?2 AND b.id = MAX(
			COALESCE((SELECT MAX(id) FROM fetches WHERE requested_url = p.requested_url AND id < p.id
				AND status BETWEEN 200 AND 299 AND body_sha256 IS NOT NULL AND error = ''), 0),
			COALESCE((SELECT MAX(id) FROM fetches WHERE final_url = p.requested_url AND id < p.id
				AND status BETWEEN 200 AND 299 AND body_sha256 IS NOT NULL AND error = ''), 0)))`,
		f.FinalURL, f.BodySHA256).Scan(&at)
	if err != nil {
		return time.Time{}, fmt.Errorf("304s of %s: %w", f.FinalURL, err)
	}
	if !at.Valid {
		return f.FetchedAt, nil
	}
	return parseTime(at.String)
}
