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

// match is the version a page's content is filed under.
type match struct {
	id   int64  // the version; 0 for a new one
	hash string // the content hash of a new version
	// partial marks a version that holds the page's text under another
	// headline, the page not being the article's own (a copy with a
	// headline of its own): the page neither moves that version's
	// last_seen nor makes it the latest, so a replaced headline does not
	// read as live.
	partial bool
}

// storedVersion is what versionOf reads of a version.
type storedVersion struct {
	id         int64
	title, url string
}

// versionOf finds the version of article art that holds a's content: its
// text under the same headline. Else, a page whose text a version holds
// under another headline is:
//   - the version its very body gave, extracted again with that text (a
//     fixed title, in reparse or after an upgrade of the extractor);
//   - a headline edit, a new version hashed over headline and text
//     (titledHash), when it is the article's own page (its canonical
//     address, or the address of the version holding the text);
//   - else a partial match of the version holding the text: a copy (an AMP
//     page, a wire copy) with a headline of its own.
func versionOf(ctx context.Context, tx *writeTx, art *articleRow, f *Fetch, fetchID int64, a *parse.Article) (match, error) {
	text, err := versionByHash(ctx, tx, art.id, a.ContentHash)
	if err != nil || text == nil {
		return match{hash: a.ContentHash}, err
	}
	if sameHeadline(text.title, a.Title) {
		return match{id: text.id}, nil
	}
	hash := titledHash(a)
	titled, err := versionByHash(ctx, tx, art.id, hash)
	if err != nil || titled != nil {
		return match{id: idOf(titled)}, err
	}
	if id, err := versionFromBody(ctx, tx, art.id, fetchID, a); err != nil || id != 0 {
		return match{id: id}, err
	}
	if ownPage(ownURL(f, a), art, text) {
		if changed, err := extractorChange(ctx, tx, text.id, a); err != nil || changed {
			return match{id: text.id}, err
		}
		return match{hash: hash}, nil
	}
	return match{id: text.id, partial: true}, nil
}

// extractorChange reports whether a headline that differs from version
// id's over the same text comes from the extractor, not the publisher: the
// version's own stored page, extracted again with the store's current
// extractor, gives the new headline too (an upgrade that reads the visible
// <h1> where the old code took og:title). The page is then that version,
// whose fields the later page brings up to date (refreshFromLaterPage).
// False without an extractor, or when that page cannot be read back or
// extracted (it may be in this very transaction): the difference stays
// an edit, as it was.
func extractorChange(ctx context.Context, tx *writeTx, versionID int64, a *parse.Article) (bool, error) {
	if tx.store == nil || tx.store.extract == nil {
		return false, nil
	}
	var fetchID int64
	if err := tx.QueryRowContext(ctx, `SELECT fetch_id FROM versions WHERE id = ?`, versionID).Scan(&fetchID); err != nil {
		return false, fmt.Errorf("version %d: %w", versionID, err)
	}
	f, err := tx.store.FetchByID(ctx, fetchID)
	if err != nil || len(f.Body) == 0 {
		return false, nil
	}
	again, err := tx.store.extract(f.Page())
	return err == nil && sameHeadline(again.Title, a.Title), nil
}

// exactVersion is the version of an article holding a's text under a's
// headline, 0 when none does.
func exactVersion(ctx context.Context, tx *writeTx, articleID int64, a *parse.Article) (int64, error) {
	text, err := versionByHash(ctx, tx, articleID, a.ContentHash)
	if err != nil || text != nil && sameHeadline(text.title, a.Title) {
		return idOf(text), err
	}
	titled, err := versionByHash(ctx, tx, articleID, titledHash(a))
	return idOf(titled), err
}

func idOf(v *storedVersion) int64 {
	if v == nil {
		return 0
	}
	return v.id
}

// versionByHash is the article's version with a content hash, nil if none.
func versionByHash(ctx context.Context, tx *writeTx, articleID int64, hash string) (*storedVersion, error) {
	v := &storedVersion{}
	err := tx.QueryRowContext(ctx, `SELECT id, title, url FROM versions WHERE article_id = ? AND content_hash = ?`,
		articleID, hash).Scan(&v.id, &v.title, &v.url)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil, nil
	case err != nil:
		return nil, fmt.Errorf("find version: %w", err)
	}
	return v, nil
}

// versionFromBody is the article's version first extracted from the body
// a fetch got, when it holds a's text: the same page read again, its title
// extracted otherwise (a fixed extractor). 0 if none.
func versionFromBody(ctx context.Context, tx *writeTx, articleID, fetchID int64, a *parse.Article) (int64, error) {
	rows, err := tx.QueryContext(ctx, `SELECT v.id, v.text FROM versions v JOIN fetches first ON first.id = v.fetch_id
		JOIN fetches f ON f.body_sha256 = first.body_sha256 WHERE v.article_id = ? AND f.id = ?
		ORDER BY v.id DESC`, articleID, fetchID)
	if err != nil {
		return 0, fmt.Errorf("find version of body: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var text string
		if err := rows.Scan(&id, &text); err != nil {
			return 0, fmt.Errorf("find version of body: %w", err)
		}
		if parse.ContentHash(text) == a.ContentHash {
			return id, nil
		}
	}
	return 0, rows.Err()
}

// ownPage reports whether a page fetched from own is the article's own:
// its canonical address, or the address the version holding its text came
// from (up to scheme, www. and a trailing slash; see sameAddress).
func ownPage(own string, art *articleRow, text *storedVersion) bool {
	if own == "" {
		return false
	}
	if sameAddress(own, art.canonicalURL) {
		return true
	}
	n, err := urlnorm.Normalize(text.url)
	return err == nil && sameAddress(n, own)
}

// titledHash is the content hash of a version whose text an earlier
// version holds under another headline: over headline and text, so the
// two are told apart, while the text's own hash (a.ContentHash, which
// finds the same story under other URLs) stays with the first.
func titledHash(a *parse.Article) string {
	return parse.ContentHash(a.Title + "\x00" + a.Text) // extracted text holds no NUL
}

func sameHeadline(a, b string) bool {
	return strings.Join(strings.Fields(a), " ") == strings.Join(strings.Fields(b), " ")
}
