package archive

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/newsarchive/newsarchive/parse"
)

// extracted is what extraction made of a version's content beside its
// text, as stored: the fields a better extractor may change while the text,
// and so the version, stays the same.
type extracted struct {
	title, byline, authors, siteName, section, language, description, html, images, topImage, tags string
	published, modified                                                                            any
}

func extractedOf(a *parse.Article) (extracted, error) {
	lists, err := jsonLists(a)
	if err != nil {
		return extracted{}, err
	}
	return extracted{title: a.Title, byline: a.Byline, authors: lists[0], siteName: a.SiteName,
		section: a.Section, language: a.Language, description: a.Description, html: a.HTML, images: lists[1],
		topImage: a.TopImage, tags: lists[2], published: formatZonedPtr(a.Published),
		modified: formatZonedPtr(a.Modified)}, nil
}

// refreshVersion rewrites, in place, the extracted fields of a version
// whose text a new extraction left as it was, when they differ: reparse
// brings a fixed title, date or author to the archive without a version
// the publisher never made. The search index, which holds the title and
// byline, is updated with it. It reports whether anything changed.
//
// Only a version extracted from the same page (URL and body) is refreshed:
// a syndicated copy filed under another article leaves that one alone.
func refreshVersion(ctx context.Context, tx *writeTx, versionID int64, f *Fetch, a *parse.Article) (bool, error) {
	var own int
	err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM versions v JOIN fetches f ON f.id = v.fetch_id
		WHERE v.id = ? AND f.body_sha256 = ? AND f.final_url = ?`, versionID, f.BodySHA256, f.FinalURL).Scan(&own)
	if err != nil || own == 0 {
		return false, err
	}
	want, err := extractedOf(a)
	if err != nil {
		return false, err
	}
	same, err := versionMatches(ctx, tx, versionID, want)
	if err != nil || same {
		return false, err
	}
	return true, rewriteVersion(ctx, tx, versionID, 0, a, want)
}

// refreshFromLaterPage brings a version up to a later fetch of the
// article's own page that holds the same headline and text but other
// metadata: a corrected date, a new section, a byline or a picture added.
// Text and headline make a version; these fields are what the page says
// of it now. The version keeps its first sighting and takes the later
// fetch as the snapshot its fields come from; what the earlier page said
// stays in that page's raw snapshot. A page that lost a field the version
// holds (a date, the authors) refreshes nothing: a page served without
// them is no evidence that they were withdrawn. It reports whether
// anything changed.
func refreshFromLaterPage(ctx context.Context, tx *writeTx, art *articleRow, versionID, fetchID int64, f *Fetch, a *parse.Article) (bool, error) {
	have, at, err := storedExtracted(ctx, tx, versionID)
	if err != nil || at.fetchID == fetchID || formatTime(f.FetchedAt) < at.lastSeen {
		return false, err
	}
	if !ownPage(ownURL(f, a), art, &storedVersion{url: at.url}) {
		return false, nil
	}
	want, err := extractedOf(a)
	if err != nil || want == have || have.lostIn(want) {
		return false, err
	}
	return true, rewriteVersion(ctx, tx, versionID, fetchID, a, want)
}

// rewriteVersion stores want as a version's extracted fields, with the
// fetch they came from when fetchID is not 0, and keeps the search index
// in step.
func rewriteVersion(ctx context.Context, tx *writeTx, versionID, fetchID int64, a *parse.Article, want extracted) error {
	indexed, err := isIndexed(ctx, tx, versionID)
	if err != nil {
		return err
	}
	if indexed {
		if err := indexRow(ctx, tx, versionID, true); err != nil { // with the values it indexed
			return fmt.Errorf("unindex version %d: %w", versionID, err)
		}
	}
	hash, err := refreshedHash(ctx, tx, versionID, a)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE versions SET title = ?, byline = ?, authors = ?, site_name = ?,
		section = ?, language = ?, description = ?, html = ?, images = ?, top_image = ?, tags = ?, published = ?,
		modified = ?, content_hash = ?, fetch_id = COALESCE(?, fetch_id) WHERE id = ?`, want.title, want.byline,
		want.authors, want.siteName, want.section, want.language, want.description, want.html, want.images,
		want.topImage, want.tags, want.published, want.modified, hash, nullID(fetchID), versionID)
	if err != nil {
		return fmt.Errorf("refresh version %d: %w", versionID, err)
	}
	if indexed {
		if err := indexRow(ctx, tx, versionID, false); err != nil {
			return fmt.Errorf("index version %d: %w", versionID, err)
		}
	}
	return nil
}

// versionPlace is where a stored version's fields came from.
type versionPlace struct {
	fetchID  int64
	lastSeen string
	url      string
}

// storedExtracted reads a version's extracted fields as extractedOf
// makes them, and where they came from.
func storedExtracted(ctx context.Context, tx *writeTx, versionID int64) (extracted, versionPlace, error) {
	var e extracted
	var at versionPlace
	var published, modified sql.NullString
	err := tx.QueryRowContext(ctx, `SELECT title, byline, authors, site_name, section, language, description,
		html, images, top_image, tags, published, modified, fetch_id, last_seen, url FROM versions WHERE id = ?`,
		versionID).Scan(&e.title, &e.byline, &e.authors, &e.siteName, &e.section, &e.language, &e.description,
		&e.html, &e.images, &e.topImage, &e.tags, &published, &modified, &at.fetchID, &at.lastSeen, &at.url)
	if err != nil {
		return e, at, fmt.Errorf("read version %d: %w", versionID, err)
	}
	e.published, e.modified = nullableString(published), nullableString(modified)
	return e, at, nil
}

// nullableString is a column's value as extractedOf gives it: nil for
// NULL.
func nullableString(s sql.NullString) any {
	if !s.Valid {
		return nil
	}
	return s.String
}

// lostIn reports whether a field e holds is empty in later.
func (e extracted) lostIn(later extracted) bool {
	pairs := [][2]any{{e.byline, later.byline}, {e.authors, later.authors}, {e.siteName, later.siteName},
		{e.section, later.section}, {e.language, later.language}, {e.description, later.description},
		{e.images, later.images}, {e.topImage, later.topImage}, {e.tags, later.tags},
		{e.published, later.published}, {e.modified, later.modified}}
	for _, p := range pairs {
		if !blank(p[0]) && blank(p[1]) {
			return true
		}
	}
	return false
}

// blank reports whether a stored field says nothing: NULL, "" or an empty
// JSON list.
func blank(v any) bool {
	return v == nil || v == "" || v == "[]"
}

// refreshedHash is the content hash of a version refreshed with a's
// fields. A version hashed over its text keeps that hash; one hashed over
// headline and text (a headline edit, see titledHash) takes the hash of
// its new headline, so the page read again later finds it; unless another
// version of the article has that hash already, when it keeps its own.
func refreshedHash(ctx context.Context, tx *writeTx, versionID int64, a *parse.Article) (string, error) {
	var hash string
	var articleID int64
	err := tx.QueryRowContext(ctx, `SELECT content_hash, article_id FROM versions WHERE id = ?`, versionID).Scan(&hash, &articleID)
	if err != nil {
		return "", fmt.Errorf("read version %d: %w", versionID, err)
	}
	if hash == a.ContentHash {
		return hash, nil
	}
	titled := titledHash(a)
	taken, err := versionByHash(ctx, tx, articleID, titled)
	if err != nil || taken != nil {
		return hash, err
	}
	return titled, nil
}

// versionMatches reports whether the stored version already holds want.
func versionMatches(ctx context.Context, tx *writeTx, versionID int64, want extracted) (bool, error) {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM versions WHERE id = ? AND title IS ? AND byline IS ?
		AND authors IS ? AND site_name IS ? AND section IS ? AND language IS ? AND description IS ? AND html IS ?
		AND images IS ? AND top_image IS ? AND tags IS ? AND published IS ? AND modified IS ?`,
		versionID, want.title, want.byline, want.authors, want.siteName, want.section, want.language, want.description,
		want.html, want.images, want.topImage, want.tags, want.published, want.modified).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("compare version %d: %w", versionID, err)
	}
	return n == 1, nil
}

// isIndexedQuery counts the articles whose indexed version is ?1.
const isIndexedQuery = `SELECT COUNT(*) FROM articles
	WHERE id = (SELECT article_id FROM versions WHERE id = ?1) AND indexed_version_id = ?1`

// isIndexed reports whether the full-text index holds the version. It
// looks at the version's own article by its key: indexed_version_id has no
// index, and a scan of every article per refresh made a reparse of a large
// archive quadratic.
func isIndexed(ctx context.Context, tx *writeTx, versionID int64) (bool, error) {
	var n int
	err := tx.QueryRowContext(ctx, isIndexedQuery, versionID).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("look up the index of version %d: %w", versionID, err)
	}
	return n > 0, nil
}
