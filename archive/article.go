package archive

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/newsarchive/newsarchive/parse"
	"github.com/newsarchive/newsarchive/parse/urlnorm"
)

// ErrNoURL is returned for an article without any http(s) URL to key it by.
var ErrNoURL = errors.New("article has no http(s) url")

// articleKey is the normalised canonical URL an article is stored under:
// its declared canonical URL, else the URL it was parsed from, else the
// fetch's final URL.
func articleKey(f *Fetch, a *parse.Article) (string, error) {
	for _, u := range []string{a.CanonicalURL, a.URL, f.FinalURL, f.RequestedURL} {
		if n, err := urlnorm.Normalize(u); err == nil {
			return n, nil
		}
	}
	return "", ErrNoURL
}

// saveArticle files an extracted article under its identity: a known
// article, an alias of one, or the same content found elsewhere; then adds
// a version or moves the last_seen of an existing one.
func (s *Store) saveArticle(ctx context.Context, tx *writeTx, f *Fetch, fetchID int64, a *parse.Article, out *Saved) error {
	key, err := articleKey(f, a)
	if err != nil {
		return err
	}
	if a.ContentHash == "" {
		// Versions are told apart by this hash; never let it be blank.
		withHash := *a
		withHash.ContentHash = parse.ContentHash(a.Text)
		a = &withHash
	}
	seen, own := f.FetchedAt, ownURL(f, a)
	art, byContent, err := resolveArticle(ctx, tx, key, a)
	if err != nil {
		return err
	}
	if art != nil && !byContent {
		if key, art, err = checkClaim(ctx, tx, key, art, own, a); err != nil {
			return err
		}
	}
	art, moved, err := followMove(ctx, tx, art, key, f, a)
	if err != nil {
		return err
	}
	out.Duplicate = byContent && !moved
	if art == nil {
		if art, err = insertArticle(ctx, tx, key, f.SourceID, seen); err != nil {
			return err
		}
		out.NewArticle = true
	}
	out.ArticleID = art.id
	// The URL the page claims stays with an article it led to first; those
	// the fetch went through lead here now.
	if err := addAliases(ctx, tx, art, seen, keepOwner, key); err != nil {
		return err
	}
	if err := addAliases(ctx, tx, art, seen, takeOver, append([]string{a.URL, f.FinalURL, f.RequestedURL}, f.Via...)...); err != nil {
		return err
	}
	if copied, err := copiesOwnPage(ctx, tx, art, own, a); err != nil || copied {
		if err == nil {
			err = saveCopy(ctx, tx, art, fetchID, a, seen, out)
		}
		return err
	}
	partial, err := upsertVersion(ctx, tx, art, f, fetchID, a, seen, out)
	if err != nil || partial {
		return err
	}
	latest, err := touchArticle(ctx, tx, art, out.VersionID, seen, f)
	// A page gone back to an earlier text: not new, but the article's
	// latest text changed.
	out.Reverted = err == nil && !out.NewVersion && art.latestVersion != 0 && latest == out.VersionID &&
		latest != art.latestVersion
	return err
}

// articleRow is the part of an article row the write path needs.
type articleRow struct {
	id            int64
	canonicalURL  string
	firstSeen     string
	lastSeen      string
	latestVersion int64
	// indexedVersion is the version the full-text index holds, 0 for none.
	indexedVersion int64
}

// resolveArticle finds the article a key names: by canonical URL, by alias,
// or, failing both, by identical content stored under another URL
// (syndication, AMP copies), which byContent reports. Nil means a new
// article.
func resolveArticle(ctx context.Context, tx *writeTx, key string, a *parse.Article) (art *articleRow, byContent bool, err error) {
	type lookup struct {
		sql, arg  string
		byContent bool
	}
	lookups := []lookup{
		{sql: `SELECT id FROM articles WHERE canonical_url = ?`, arg: key},
		{sql: `SELECT article_id FROM aliases WHERE url = ?`, arg: key},
	}
	if a.Text != "" && a.ContentHash != "" {
		lookups = append(lookups, lookup{sql: `SELECT article_id FROM versions WHERE content_hash = ? ORDER BY id LIMIT 1`,
			arg: a.ContentHash, byContent: true})
	}
	for _, q := range lookups {
		var id int64
		err := tx.QueryRowContext(ctx, q.sql, q.arg).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return nil, false, fmt.Errorf("resolve article %s: %w", key, err)
		}
		art, err := loadArticleRow(ctx, tx, id)
		return art, q.byContent, err
	}
	return nil, false, nil
}

// checkClaim keeps a page under the article its key led to when the claim
// holds (see claimHolds); otherwise the page is keyed by its own URL, and
// files under the article that is its canonical URL, or a new one.
func checkClaim(ctx context.Context, tx *writeTx, key string, art *articleRow, own string, a *parse.Article) (string, *articleRow, error) {
	holds, err := claimHolds(ctx, tx, art, key, own, a)
	if err != nil || holds {
		return key, art, err
	}
	var id int64
	err = tx.QueryRowContext(ctx, `SELECT id FROM articles WHERE canonical_url = ?`, own).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return own, nil, nil
	}
	if err != nil {
		return "", nil, fmt.Errorf("resolve article %s: %w", own, err)
	}
	art, err = loadArticleRow(ctx, tx, id)
	return own, art, err
}

func loadArticleRow(ctx context.Context, tx *writeTx, id int64) (*articleRow, error) {
	r := &articleRow{id: id}
	var latest, indexed sql.NullInt64
	err := tx.QueryRowContext(ctx, `SELECT canonical_url, first_seen, last_seen, latest_version_id, indexed_version_id
		FROM articles WHERE id = ?`, id).Scan(&r.canonicalURL, &r.firstSeen, &r.lastSeen, &latest, &indexed)
	if err != nil {
		return nil, fmt.Errorf("load article %d: %w", id, err)
	}
	r.latestVersion, r.indexedVersion = latest.Int64, indexed.Int64
	return r, nil
}

func insertArticle(ctx context.Context, tx *writeTx, key string, sourceID int64, seen time.Time) (*articleRow, error) {
	ts := formatTime(seen)
	if err := dropAlias(ctx, tx, key); err != nil {
		return nil, err
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO articles (canonical_url, source_id, first_seen, last_seen)
		VALUES (?, ?, ?, ?)`, key, nullID(sourceID), ts, ts)
	if err != nil {
		return nil, fmt.Errorf("insert article %s: %w", key, err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return nil, err
	}
	return &articleRow{id: id, canonicalURL: key, firstSeen: ts, lastSeen: ts}, nil
}

// dropAlias removes the alias a URL had once it becomes an article's
// canonical URL: lookups prefer the canonical URL, and the row would
// contradict it.
func dropAlias(ctx context.Context, tx *writeTx, url string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM aliases WHERE url = ?`, url); err != nil {
		return fmt.Errorf("drop alias %s: %w", url, err)
	}
	return nil
}

// How an alias meets an alias of another article for its URL.
const (
	// keepOwner leaves the URL to the article it led to first.
	keepOwner = `DO NOTHING`
	// takeOver gives it to this article: a URL leads to the article it led
	// to last (an address that redirected to one story and now serves
	// another, a "latest" link).
	takeOver = `DO UPDATE SET article_id = excluded.article_id, first_seen = excluded.first_seen
		WHERE article_id <> excluded.article_id`
)

// addAliases records the other URLs that led to an article; onConflict
// (keepOwner or takeOver) says what becomes of one another article has as
// an alias. A URL that is an article's canonical URL stays that article's.
func addAliases(ctx context.Context, tx *writeTx, art *articleRow, seen time.Time, onConflict string, urls ...string) error {
	for _, raw := range urls {
		u, err := urlnorm.Normalize(raw)
		if err != nil || u == art.canonicalURL {
			continue
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO aliases (url, article_id, first_seen)
			SELECT ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM articles WHERE canonical_url = ?)
			ON CONFLICT (url) `+onConflict, u, art.id, formatTime(seen), u)
		if err != nil {
			return fmt.Errorf("insert alias %s: %w", u, err)
		}
	}
	return nil
}

// upsertVersion adds a version for new content, or moves last_seen of the
// version that holds it and brings its fields up to a later page (see
// refreshFromLaterPage). It sets out's version, whether it is new or
// refreshed, and reports whether the page only shares that version's text
// (see match.partial).
func upsertVersion(ctx context.Context, tx *writeTx, art *articleRow, f *Fetch, fetchID int64, a *parse.Article, seen time.Time, out *Saved) (partial bool, err error) {
	ts := formatTime(seen)
	m, err := versionOf(ctx, tx, art, f, fetchID, a)
	out.VersionID = m.id
	switch {
	case err != nil:
		return false, err
	case m.partial:
		return true, nil
	case m.id != 0:
		if out.Refreshed, err = refreshFromLaterPage(ctx, tx, art, m.id, fetchID, f, a); err != nil {
			return false, err
		}
		_, err = tx.ExecContext(ctx, `UPDATE versions SET last_seen = ? WHERE id = ? AND last_seen < ?`, ts, m.id, ts)
		if err != nil {
			return false, fmt.Errorf("update version %d: %w", m.id, err)
		}
		return false, nil
	}
	out.VersionID, err = insertVersion(ctx, tx, art.id, f, fetchID, a, m.hash, ts)
	out.NewVersion = err == nil
	return false, err
}

func insertVersion(ctx context.Context, tx *writeTx, articleID int64, f *Fetch, fetchID int64, a *parse.Article, hash, ts string) (int64, error) {
	lists, err := jsonLists(a)
	if err != nil {
		return 0, err
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO versions (article_id, content_hash, fetch_id, run_id,
		source_id, first_seen, last_seen, url, title, byline, authors, published, modified, site_name,
		section, language, description, text, html, images, top_image, tags)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		articleID, hash, fetchID, nullID(f.RunID), nullID(f.SourceID), ts, ts, a.URL,
		a.Title, a.Byline, lists[0], formatZonedPtr(a.Published), formatZonedPtr(a.Modified),
		a.SiteName, a.Section, a.Language, a.Description, a.Text, a.HTML, lists[1], a.TopImage, lists[2])
	if err != nil {
		return 0, fmt.Errorf("insert version: %w", err)
	}
	return res.LastInsertId()
}

// jsonLists encodes authors, images and tags, never as JSON null, with
// <, > and & as they are (as exports write them).
func jsonLists(a *parse.Article) ([3]string, error) {
	var out [3]string
	for i, v := range []any{nonNil(a.Authors), nonNilImages(a.Images), nonNil(a.Tags)} {
		var b strings.Builder
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(v); err != nil {
			return out, fmt.Errorf("encode article lists: %w", err)
		}
		out[i] = strings.TrimSuffix(b.String(), "\n")
	}
	return out, nil
}

// touchArticle widens the article's seen window and, when this fetch is
// its newest, makes the version just seen the latest and re-indexes it,
// unless the transaction leaves indexing to IndexPending. It returns the
// article's latest version.
func touchArticle(ctx context.Context, tx *writeTx, art *articleRow, versionID int64, seen time.Time, f *Fetch) (int64, error) {
	ts := formatTime(seen)
	latest := art.latestVersion
	if ts >= art.lastSeen || latest == 0 {
		latest = versionID
	} else if latest != versionID {
		again, err := extractsLatestAgain(ctx, tx, latest, f)
		if err != nil {
			return 0, err
		}
		if again {
			latest = versionID
		}
	}
	_, err := tx.ExecContext(ctx, `UPDATE articles SET first_seen = MIN(first_seen, ?),
		last_seen = MAX(last_seen, ?), latest_version_id = ? WHERE id = ?`, ts, ts, latest, art.id)
	if err != nil {
		return 0, fmt.Errorf("update article %d: %w", art.id, err)
	}
	if tx.indexLater || latest == art.indexedVersion {
		return latest, nil
	}
	return latest, indexArticle(ctx, tx, art.id, art.indexedVersion, latest)
}

// extractsLatestAgain reports a fetch of the very body the latest
// version was extracted from: a reparse's new extraction of it is the
// latest text, however long ago the body came and whatever sightings
// (the same text at another address) came after it.
func extractsLatestAgain(ctx context.Context, tx *writeTx, latest int64, f *Fetch) (bool, error) {
	if f == nil || f.BodySHA256 == "" {
		return false, nil
	}
	var n int
	err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM versions v JOIN fetches b ON b.id = v.fetch_id
		WHERE v.id = ? AND b.body_sha256 = ? AND b.final_url = ?`, latest, f.BodySHA256, f.FinalURL).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("read version %d: %w", latest, err)
	}
	return n > 0, nil
}

// indexArticle swaps the article's entry in the full-text index from the
// version it holds to another and records which it holds now.
func indexArticle(ctx context.Context, tx *writeTx, articleID, indexed, latest int64) error {
	if err := reindex(ctx, tx, indexed, latest); err != nil {
		return err
	}
	return markIndexed(ctx, tx, articleID, latest)
}

// markIndexed records which version of the article the index holds.
func markIndexed(ctx context.Context, tx *writeTx, articleID, version int64) error {
	_, err := tx.ExecContext(ctx, `UPDATE articles SET indexed_version_id = ? WHERE id = ?`, version, articleID)
	if err != nil {
		return fmt.Errorf("update article %d: %w", articleID, err)
	}
	return nil
}

// reindex swaps the article's entry in the full-text index from one
// version to another. Values are passed one row at a time: an INSERT ...
// SELECT would open a statement savepoint, at which FTS5 flushes its
// pending terms into a new tiny segment on every save.
func reindex(ctx context.Context, tx *writeTx, oldID, newID int64) error {
	if oldID != 0 {
		if err := indexRow(ctx, tx, oldID, true); err != nil {
			return fmt.Errorf("unindex version %d: %w", oldID, err)
		}
	}
	if err := indexRow(ctx, tx, newID, false); err != nil {
		return fmt.Errorf("index version %d: %w", newID, err)
	}
	return nil
}

// indexRow adds a version's row to the index, or deletes it: an external
// content index must be handed back the values it indexed, which
// search_source gives (migration 0012). A row whose fields hold CJK
// letters or wide forms is indexed in its index form (see indexForm), the
// values kept in search_split.
func indexRow(ctx context.Context, tx *writeTx, id int64, remove bool) error {
	var title, byline, text string
	from := "versions"
	if remove {
		from = "search_source"
	}
	err := tx.QueryRowContext(ctx, `SELECT title, byline, text FROM `+from+` WHERE id = ?`, id).Scan(&title, &byline, &text)
	if err != nil {
		return err
	}
	if remove {
		_, err = tx.ExecContext(ctx, `INSERT INTO search (search, rowid, title, byline, text)
			VALUES ('delete', ?, ?, ?, ?)`, id, title, byline, text)
		if err == nil {
			_, err = tx.ExecContext(ctx, `DELETE FROM search_split WHERE version_id = ?`, id)
		}
		return err
	}
	if title, byline, text, err = keepSplit(ctx, tx, id, title, byline, text); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO search (rowid, title, byline, text) VALUES (?, ?, ?, ?)`,
		id, title, byline, text)
	return err
}

// keepSplit returns a version's fields as the index is to hold them. Those
// of a version with CJK letters or wide forms are put in their index form
// and recorded in search_split
// (a version leaves it as it leaves the index, see indexRow). A DELETE
// and a plain INSERT, not INSERT OR REPLACE: that one opens a statement
// savepoint, at which FTS5 flushes the terms pending in the transaction
// into a segment of their own, so a batch of articles became a segment
// per CJK article, each to be merged again.
func keepSplit(ctx context.Context, tx *writeTx, id int64, title, byline, text string) (string, string, string, error) {
	if !anyIndexForm(title, byline, text) {
		return title, byline, text, nil
	}
	title, byline, text = indexForm(title), indexForm(byline), indexForm(text)
	_, err := tx.ExecContext(ctx, `DELETE FROM search_split WHERE version_id = ?`, id)
	if err != nil {
		return "", "", "", err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO search_split (version_id, title, byline, text)
		VALUES (?, ?, ?, ?)`, id, title, byline, text)
	return title, byline, text, err
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func nonNilImages(s []parse.Image) []parse.Image {
	if s == nil {
		return []parse.Image{}
	}
	return s
}
