package archive

import (
	"context"
	"errors"
	"fmt"
)

// BodyProblem is a stored body that does not read back as it was
// received, found by VerifyBodies.
type BodyProblem struct {
	SHA256 string
	URL    string // the first page it was fetched from
	Err    error
}

// verifyPage is how many bodies VerifyBodies lists per query.
const verifyPage = 256

// VerifyBodies reads back every stored body, spooled or compacted, and
// checks it against the SHA-256 it was stored under (a fixity check, as
// archives run to find bit rot or a damaged spool), on all cores. It
// returns how many it checked and those that failed; progress, when not
// nil, is told the count as it goes.
func (s *Store) VerifyBodies(ctx context.Context, progress func(checked int)) (int, []BodyProblem, error) {
	var problems []BodyProblem
	checked, after := 0, int64(0)
	for {
		page, last, err := s.bodyPage(ctx, after)
		if err != nil || len(page) == 0 {
			return checked, problems, err
		}
		after = last
		errs := make([]error, len(page))
		forEach(len(page), func(i int) { _, errs[i] = s.Body(ctx, page[i].SHA256) })
		for i, err := range errs {
			switch {
			case errors.Is(err, ErrBodyUnreadable):
				page[i].Err = err
				problems = append(problems, page[i])
			case err != nil:
				return checked, problems, err
			}
		}
		checked += len(page)
		if progress != nil {
			progress(checked)
		}
	}
}

// bodyPage lists the next bodies after rowid after, each with the first
// page it came from, and the last rowid listed.
func (s *Store) bodyPage(ctx context.Context, after int64) ([]BodyProblem, int64, error) {
	rows, err := s.readers.QueryContext(ctx, `SELECT b.rowid, b.sha256,
		COALESCE((SELECT f.final_url FROM fetches f WHERE f.body_sha256 = b.sha256 ORDER BY f.id LIMIT 1), '')
		FROM bodies b WHERE b.rowid > ? ORDER BY b.rowid LIMIT ?`, after, verifyPage)
	if err != nil {
		return nil, 0, fmt.Errorf("list bodies: %w", err)
	}
	defer rows.Close()
	var page []BodyProblem
	last := after
	for rows.Next() {
		var b BodyProblem
		if err := rows.Scan(&last, &b.SHA256, &b.URL); err != nil {
			return nil, 0, fmt.Errorf("list bodies: %w", err)
		}
		page = append(page, b)
	}
	return page, last, rows.Err()
}
