package archive

import (
	"fmt"
	"strings"
)

// maxQueryTerms bounds the words and phrases of a query: FTS5's snippets
// cost grows with each term and each place it matches (150 repeats of
// "the" took 15 s over 100 articles, and a snippet is not interrupted
// midway).
const maxQueryTerms = 64

// boundedQuery checks the query text as FTS5 is to read it against
// maxQueryTerms, after dropping the repeats of a word in a query of plain
// words ("the the the" is "the"); typed is the query as typed, for the
// error.
func boundedQuery(text, typed string) (string, error) {
	terms := queryTerms(text)
	if plainWords(text) {
		terms = uniqueFold(terms)
		text = strings.Join(terms, " ")
	}
	if len(terms) > maxQueryTerms {
		return text, fmt.Errorf("%w %q: %d words or phrases, at most %d (put a passage in quotes to search it as one phrase)",
			ErrBadQuery, shortened(strings.Join(strings.Fields(typed), " ")), len(terms), maxQueryTerms)
	}
	return text, nil
}

// queryTerms lists the words and "phrases" of a query, operators and
// brackets left out; a phrase, however long, is one term.
func queryTerms(text string) []string {
	var terms []string
	for len(text) > 0 {
		text = strings.TrimLeft(text, " \t\r\n()")
		if text == "" {
			break
		}
		var term string
		if text[0] == '"' {
			if end := strings.IndexByte(text[1:], '"'); end >= 0 {
				term, text = text[:end+2], text[end+2:] // the closing quote is at end+1
			} else {
				term, text = text, "" // unclosed: FTS5 will say so
			}
		} else {
			end := strings.IndexAny(text, " \t\r\n()\"")
			if end < 0 {
				end = len(text)
			}
			term, text = text[:end], text[end:]
		}
		if !operators[term] {
			terms = append(terms, term)
		}
	}
	return terms
}

// plainWords reports whether text is words alone: no operator, phrase,
// bracket, column filter or prefix.
func plainWords(text string) bool {
	if strings.ContainsAny(text, `"():*^{}+`) {
		return false
	}
	for _, w := range strings.Fields(text) {
		if operators[w] {
			return false
		}
	}
	return true
}

// uniqueFold keeps the first of words equal but for case.
func uniqueFold(words []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, w := range words {
		if k := strings.ToLower(w); !seen[k] {
			seen[k] = true
			out = append(out, w)
		}
	}
	return out
}
