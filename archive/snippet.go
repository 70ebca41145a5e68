package archive

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// longSnippetText is the length of text, in characters, past which a
// hit's snippet is cut in Go (snippetOf) rather than by FTS5: its
// snippet() scores a window at every place a query word matches against
// every other place, and its highlight() copies its whole output at each
// match, so both grow with the square of the matches and neither is
// interrupted midway (a text repeating the searched word 120,000 times
// took minutes, Ctrl-C included; highlight() 5 s). Below this length
// snippet() costs at most about a second, whatever the text.
const longSnippetText = 50_000

// snippetOf is the snippet of a long text (see longSnippetText): n
// tokens of it around the first place a word or phrase of expr (a query
// as matchExpression writes it) matches, case and diacritics aside as in
// the index, each match in it marked **so**, "…" where the text goes on;
// its first n tokens when none does (a match in the title). The text is
// read in the index's form (indexForm), so joinCJK applies to the result.
func snippetOf(text, expr string, n int) string {
	text = indexForm(text)
	spans := tokenSpans(text)
	if len(spans) == 0 || n <= 0 {
		return strings.TrimSpace(text)
	}
	folded := make([]string, len(spans))
	for i, sp := range spans {
		folded[i] = foldToken(text[sp[0]:sp[1]])
	}
	matches := findTerms(folded, snippetTerms(expr))
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

// tokenSpans lists the byte offsets [start, end) of the tokens of s as
// FTS5's unicode61 tokenizer reads them: runs of letters, digits and
// marks, everything else a separator (the word breaks between CJK letters
// included).
func tokenSpans(s string) [][2]int {
	var spans [][2]int
	in := false
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.M, r) || unicode.Is(unicode.Co, r) {
			if !in {
				spans = append(spans, [2]int{i - size, i})
				in = true
			}
			spans[len(spans)-1][1] = i
			continue
		}
		in = false
	}
	return spans
}
