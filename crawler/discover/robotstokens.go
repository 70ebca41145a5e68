package discover

import (
	"bytes"
	"strings"
)

// withoutPatterns is body as the robots.txt parser is to see it: the path
// of every Allow and Disallow line that holds a "*" or a "$" written "/".
// The parser compiles a regular expression for each such path, which made
// reading a file of 27,000 wildcard rules cost 0.25 s, yet its rules are
// never asked (allowed matches groupRules' own): it is read for the
// Crawl-delay and Sitemap lines, for the groups the rules close, and for
// whether it parses at all (a rule before any User-agent line does not).
// A rule "/" is one of those rules as much as the one it replaces, and
// nothing else changes: the parser sees the same lines, the same groups and
// the same count of tokens, its errors included.
//
// The lines are cut into tokens as the parser's scanner cuts them, which
// is not as robotsLine reads them: at "\r" as well as "\n", at the first
// colon of a line only, a "#" ending a line only where a token would begin,
// and two tokens to a directive, so "Disallow: /a Allow /b*" is two rules.
func withoutPatterns(body []byte) []byte {
	if !bytes.ContainsAny(body, "*$") {
		return body
	}
	out := make([]byte, 0, len(body))
	if bytes.HasPrefix(body, []byte("\uFEFF")) { // the scanner skips it
		out, body = append(out, "\uFEFF"...), body[len("\uFEFF"):]
	}
	for len(body) > 0 {
		line, rest := body, []byte(nil)
		if i := bytes.IndexAny(body, "\r\n"); i >= 0 {
			line, rest = body[:i+1], body[i+1:]
		}
		out, body = appendPlainLine(out, line), rest
	}
	return out
}

// appendPlainLine appends line to out, a wildcard rule's path written "/"
// (see withoutPatterns).
func appendPlainLine(out, line []byte) []byte {
	toks := scanTokens(line)
	from := 0
	for i := 0; i+1 < len(toks); i += 2 {
		key, path := toks[i], toks[i+1]
		switch strings.ToLower(string(line[key[0]:key[1]])) {
		case "allow", "disallow":
			if bytes.ContainsAny(line[path[0]:path[1]], "*$") {
				out = append(append(out, line[from:path[0]]...), '/')
				from = path[1]
			}
		}
	}
	return append(out, line[from:]...)
}

// scanTokens returns the start and end of each token of one line, as
// the parser's scanner cuts them: at spaces, tabs and vertical tabs, at
// the line's first colon that does not begin a token (the colon then
// belongs to no token), and nothing from a "#" that begins one.
func scanTokens(line []byte) [][2]int {
	var toks [][2]int
	keyFound := false
	for pos := 0; ; {
		for pos < len(line) && isScannerSpace(line[pos]) {
			pos++
		}
		if pos == len(line) || line[pos] == '#' || line[pos] == '\n' || line[pos] == '\r' {
			return toks
		}
		start, end := pos, len(line)
		for pos++; pos < len(line); pos++ { // a token's first byte is its own, a colon too
			if c := line[pos]; isScannerSpace(c) || c == '\n' || c == '\r' {
				end = pos
				break
			}
			if line[pos] == ':' && !keyFound {
				keyFound, end = true, pos
				pos++
				break
			}
		}
		toks = append(toks, [2]int{start, end})
	}
}

// isScannerSpace tells the bytes the parser's scanner skips between tokens.
func isScannerSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\v' }
