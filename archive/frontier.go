package archive

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// Frontier is the persistent frontier of one source's crawl: the URLs seen
// and the requests waiting, kept in the database so a crawl of a large site
// holds little in memory and a killed run resumes where it stopped. The
// requests are opaque bytes: the archive does not know the crawler's format.
type Frontier struct {
	s        *Store
	sourceID int64
}

// Frontier opens the frontier of a source. Requests a killed run had taken
// but not finished are put back in the queue; resumed is how many requests
// wait, 0 when the last run of the source completed.
func (s *Store) Frontier(ctx context.Context, sourceID int64) (f *Frontier, resumed int, err error) {
	if sourceID == 0 {
		return nil, 0, fmt.Errorf("frontier: no source")
	}
	f = &Frontier{s: s, sourceID: sourceID}
	if _, err := s.execID(ctx, `UPDATE frontier_queue SET taken = 0 WHERE source_id = ? AND taken = 1`,
		sourceID); err != nil {
		return nil, 0, fmt.Errorf("frontier: %w", err)
	}
	n, err := f.Pending(ctx)
	return f, n, err
}

// See marks a URL seen and reports whether it was not seen before.
func (f *Frontier) See(ctx context.Context, url string) (bool, error) {
	res, err := f.s.writer.ExecContext(ctx,
		`INSERT INTO frontier_seen (source_id, url) VALUES (?, ?) ON CONFLICT DO NOTHING`, f.sourceID, url)
	if err != nil {
		return false, fmt.Errorf("frontier see: %w", describe(err))
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// Push queues a request for a URL.
func (f *Frontier) Push(ctx context.Context, url string, request []byte) error {
	_, err := f.s.writer.ExecContext(ctx,
		`INSERT INTO frontier_queue (source_id, url, request) VALUES (?, ?, ?)`, f.sourceID, url, request)
	if err != nil {
		return fmt.Errorf("frontier push: %w", describe(err))
	}
	return nil
}

// ErrEmpty is returned by Pop when no request waits.
var ErrEmpty = errors.New("frontier is empty")

// Pop takes the oldest waiting request. It stays in the database, marked
// taken, until Done is called for its URL, so a request in flight when the
// process dies is fetched by the next run.
func (f *Frontier) Pop(ctx context.Context) ([]byte, error) {
	var req []byte
	err := f.s.writer.QueryRowContext(ctx, `UPDATE frontier_queue SET taken = 1 WHERE id = (
		SELECT id FROM frontier_queue WHERE source_id = ? AND taken = 0 ORDER BY id LIMIT 1)
		RETURNING request`, f.sourceID).Scan(&req)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrEmpty
	}
	if err != nil {
		return nil, fmt.Errorf("frontier pop: %w", describe(err))
	}
	return req, nil
}

// Pending counts the requests waiting.
func (f *Frontier) Pending(ctx context.Context) (int, error) {
	var n int
	err := f.s.readers.QueryRowContext(ctx,
		`SELECT COUNT(*) FROM frontier_queue WHERE source_id = ? AND taken = 0`, f.sourceID).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("frontier size: %w", describe(err))
	}
	return n, nil
}

// Done removes the requests of URLs whose fetches are saved.
func (f *Frontier) Done(ctx context.Context, urls ...string) error {
	if len(urls) == 0 {
		return nil
	}
	tx, err := f.s.writer.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("frontier done: %w", describe(err))
	}
	defer tx.Rollback()
	for _, u := range urls {
		if _, err := tx.ExecContext(ctx, `DELETE FROM frontier_queue WHERE source_id = ? AND url = ?`,
			f.sourceID, u); err != nil {
			return fmt.Errorf("frontier done: %w", describe(err))
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("frontier done: %w", describe(err))
	}
	return nil
}

// Clear forgets the source's seen URLs and waiting requests: the run is
// complete and the next one starts afresh.
func (f *Frontier) Clear(ctx context.Context) error {
	tx, err := f.s.writer.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("frontier clear: %w", describe(err))
	}
	defer tx.Rollback()
	for _, q := range []string{`DELETE FROM frontier_queue WHERE source_id = ?`,
		`DELETE FROM frontier_seen WHERE source_id = ?`} {
		if _, err := tx.ExecContext(ctx, q, f.sourceID); err != nil {
			return fmt.Errorf("frontier clear: %w", describe(err))
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("frontier clear: %w", describe(err))
	}
	return nil
}
