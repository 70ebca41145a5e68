package archive

import (
	"context"
	"fmt"
	"os"
)

// Stats sums up what an archive holds.
type Stats struct {
	Articles      int64         `json:"articles"`
	Unindexed     int64         `json:"unindexed_articles"` // saved by a crawl, not in the search index yet
	Versions      int64         `json:"versions"`
	Aliases       int64         `json:"aliases"`
	Fetches       int64         `json:"fetches"`
	FailedFetches int64         `json:"failed_fetches"`
	Bodies        int64         `json:"distinct_bodies"`
	Uncompacted   int64         `json:"uncompacted_bodies"` // stored by ingest, awaiting Compact
	Damaged       int64         `json:"damaged_bodies"`     // found unreadable by Compact
	FetchedBytes  int64         `json:"fetched_bytes"`      // raw body bytes over all fetches
	RawBytes      int64         `json:"raw_bytes"`          // raw bytes of distinct bodies
	StoredBytes   int64         `json:"stored_bytes"`       // compressed bytes of distinct bodies (raw while spooled)
	DatabaseBytes int64         `json:"database_bytes"`     // with its WAL and spool
	Sources       []SourceStats `json:"sources"`
}

// SourceStats counts what one source contributed; Name is "" for fetches
// outside any source.
type SourceStats struct {
	Name     string `json:"name"`
	Articles int64  `json:"articles"`
	Versions int64  `json:"versions"`
	Fetches  int64  `json:"fetches"`
}

// robotsWithoutRules matches a robots.txt fetch answered 4xx: a site
// without rules (RFC 9309, 2.3.1.3), which a crawl reads as "allow all".
// Counted as a failed fetch, it gave every crawled host one failure in
// stats after a run without errors.
const robotsWithoutRules = `(status BETWEEN 400 AND 499 AND requested_url LIKE '%/robots.txt')`

// Stats counts rows and bytes in one read transaction, so the numbers
// agree with each other.
func (s *Store) Stats(ctx context.Context) (*Stats, error) {
	tx, err := s.readers.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("begin stats: %w", err)
	}
	defer tx.Rollback()
	var st Stats
	err = tx.QueryRowContext(ctx, `SELECT
		(SELECT COUNT(*) FROM articles),
		(SELECT COUNT(*) FROM versions),
		(SELECT COUNT(*) FROM aliases),
		(SELECT COUNT(*) FROM fetches),
		(SELECT COUNT(*) FROM fetches WHERE error <> '' OR status >= 400 AND NOT `+robotsWithoutRules+`),
		(SELECT COUNT(*) FROM bodies),
		(SELECT COALESCE(SUM(b.size), 0) FROM fetches f JOIN bodies b ON b.sha256 = f.body_sha256),
		(SELECT COALESCE(SUM(size), 0) FROM bodies),
		(SELECT COALESCE(SUM(stored_size), 0) FROM bodies),
		(SELECT COUNT(*) FROM bodies b WHERE `+pendingEncoding+` AND `+notDamaged+`),
		(SELECT COUNT(*) FROM damaged_bodies),
		(SELECT COUNT(*) FROM articles WHERE `+unindexedArticle+`)`).Scan(&st.Articles, &st.Versions,
		&st.Aliases, &st.Fetches, &st.FailedFetches, &st.Bodies, &st.FetchedBytes, &st.RawBytes, &st.StoredBytes,
		&st.Uncompacted, &st.Damaged, &st.Unindexed)
	if err != nil {
		return nil, fmt.Errorf("count: %w", err)
	}
	rows, err := tx.QueryContext(ctx, `SELECT COALESCE(src.name, ''),
		(SELECT COUNT(*) FROM articles a WHERE a.source_id IS src.id),
		(SELECT COUNT(*) FROM articles a JOIN versions v ON v.article_id = a.id WHERE a.source_id IS src.id),
		(SELECT COUNT(*) FROM fetches f WHERE f.source_id IS src.id)
		FROM (SELECT id, name FROM sources UNION ALL SELECT NULL, NULL) src
		ORDER BY src.name IS NULL, src.name`)
	if err != nil {
		return nil, fmt.Errorf("count per source: %w", err)
	}
	defer rows.Close()
	st.Sources = []SourceStats{}
	for rows.Next() {
		var ss SourceStats
		if err := rows.Scan(&ss.Name, &ss.Articles, &ss.Versions, &ss.Fetches); err != nil {
			return nil, fmt.Errorf("read source counts: %w", err)
		}
		if ss.Fetches > 0 || ss.Name != "" {
			st.Sources = append(st.Sources, ss)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("count per source: %w", err)
	}
	st.DatabaseBytes = s.fileBytes()
	return &st, nil
}

// fileBytes is the size on disk of the database with its WAL and its
// spool: after a crawl, before Compact, the spool holds most of it.
func (s *Store) fileBytes() int64 {
	var n int64
	for _, p := range []string{s.path, s.path + "-wal", s.spool.path} {
		if fi, err := os.Stat(p); err == nil {
			n += fi.Size()
		}
	}
	return n
}
