package archive

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/newsarchive/newsarchive/parse/urlnorm"
)

// goSteps are the migrations' steps in Go, by schema version: each runs
// in its migration's transaction, after its SQL.
var goSteps = map[int]func(context.Context, *sql.Tx) error{
	14: func(ctx context.Context, tx *sql.Tx) error { return renormaliseURLs(ctx, tx, mayChange) },
	23: func(ctx context.Context, tx *sql.Tx) error { return renormaliseURLs(ctx, tx, everyKey) },
}

// keyFilter is the SQL test, for column col, of the keys a renormalising
// step reads: the others are in the normal form already.
type keyFilter func(col string) string

// mayChange is the SQL test for a key of column col that the normal form
// of migration 0014 may write otherwise: one with a percent-escape, a dot
// segment, or a byte a query must escape. Any other key is unchanged
// (checked by fuzzing the old form against the new), so the step reads
// only these.
func mayChange(col string) string {
	return "(" + col + ` LIKE '%\%%' ESCAPE '\' OR ` + col + ` LIKE '%/.%' OR ` +
		col + ` GLOB '*[^!-~]*' OR ` + col + ` GLOB '*["<>]*')`
}

// everyKey reads every key: normalising a URL in Go costs less than
// SQLite's LIKE and GLOB tests that would pick the few keys migration
// 0023 changes (its hosts, click ids and trailing dots hide anywhere in a
// key), 0.3 s against 7 s over 1.2 million keys.
func everyKey(string) string { return "1" }

// renormaliseURLs rewrites the URL keys the archive looks pages up by, of
// the rows mayDiffer selects, in their normal form: migration 0014 (RFC
// 3986's normal form) and 0023 (hosts beyond ASCII in their ASCII form,
// IPv6 literals in their canonical form, click ids dropped since 0014). Two articles whose canonical
// URLs become one are one story filed twice: the later joins the earlier
// (see mergeArticle), which keeps its id. Fetches keep their final_url as the server sent it.
// Requests an interrupted run left queued keep their spelling inside the
// serialised request, which only the crawler reads; it writes a request's
// URL in the normal form when it takes it, as its queue row now is.
func renormaliseURLs(ctx context.Context, sqlTx *sql.Tx, mayDiffer keyFilter) error {
	tx := &writeTx{Tx: sqlTx, stmts: &stmtCache{}}
	if err := renormaliseArticles(ctx, tx, mayDiffer); err != nil {
		return err
	}
	if err := renormaliseAliases(ctx, tx, mayDiffer); err != nil {
		return err
	}
	for _, t := range []struct {
		table  string
		unique bool
	}{{"frontier_seen", true}, {"frontier_later", true}, {"frontier_queue", false}} {
		if err := renormaliseColumn(ctx, tx, mayDiffer, t.table, "url", t.unique); err != nil {
			return err
		}
	}
	// Requests queued under two spellings of one URL are one request now.
	if _, err := tx.ExecContext(ctx, `DELETE FROM frontier_queue WHERE id NOT IN (
		SELECT MIN(id) FROM frontier_queue GROUP BY source_id, url)`); err != nil {
		return fmt.Errorf("frontier_queue: %w", err)
	}
	return renormaliseColumn(ctx, tx, mayDiffer, "fetches", "requested_url", false)
}

// renamed is a stored key and its normal form.
type renamed struct {
	id       int64 // the row's, where the step needs it
	old, new string
}

// changedKeys lists the keys of query's rows (id and URL) whose normal
// form differs from them. A URL that is not an http(s) address (a
// scrape's raw input) is left as it is.
func changedKeys(ctx context.Context, tx *writeTx, query string) ([]renamed, error) {
	rows, err := tx.QueryContext(ctx, query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []renamed
	for rows.Next() {
		var r renamed
		if err := rows.Scan(&r.id, &r.old); err != nil {
			return nil, err
		}
		if n, err := urlnorm.Normalize(r.old); err == nil && n != r.old {
			r.new = n
			out = append(out, r)
		}
	}
	return out, rows.Err()
}

// renormaliseArticles gives each article its canonical URL's normal form;
// of two articles whose URLs become one, the later joins the earlier.
func renormaliseArticles(ctx context.Context, tx *writeTx, mayDiffer keyFilter) error {
	keys, err := changedKeys(ctx, tx, `SELECT id, canonical_url FROM articles WHERE `+mayDiffer("canonical_url")+` ORDER BY id`)
	if err != nil {
		return fmt.Errorf("read articles: %w", err)
	}
	for _, k := range keys {
		var other int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM articles WHERE canonical_url = ?`, k.new).Scan(&other)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			err = renameArticle(ctx, tx, k)
		case err == nil && other < k.id:
			err = joinArticle(ctx, tx, k.id, other)
		case err == nil:
			// The earlier keeps its id (which notes and citations hold).
			if err = joinArticle(ctx, tx, other, k.id); err == nil {
				err = renameArticle(ctx, tx, k)
			}
		}
		if err != nil {
			return fmt.Errorf("article %d (%s): %w", k.id, k.old, err)
		}
	}
	return nil
}

func renameArticle(ctx context.Context, tx *writeTx, k renamed) error {
	if err := dropAlias(ctx, tx, k.new); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `UPDATE articles SET canonical_url = ? WHERE id = ?`, k.new, k.id)
	return err
}

// joinArticle merges article from into article into, whose latest version
// becomes the one seen last of both; the index takes it after the upgrade
// (Open runs IndexPending).
func joinArticle(ctx context.Context, tx *writeTx, from, into int64) error {
	f, err := loadArticleRow(ctx, tx, from)
	if err != nil {
		return err
	}
	t, err := loadArticleRow(ctx, tx, into)
	if err != nil {
		return err
	}
	if err := mergeArticle(ctx, tx, f, t); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE articles SET last_seen = MAX(last_seen, ?2),
		latest_version_id = (SELECT id FROM versions WHERE article_id = ?1 ORDER BY last_seen DESC, id DESC LIMIT 1)
		WHERE id = ?1`, into, f.lastSeen)
	return err
}

// renormaliseAliases writes aliases in their normal form. One that becomes
// an article's canonical URL is dropped (that URL is the article's); of two
// that become one, the one first seen later stays, as a URL leads to the
// article it led to last.
func renormaliseAliases(ctx context.Context, tx *writeTx, mayDiffer keyFilter) error {
	keys, err := changedKeys(ctx, tx, `SELECT rowid, url FROM aliases WHERE `+mayDiffer("url"))
	if err != nil {
		return fmt.Errorf("read aliases: %w", err)
	}
	for _, k := range keys {
		_, err := tx.ExecContext(ctx, `INSERT INTO aliases (url, article_id, first_seen)
			SELECT ?1, article_id, first_seen FROM aliases
			WHERE url = ?2 AND NOT EXISTS (SELECT 1 FROM articles WHERE canonical_url = ?1)
			ON CONFLICT (url) DO UPDATE SET article_id = excluded.article_id, first_seen = excluded.first_seen
			WHERE excluded.first_seen > aliases.first_seen`, k.new, k.old)
		if err == nil {
			err = dropAlias(ctx, tx, k.old)
		}
		if err != nil {
			return fmt.Errorf("alias %s: %w", k.old, err)
		}
	}
	return nil
}

// renormaliseColumn writes the URLs of one column in their normal form. In
// a table where a source holds a URL once (unique), a row whose normal form
// is there already goes.
func renormaliseColumn(ctx context.Context, tx *writeTx, mayDiffer keyFilter, table, col string, unique bool) error {
	keys, err := changedKeys(ctx, tx, `SELECT 0, `+col+` FROM `+table+` WHERE `+mayDiffer(col)+` GROUP BY `+col)
	if err != nil {
		return fmt.Errorf("read %s: %w", table, err)
	}
	update := `UPDATE ` + table
	if unique {
		update = `UPDATE OR IGNORE ` + table
	}
	for _, k := range keys {
		_, err := tx.ExecContext(ctx, update+` SET `+col+` = ? WHERE `+col+` = ?`, k.new, k.old)
		if err == nil && unique {
			_, err = tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE `+col+` = ?`, k.old)
		}
		if err != nil {
			return fmt.Errorf("%s %s: %w", table, k.old, err)
		}
	}
	return nil
}
