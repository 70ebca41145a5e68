package archive

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"hash/fnv"
	"strings"
	"time"

	"github.com/newsarchive/newsarchive/archive/worddiff"
	"github.com/newsarchive/newsarchive/parse"
	"github.com/newsarchive/newsarchive/parse/urlnorm"
)

// ownURL is the normalised address a page was fetched from, "" if none.
func ownURL(f *Fetch, a *parse.Article) string {
	for _, u := range []string{f.FinalURL, a.URL, f.RequestedURL} {
		if n, err := urlnorm.Normalize(u); err == nil {
			return n
		}
	}
	return ""
}

// claimHolds tells whether a page fetched from own, which declares key as
// its canonical URL, is the article art it was filed under by key (art's
// canonical URL, or an alias: a URL that once redirected to art, or a
// copy of its text). Templates give whole sites one canonical URL, a URL
// that once redirected to an article may later serve a story of its own,
// and a syndicated copy found first may hold the publisher's page as an
// alias. The claim holds for the article's own text (and headline, for a
// page that names itself), or for a page that gave the article a version
// before. A page that names itself (key is
// own) is otherwise its own article: its new text is its own story, not
// an edit of the one it once copied or redirected to. A page that names
// another address holds it when it already led to the article (an AMP
// copy, however much the story was rewritten), or when its text shares
// enough of the article's to be the same story.
func claimHolds(ctx context.Context, tx *writeTx, art *articleRow, key, own string, a *parse.Article) (bool, error) {
	if own == "" || own == art.canonicalURL || art.latestVersion == 0 {
		return true, nil
	}
	if held, err := holdsContent(ctx, tx, art.id, key == own, a); err != nil || held {
		return held, err
	}
	served, err := servedBefore(ctx, tx, art.id, own)
	switch {
	case err != nil:
		return false, err
	case served:
		return servedStillHolds(ctx, tx, art, own, a)
	case key == own:
		return false, nil
	}
	if led, err := leadsTo(ctx, tx, own, art.id); err != nil || led {
		return led, err
	}
	text, err := latestText(ctx, tx, art)
	if err != nil {
		return false, err
	}
	return sameStory(text, a.Text), nil
}

// servedStillHolds tells whether a page from an address that gave the
// article a version before is still the article: always, unless the
// address has redirected elsewhere since (the story moved to a new slug),
// when only the same story holds it: a retired slug serving a new story
// is that story's, a reverted slug serving an edit the article's.
func servedStillHolds(ctx context.Context, tx *writeTx, art *articleRow, own string, a *parse.Article) (bool, error) {
	moved, err := redirectedElsewhere(ctx, tx, own)
	if err != nil || !moved {
		return !moved, err
	}
	text, err := latestText(ctx, tx, art)
	if err != nil {
		return false, err
	}
	return sameStory(text, a.Text), nil
}

// redirectedElsewhere reports whether a fetch asked for u ever ended at
// another address (one that only adds a query to u aside).
func redirectedElsewhere(ctx context.Context, tx *writeTx, u string) (bool, error) {
	var moved bool
	err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM fetches WHERE requested_url = ?1
		AND final_url <> requested_url AND final_url NOT LIKE requested_url || '?%')`, u).Scan(&moved)
	if err != nil {
		return false, fmt.Errorf("fetches of %s: %w", u, err)
	}
	return moved, nil
}

// holdsContent reports whether the article has a version of a's text, and
// for a page that names itself (exact) under a's headline too: the
// publisher's page, filed first under the wire copy that carried its text,
// is its own article once its headline is its own.
func holdsContent(ctx context.Context, tx *writeTx, articleID int64, exact bool, a *parse.Article) (bool, error) {
	if exact {
		id, err := exactVersion(ctx, tx, articleID, a)
		return id != 0, err
	}
	v, err := versionByHash(ctx, tx, articleID, a.ContentHash)
	return v != nil, err
}

// latestText is the text of the article's latest version.
func latestText(ctx context.Context, tx *writeTx, art *articleRow) (string, error) {
	var text string
	err := tx.QueryRowContext(ctx, `SELECT text FROM versions WHERE id = ?`, art.latestVersion).Scan(&text)
	if err != nil {
		return "", fmt.Errorf("read version %d: %w", art.latestVersion, err)
	}
	return text, nil
}

// leadsTo tells whether url is an alias of the article.
func leadsTo(ctx context.Context, tx *writeTx, url string, articleID int64) (bool, error) {
	var one int
	err := tx.QueryRowContext(ctx, `SELECT 1 FROM aliases WHERE url = ? AND article_id = ?`, url, articleID).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("find alias %s: %w", url, err)
	}
	return true, nil
}

// servedBefore tells whether a version of the article came from the page
// at own: that page rewritten is still the article, however much of its
// text changed (a story whose canonical URL differs from its address by
// a trailing slash was split in two at its first rewrite).
func servedBefore(ctx context.Context, tx *writeTx, articleID int64, own string) (bool, error) {
	rows, err := tx.QueryContext(ctx, `SELECT DISTINCT url FROM versions WHERE article_id = ?`, articleID)
	if err != nil {
		return false, fmt.Errorf("read versions of article %d: %w", articleID, err)
	}
	defer rows.Close()
	for rows.Next() {
		var u string
		if err := rows.Scan(&u); err != nil {
			return false, fmt.Errorf("read versions of article %d: %w", articleID, err)
		}
		if n, err := urlnorm.Normalize(u); err == nil && n == own {
			return true, nil
		}
	}
	return false, rows.Err()
}

// sameStory tells two versions of one story from two stories: at least a
// quarter of the shorter text's runs of four words are in the other. Two
// stories share little more than a standard line or two; an edit keeps
// most of its text.
func sameStory(a, b string) bool {
	sa, sb := shingles(a), shingles(b)
	if len(sa) > len(sb) {
		sa, sb = sb, sa
	}
	if len(sa) == 0 {
		return len(sb) == 0
	}
	shared := 0
	for h := range sa {
		if _, ok := sb[h]; ok {
			shared++
		}
	}
	return 4*shared >= len(sa)
}

// shingles hashes the runs of four words of a text (the whole text when
// it is shorter), letter case aside.
func shingles(text string) map[uint64]struct{} {
	words := worddiff.Words(strings.ToLower(text))
	n := len(words) - 3
	if len(words) > 0 && n < 1 {
		n = 1
	}
	set := make(map[uint64]struct{}, max(n, 0))
	for i := 0; i < n; i++ {
		h := fnv.New64a()
		for _, w := range words[i:min(i+4, len(words))] {
			h.Write([]byte(w))
			h.Write([]byte{0})
		}
		set[h.Sum64()] = struct{}{}
	}
	return set
}

// copiesOwnPage tells a copy of an article, fetched from another URL than
// its canonical one (an AMP or syndicated page that names it), whose text
// differs from the latest version while that version came from the
// article's own page.
func copiesOwnPage(ctx context.Context, tx *writeTx, art *articleRow, own string, a *parse.Article) (bool, error) {
	if own == "" || own == art.canonicalURL || art.latestVersion == 0 {
		return false, nil
	}
	var hash, url string
	err := tx.QueryRowContext(ctx, `SELECT content_hash, url FROM versions WHERE id = ?`, art.latestVersion).Scan(&hash, &url)
	if err != nil {
		return false, fmt.Errorf("read version %d: %w", art.latestVersion, err)
	}
	n, err := urlnorm.Normalize(url)
	differs := hash != a.ContentHash && hash != titledHash(a)
	return differs && err == nil && sameAddress(n, art.canonicalURL) && !sameAddress(own, n), nil
}

// sameAddress tells two normalised URLs that name one page whatever their
// scheme, a leading "www." or a trailing slash: a page whose canonical URL
// differs from its address that way is the article's own page.
func sameAddress(a, b string) bool {
	return a == b || addressKey(a) == addressKey(b)
}

func addressKey(u string) string {
	u = strings.TrimPrefix(strings.TrimPrefix(u, "https://"), "http://")
	u = strings.TrimPrefix(u, "www.")
	path, query, _ := strings.Cut(u, "?")
	return strings.TrimSuffix(path, "/") + "?" + query
}

// saveCopy files such a copy: its fetch and its URL are kept, but its
// text, an extraction of the same story that differs by a line (an AMP
// page's footer), adds no version and never takes the place of the
// latest, which the article's own page gives. Fetched in turns, the two
// made the latest version flip at every fetch, and history read the
// footer as an edit. A copy whose text and headline the latest version
// holds moves its last_seen; one that a replaced version holds leaves that
// version's alone. The version a copy is filed under is the one holding
// its text and headline, or the one its very body gave (reparse refreshes
// that one's fields).
func saveCopy(ctx context.Context, tx *writeTx, art *articleRow, fetchID int64, a *parse.Article, seen time.Time, out *Saved) error {
	ts := formatTime(seen)
	out.VersionID, out.Duplicate, out.Copy = art.latestVersion, true, true
	id, err := copiedVersion(ctx, tx, art.id, fetchID, a)
	if err != nil || id == 0 {
		return err
	}
	out.VersionID = id
	if id != art.latestVersion {
		return nil // a replaced version does not read as live
	}
	if _, err := tx.ExecContext(ctx, `UPDATE versions SET last_seen = ? WHERE id = ? AND last_seen < ?`, ts, id, ts); err != nil {
		return fmt.Errorf("update version %d: %w", id, err)
	}
	// The article's last_seen stays its own page's: raised by a copy saved
	// a moment before an edit of that page, it kept the edit from
	// becoming the latest (see touchArticle).
	return nil
}

// copiedVersion is the version of an article holding a copy's text and
// headline, or the version its body gave; 0 if none.
func copiedVersion(ctx context.Context, tx *writeTx, articleID, fetchID int64, a *parse.Article) (int64, error) {
	id, err := exactVersion(ctx, tx, articleID, a)
	if err != nil || id != 0 {
		return id, err
	}
	return versionFromBody(ctx, tx, articleID, fetchID, a)
}
