package archive

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/newsarchive/newsarchive/parse"
	"github.com/newsarchive/newsarchive/parse/urlnorm"
)

// Version is one stored extraction of an article.
type Version struct {
	ID           int64
	ArticleID    int64
	FetchID      int64 // the snapshot its fields were extracted from (see refreshFromLaterPage)
	SourceID     int64
	RunID        int64
	CanonicalURL string // the article's key
	FirstSeen    time.Time
	LastSeen     time.Time
	Article      parse.Article
}

// versionColumns is the column list scanVersion reads, in order; queries
// join versions v with articles a.
const versionColumns = `v.id, v.article_id, v.fetch_id, COALESCE(v.source_id, 0), COALESCE(v.run_id, 0),
	a.canonical_url, v.first_seen, v.last_seen, v.url, v.title, v.byline, v.authors, v.published,
	v.modified, v.site_name, v.section, v.language, v.description, v.text, v.html, v.images, v.top_image,
	v.tags, v.content_hash`

func scanVersion(row scanner) (*Version, error) {
	var (
		v                     Version
		first, last           string
		pub, mod              sql.NullString
		authors, images, tags string
	)
	a := &v.Article
	err := row.Scan(&v.ID, &v.ArticleID, &v.FetchID, &v.SourceID, &v.RunID, &v.CanonicalURL,
		&first, &last, &a.URL, &a.Title, &a.Byline, &authors, &pub, &mod, &a.SiteName,
		&a.Section, &a.Language, &a.Description, &a.Text, &a.HTML, &images, &a.TopImage, &tags, &a.ContentHash)
	if err != nil {
		return nil, err
	}
	a.CanonicalURL = v.CanonicalURL
	if v.FirstSeen, err = parseTime(first); err != nil {
		return nil, err
	}
	if v.LastSeen, err = parseTime(last); err != nil {
		return nil, err
	}
	if a.Published, err = parseTimePtr(pub); err != nil {
		return nil, err
	}
	if a.Modified, err = parseTimePtr(mod); err != nil {
		return nil, err
	}
	for _, p := range []struct {
		src string
		dst any
	}{{authors, &a.Authors}, {images, &a.Images}, {tags, &a.Tags}} {
		if err := json.Unmarshal([]byte(p.src), p.dst); err != nil {
			return nil, fmt.Errorf("decode version %d lists: %w", v.ID, err)
		}
	}
	return &v, nil
}

// ErrBadRef is returned by Resolve for a reference that is neither an id
// nor an http(s) URL.
var ErrBadRef = errors.New("not an article id or http(s) url")

// Resolve finds the article a reference names: its numeric id, its
// canonical URL, or any URL that led to it.
func (s *Store) Resolve(ctx context.Context, ref string) (int64, error) {
	ref = strings.TrimSpace(ref)
	if id, err := strconv.ParseInt(ref, 10, 64); err == nil {
		var found int64
		err := s.readers.QueryRowContext(ctx, `SELECT id FROM articles WHERE id = ?`, id).Scan(&found)
		return found, s.notFoundIn(ctx, err, "article "+ref, "articles")
	}
	u, err := urlnorm.Normalize(ref)
	if err != nil {
		return 0, fmt.Errorf("%q: %w", ref, ErrBadRef)
	}
	var id int64
	err = s.readRow(ctx, articleOfURL, u, u).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		// A reader's copy of the address may differ from the one the
		// archive met by a slash, the scheme or "www.".
		for _, v := range spellings(u) {
			if err = s.readRow(ctx, articleOfURL, v, v).Scan(&id); !errors.Is(err, sql.ErrNoRows) {
				break
			}
		}
	}
	return id, s.notFoundIn(ctx, err, "article "+u, "articles", "aliases")
}

// spellings are the other addresses of the page at u that a reader may
// hold: with the other scheme, with or without "www." and a trailing
// slash.
func spellings(u string) []string {
	scheme, rest, ok := strings.Cut(u, "://")
	if !ok {
		return nil
	}
	other := map[string]string{"http": "https", "https": "http"}[scheme]
	host, path, _ := strings.Cut(rest, "/")
	path, query, hasQuery := strings.Cut(path, "?")
	var out []string
	for _, sc := range []string{scheme, other} {
		for _, h := range []string{host, toggleWWW(host)} {
			for _, p := range []string{path, toggleSlash(path)} {
				v := sc + "://" + h + "/" + p
				if hasQuery {
					v += "?" + query
				}
				if sc != "" && v != u && !slices.Contains(out, v) {
					out = append(out, v)
				}
			}
		}
	}
	return out
}

func toggleWWW(host string) string {
	if rest, ok := strings.CutPrefix(host, "www."); ok {
		return rest
	}
	return "www." + host
}

// toggleSlash adds or drops a path's trailing slash; the root stays.
func toggleSlash(path string) string {
	if path == "" {
		return path
	}
	if rest, ok := strings.CutSuffix(path, "/"); ok {
		return rest
	}
	return path + "/"
}

// articleOfURL selects the article a normalised URL leads to, as its
// canonical URL or an alias; it takes the URL twice.
const articleOfURL = `SELECT id FROM articles WHERE canonical_url = ?
	UNION ALL SELECT article_id FROM aliases WHERE url = ? LIMIT 1`

// Latest returns the latest version of an article.
func (s *Store) Latest(ctx context.Context, articleID int64) (*Version, error) {
	row := s.readers.QueryRowContext(ctx, `SELECT `+versionColumns+`
		FROM articles a JOIN versions v ON v.id = a.latest_version_id WHERE a.id = ?`, articleID)
	v, err := scanVersion(row)
	if errors.Is(err, sql.ErrNoRows) {
		// The article there, its latest version is too unless the file is damaged.
		var latest int64
		if aerr := s.readers.QueryRowContext(ctx, `SELECT latest_version_id FROM articles WHERE id = ?`, articleID).Scan(&latest); aerr == nil {
			return nil, fmt.Errorf("article %d: its latest version %d: %w", articleID, latest, ErrMissingRow)
		}
	}
	if err != nil {
		return nil, s.notFoundIn(ctx, err, fmt.Sprintf("article %d", articleID), "articles")
	}
	return v, nil
}

// Versions returns every version of an article, oldest first.
func (s *Store) Versions(ctx context.Context, articleID int64) ([]Version, error) {
	rows, err := s.readers.QueryContext(ctx, `SELECT `+versionColumns+`
		FROM versions v JOIN articles a ON a.id = v.article_id
		WHERE v.article_id = ? ORDER BY v.first_seen, v.id`, articleID)
	if err != nil {
		return nil, fmt.Errorf("list versions: %w", err)
	}
	defer rows.Close()
	var out []Version
	for rows.Next() {
		v, err := scanVersion(rows)
		if err != nil {
			return nil, fmt.Errorf("read version: %w", err)
		}
		out = append(out, *v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list versions: %w", err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("article %d: %w", articleID, ErrNotFound)
	}
	return out, nil
}

// Aliases returns the other URLs that led to an article.
func (s *Store) Aliases(ctx context.Context, articleID int64) ([]string, error) {
	rows, err := s.readers.QueryContext(ctx, `SELECT url FROM aliases WHERE article_id = ? ORDER BY url`, articleID)
	if err != nil {
		return nil, fmt.Errorf("list aliases: %w", err)
	}
	defer rows.Close()
	out := []string{}
	for rows.Next() {
		var u string
		if err := rows.Scan(&u); err != nil {
			return nil, fmt.Errorf("read alias: %w", err)
		}
		out = append(out, u)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list aliases: %w", err)
	}
	return out, nil
}

// notFound maps sql.ErrNoRows to ErrNotFound for what, and wraps others.
func notFound(err error, what string) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("%s: %w", what, ErrNotFound)
	}
	return fmt.Errorf("%s: %w", what, err)
}
