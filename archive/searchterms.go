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

// maxQueryWords bounds the words of a query, those of its phrases
// included, as the index reads them (a CJK letter is one). FTS5 matches
// a phrase by walking the places of each of its words, and neither that
// walk nor its bm25 and snippet of one row heed an interrupt: a phrase of
// 5,000 words over a text of 120,000 held a search 13 s, and Ctrl-C for
// seconds (docs/benchmarks.md). 256 words is a long paragraph quoted
// whole.
const maxQueryWords = 256

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
	if n := termWords(terms); n > maxQueryWords {
		return text, fmt.Errorf("%w %q: %d words, at most %d (search a shorter passage of it)",
			ErrBadQuery, shortened(strings.Join(strings.Fields(typed), " ")), n, maxQueryWords)
	}
	return text, nil
}

// termWords counts the words of terms as the index reads them, a
// column filter (title:, {title byline}:) not counted.
func termWords(terms []string) int {
	n := 0
	for _, t := range terms {
		if i := strings.IndexByte(t, ':'); i >= 0 && !strings.HasPrefix(t, `"`) {
			t = t[i+1:]
		}
		for i := 0; ; n++ {
			start, end := nextToken(t, i)
			if start < 0 {
				break
			}
			i = end
		}
	}
	return n
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
