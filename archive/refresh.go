package archive

import (
	"context"
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
	indexed, err := isIndexed(ctx, tx, versionID)
	if err != nil {
		return false, err
	}
	if indexed {
		if err := indexRow(ctx, tx, versionID, true); err != nil { // with the values it indexed
			return false, fmt.Errorf("unindex version %d: %w", versionID, err)
		}
	}
	hash, err := refreshedHash(ctx, tx, versionID, a)
	if err != nil {
		return false, err
	}
	_, err = tx.ExecContext(ctx, `UPDATE versions SET title = ?, byline = ?, authors = ?, site_name = ?,
		section = ?, language = ?, description = ?, html = ?, images = ?, top_image = ?, tags = ?, published = ?,
		modified = ?, content_hash = ? WHERE id = ?`, want.title, want.byline, want.authors, want.siteName, want.section, want.language,
		want.description, want.html, want.images, want.topImage, want.tags, want.published, want.modified, hash, versionID)
	if err != nil {
		return false, fmt.Errorf("refresh version %d: %w", versionID, err)
	}
	if indexed {
		if err := indexRow(ctx, tx, versionID, false); err != nil {
			return false, fmt.Errorf("index version %d: %w", versionID, err)
		}
	}
	return true, nil
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

// isIndexed reports whether the full-text index holds the version.
func isIndexed(ctx context.Context, tx *writeTx, versionID int64) (bool, error) {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM articles WHERE indexed_version_id = ?`, versionID).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("look up the index of version %d: %w", versionID, err)
	}
	return n > 0, nil
}
