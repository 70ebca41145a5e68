package archive

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/newsarchive/newsarchive/parse"
	"github.com/newsarchive/newsarchive/parse/urlnorm"
)

// An article moves when its address redirects to a new page of the same
// story (a slug rewritten with the headline), and two articles that turn
// out to be one story are merged.

// followMove handles a fetch that asked for an article's canonical URL
// and was redirected to a page of the same story under key (a slug
// rewritten with the headline). With no article at key (art nil, or the
// moved article itself, found by its text or with key as its alias), the
// moved one takes key as its canonical URL and keeps its history (see
// movesWithin); when the crawl met the new address first and filed it as
// its own article, the moved article's history joins it. Either way the old address becomes an alias. It returns the article
// the page is filed under and whether the article moved to key.
func followMove(ctx context.Context, tx *writeTx, art *articleRow, key string, f *Fetch, a *parse.Article) (*articleRow, bool, error) {
	moved, err := movedFrom(ctx, tx, key, f, a)
	switch {
	case err != nil || moved == nil:
		return art, false, err
	}
	// Not a move onto a copy on another site, or onto an address that
	// redirected elsewhere (a /latest page).
	if ok, err := movesWithin(ctx, tx, moved.id, moved.canonicalURL, key); err != nil || !ok {
		return art, false, err
	}
	if art != nil && moved.id != art.id {
		return art, false, mergeArticle(ctx, tx, moved, art)
	}
	// No article at key, or the moved one found under key by its text or
	// as an alias (key met before the move was seen: a listing names the
	// new slug).
	if err := dropAlias(ctx, tx, key); err != nil {
		return nil, false, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE articles SET canonical_url = ? WHERE id = ?`, key, moved.id); err != nil {
		return nil, false, fmt.Errorf("move article %d to %s: %w", moved.id, key, err)
	}
	moved.canonicalURL = key
	return moved, true, nil
}

// movesWithin reports whether article id, filed under its old address,
// may move to key (or join the article filed there): on the same site
// only; not to an address that ever redirected elsewhere (a /latest page
// points at one story, then at the next) unless the article's own page
// was there (a slug change reverted); and to an address that is an alias
// already only when key itself served the story (a page fetched there
// without a redirect).
func movesWithin(ctx context.Context, tx *writeTx, id int64, old, key string) (bool, error) {
	if siteOf(old) != siteOf(key) {
		return false, nil
	}
	redirected, err := redirectedElsewhere(ctx, tx, key)
	if err != nil {
		return false, err
	}
	var ok bool
	err = tx.QueryRowContext(ctx, `SELECT (?3 = 0 OR EXISTS (SELECT 1 FROM versions WHERE article_id = ?2 AND url = ?1))
		AND (NOT EXISTS (SELECT 1 FROM aliases WHERE url = ?1)
			OR EXISTS (SELECT 1 FROM fetches WHERE requested_url = ?1 AND final_url = requested_url
				AND status BETWEEN 200 AND 299))`, key, id, redirected).Scan(&ok)
	if err != nil {
		return false, fmt.Errorf("fetches of %s: %w", key, err)
	}
	return ok, nil
}

// siteOf is the host of a normalised URL without a leading "www.".
func siteOf(u string) string {
	rest := strings.TrimPrefix(strings.TrimPrefix(u, "https://"), "http://")
	host, _, _ := strings.Cut(rest, "/")
	return strings.TrimPrefix(host, "www.")
}

// movedFrom finds the article whose canonical URL the fetch asked for,
// when the fetch was redirected to key and its page is the same story;
// nil otherwise (a removed story redirected to a newer one is another).
func movedFrom(ctx context.Context, tx *writeTx, key string, f *Fetch, a *parse.Article) (*articleRow, error) {
	old, err := urlnorm.Normalize(f.RequestedURL)
	if err != nil || old == key {
		return nil, nil
	}
	var id int64
	err = tx.QueryRowContext(ctx, `SELECT id FROM articles WHERE canonical_url = ?`, old).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("resolve article %s: %w", old, err)
	}
	art, err := loadArticleRow(ctx, tx, id)
	if err != nil || art.latestVersion == 0 {
		return nil, err
	}
	text, err := latestText(ctx, tx, art)
	if err != nil {
		return nil, err
	}
	if !sameStory(text, a.Text) {
		return nil, nil
	}
	return art, nil
}

// mergeArticle moves the history of from into into and deletes from:
// its versions (one whose text and headline into has already gives that
// version its earlier first_seen), its aliases and its canonical URL,
// which becomes an alias. from leaves the search index; into's entry
// stays.
func mergeArticle(ctx context.Context, tx *writeTx, from, into *articleRow) error {
	if err := retitleClashes(ctx, tx, from.id, into.id); err != nil {
		return fmt.Errorf("merge article %d into %d: %w", from.id, into.id, err)
	}
	if from.indexedVersion != 0 {
		if err := indexRow(ctx, tx, from.indexedVersion, true); err != nil {
			return fmt.Errorf("unindex version %d: %w", from.indexedVersion, err)
		}
	}
	for _, q := range []string{
		`UPDATE versions AS v SET first_seen = MIN(v.first_seen, o.first_seen), last_seen = MAX(v.last_seen, o.last_seen)
			FROM versions AS o WHERE v.article_id = ?2 AND o.article_id = ?1 AND o.content_hash = v.content_hash`,
		`DELETE FROM versions WHERE article_id = ?1 AND content_hash IN (SELECT content_hash FROM versions WHERE article_id = ?2)`,
		`UPDATE versions SET article_id = ?2 WHERE article_id = ?1`,
		`UPDATE aliases SET article_id = ?2 WHERE article_id = ?1`,
		`UPDATE articles SET first_seen = MIN(first_seen, (SELECT first_seen FROM articles WHERE id = ?1)) WHERE id = ?2`,
		`DELETE FROM articles WHERE id = ?1`,
	} {
		if _, err := tx.ExecContext(ctx, q, from.id, into.id); err != nil {
			return fmt.Errorf("merge article %d into %d: %w", from.id, into.id, err)
		}
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO aliases (url, article_id, first_seen) VALUES (?, ?, ?)
		ON CONFLICT (url) DO UPDATE SET article_id = excluded.article_id`, from.canonicalURL, into.id, from.firstSeen)
	if err != nil {
		return fmt.Errorf("merge article %d into %d: %w", from.id, into.id, err)
	}
	return nil
}

// retitleClashes gives a version of article from that shares its content
// hash with a version of into under another headline the hash of its
// headline and text (titledHash), so that the merge keeps it as a version
// of its own rather than dropping it as a double.
func retitleClashes(ctx context.Context, tx *writeTx, from, into int64) error {
	rows, err := tx.QueryContext(ctx, `SELECT f.id, f.title, f.text FROM versions f JOIN versions i
		ON i.content_hash = f.content_hash AND i.article_id = ?2 WHERE f.article_id = ?1`, from, into)
	if err != nil {
		return err
	}
	type clash struct {
		id   int64
		hash string
	}
	var clashes []clash
	for rows.Next() {
		var c clash
		var a parse.Article
		if err := rows.Scan(&c.id, &a.Title, &a.Text); err != nil {
			rows.Close()
			return err
		}
		c.hash = titledHash(&a)
		clashes = append(clashes, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, c := range clashes {
		if _, err := tx.ExecContext(ctx, `UPDATE versions SET content_hash = ?1 WHERE id = ?2 AND NOT EXISTS (
			SELECT 1 FROM versions v JOIN versions i ON i.content_hash = v.content_hash AND i.title = v.title
			WHERE v.id = ?2 AND i.article_id = ?3)`, c.hash, c.id, into); err != nil {
			return err
		}
	}
	return nil
}
