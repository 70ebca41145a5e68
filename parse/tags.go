package parse

import (
	"slices"
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

// pageTags merges the declared keywords and tags; rel=tag links count only
// when nothing is declared, as themes also use them for tag clouds. Only
// tags that name a topic are kept (cleanTags).
func pageTags(h *headTags, ld *ldData, mk markup, siteName string) []string {
	tags := append([]string{}, ld.Keywords...)
	for _, raw := range h.all("article:tag", "news_keywords", "keywords", "parsely-tags", "sailthru.tags") {
		tags = append(tags, splitList(raw)...)
	}
	if len(tags) == 0 {
		tags = mk.Tags
	}
	kept := tags[:0:0]
	for _, t := range cleanTags(tags, siteName) {
		if utf8.RuneCountInString(t) <= 60 {
			kept = append(kept, t) // longer ones are sentences, not tags
		}
	}
	tags = dedupeFold(kept)
	if len(tags) > maxTags {
		tags = tags[:maxTags]
	}
	return tags
}

// placeholderSections are section names CMSs fill in by default: they
// name no part of the site.
var placeholderSections = wordSet(
	"all", "article", "articles", "post", "posts", "home", "homepage", "home page", "front page",
	"uncategorized", "uncategorised", "general", "default", "none", "null",
	// WordPress's default category in other languages.
	"non classé", "allgemein", "sin categoría", "sem categoria", "senza categoria",
	"ohne kategorie", "geen categorie", "bez kategorii", "без рубрики", "без категории",
	"未分類", "未分类", "미분류",
)

// pageSection picks the section a page declares among the JSON-LD's
// articleSection and the meta tags', each a name or a category list: the
// first that names a part of the site (usableSection). A meta tag that
// declares one of several JSON-LD categories ("game,news,slider" beside
// "news") names the primary one: a CMS lists every category the story is
// filed under in its order, not the story's own first.
func pageSection(ldSections, metaSections []string, siteName string) string {
	if s := agreedSection(ldSections, metaSections, siteName); s != "" {
		return s
	}
	for _, raw := range append(slices.Clip(ldSections), metaSections...) {
		for _, s := range categoryList(plainText(raw)) {
			if usableSection(s, siteName) {
				return s
			}
		}
	}
	return ""
}

// agreedSection is the first section of the meta tags that is one of
// several categories the JSON-LD lists, or "".
func agreedSection(ldSections, metaSections []string, siteName string) string {
	var listed []string
	for _, raw := range ldSections {
		listed = append(listed, categoryList(plainText(raw))...)
	}
	if len(listed) < 2 {
		return ""
	}
	for _, raw := range metaSections {
		for _, s := range categoryList(plainText(raw)) {
			if usableSection(s, siteName) && slices.ContainsFunc(listed, func(l string) bool { return strings.EqualFold(l, s) }) {
				return s
			}
		}
	}
	return ""
}

// usableSection reports whether s names a part of the site: not the site
// itself or a domain, a CMS placeholder, or a text too long to be a name.
func usableSection(s, siteName string) bool {
	switch {
	case s == "", utf8.RuneCountInString(s) > 60, placeholderSections[strings.ToLower(s)],
		strings.EqualFold(s, siteName), isDomainName(s):
		return false
	}
	return true
}

// categoryList splits "Tech,Home Page,Popular", a CMS's category list, and
// keeps "Science, Tech & Health", which a comma and a space may join in
// one name, whole.
func categoryList(s string) []string {
	if strings.Contains(s, ", ") {
		return []string{squashSpace(s)}
	}
	return splitList(s)
}

// isDomainName reports whether s reads as a host name ("gizmodo.com"):
// no space, and letters after its last dot.
func isDomainName(s string) bool {
	dot := strings.LastIndexByte(s, '.')
	if dot <= 0 || strings.ContainsRune(s, ' ') {
		return false
	}
	tld := s[dot+1:]
	return len(tld) >= 2 && strings.IndexFunc(tld, func(r rune) bool { return !unicode.IsLetter(r) }) < 0
}
