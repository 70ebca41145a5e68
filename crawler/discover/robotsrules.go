package discover

import (
	"bytes"
	"cmp"
	"slices"
	"strings"
)

// robotsRule is one Allow or Disallow line of a robots.txt group, its path
// written as request paths are compared with it (see encodePath).
type robotsRule struct {
	path  string
	allow bool
}

// groupRules returns the Allow and Disallow rules of the group body gives
// agent, the product token normalizeRules wrote the group names for. Groups
// are read as the parser reads them: successive User-agent lines open one
// group, a rule or Crawl-delay line closes its list of names, and groups
// naming the same agent are merged. The group chosen is the one whose name
// is the longest prefix of agent, the * group failing that (RFC 9309,
// 2.2.1). The rules are kept whatever their order: the longest match wins
// (see allowed).
func groupRules(body []byte, agent string) []robotsRule {
	groups := map[string][]robotsRule{}
	var names []string
	named := false // the current names have rules or a delay under them
	for _, line := range bytes.FieldsFunc(body, func(r rune) bool { return r == '\n' || r == '\r' }) {
		field, value := robotsLine(line)
		switch field {
		case "user-agent", "useragent":
			if named {
				names, named = nil, false
			}
			if value != "" {
				names = append(names, strings.ToLower(value))
			}
		case "allow", "disallow":
			named = true
			openGroups(groups, names)
			if value == "" {
				continue // an empty path is no rule (RFC 9309, 2.2.2)
			}
			if !strings.HasPrefix(value, "/") && !strings.HasPrefix(value, "*") {
				value = "/" + value
			}
			for _, n := range names {
				groups[n] = append(groups[n], robotsRule{path: value, allow: field == "allow"})
			}
		case "crawl-delay", "crawldelay":
			named = true
			openGroups(groups, names) // a group with a delay and no rules allows all
		}
	}
	chosen, ok := "*", false
	for n := range groups {
		if n != "*" && strings.HasPrefix(agent, n) && len(n) > len(chosen) {
			chosen, ok = n, true
		}
	}
	if !ok {
		chosen = "*"
	}
	return rankRules(groups[chosen])
}

// openGroups makes the groups of names exist, rules or not: a group
// of its own, even empty, is chosen over the * group.
func openGroups(groups map[string][]robotsRule, names []string) {
	for _, n := range names {
		if _, ok := groups[n]; !ok {
			groups[n] = nil
		}
	}
}

// robotsLine splits a robots.txt line into its field, lowercased, and its
// value's first word; a comment is no part of either. "Disallow /x" without
// the colon is read as the parser read it, as "Disallow: /x".
func robotsLine(line []byte) (field, value string) {
	if i := bytes.IndexByte(line, '#'); i >= 0 {
		line = line[:i]
	}
	s := strings.TrimSpace(string(line))
	i := strings.IndexAny(s, ": \t\v")
	if i < 0 {
		return strings.ToLower(s), ""
	}
	field, s = strings.ToLower(s[:i]), strings.TrimSpace(s[i:])
	s = strings.TrimSpace(strings.TrimPrefix(s, ":"))
	if words := strings.Fields(s); len(words) > 0 {
		value = words[0]
	}
	return field, value
}

// rankRules orders rules for allowed: longest path first, and drops
// repeated ones, so a file that says one thing many times costs no more
// than saying it once.
func rankRules(rules []robotsRule) []robotsRule {
	slices.SortFunc(rules, func(a, b robotsRule) int {
		if c := cmp.Compare(len(b.path), len(a.path)); c != 0 {
			return c
		}
		if c := strings.Compare(a.path, b.path); c != 0 {
			return c
		}
		return cmp.Compare(boolInt(a.allow), boolInt(b.allow))
	})
	return slices.Compact(rules)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// allowed applies rules, ranked by rankRules, to path (with its query) as
// RFC 9309, 2.2.2 says: the matching rule with the longest path, counted
// in octets as written, wins whatever its place in the file; an Allow and
// a Disallow of one length is an Allow; no matching rule allows.
func allowed(rules []robotsRule, path string) bool {
	for i, r := range rules {
		if !matchRule(r.path, path) {
			continue
		}
		for _, tie := range rules[i:] {
			if len(tie.path) < len(r.path) {
				break
			}
			if tie.allow && matchRule(tie.path, path) {
				return true
			}
		}
		return r.allow
	}
	return true
}

// matchRule reports whether pattern matches the beginning of path: "*"
// stands for any run of octets, a "$" ending the pattern for the end of
// the path; every other octet, a "$" within the pattern too, stands for
// itself. The literal runs between stars are placed leftmost, one after
// the other (the earliest end leaves the most room for what follows), so
// a pattern costs a few substring searches of path, never a backtrack.
func matchRule(pattern, path string) bool {
	anchored := strings.HasSuffix(pattern, "$")
	if anchored {
		pattern = pattern[:len(pattern)-1]
	}
	first, rest, starred := strings.Cut(pattern, "*")
	if !strings.HasPrefix(path, first) {
		return false
	}
	if !starred {
		return !anchored || len(path) == len(first)
	}
	pos := len(first)
	for {
		piece, more, ok := strings.Cut(rest, "*")
		if !ok {
			if anchored {
				return len(path)-len(piece) >= pos && strings.HasSuffix(path, piece)
			}
			return strings.Contains(path[pos:], piece)
		}
		i := strings.Index(path[pos:], piece)
		if i < 0 {
			return false
		}
		pos += i + len(piece)
		rest = more
	}
}
