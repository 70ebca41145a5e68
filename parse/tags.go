package parse

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// tagFieldNames are the field names some CMSs write before a tag's value
// ("Category: Jupiter", "topic: Politics & Policy"): the value is the tag.
var tagFieldNames = wordSet("category", "categories", "topic", "topics", "section", "tag", "tags", "keyword", "subject")

// entityTypeWords are the entity types a newswire's tagger appends to a
// name ("Mark Esper GOVERNMENT_FIGURE PERSON"); the types written with an
// underscore are recognised by it.
var entityTypeWords = wordSet("PERSON", "ORGANIZATION", "ORGANISATION", "POLITICIAN", "NEWSMAKER",
	"COACH", "ATHLETE", "ENTERTAINER", "COMPANY", "LOCATION", "GEOGRAPHY")

// typeOnlyWords are the entity types no topic is named: alone, they are
// a tagger's leftovers ("PERSON"), where "COACH" may be a topic.
var typeOnlyWords = wordSet("PERSON", "ORGANIZATION", "ORGANISATION", "NEWSMAKER", "GEOGRAPHY", "LOCATION")

// genericTags name no topic: a CMS's defaults and the kind of page every
// story is.
var genericTags = wordSet("news", "latest news", "top stories", "blog")

// cleanTags keeps the tags that name a topic of the story: a field name
// before a tag's value is dropped, and so are entity types after a name;
// CMS and tracking tokens, the site's own name and generic words go.
func cleanTags(tags []string, siteName string) []string {
	var kept []string
	for _, t := range tags {
		t = withoutEntityTypes(withoutFieldName(spacedWords(squashSpace(t))))
		if t == "" || isMachineToken(t) || isGenericTag(t) || namesSite(t, siteName) {
			continue
		}
		kept = append(kept, t)
	}
	return kept
}

// spacedWords writes "Cricket_World_Cup", capitalised words an
// underscore joins, with spaces; a lower-case identifier
// ("channel_other") stays one, for isMachineToken.
func spacedWords(t string) string {
	if !strings.Contains(t, "_") || strings.Contains(t, " ") {
		return t
	}
	for _, w := range strings.Split(t, "_") {
		r, _ := utf8.DecodeRuneInString(w)
		if w == "" || !unicode.IsUpper(r) || isEntityType(w) {
			return t
		}
	}
	return strings.ReplaceAll(t, "_", " ")
}

// withoutFieldName is the value of a tag written "field: value" with a
// field name (tagFieldNames), else the tag.
func withoutFieldName(t string) string {
	field, value, ok := strings.Cut(t, ": ")
	if ok && tagFieldNames[strings.ToLower(field)] {
		// A category path ("Section: News:World News") names its last step.
		if i := strings.LastIndexByte(value, ':'); i >= 0 && !strings.Contains(value, ": ") {
			value = value[i+1:]
		}
		return strings.TrimSpace(value)
	}
	return t
}

// withoutEntityTypes drops the entity types around a name ("Paul George
// PROFESSIONAL_ATHLETE SPORTS_FIGURE PERSON" is "Paul George"; the
// tagger also leaves one before a name); a tag of one word stays ("COACH"
// may be a topic), one made only of types is "".
func withoutEntityTypes(t string) string {
	words := strings.Fields(t)
	if len(words) == 1 && !strings.Contains(t, "_") && !typeOnlyWords[t] {
		return t
	}
	for len(words) > 0 && isEntityType(words[len(words)-1]) {
		words = words[:len(words)-1]
	}
	for len(words) > 0 && isEntityType(words[0]) {
		words = words[1:]
	}
	return strings.Join(words, " ")
}

// isEntityType reports whether w is an entity type in capitals: a known
// one, or one joined by an underscore ("SPORTS_FIGURE").
func isEntityType(w string) bool {
	if entityTypeWords[w] {
		return true
	}
	return strings.Contains(w, "_") && strings.IndexFunc(w, func(r rune) bool {
		return r != '_' && !unicode.IsUpper(r)
	}) < 0
}

// isMachineToken reports whether a tag is written for a program, not a
// reader: one without a letter or digit, a handle or address ("@river"),
// an identifier in snake_case ("channel_other"), a key and value
// ("Section:culture", "type=news") or a path ("/article"). A colon that
// ends a word ("Star Wars: Visions") or stands between digits ("24:7"),
// and a slash between words ("AC/DC", "Asia / Pacific"), are a reader's.
func isMachineToken(t string) bool {
	if strings.IndexFunc(t, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) < 0 {
		return true
	}
	if strings.ContainsAny(t, "@_=") {
		return true
	}
	for _, w := range strings.Fields(t) {
		if isKeyValue(w) || isPath(w) {
			return true
		}
	}
	return false
}

// isKeyValue reports whether a word joins a key and a value in lower
// case with a colon ("AdNode:culture", "section:world"), which numbers
// ("24:7") and names ("Re:Zero") do not.
func isKeyValue(w string) bool {
	i := strings.IndexByte(w, ':')
	if i <= 0 || i == len(w)-1 {
		return false
	}
	value, _ := utf8.DecodeRuneInString(w[i+1:])
	return !unicode.IsDigit(rune(w[i-1])) && unicode.IsLower(value)
}

// isPath reports whether a word is a path ("/article") or an address
// with one ("twitter.com/handle").
func isPath(w string) bool {
	slash := strings.IndexByte(w, '/')
	return (slash == 0 && len(w) > 1) || (slash > 0 && strings.Contains(w[:slash], "."))
}

// isGenericTag reports whether a tag names no topic: a CMS placeholder
// ("Uncategorized", "front-page", "Articles") or a word like "news".
func isGenericTag(t string) bool {
	l := strings.ToLower(strings.ReplaceAll(t, "-", " "))
	return genericTags[l] || placeholderSections[l]
}

// namesSite reports whether a tag is the site's own name, as written or
// as a slug or host name ("the-verge", "Space.com").
func namesSite(t, siteName string) bool {
	site := nameKey(siteName)
	if site == "" {
		return false
	}
	tag := strings.ReplaceAll(t, "-", " ")
	if isDomainName(tag) && nameKey(tag[:strings.LastIndexByte(tag, '.')]) == site {
		return true
	}
	return nameKey(tag) == site
}
