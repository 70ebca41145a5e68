package archive

import (
	"database/sql/driver"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
	"modernc.org/sqlite"
)

// manySnippetMatches is how many places a query may match in a text
// whose snippet FTS5's snippet() makes; past it the snippet is cut in Go
// (snippetOf). snippet() scores a window at every place a query word
// matches against every other place, so its cost grows with the square of
// the matches, and it is not interrupted midway: a transcript repeating
// the searched word 120,000 times held a search for minutes, Ctrl-C
// included (20,000 times: 9 s; 1,000: 0.04 s). Counting them (snippetMatches)
// reads the text once.
const manySnippetMatches = 1000

// snippetMatchesFunc is the SQL function counting, up to one past
// manySnippetMatches, the places the query expression its second argument
// holds matches in the text its first holds (snippetMatches).
const snippetMatchesFunc = "newsarchive_snippet_matches"

func init() {
	err := sqlite.RegisterDeterministicScalarFunction(snippetMatchesFunc, 2,
		func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
			text, _ := args[0].(string)
			expr, _ := args[1].(string)
			return int64(snippetMatches(text, expr)), nil
		})
	if err != nil {
		panic("register " + snippetMatchesFunc + ": " + err.Error())
	}
}

// indexedTokens is a text in the index's form (indexForm) with its tokens
// as the index reads them and each folded as it folds them.
type indexedTokens struct {
	text   string
	spans  [][2]int
	folded []string
}

func tokensOf(text string) indexedTokens {
	t := indexedTokens{text: indexForm(text)}
	t.spans = tokenSpans(t.text)
	t.folded = make([]string, len(t.spans))
	for i, sp := range t.spans {
		t.folded[i] = foldToken(t.text[sp[0]:sp[1]])
	}
	return t
}

// snippetMatches counts, up to manySnippetMatches+1, the places where
// the first word of a word or phrase of expr matches in text, case and
// diacritics aside as in the index: as many as FTS5 finds, or more (it
// counts the words a query leaves out, those of NEAR's distance, and the
// first words of phrases). It runs on every hit, so it reads the text
// once and folds no ASCII word.
func snippetMatches(text, expr string) int {
	terms := snippetTerms(expr)
	if len(terms) == 0 {
		return 0
	}
	text = indexForm(text)
	n := 0
	for i := 0; n <= manySnippetMatches; {
		start, end := nextToken(text, i)
		if start < 0 {
			break
		}
		if firstWordMatches(text[start:end], terms) {
			n++
		}
		i = end
	}
	return n
}

// firstWordMatches reports whether token matches the first word of one of
// terms.
func firstWordMatches(token string, terms []snippetTerm) bool {
	folded := ""
	for _, t := range terms {
		want, prefix := t.tokens[0], t.prefix && len(t.tokens) == 1
		if isASCII(token) {
			if len(token) >= len(want) && strings.EqualFold(token[:len(want)], want) && (prefix || len(token) == len(want)) {
				return true
			}
			continue
		}
		if folded == "" {
			folded = foldToken(token)
		}
		if folded == want || prefix && strings.HasPrefix(folded, want) {
			return true
		}
	}
	return false
}

// snippetOf is the snippet of a text where the query matches in many
// places (see manySnippetMatches): n tokens of it around the first place
// a word or phrase of expr (a query as matchExpression writes it)
// matches, each match in it marked **so**, "…" where the text goes on;
// its first n tokens when none does (a match in the title). The text is
// read in the index's form (indexForm), so joinCJK applies to the result.
func snippetOf(text, expr string, n int) string {
	t := tokensOf(text)
	text, spans := t.text, t.spans
	if len(spans) == 0 || n <= 0 {
		return strings.TrimSpace(text)
	}
	matches := findTerms(t.folded, snippetTerms(expr))
	first := 0
	if len(matches) > 0 {
		first = matches[0][0]
	}
	start := max(0, min(first-(n-1)/4, len(spans)-n))
	end := min(len(spans), start+n)
	var b strings.Builder
	if start > 0 {
		b.WriteString("…")
	}
	at := spans[start][0]
	if start == 0 {
		at = 0
	}
	for _, m := range matches {
		if m[0] < start || m[1] > end {
			continue
		}
		b.WriteString(text[at:spans[m[0]][0]])
		b.WriteString("**" + text[spans[m[0]][0]:spans[m[1]-1][1]] + "**")
		at = spans[m[1]-1][1]
	}
	if end == len(spans) {
		b.WriteString(text[at:])
	} else {
		b.WriteString(text[at:spans[end-1][1]] + "…")
	}
	return b.String()
}

// snippetTerm is a word or phrase of a query as folded tokens; prefix
// says its last token is a prefix (word*).
type snippetTerm struct {
	tokens []string
	prefix bool
}

// snippetTerms lists the words and phrases of expr that can match in the
// text: those of a filter on other columns (title:word) are left out.
func snippetTerms(expr string) []snippetTerm {
	var terms []snippetTerm
	for _, t := range queryTerms(expr) {
		if i := strings.IndexByte(t, ':'); i >= 0 && !strings.HasPrefix(t, `"`) {
			column := t[:i]
			if strings.Contains(column, "text") == strings.HasPrefix(column, "-") {
				continue
			}
			t = t[i+1:]
		}
		term := snippetTerm{prefix: strings.HasSuffix(t, "*")}
		for _, sp := range tokenSpans(t) {
			term.tokens = append(term.tokens, foldToken(t[sp[0]:sp[1]]))
		}
		if len(term.tokens) > 0 {
			terms = append(terms, term)
		}
	}
	return terms
}

// findTerms lists the token ranges [from, to) where a term matches,
// left to right, none overlapping.
func findTerms(tokens []string, terms []snippetTerm) [][2]int {
	var found [][2]int
	for i := 0; i < len(tokens); i++ {
		for _, t := range terms {
			if termAt(tokens, i, t) {
				found = append(found, [2]int{i, i + len(t.tokens)})
				i += len(t.tokens) - 1
				break
			}
		}
	}
	return found
}

func termAt(tokens []string, i int, t snippetTerm) bool {
	if i+len(t.tokens) > len(tokens) {
		return false
	}
	for j, want := range t.tokens {
		got := tokens[i+j]
		if got != want && !(t.prefix && j == len(t.tokens)-1 && strings.HasPrefix(got, want)) {
			return false
		}
	}
	return true
}

// foldToken folds a token as the index's unicode61 tokenizer does with
// remove_diacritics 2: case and diacritics aside.
func foldToken(s string) string {
	if isASCII(s) {
		return strings.ToLower(s)
	}
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(r)
		}
	}
	return foldCase(b.String())
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// tokenSpans lists the byte offsets [start, end) of the tokens of s (see
// nextToken).
func tokenSpans(s string) [][2]int {
	var spans [][2]int
	for i := 0; ; {
		start, end := nextToken(s, i)
		if start < 0 {
			return spans
		}
		spans = append(spans, [2]int{start, end})
		i = end
	}
}

// nextToken is the span [start, end) of the first token of s at or after
// byte i, start -1 when none is left, a token as FTS5's unicode61
// tokenizer reads one: a run of letters, digits and marks, everything
// else a separator (the word breaks between CJK letters included).
func nextToken(s string, i int) (start, end int) {
	start = -1
	for i < len(s) {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		switch {
		case isTokenRune(r):
			if start < 0 {
				start = i
			}
		case start >= 0:
			return start, i
		}
		i += size
	}
	return start, len(s)
}

func isTokenRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.M, r) || unicode.Is(unicode.Co, r)
}
