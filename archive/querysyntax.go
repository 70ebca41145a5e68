package archive

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// searchColumns are the columns of the search index a query may name
// (title:flood); another word before a colon (10:30, http://) is text.
var searchColumns = map[string]bool{"title": true, "byline": true, "text": true}

// operators are FTS5's operator words, which it reads as such only in
// capitals.
var operators = map[string]bool{"AND": true, "OR": true, "NOT": true, "NEAR": true}

// matchExpression translates a query as typed into the FTS5 expression
// that search and export match: words, "phrases", AND, OR, NOT, brackets,
// prefix*, ^initial, column:word and NEAR(a b, N) as FTS5 reads them;
// -word and -"a phrase" leave out what holds them, as web search engines
// do; any other word FTS5 would not read as a word (covid-19, 10:30,
// http://x, a*b, lowercase near) is searched as a phrase. A query FTS5
// cannot express (only words left out, an operator where a word belongs,
// a bracket or quote not closed) is ErrBadQuery, quoting the query as
// typed. Search and export both use it, so they select alike.
func matchExpression(typed string) (string, error) {
	// SQLite ends a string at NUL; no control character is a word.
	text := strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, typed)
	p := &queryParser{text: indexForm(text)}
	expr, _, err := p.group(0)
	if err == nil && p.pos < len(p.text) {
		err = errorString("a ) closes no bracket")
	}
	if err != nil {
		return "", fmt.Errorf("%w %q: %s", ErrBadQuery, shortened(strings.Join(strings.Fields(typed), " ")), err)
	}
	return boundedQuery(expr, typed)
}

// noSearchableWords is the reason a query of no word the index holds is
// refused: searched, it silently found nothing.
const noSearchableWords = "it has no searchable words (letters or digits; emoji and other symbols are not indexed)"

// errorString is a reason a query cannot be searched, without the query.
type errorString string

func (e errorString) Error() string { return string(e) }

// queryParser reads a query text left to right.
type queryParser struct {
	text string
	pos  int
}

// piece is one item of a bracketed group: a term (a word, a phrase, a
// bracketed group or a NEAR group, with any column filter) or an operator.
type piece struct {
	text string
	op   bool
}

// group reads items up to the ) closing a group at depth > 0, or the end
// of the text, and writes them as FTS5 is to read them: the words left out
// (-word) go after the others, each behind a NOT. A bracket of words left
// out only is written as the words any of which leaves an article out,
// leftOut true.
func (p *queryParser) group(depth int) (expr string, leftOut bool, err error) {
	if depth > 100 {
		return "", false, errorString("too many brackets inside each other")
	}
	var items []piece
	var left []string // terms to leave out
	for {
		p.skipSpace()
		if p.pos == len(p.text) {
			if depth > 0 {
				return "", false, errorString("a ( is not closed")
			}
			break
		}
		if p.text[p.pos] == ')' {
			if depth == 0 {
				return "", false, errorString("a ) closes no bracket")
			}
			p.pos++
			break
		}
		term, neg, op, err := p.item(depth, false)
		switch {
		case err != nil:
			return "", false, err
		case term == "":
			continue // a lone - or +: punctuation, not a word
		case neg:
			n := len(items)
			if n > 0 && items[n-1].op && items[n-1].text != "AND" {
				return "", false, errorString(items[n-1].text + " -word: a word left out (-word) leaves it out of the whole bracket, so it cannot follow " + items[n-1].text + ": (mayor OR council) -taxes")
			}
			// "a AND -b" is a NOT b.
			if n > 0 && items[n-1].op {
				items = items[:n-1]
			}
			left = append(left, term)
		case op && term == "NOT" && len(items) > 1 && items[len(items)-1] == piece{"AND", true}:
			// "a AND NOT b", as people write it, is FTS5's "a NOT b" (its
			// NOT is binary, and means and-not).
			items[len(items)-1] = piece{term, op}
		default:
			items = append(items, piece{term, op})
		}
	}
	if len(items) == 1 && items[0].op && len(left) == 0 {
		return quote(items[0].text), false, nil // a lone AND is the word
	}
	if err := checkOperators(items); err != nil {
		return "", false, err
	}
	switch {
	case len(items) == 0 && len(left) > 0 && depth > 0:
		// electric (-Audi -Tesla) is electric -(Audi OR Tesla).
		if len(left) == 1 {
			return left[0], true, nil
		}
		return "(" + strings.Join(left, " OR ") + ")", true, nil
	case len(items) == 0 && len(left) > 0:
		return "", false, errorString("a query of words to leave out only (-word) needs a word to search for: electric -Audi")
	case len(items) == 0:
		if depth > 0 {
			return "", false, errorString("() holds no word")
		}
		return "", false, errorString(noSearchableWords)
	}
	expr = joinItems(items)
	if len(left) == 0 {
		return expr, false, nil
	}
	if len(items) > 1 {
		expr = "(" + expr + ")"
	}
	return expr + " NOT " + strings.Join(left, " NOT "), false, nil
}

// joinItems writes a group's items apart; a bracket (a group, NEAR's)
// beside another term is joined with AND, as FTS5 reads a word before "("
// as a call and takes no term after ")" without an operator.
func joinItems(items []piece) string {
	var b strings.Builder
	for i, it := range items {
		if i > 0 {
			b.WriteByte(' ')
			prev := items[i-1]
			if !it.op && !prev.op && (bracketed(it.text) || bracketed(prev.text)) {
				b.WriteString("AND ")
			}
		}
		b.WriteString(it.text)
	}
	return b.String()
}

// bracketed reports whether a term ends in a bracket (a phrase ends in a
// quote or *, a word in neither).
func bracketed(term string) bool { return strings.HasSuffix(term, ")") }

// checkOperators refuses an operator where FTS5 wants a word (first,
// last, beside another). Such a query is not searched as plain words: a
// misplaced AND or NOT searched as a word would turn the query around.
func checkOperators(items []piece) error {
	for i, it := range items {
		switch {
		case !it.op:
			continue
		case i == 0 && it.text == "NOT":
			return errorString("NOT needs a word before it: it keeps what matches the words before and not those after (mayor NOT taxes; or mayor -taxes)")
		case i == 0:
			return errorString(it.text + " needs a word before it")
		case i == len(items)-1:
			return errorString(it.text + " needs a word after it")
		case items[i+1].op:
			return errorString(it.text + " " + items[i+1].text + ": two operators in a row")
		}
	}
	return nil
}

// item reads one term or operator at p.pos; neg reports a term typed
// with a leading -, to leave out. An empty term is punctuation to skip.
// Within a column filter (inColumn) a word before a colon is text.
func (p *queryParser) item(depth int, inColumn bool) (term string, neg, op bool, err error) {
	if c := p.text[p.pos]; c == '-' && p.pos+1 < len(p.text) && !p.spaceAt(p.pos+1) {
		p.pos++
		neg = true
		if p.text[p.pos] == '-' || p.text[p.pos] == ')' {
			return "", false, false, nil // -- or -): punctuation
		}
	}
	switch c := p.text[p.pos]; c {
	case '"':
		term, err = p.phrase()
		if !hasWordChar(term) {
			term = "" // "" or "...": no word
		}
	case '(':
		p.pos++
		var leftOut bool
		term, leftOut, err = p.group(depth + 1)
		switch {
		case err == nil && leftOut && neg:
			err = errorString("-(-word) leaves out a word left out: write the word itself")
		case leftOut:
			neg = true
		default:
			term = "(" + term + ")"
		}
	default:
		filter, name, ok, cerr := p.columnSet(inColumn)
		switch {
		case cerr != nil:
			return "", false, false, cerr
		case ok:
			return p.columnItem(filter, name, depth, neg)
		}
		start := p.pos
		word := p.word()
		if word == "NEAR" && p.nearFollows() && !neg {
			term, err = p.near()
			break
		}
		if operators[word] && word != "NEAR" && !neg {
			return word, false, true, nil
		}
		if col, _, ok := strings.Cut(word, ":"); ok && searchColumns[strings.ToLower(col)] {
			if inColumn {
				return "", false, false, errorString("one column filter to a word: title:word")
			}
			p.pos = start + len(col) + 1
			return p.columnItem(strings.ToLower(col)+":", col+":", depth, neg)
		}
		if word == "NEAR" && p.nearFollows() {
			term, err = p.near()
			break
		}
		term = bareTerm(word)
	}
	if err != nil {
		return "", false, false, err
	}
	if term == "" {
		return "", false, false, nil
	}
	return term, neg, false, nil
}

// columnSet reads FTS5's filter of several columns, {title byline}:,
// naming only searchColumns, when one starts at p.pos; anything else
// that starts with { is text.
func (p *queryParser) columnSet(inColumn bool) (filter, name string, ok bool, err error) {
	if p.text[p.pos] != '{' {
		return "", "", false, nil
	}
	inside, rest, closed := strings.Cut(p.text[p.pos+1:], "}")
	rest = strings.TrimLeftFunc(rest, unicode.IsSpace)
	switch {
	case !closed && strings.Contains(p.text[p.pos:], ":"):
		return "", "", false, errorString("a { opens a list of columns that is not closed: {title byline}:word")
	case !closed:
		return "", "", false, nil // text
	case strings.HasPrefix(rest, "}"):
		return "", "", false, errorString("a } closes no {")
	case !strings.HasPrefix(rest, ":"):
		return "", "", false, nil // {text} without a colon is text
	case inColumn:
		return "", "", false, errorString("one column filter to a word: {title byline}:word")
	}
	names := strings.Fields(strings.ToLower(inside))
	if len(names) == 0 {
		return "", "", false, errorString("{}: names no column (title, byline, text)")
	}
	for _, n := range names {
		if !searchColumns[n] {
			return "", "", false, errorString(fmt.Sprintf("{%s}: %q is no column (title, byline, text)", inside, n))
		}
	}
	p.pos += 1 + len(inside) + 1
	p.skipSpace()
	p.pos++ // :
	name = "{" + strings.Join(strings.Fields(inside), " ") + "}:"
	return "{" + strings.Join(names, " ") + "}:", name, true, nil
}

// columnItem reads the term a column filter (title:, {title byline}:)
// applies to: a word, a phrase, a bracket or a NEAR group, right after
// the colon; -word there (title:-Audi) leaves out what holds it there.
func (p *queryParser) columnItem(filter, name string, depth int, neg bool) (string, bool, bool, error) {
	if p.pos == len(p.text) || p.spaceAt(p.pos) || p.text[p.pos] == ')' {
		return "", false, false, errorString(name + " needs a word after it")
	}
	term, neg2, op, err := p.item(depth, true)
	switch {
	case err != nil:
		return "", false, false, err
	case term == "" || op:
		return "", false, false, errorString(name + " needs a word after it")
	case neg && neg2:
		return "", false, false, errorString("-" + name + "-word leaves out a word left out: one - is enough")
	}
	return filter + term, neg || neg2, false, nil
}

// word reads a run of text up to a space, bracket or quote.
func (p *queryParser) word() string {
	start := p.pos
	for p.pos < len(p.text) && !p.spaceAt(p.pos) && !strings.ContainsRune(`()"`, rune(p.text[p.pos])) {
		p.pos++
	}
	return p.text[start:p.pos]
}

// phrase reads a quoted phrase (with "" for a quote inside it) and a *
// typed right after it.
func (p *queryParser) phrase() (string, error) {
	start := p.pos
	for i := p.pos + 1; i < len(p.text); i++ {
		if p.text[i] != '"' {
			continue
		}
		if i+1 < len(p.text) && p.text[i+1] == '"' {
			i++
			continue
		}
		p.pos = i + 1
		if p.pos < len(p.text) && p.text[p.pos] == '*' {
			p.pos++
		}
		return p.text[start:p.pos], nil
	}
	return "", errorString(`a " opens a phrase that is not closed`)
}

// nearFollows reports whether a bracket follows, past spaces: NEAR(…).
func (p *queryParser) nearFollows() bool {
	i := p.pos
	for i < len(p.text) && p.spaceAt(i) {
		i++
	}
	return i < len(p.text) && p.text[i] == '('
}

// near reads NEAR's bracket: terms, then an optional ", N".
func (p *queryParser) near() (string, error) {
	p.skipSpace()
	p.pos++ // (
	var terms []string
	distance := ""
	for {
		p.skipSpace()
		if p.pos == len(p.text) {
			return "", errorString("a ( is not closed")
		}
		switch c := p.text[p.pos]; c {
		case ')':
			p.pos++
			if len(terms) == 0 {
				return "", errorString("NEAR() holds no word")
			}
			return "NEAR(" + strings.Join(terms, " ") + distance + ")", nil
		case '"':
			t, err := p.phrase()
			if err != nil {
				return "", err
			}
			if hasWordChar(t) {
				terms = append(terms, t)
			}
		case '(':
			return "", errorString("NEAR(…) holds words and phrases, not brackets")
		default:
			if c == '-' && p.pos+1 < len(p.text) && !p.spaceAt(p.pos+1) && p.text[p.pos+1] != ',' {
				return "", errorString("NEAR(…) finds words near each other; a word to leave out (-word) goes outside it: NEAR(flood barrier) -dam")
			}
			if c == '{' {
				return "", errorString("a column filter goes before NEAR, not inside it: title:NEAR(flood barrier)")
			}
			w := p.word()
			before, after, comma := strings.Cut(w, ",")
			if operators[before] {
				return "", errorString("NEAR(…) finds words near each other; " + before + " goes outside it: NEAR(flood barrier) OR dam")
			}
			if col, _, ok := strings.Cut(before, ":"); ok && searchColumns[strings.ToLower(col)] {
				return "", errorString("a column filter goes before NEAR, not inside it: title:NEAR(flood barrier)")
			}
			if strings.HasPrefix(before, "^") {
				return "", errorString("NEAR(…) cannot hold ^word (a column's first word): put it outside, ^flood NEAR(flood barrier)")
			}
			if t := bareTerm(before); t != "" {
				terms = append(terms, t)
			}
			if !comma {
				continue
			}
			p.skipSpace()
			if after == "" {
				after = p.word()
			}
			p.skipSpace()
			if !isDigits(after) || p.pos == len(p.text) || p.text[p.pos] != ')' {
				return "", errorString("NEAR(a b, N) ends with a number of words after its comma")
			}
			distance = ", " + after
		}
	}
}

// bareTerm writes a word as FTS5 is to read it: as it stands when FTS5
// reads it as a word, a prefix (flood*) or an initial word (^flood);
// otherwise as a phrase, which FTS5 splits into words as it does the
// text (covid-19 is covid then 19). Empty for a word of punctuation or
// symbols alone (🚀, ★): the index's tokenizer takes them for spaces
// (docs/benchmarks.md says why they are not indexed), so such a word
// matched nothing.
func bareTerm(w string) string {
	core := strings.TrimPrefix(w, "^")
	core = strings.TrimSuffix(core, "*")
	switch {
	case !hasWordChar(w):
		return ""
	case isBareword(core) && !operators[strings.ToUpper(core)]:
		return w
	}
	return quote(w)
}

// quote makes text one FTS5 phrase.
func quote(text string) string {
	return `"` + strings.ReplaceAll(text, `"`, `""`) + `"`
}

// isBareword reports whether FTS5 reads s as one word: ASCII letters,
// digits and _, and any letter beyond ASCII.
func isBareword(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x80 && c != '_' && c != 0x1a && !('0' <= c && c <= '9') && !('a' <= c && c <= 'z') && !('A' <= c && c <= 'Z') {
			return false
		}
	}
	return true
}

// hasWordChar reports whether s holds a letter or digit.
func hasWordChar(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsNumber(r) {
			return true
		}
	}
	return false
}

func isDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

func (p *queryParser) spaceAt(i int) bool {
	r, _ := utf8.DecodeRuneInString(p.text[i:])
	return unicode.IsSpace(r)
}

func (p *queryParser) skipSpace() {
	for p.pos < len(p.text) && p.spaceAt(p.pos) {
		_, n := utf8.DecodeRuneInString(p.text[p.pos:])
		p.pos += n
	}
}
