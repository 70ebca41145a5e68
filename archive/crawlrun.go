package archive

import (
	"context"
	"fmt"
	"time"
)

// RunCancelled is the status of a run stopped before it was done; what it
// fetched is kept and its frontier waits for the next run.
const RunCancelled = "cancelled"

// RunCounts are what a crawl run did to articles and how much it read,
// besides the fetches, articles and errors of RunResult.
type RunCounts struct {
	New       int64 // articles archived for the first time
	Updated   int64 // articles whose content changed
	Unchanged int64 // articles fetched again with the same content
	// Refreshed are articles fetched again with the same headline and
	// text whose latest version took the page's other fields (see
	// Saved.Refreshed).
	Refreshed int64
	// Duplicates are articles whose content was archived under another
	// URL: filed as aliases of it.
	Duplicates int64
	Bytes      int64 // body bytes received
}

// SetRunCounts records a run's article counts; FinishRun records the rest.
func (s *Store) SetRunCounts(ctx context.Context, runID int64, c RunCounts) error {
	_, err := s.execID(ctx, `UPDATE runs SET new_articles = ?, updated_articles = ?,
		unchanged_articles = ?, refreshed_articles = ?, duplicate_articles = ?, bytes = ? WHERE id = ?`,
		c.New, c.Updated, c.Unchanged, c.Refreshed, c.Duplicates, c.Bytes, runID)
	if err != nil {
		return fmt.Errorf("run %d counts: %w", runID, err)
	}
	return nil
}

// RunCountsOf returns the article counts recorded for a run.
func (s *Store) RunCountsOf(ctx context.Context, runID int64) (RunCounts, error) {
	var c RunCounts
	err := s.readers.QueryRowContext(ctx, `SELECT new_articles, updated_articles, unchanged_articles,
		refreshed_articles, duplicate_articles, bytes FROM runs WHERE id = ?`, runID).Scan(
		&c.New, &c.Updated, &c.Unchanged, &c.Refreshed, &c.Duplicates, &c.Bytes)
	return c, notFound(err, fmt.Sprintf("run %d", runID))
}

// LastStored returns the newest successful fetch of a URL that kept a body,
// without the body: the page a crawler reads again when the server answers
// a conditional request with 304 (which has no body of its own), and the
// validators to send next time.
func (s *Store) LastStored(ctx context.Context, u string) (*Fetch, error) {
	row := s.readRow(ctx, `SELECT `+fetchColumns+` FROM fetches WHERE id = (
		SELECT MAX(id) FROM (
			SELECT MAX(id) AS id FROM fetches WHERE requested_url = ?
				AND status BETWEEN 200 AND 299 AND body_sha256 IS NOT NULL AND error = ''
			UNION ALL SELECT MAX(id) FROM fetches WHERE final_url = ?
				AND status BETWEEN 200 AND 299 AND body_sha256 IS NOT NULL AND error = '') AS last)`, u, u)
	f, err := scanFetch(row)
	if err != nil {
		return nil, notFound(err, "stored fetch of "+u)
	}
	return f, nil
}

// LastPage returns the newest fetch of a URL that kept a body, whatever
// its status (an error page is a page too), without the body.
func (s *Store) LastPage(ctx context.Context, u string) (*Fetch, error) {
	row := s.readRow(ctx, `SELECT `+fetchColumns+` FROM fetches WHERE id = (
		SELECT MAX(id) FROM (
			SELECT MAX(id) AS id FROM fetches WHERE requested_url = ? AND body_sha256 IS NOT NULL
			UNION ALL SELECT MAX(id) FROM fetches WHERE final_url = ? AND body_sha256 IS NOT NULL) AS last)`, u, u)
	f, err := scanFetch(row)
	if err != nil {
		return nil, notFound(err, "stored page of "+u)
	}
	return f, nil
}

// Attempt is the newest fetch of a URL, whatever came of it.
type Attempt struct {
	At     time.Time
	Status int // 0 when no response came
	// Failed is set when the fetch was recorded with an error.
	Failed bool
	// MovedTo is the normalised address permanent redirects alone (301,
	// 308) sent the URL's request to, followed or answered as such; ""
	// when the fetch was not so redirected (see movedTo).
	MovedTo string
}

// LastAttempt returns the newest fetch of a URL (requested, or reached by
// a redirect), failed or not: when a crawl last asked, and what it was
// told. ErrNotFound when it never asked.
func (s *Store) LastAttempt(ctx context.Context, u string) (Attempt, error) {
	var (
		a      Attempt
		at     string
		header string
		f      Fetch
	)
	err := s.readRow(ctx, `SELECT fetched_at, status, error <> '', requested_url, final_url, moved,
		CASE WHEN status BETWEEN 300 AND 399 THEN response_headers ELSE '' END FROM fetches WHERE id = (
		SELECT MAX(id) FROM (
			SELECT MAX(id) AS id FROM fetches WHERE requested_url = ?
			UNION ALL SELECT MAX(id) FROM fetches WHERE final_url = ?) AS last)`, u, u).Scan(
		&at, &a.Status, &a.Failed, &f.RequestedURL, &f.FinalURL, &f.Moved, &header)
	if err != nil {
		return a, notFound(err, "fetch of "+u)
	}
	if !a.Failed {
		f.Status, f.Header = a.Status, parseHeader(header)
		a.MovedTo = movedTo(u, &f)
	}
	a.At, err = parseTime(at)
	return a, err
}

// ArticleFirstSeen returns the id of the article a URL leads to (its
// canonical URL or an alias) and when it was first archived; ErrNotFound
// when none.
func (s *Store) ArticleFirstSeen(ctx context.Context, u string) (int64, time.Time, error) {
	var (
		id int64
		at string
	)
	err := s.readRow(ctx, `SELECT id, first_seen FROM articles WHERE id = (`+articleOfURL+`)`, u, u).Scan(&id, &at)
	if err != nil {
		return 0, time.Time{}, notFound(err, "article "+u)
	}
	first, err := parseTime(at)
	return id, first, err
}
