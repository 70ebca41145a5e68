package archive

import (
	"cmp"
	"context"
	"fmt"
	"slices"
)

// indexBatchSize is how many articles one IndexPending transaction adds
// to the full-text index. FTS5 writes a segment per transaction and merges
// segments as they pile up: at one or two articles a transaction that
// doubled the cost of indexing; from a few dozen on the cost per article
// stays flat (docs/benchmarks.md), and the write lock is held for a
// fraction of a second.
const indexBatchSize = 256

// pendingIndex is an article whose latest version the full-text index
// does not hold yet.
type pendingIndex struct {
	article, indexed, latest int64
}

// unindexedArticle keeps the articles whose latest version the full-text
// index does not hold yet; the partial index articles_unindexed (migration
// 0010) is built on this very expression, so queries must use it as is.
const unindexedArticle = `indexed_version_id IS NOT latest_version_id`

// IndexPending adds to the full-text index the latest versions of the
// articles saved without it (see Frontier.SaveBatch), replacing the
// versions it held for them, a batch per transaction, until none waits or
// ctx is done. It returns how many articles it indexed; what it committed
// stays committed.
func (s *Store) IndexPending(ctx context.Context) (int, error) {
	total := 0
	for {
		n, err := s.indexBatch(ctx)
		total += n
		if err != nil || n < indexBatchSize {
			return total, err
		}
	}
}

// indexBatch indexes up to indexBatchSize waiting articles in one
// transaction.
func (s *Store) indexBatch(ctx context.Context) (int, error) {
	tx, err := s.begin(ctx)
	if err != nil {
		return 0, fmt.Errorf("begin indexing: %w", describe(err))
	}
	defer tx.Rollback()
	pend, err := unindexed(ctx, tx)
	if err != nil || len(pend) == 0 {
		return 0, err
	}
	for _, op := range indexOps(pend) {
		if err := indexRow(ctx, tx, op.version, op.remove); err != nil {
			return 0, fmt.Errorf("index version %d: %w", op.version, err)
		}
	}
	for _, p := range pend {
		if err := markIndexed(ctx, tx, p.article, p.latest); err != nil {
			return 0, err
		}
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("commit indexing: %w", describe(err))
	}
	return len(pend), nil
}

// indexOp adds a version to the full-text index, or takes it out.
type indexOp struct {
	version int64
	remove  bool
}

// indexOps lists a batch's changes to the full-text index in the order of
// their versions' ids. FTS5 holds a transaction's terms in memory only
// while the rowids written rise: a lower one makes it flush them into a
// segment of their own. Swapping article by article (out 10, in 950, out
// 12, in 951...) wrote a segment for every edited article, each to be
// merged again.
func indexOps(pend []pendingIndex) []indexOp {
	ops := make([]indexOp, 0, 2*len(pend))
	for _, p := range pend {
		if p.indexed != 0 {
			ops = append(ops, indexOp{version: p.indexed, remove: true})
		}
		ops = append(ops, indexOp{version: p.latest})
	}
	slices.SortFunc(ops, func(a, b indexOp) int { return cmp.Compare(a.version, b.version) })
	return ops
}

// unindexed reads the next batch of articles waiting for the index,
// inside the transaction that indexes them, so no save slips between.
func unindexed(ctx context.Context, tx *writeTx) ([]pendingIndex, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, COALESCE(indexed_version_id, 0), latest_version_id
		FROM articles WHERE `+unindexedArticle+` ORDER BY id LIMIT ?`, indexBatchSize)
	if err != nil {
		return nil, fmt.Errorf("read articles to index: %w", err)
	}
	defer rows.Close()
	var out []pendingIndex
	for rows.Next() {
		var p pendingIndex
		if err := rows.Scan(&p.article, &p.indexed, &p.latest); err != nil {
			return nil, fmt.Errorf("read articles to index: %w", err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read articles to index: %w", err)
	}
	return out, nil
}

// UnindexedSelected counts the articles the filter would select but for
// its query that the search index does not hold yet: those the query
// cannot select.
func (s *Store) UnindexedSelected(ctx context.Context, f ExportFilter) (int64, error) {
	f.Query = ""
	where, args, err := s.exportWhere(ctx, f)
	if err != nil {
		return 0, err
	}
	from, _ := exportOrder(f, false)
	var n int64
	err = s.readers.QueryRowContext(ctx, `SELECT COUNT(DISTINCT a.id) FROM `+from+`
		LEFT JOIN fetches vf ON vf.id = v.fetch_id WHERE `+where+` AND a.`+unindexedArticle, args...).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count articles waiting for the search index: %w", err)
	}
	return n, nil
}

// Unindexed counts the articles whose latest version the full-text index
// does not hold yet: a crawl adds them as it goes, and one killed, or an
// upgrade cut short, leaves some for IndexPending.
func (s *Store) Unindexed(ctx context.Context) (int64, error) {
	var n int64
	err := s.readers.QueryRowContext(ctx, `SELECT COUNT(*) FROM articles WHERE `+unindexedArticle).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count articles waiting for the search index: %w", err)
	}
	return n, nil
}
