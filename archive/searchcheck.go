package archive

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
	"modernc.org/sqlite"
)

// searchInvariants compare the full-text index with the articles: the
// version each records as indexed (articles.indexed_version_id), the rows
// the index holds (search_docsize has one per indexed version, under its
// id) and the split texts kept for them (search_split). An article whose
// latest version is newer than its indexed one waits for IndexPending (a
// crawl's backlog, see Unindexed): no damage, but the index must hold the
// older version until then, for IndexPending to take it out. Each query
// counts the nouns its wording names; each must return 0.
var searchInvariants = []struct{ wording, noun, query string }{
	{"search index misses the latest text of %s", "article", `SELECT COUNT(*) FROM articles a
		WHERE a.indexed_version_id = a.latest_version_id
		AND NOT EXISTS (SELECT 1 FROM search_docsize d WHERE d.id = a.indexed_version_id)`},
	{"search index misses the earlier text of %s waiting to be reindexed", "article", `SELECT COUNT(*) FROM articles a
		WHERE a.indexed_version_id IS NOT NULL AND a.indexed_version_id IS NOT a.latest_version_id
		AND NOT EXISTS (SELECT 1 FROM search_docsize d WHERE d.id = a.indexed_version_id)`},
	{"search index records for %s a version that is gone or another article's", "article", `SELECT COUNT(*)
		FROM articles a WHERE a.indexed_version_id IS NOT NULL
		AND NOT EXISTS (SELECT 1 FROM versions v WHERE v.id = a.indexed_version_id AND v.article_id = a.id)`},
	{"search index holds %s of versions that no longer exist", "row", `SELECT COUNT(*) FROM search_docsize d
		WHERE NOT EXISTS (SELECT 1 FROM versions v WHERE v.id = d.id)`},
	{"search index holds %s of versions their article replaced or does not record as indexed", "row", `SELECT COUNT(*)
		FROM search_docsize d JOIN versions v ON v.id = d.id
		WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = v.article_id AND a.indexed_version_id = d.id)`},
	{"search index keeps split CJK texts of %s it does not hold", "version", `SELECT COUNT(*) FROM search_split s
		WHERE NOT EXISTS (SELECT 1 FROM search_docsize d WHERE d.id = s.version_id)`},
}

// searchProblemPrefix begins every problem checkSearch words.
const searchProblemPrefix = "search index"

// SearchProblem reports whether a problem Check returned is the search
// index's, which RebuildSearchIndex repairs: one of checkSearch's, or
// FTS5's own check of the index's records, which the integrity check runs.
func SearchProblem(problem string) bool {
	return strings.HasPrefix(problem, searchProblemPrefix) || ftsProblem(problem)
}

// countOf words n of a noun: "1 article", "3 articles".
func countOf(n int64, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// indexedSource is search_source (migration 0012) narrowed to the versions
// the articles record as indexed. FTS5's comparison of an external content
// index with its content reads every row of the content table, and
// search_source holds every version, old ones included.
const indexedSource = `CREATE VIEW search_source (id, title, byline, text) AS
SELECT v.id, COALESCE(s.title, v.title), COALESCE(s.byline, v.byline), COALESCE(s.text, v.text)
FROM articles a JOIN versions v ON v.id = a.indexed_version_id LEFT JOIN search_split s ON s.version_id = v.id`

// textsDiffer is the problem of an index whose rows are the versions the
// articles record, but whose terms are not those of their texts.
const textsDiffer = "search index does not match the texts of the versions it holds (FTS5's comparison with them)"

// checkSearch compares the full-text index with the articles' texts and
// returns the problems found: rows missing, stray or stale
// (searchInvariants), then the index's structure and its terms against
// the texts it should hold.
func (s *Store) checkSearch(ctx context.Context) ([]string, error) {
	problems, err := s.countSearchInvariants(ctx)
	if err != nil {
		return nil, err
	}
	if len(problems) > 0 {
		// Rows missing or stray fail the comparison of texts as well, and
		// are named already: the index's own structure is checked alone.
		return append(problems, s.checkSearchStructure(ctx)...), nil
	}
	return s.checkSearchTexts(ctx)
}

// countSearchInvariants words the searchInvariants that do not hold.
func (s *Store) countSearchInvariants(ctx context.Context) ([]string, error) {
	var problems []string
	for _, inv := range searchInvariants {
		var n int64
		if err := s.readers.QueryRowContext(ctx, inv.query).Scan(&n); err != nil {
			return nil, fmt.Errorf("check %q: %w", fmt.Sprintf(inv.wording, inv.noun+"s"), err)
		}
		if n != 0 {
			problems = append(problems, fmt.Sprintf(inv.wording, countOf(n, inv.noun)))
		}
	}
	return problems, nil
}

// checkSearchStructure runs FTS5's check of the index's own structure,
// not against its content (rank 0). FTS5 runs its check as a write: an
// archive this process may not write (read-only, a full disk) has its
// index left unchecked, which is no fault of the index.
func (s *Store) checkSearchStructure(ctx context.Context) []string {
	_, err := s.writer.ExecContext(ctx, `INSERT INTO search (search, rank) VALUES ('integrity-check', 0)`)
	switch {
	case err != nil && refusedWrite(err):
		s.log.Warn("search index not checked: the archive cannot be written here", slog.String("error", err.Error()))
	case err != nil:
		return []string{"search index: " + strings.TrimSpace(err.Error())}
	}
	return nil
}

// checkSearchTexts runs FTS5's check of the index against its content
// (rank 1), which tokenizes every text the index should hold and compares
// the terms with its own, with search_source narrowed to the indexed
// versions for the check's while (indexedSource), in a transaction rolled
// back. When it fails, the check of the structure alone tells a damaged
// index from one holding other texts than the versions'.
func (s *Store) checkSearchTexts(ctx context.Context) ([]string, error) {
	err := s.compareSearchTexts(ctx)
	switch {
	case err == nil:
		return s.probeSearch(ctx)
	case refusedWrite(err):
		s.log.Warn("search index not compared with the texts (FTS5 compares as a write): the archive cannot be written here",
			slog.String("error", err.Error()))
		return nil, nil
	case !errors.Is(err, errTextsDiffer):
		return nil, err
	}
	if structure := s.checkSearchStructure(ctx); len(structure) > 0 {
		return structure, nil
	}
	return []string{textsDiffer}, nil
}

// errTextsDiffer is FTS5's comparison of the index with its content failing.
var errTextsDiffer = errors.New("search index does not match its content")

// compareSearchTexts runs FTS5's comparison of the index with the texts of
// the indexed versions, and rolls back the narrowing of search_source it
// needs. Its failure is returned as errTextsDiffer.
func (s *Store) compareSearchTexts(ctx context.Context) error {
	tx, err := s.begin(ctx)
	if err != nil {
		return fmt.Errorf("check search index texts: %w", err)
	}
	defer tx.Rollback() // the narrowed view is never committed
	for _, q := range []string{`DROP VIEW search_source`, indexedSource} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("check search index texts: %w", err)
		}
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO search (search, rank) VALUES ('integrity-check', 1)`)
	if isCorrupt(err) {
		s.log.Debug("search index against its texts", slog.String("error", err.Error()))
		return errTextsDiffer
	}
	if err != nil {
		return fmt.Errorf("check search index texts: %w", err)
	}
	return nil
}

// isCorrupt reports whether err is SQLite's code for damaged data, which
// FTS5 returns for an index that fails its check.
func isCorrupt(err error) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && se.Code()&0xff == sqliteCorrupt
}

// searchProbes is how many indexed articles the check looks up by a word
// of their own. FTS5's comparison walks the index's segments, not the
// term index searches seek through (search_idx): an emptied term index
// passed it while every search found nothing.
const searchProbes = 20

// probeSearch searches for a word of the title (else the text) of up to
// searchProbes indexed articles, spread over the archive, each among its
// own version's row, and says how many were not found.
func (s *Store) probeSearch(ctx context.Context) ([]string, error) {
	rows, err := s.readers.QueryContext(ctx, `SELECT src.id, src.title, src.text FROM articles a
		JOIN search_source src ON src.id = a.indexed_version_id ORDER BY random() LIMIT ?`, searchProbes)
	if err != nil {
		return nil, fmt.Errorf("probe search index: %w", err)
	}
	probes := map[int64]string{}
	for rows.Next() {
		var id int64
		var title, text sql.NullString
		if err := rows.Scan(&id, &title, &text); err != nil {
			rows.Close()
			return nil, fmt.Errorf("probe search index: %w", err)
		}
		if w := probeWord(title.String + " " + text.String); w != "" {
			probes[id] = w
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("probe search index: %w", err)
	}
	missed := 0
	for id, word := range probes {
		var n int
		err := s.readers.QueryRowContext(ctx, `SELECT COUNT(*) FROM search WHERE search MATCH ? AND rowid = ?`,
			`"`+word+`"`, id).Scan(&n)
		if err != nil {
			return []string{"search index: " + strings.TrimSpace(err.Error())}, nil
		}
		missed += boolInt(n == 0)
	}
	if missed > 0 {
		return []string{fmt.Sprintf("search index does not find %d of %d sampled articles by a word of their own",
			missed, len(probes))}, nil
	}
	return nil, nil
}

// probeWord is the first word of s of three letters or digits or more,
// else its first of any length (a CJK text is split one letter a word).
// Accents a text spells apart (NFD: "i" then U+0308) are composed first
// and kept in their word, as the index's tokenizer keeps them: split
// there, "Naïve" gave the probe "Nai", which no index holds.
func probeWord(s string) string {
	words := strings.FieldsFunc(norm.NFC.String(s), func(r rune) bool {
		// unicode61's word characters: letters, numbers, private use.
		return !unicode.IsLetter(r) && !unicode.IsNumber(r) && !unicode.IsMark(r) && !unicode.Is(unicode.Co, r)
	})
	for _, w := range words {
		if utf8.RuneCountInString(w) >= 3 {
			return w
		}
	}
	if len(words) > 0 {
		return words[0]
	}
	return ""
}
