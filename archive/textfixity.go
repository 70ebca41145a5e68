package archive

import (
	"context"
	"fmt"
	"strings"

	"github.com/newsarchive/newsarchive/parse"
)

// damagedTextsPrefix begins the problem of versions whose text no longer
// matches their content hash (see TextDamage).
const damagedTextsPrefix = "version texts not matching their content hash (damaged)"

// TextDamage reports whether a problem Check returned is of damaged
// version texts: a rebuild of the search index would index the damage,
// and hide it from the comparison of the index with the texts.
func TextDamage(problem string) bool { return strings.HasPrefix(problem, damagedTextsPrefix) }

// damagedTexts reads every version's text and compares its content hash
// (parse.ContentHash, as it was saved: over the text, or over headline
// and text for a headline edit, see titledHash) with the one recorded: a damaged
// overflow page of a long text passes SQLite's check, and the text
// exported or indexed then holds the damage. It returns the problem, ""
// when every text matches.
func (s *Store) damagedTexts(ctx context.Context) (string, error) {
	rows, err := s.readers.QueryContext(ctx, `SELECT id, title, text, content_hash FROM versions`)
	if err != nil {
		return "", fmt.Errorf("check version texts: %w", err)
	}
	defer rows.Close()
	var ids []string
	n := 0
	for rows.Next() {
		var (
			id                int64
			title, text, hash string
		)
		if err := rows.Scan(&id, &title, &text, &hash); err != nil {
			return "", fmt.Errorf("check version texts: %w", err)
		}
		if textMatches(title, text, hash) {
			continue
		}
		if n++; len(ids) < maxNamedVersions {
			ids = append(ids, fmt.Sprint(id))
		}
	}
	if err := rows.Err(); err != nil {
		return "", fmt.Errorf("check version texts: %w", err)
	}
	if n == 0 {
		return "", nil
	}
	named := strings.Join(ids, ", ")
	if n > len(ids) {
		named = fmt.Sprintf("the first %d: %s", len(ids), named)
	}
	return fmt.Sprintf("%s: %d (versions %s)", damagedTextsPrefix, n, named), nil
}

// maxNamedVersions bounds the damaged versions db check names: the
// commands that meet one point to it for the rest.
const maxNamedVersions = 100

// textMatches reports whether a version's text, or its headline and text,
// has the content hash recorded for it.
func textMatches(title, text, hash string) bool {
	return parse.ContentHash(text) == hash || titledHash(&parse.Article{Title: title, Text: text}) == hash
}

// TextDamaged reports whether the row's text no longer matches its content
// hash, as db check finds (see damagedTexts): an export would hand the
// damage on as the article's text.
func (r *ExportRow) TextDamaged() bool { return !textMatches(r.Title, r.Text, r.ContentHash) }

// TextDamaged reports whether the version's text no longer matches its
// content hash, as db check finds (see damagedTexts).
func (v *Version) TextDamaged() bool {
	return !textMatches(v.Article.Title, v.Article.Text, v.Article.ContentHash)
}
