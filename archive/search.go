package archive

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// ErrBadQuery is returned for a search query FTS5 cannot parse.
var ErrBadQuery = errors.New("invalid search query")

// ErrSearchDamaged is returned for a search the index's damage stopped:
// its records, or FTS5's configuration of it.
var ErrSearchDamaged = errors.New("the search index is damaged ('newsarchive db check' says what, 'newsarchive db reindex' rebuilds it)")

// DefaultSearchLimit caps a search when Query.Limit is zero.
const DefaultSearchLimit = 20

// Query is a full-text search over the latest version of every article.
type Query struct {
	// Text uses FTS5 syntax: words, "phrases", AND/OR/NOT, prefix*,
	// title:word; -word leaves out (see matchExpression).
	Text   string
	Source string // only articles of this source (NoSource: of none), when set
	// DateBounds select by the publication date (the first sighting of an
	// undated article).
	DateBounds
	Limit int
	// Section and Language select articles declaring that section (case
	// aside) or written in that language ("en" takes "en-GB").
	Section, Language string
}

// Hit is one search result, best first.
type Hit struct {
	ArticleID    int64      `json:"id"`
	VersionID    int64      `json:"version_id"`
	CanonicalURL string     `json:"canonical_url"`
	Title        string     `json:"title"`
	Byline       string     `json:"byline"`
	Published    *time.Time `json:"published"`
	FirstSeen    time.Time  `json:"first_seen"`
	Source       string     `json:"source"`
	Section      string     `json:"section"`
	Language     string     `json:"language"`
	Snippet      string     `json:"snippet"`
	Rank         float64    `json:"rank"`
	// TextDamaged says the version's text no longer matches its content
	// hash (see damagedTexts): the snippet is read from the damaged text.
	TextDamaged bool `json:"text_damaged,omitempty"`
}

// Search runs a full-text query, ranked by bm25 (title over byline over
// text), with a snippet of the matching text; matches are marked **so**.
// The query is read as matchExpression says.
func (s *Store) Search(ctx context.Context, q Query) ([]Hit, error) {
	if strings.TrimSpace(q.Text) == "" {
		return nil, fmt.Errorf("%w: empty", ErrBadQuery)
	}
	if q.Source != "" && q.Source != NoSource {
		// A mistyped source would otherwise look like a search with no hits.
		if _, err := s.SourceID(ctx, q.Source); err != nil {
			return nil, err
		}
	}
	var err error
	if q.Text, err = matchExpression(q.Text); err != nil {
		return nil, err
	}
	return s.search(ctx, q)
}

func (s *Store) search(ctx context.Context, q Query) ([]Hit, error) {
	limit := q.Limit
	if limit <= 0 {
		limit = DefaultSearchLimit
	}
	inner, args := rankedIDs(q, limit)
	// Ranking and snippets are the costly parts: bm25 is computed once, in
	// the inner query, for every match; snippets (which re-read and
	// re-tokenise the text) only for the rows it keeps. A snippet shows 16
	// tokens: words, or in a text with CJK letters (indexed one per
	// token) 40, whatever the query. The snippet of a text where the
	// query matches in many places is cut in Go instead (see
	// manySnippetMatches).
	rows, err := s.readers.QueryContext(ctx, `WITH best AS (`+inner+`),
		shown AS (SELECT best.*, CASE WHEN EXISTS (SELECT 1 FROM search_split
			WHERE version_id = best.id) THEN 40 ELSE 16 END AS tokens FROM best)
		SELECT a.id, v.id, a.canonical_url, v.title, v.byline,
		v.published, v.first_seen, COALESCE(src.name, ''), v.section, v.language,
		CASE WHEN `+snippetMatchesFunc+`(v.text, ?) > `+strconv.Itoa(manySnippetMatches)+` THEN NULL
			ELSE snippet(search, 2, '**', '**', '…', best.tokens) END,
		best.tokens, best.score, v.text, v.content_hash
		FROM shown best
		JOIN search ON search.rowid = best.id
		JOIN versions v ON v.id = best.id
		JOIN articles a ON a.id = v.article_id
		LEFT JOIN sources src ON src.id = a.source_id
		WHERE search MATCH ?
		ORDER BY best.score, best.id`, append(args, q.Text, q.Text)...)
	if err != nil {
		return nil, s.searchFailure(ctx, q.Text, err)
	}
	defer rows.Close()
	hits := []Hit{}
	for rows.Next() {
		h, err := scanHit(rows, q.Text)
		if err != nil {
			return nil, err
		}
		hits = append(hits, *h)
	}
	if err := rows.Err(); err != nil {
		return nil, s.searchFailure(ctx, q.Text, err)
	}
	return hits, nil
}

// rankedIDs builds the query that picks the best version ids, joining the
// tables only the filters need.
func rankedIDs(q Query, limit int) (string, []any) {
	var join, where []string
	args := []any{q.Text}
	switch q.Source {
	case "":
	case NoSource:
		join = append(join, "JOIN articles fa ON fa.indexed_version_id = search.rowid")
		where = append(where, "fa.source_id IS NULL")
	default:
		join = append(join, "JOIN articles fa ON fa.indexed_version_id = search.rowid JOIN sources fs ON fs.id = fa.source_id")
		where, args = append(where, "fs.name = ?"), append(args, q.Source)
	}
	if !q.Since.IsZero() || !q.Until.IsZero() {
		join = append(join, "JOIN versions fv ON fv.id = search.rowid JOIN articles va ON va.id = fv.article_id")
	}
	if cond, largs := labelCondition("lv", q.Section, q.Language); cond != "" {
		join = append(join, "JOIN versions lv ON lv.id = search.rowid")
		where, args = append(where, cond), append(args, largs...)
	}
	// An undated article is dated by its first sighting, whichever
	// version is indexed.
	conds, dargs := q.conditions("COALESCE(fv.published, va.first_seen)")
	where, args = append(where, conds...), append(args, dargs...)
	query := "SELECT search.rowid AS id, search.rank AS score FROM search " + strings.Join(join, " ") + " WHERE search MATCH ?"
	for _, w := range where {
		query += " AND " + w
	}
	return query + " ORDER BY rank LIMIT ?", append(args, limit)
}

// scanHit reads a hit of the search expression expr.
func scanHit(rows *sql.Rows, expr string) (*Hit, error) {
	var (
		h                 Hit
		pub, snippet      sql.NullString
		first, text, hash string
		tokens            int
	)
	err := rows.Scan(&h.ArticleID, &h.VersionID, &h.CanonicalURL, &h.Title, &h.Byline, &pub,
		&first, &h.Source, &h.Section, &h.Language, &snippet, &tokens, &h.Rank, &text, &hash)
	if err != nil {
		return nil, fmt.Errorf("read hit: %w", err)
	}
	h.TextDamaged = !textMatches(h.Title, text, hash)
	h.Snippet = snippet.String
	if !snippet.Valid {
		h.Snippet = snippetOf(text, expr, tokens)
	}
	h.Snippet = joinCJK(h.Snippet)
	if h.Published, err = parseTimePtr(pub); err != nil {
		return nil, err
	}
	if h.FirstSeen, err = parseTime(first); err != nil {
		return nil, err
	}
	return &h, nil
}

// sqliteCode matches the result code modernc appends to messages.
var sqliteCode = regexp.MustCompile(`\s*\(\d+\)$`)

// searchError turns FTS5's complaints about the query into ErrBadQuery, so
// the command can show them as a user mistake.
// shortened cuts a query quoted in an error to its first 80 letters.
func shortened(text string) string {
	if r := []rune(text); len(r) > 80 {
		return string(r[:80]) + "…"
	}
	return text
}

// searchFailure words the error of a search: a table of the index gone
// is said so (FTS5 calls it a failed constructor); a malformed file is blamed
// on the search index only when SQLite's quick check finds the rest of
// the file sound, as db reindex would (a damaged versions table was
// blamed on the index, whose rebuild then refused the file).
func (s *Store) searchFailure(ctx context.Context, text string, err error) error {
	if missing, merr := s.missingSearchTables(ctx); merr == nil && len(missing) > 0 {
		return fmt.Errorf("search %q: %w: tables missing: %s", typedQuery(text),
			ErrSearchDamaged, strings.Join(missing, ", "))
	}
	if !isCorrupt(err) || badSearchConfig(err) {
		return searchError(text, err)
	}
	switch cerr := s.QuickCheckPages(ctx); {
	case cerr == nil:
		return searchError(text, err)
	case errors.Is(cerr, ErrDamaged):
		return fmt.Errorf("search %q: %w %s", typedQuery(text), cerr, checkHint)
	case isCorrupt(cerr):
		return fmt.Errorf("search %q: %w: %v %s", typedQuery(text), ErrDamaged, err, checkHint)
	}
	return searchError(text, err)
}

// typedQuery is a query's FTS5 expression as errors quote it: without
// the word breaks of CJK letters, as the user typed it, and shortened, so
// that the error of a search stopped midway (Ctrl-C) is a short line
// however long the query (a 5,000-word phrase was quoted whole).
func typedQuery(text string) string {
	return shortened(strings.ReplaceAll(text, string(wordBreak), ""))
}

// checkHint ends the error of a search a damaged file stopped.
const checkHint = "('newsarchive db check' tells what is damaged)"

func searchError(text string, err error) error {
	text = typedQuery(text)
	msg := err.Error()
	if isCorrupt(err) || badSearchConfig(err) || strings.Contains(msg, "no such function") {
		// The query was read; the index (or its ranking) was not.
		return fmt.Errorf("search %q: %w: %s", text, ErrSearchDamaged,
			strings.TrimSuffix(strings.TrimSpace(sqliteCode.ReplaceAllString(msg, "")), " - run 'rebuild'"))
	}
	for _, sign := range []string{"fts5:", "no such column", "unterminated string", "malformed MATCH", "unknown special query", "expected integer"} {
		if i := strings.Index(msg, sign); i >= 0 {
			// Drop the driver's trailing result code: " (1)".
			reason := strings.TrimSpace(sqliteCode.ReplaceAllString(msg[i:], ""))
			switch {
			case sign == "unknown special query":
				reason = "a query cannot start with *"
			case reason == `fts5: syntax error near ""`:
				reason = "it ends too soon (an operator, a column name or a bracket waits for more)"
			case reason == "fts5: parser stack overflow":
				reason = "too many brackets inside each other"
			}
			return fmt.Errorf("%w %q: %s", ErrBadQuery, text, strings.TrimPrefix(reason, "fts5: "))
		}
	}
	return fmt.Errorf("search %q: %w", text, err)
}
