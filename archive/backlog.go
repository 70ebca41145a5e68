package archive

import (
	"context"
	"fmt"
)

// LaterURL is a URL a crawl found and could not fetch within its page
// budget, kept for the source's next run.
type LaterURL struct {
	URL   string
	Kind  string // the crawler's name for what the URL is
	Depth int
}

// MaxLater bounds the URLs a source keeps for later: a sitemap lists at
// most 50,000, and a source's backlog past twice that is worked through
// over many runs anyway.
const MaxLater = 100_000

// Later returns the URLs the source's last complete run left for later,
// in the order it found them.
func (f *Frontier) Later(ctx context.Context) ([]LaterURL, error) {
	rows, err := f.s.readers.QueryContext(ctx, `SELECT url, kind, depth FROM frontier_later WHERE source_id = ? ORDER BY seq`, f.sourceID)
	if err != nil {
		return nil, fmt.Errorf("frontier later: %w", err)
	}
	defer rows.Close()
	var out []LaterURL
	for rows.Next() {
		var l LaterURL
		if err := rows.Scan(&l.URL, &l.Kind, &l.Depth); err != nil {
			return nil, fmt.Errorf("frontier later: %w", err)
		}
		out = append(out, l)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("frontier later: %w", err)
	}
	return out, nil
}

// KeepForLater replaces the URLs the source keeps for later by those of
// the run just completed (at most MaxLater of them), and returns how many
// it kept: what the earlier run left and this one neither fetched nor
// found out of budget again is done with.
func (f *Frontier) KeepForLater(ctx context.Context, later []LaterURL) (int, error) {
	tx, err := f.s.begin(ctx)
	if err != nil {
		return 0, fmt.Errorf("frontier later: %w", describe(err))
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `DELETE FROM frontier_later WHERE source_id = ?`, f.sourceID); err != nil {
		return 0, fmt.Errorf("frontier later: %w", describe(err))
	}
	kept := 0
	for i, l := range later[:min(len(later), MaxLater)] {
		res, err := tx.ExecContext(ctx, `INSERT INTO frontier_later (source_id, seq, url, kind, depth) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (source_id, url) DO NOTHING`, f.sourceID, i, l.URL, l.Kind, l.Depth)
		if err != nil {
			return 0, fmt.Errorf("frontier later: %w", describe(err))
		}
		n, _ := res.RowsAffected() // the driver always knows
		kept += int(n)
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("frontier later: %w", describe(err))
	}
	return kept, nil
}
