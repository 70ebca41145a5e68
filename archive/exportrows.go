package archive

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"strings"
	"time"
)

// NoSource names, as a filter's source, the articles of no source: those
// scrape --save archived. No source may be so named.
const NoSource = "(none)"

// ExportFilter selects the article versions an export holds. The zero
// value selects the latest version of every article.
type ExportFilter struct {
	Source string // only articles of this source (NoSource: of none), when set
	// DateBounds select by the publication date (the first sighting of an
	// undated article), or with ByFetched by the fetch's time (whose day
	// is its UTC day).
	DateBounds
	// ByFetched applies Since and Until to the fetch the version was
	// extracted from (when its content was first fetched) instead of its
	// publication date (or first sighting when undated).
	ByFetched bool
	// Query is a full-text query in the syntax of Search. The index holds
	// latest versions, so it selects articles whose latest version
	// matches; with AllVersions every version of those articles is kept.
	Query       string
	AllVersions bool // every version, not only the latest of each article
	// Section and Language select articles whose latest version declares
	// that section (case aside) or is in that language ("en" takes "en-GB").
	Section, Language string
}

// narrows tells whether the filter leaves out any article.
func (f ExportFilter) narrows() bool {
	return f.Source != "" || !f.Since.IsZero() || !f.Until.IsZero() || f.Query != "" ||
		f.Section != "" || f.Language != ""
}

// ExportRow is one article version as an export writes it. The list
// fields hold the JSON arrays stored in the archive, so writers that want
// JSON pass them through untouched.
type ExportRow struct {
	ID           int64           `json:"id"`
	Source       string          `json:"source"`
	Version      int             `json:"version"` // 1 for an article's first version
	VersionID    int64           `json:"version_id"`
	URL          string          `json:"url"`
	CanonicalURL string          `json:"canonical_url"`
	Title        string          `json:"title"`
	Byline       string          `json:"byline"`
	Authors      json.RawMessage `json:"authors"`
	Published    *time.Time      `json:"published"`
	Modified     *time.Time      `json:"modified"`
	SiteName     string          `json:"site_name"`
	Section      string          `json:"section"`
	Language     string          `json:"language"`
	Description  string          `json:"description"`
	Text         string          `json:"text"`
	HTML         string          `json:"html"`
	Images       json.RawMessage `json:"images"`
	TopImage     string          `json:"top_image"`
	Tags         json.RawMessage `json:"tags"`
	ContentHash  string          `json:"content_hash"`
	FirstSeen    time.Time       `json:"first_seen"`
	LastSeen     time.Time       `json:"last_seen"`
	SnapshotID   int64           `json:"snapshot_id"` // the fetch the version was extracted from
	FetchedAt    time.Time       `json:"fetched_at"`
}

// exportColumns is the column list scanExportRow reads, in order, over
// versions v, articles a and the version's fetch vf.
//
// Its first column names a row the others refer to that the joins did not
// find (see exportMissing), NULL when the row is whole.
const exportColumns = exportMissing + `, a.id, COALESCE((SELECT name FROM sources WHERE id = a.source_id), ''), v.id,
	(SELECT COUNT(*) FROM versions n WHERE n.article_id = v.article_id AND n.id <= v.id),
	v.url, a.canonical_url, v.title, v.byline, v.authors, v.published, v.modified, v.site_name,
	v.section, v.language, v.description, v.text, v.html, v.images, v.top_image, v.tags, v.content_hash,
	v.first_seen, v.last_seen, v.fetch_id, vf.fetched_at`

// exportMissing names the row an export row lacks: the joins are outer so
// that a version, article, fetch or source that a damaged page hides from
// SQLite's search yields a row saying so instead of no row (an export
// that silently left articles out).
const exportMissing = `CASE
	WHEN a.id IS NULL THEN printf('article %d of version %d', v.article_id, v.id)
	WHEN v.id IS NULL THEN printf('a version of article %d (its latest is %d)', a.id, a.latest_version_id)
	WHEN vf.id IS NULL THEN printf('fetch %d of version %d', v.fetch_id, v.id)
	WHEN a.source_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM sources WHERE id = a.source_id)
		THEN printf('source %d of article %d', a.source_id, a.id) END`

// exportWhole is the condition that keeps a row lacking a part in the
// selection whatever the filter says of the part, so it is reported.
const exportWhole = `(a.id IS NULL OR v.id IS NULL OR vf.id IS NULL OR `

// ExportRows calls fn for every article version the filter selects, by
// article in the order they were first stored and the versions of an
// article oldest first, reading one row at a time so memory stays flat
// however large the archive. fn's row is reused: copy what it keeps.
func (s *Store) ExportRows(ctx context.Context, f ExportFilter, fn func(*ExportRow) error) error {
	for row, err := range s.exportRows(ctx, s.readers, f, false) {
		if err != nil {
			return err
		}
		if err := fn(row); err != nil {
			return err
		}
	}
	return nil
}

// ExportCount returns how many article versions the filter selects, for
// a progress bar's total.
func (s *Store) ExportCount(ctx context.Context, f ExportFilter) (int, error) {
	return s.exportCount(ctx, s.readers, f)
}

// reader is what an export reads through: the read pool, or one read
// transaction when several queries must see the same state.
type reader interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// exportCount is ExportCount read through q.
func (s *Store) exportCount(ctx context.Context, q reader, f ExportFilter) (int, error) {
	where, args, err := s.exportWhere(ctx, f)
	if err != nil {
		return 0, err
	}
	from, _ := exportOrder(f, false)
	var n int
	err = q.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+from+`
		LEFT JOIN fetches vf ON vf.id = v.fetch_id WHERE `+where, args...).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count export rows: %w", err)
	}
	return n, nil
}

// exportRows yields the selected versions by article, or by the fetch
// they came from when byFetch is set, read through q. The yielded row is
// reused.
func (s *Store) exportRows(ctx context.Context, q reader, f ExportFilter, byFetch bool) iter.Seq2[*ExportRow, error] {
	return func(yield func(*ExportRow, error) bool) {
		where, args, err := s.exportWhere(ctx, f)
		if err != nil {
			yield(nil, err)
			return
		}
		from, order := exportOrder(f, byFetch)
		rows, err := q.QueryContext(ctx, `SELECT `+exportColumns+` FROM `+from+`
			LEFT JOIN fetches vf ON vf.id = v.fetch_id WHERE `+where+` ORDER BY `+order, args...)
		if err != nil {
			yield(nil, fmt.Errorf("export rows: %w", err))
			return
		}
		defer rows.Close()
		var row ExportRow
		for rows.Next() {
			err := scanExportRow(rows, &row)
			if !yield(&row, err) || err != nil {
				return
			}
		}
		if err := rows.Err(); err != nil {
			yield(nil, fmt.Errorf("export rows: %w", err))
		}
	}
}

// exportOrder is the FROM clause and order of an export. Every order is
// that of a table or index, forced with LEFT JOIN (SQLite keeps the left
// table outermost, as with CROSS JOIN) and INDEXED BY: otherwise a filter
// can make the planner start from another index and sort all the
// selected rows, text and HTML included, in a temporary B-tree. The joins
// are outer so that a row they miss is reported (exportMissing).
func exportOrder(f ExportFilter, byFetch bool) (from, order string) {
	switch {
	case byFetch:
		return `versions v INDEXED BY versions_fetch LEFT JOIN articles a ON a.id = v.article_id`, `v.fetch_id, v.id`
	case f.AllVersions:
		// The versions of one article are sorted among themselves only.
		return `articles a LEFT JOIN versions v ON v.article_id = a.id`, `a.id, v.id`
	}
	return `articles a LEFT JOIN versions v ON v.id = a.latest_version_id`, `a.id`
}

// exportWhere turns a filter into SQL conditions over v, a and vf. The
// source is looked up first so a mistyped name is an error, not an empty
// export, and a query is checked (and quoted when plain words need it).
func (s *Store) exportWhere(ctx context.Context, f ExportFilter) (string, []any, error) {
	where, args := []string{"1 = 1"}, []any{}
	if !f.AllVersions {
		where = append(where, "(a.id IS NULL OR v.id = a.latest_version_id)") // of a fetch order's versions
	}
	switch f.Source {
	case "":
	case NoSource:
		where = append(where, "a.source_id IS NULL")
	default:
		id, err := s.SourceID(ctx, f.Source)
		if err != nil {
			return "", nil, err
		}
		where, args = append(where, "a.source_id = ?"), append(args, id)
	}
	at := "COALESCE(v.published, a.first_seen)" // an undated article's versions share its first sighting
	if f.ByFetched {
		at = "vf.fetched_at"
	}
	conds, dargs := f.conditions(at)
	where, args = append(where, conds...), append(args, dargs...)
	if cond, largs := labelCondition("lv", f.Section, f.Language); cond != "" {
		where = append(where, "EXISTS (SELECT 1 FROM versions lv WHERE lv.id = a.latest_version_id AND "+cond+")")
		args = append(args, largs...)
	}
	if strings.TrimSpace(f.Query) != "" {
		text, err := s.matchText(ctx, f.Query)
		if err != nil {
			return "", nil, err
		}
		where = append(where, "a.indexed_version_id IN (SELECT rowid FROM search WHERE search MATCH ?)")
		args = append(args, text)
	}
	return exportWhole + strings.Join(where, " AND ") + ")", args, nil
}

// matchText translates a full-text query the way Search reads it
// (matchExpression) and checks FTS5 reads it.
func (s *Store) matchText(ctx context.Context, text string) (string, error) {
	text, err := matchExpression(text)
	if err != nil {
		return text, err
	}
	return text, s.tryMatch(ctx, text)
}

func (s *Store) tryMatch(ctx context.Context, text string) error {
	var id int64
	err := s.readers.QueryRowContext(ctx, `SELECT rowid FROM search WHERE search MATCH ? LIMIT 1`, text).Scan(&id)
	if err == nil || errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	return s.searchFailure(ctx, text, err)
}

func scanExportRow(rows scanner, r *ExportRow) error {
	var (
		missing               sql.NullString
		pub, mod              sql.NullString
		first, last, fetched  string
		authors, images, tags string
	)
	// The other columns of a row lacking a part are NULL, which Scan
	// refuses; it has read missing, the first, by then.
	err := rows.Scan(&missing, &r.ID, &r.Source, &r.VersionID, &r.Version, &r.URL, &r.CanonicalURL,
		&r.Title, &r.Byline, &authors, &pub, &mod, &r.SiteName, &r.Section, &r.Language, &r.Description,
		&r.Text, &r.HTML, &images, &r.TopImage, &tags, &r.ContentHash, &first, &last,
		&r.SnapshotID, &fetched)
	if missing.Valid {
		return fmt.Errorf("read export row: %s: %w", missing.String, ErrMissingRow)
	}
	if err != nil {
		return fmt.Errorf("read export row: %w", err)
	}
	r.Authors, r.Images, r.Tags = jsonList(authors), jsonList(images), jsonList(tags)
	if r.Published, err = parseTimePtr(pub); err != nil {
		return err
	}
	if r.Modified, err = parseTimePtr(mod); err != nil {
		return err
	}
	for _, t := range []struct {
		dst *time.Time
		src string
	}{{&r.FirstSeen, first}, {&r.LastSeen, last}, {&r.FetchedAt, fetched}} {
		if *t.dst, err = parseTime(t.src); err != nil {
			return err
		}
	}
	return nil
}

// jsonList keeps a stored list as raw JSON; a blank column (never written
// by this version, but cheap to guard) reads as an empty list.
func jsonList(s string) json.RawMessage {
	if s == "" {
		return json.RawMessage("[]")
	}
	return json.RawMessage(unescapeHTMLChars(s))
}

// unescapeHTMLChars turns the \u003c, \u003e and \u0026 escapes with
// which lists were stored before 2026-11-26 back into <, > and &, as the
// other fields of an export write them. Every backslash in JSON starts an
// escape, so an escaped backslash is copied whole and never read as the
// start of one of these.
func unescapeHTMLChars(s string) string {
	if !strings.Contains(s, `\u00`) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i+1 >= len(s) {
			b.WriteByte(s[i])
			continue
		}
		if c, ok := htmlEscapes[s[i:min(i+6, len(s))]]; ok {
			b.WriteByte(c)
			i += 5
			continue
		}
		b.WriteString(s[i : i+2])
		i++
	}
	return b.String()
}

var htmlEscapes = map[string]byte{`\u003c`: '<', `\u003e`: '>', `\u0026`: '&'}

// labelCondition is the SQL condition on the version alias v that selects
// a section (case aside, in any script) and a language, and its arguments:
// a language is a tag or its prefix ("en" selects "en" and "en-GB", not
// "eng"; "en_GB" is read "en-GB"). Both empty make no condition.
func labelCondition(v, section, language string) (string, []any) {
	var conds []string
	var args []any
	if section = strings.TrimSpace(section); section != "" {
		conds, args = append(conds, foldFunc+"("+v+".section) = ?"), append(args, foldCase(section))
	}
	language = strings.ReplaceAll(strings.ToLower(strings.TrimSpace(language)), "_", "-")
	if language != "" {
		conds = append(conds, "(lower("+v+".language) = ? OR lower("+v+".language) LIKE ? ESCAPE '\\')")
		args = append(args, language, escapeLike(language)+"-%")
	}
	return strings.Join(conds, " AND "), args
}

// escapeLike escapes LIKE's wildcards and its escape character.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}
