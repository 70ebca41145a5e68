package parse

import (
	"net/url"
	"path"
	"strings"
	"unicode"
)

// placeholderMarks are the words that make a picture's file name that of
// a site's logo or default sharing picture ("opengraph_default.png",
// "site-logo-1200.png", "givewell_fb_logo.jpg"); placeholderFiller are
// words such names hold beside them. A name with any other word
// ("alibaba-logo-getty.jpg", "argentina-default-bonds.jpg",
// "maxresdefault.jpg") is a picture of a story.
var (
	placeholderMarks  = wordSet("logo", "logos", "default", "placeholder", "fallback", "blank", "spacer", "opengraph", "og", "fb", "facebook", "share", "social")
	placeholderFiller = wordSet("site", "image", "img", "card", "meta", "thumbnail", "thumb", "generic", "brand", "icon", "twitter", "sharing", "main", "large", "small", "x", "px", "v", "new")
)

// placeholderVocabulary lists the marks and the filler.
var placeholderVocabulary = func() []string {
	var words []string
	for _, set := range []map[string]bool{placeholderMarks, placeholderFiller} {
		for w := range set {
			words = append(words, w)
		}
	}
	return words
}()

// placeholderImage says whether an image URL is the site's logo or default
// sharing picture, which pages declare when the story has none: an avatar
// service's, or a file whose name is only placeholder words, the site's
// name (hosts) and sizes.
func placeholderImage(raw string, hosts []string) bool {
	u, err := url.Parse(strings.ToLower(raw))
	if err != nil {
		return false
	}
	if strings.HasSuffix(u.Hostname(), "gravatar.com") {
		return true // a WordPress.com site's icon or an avatar
	}
	name := path.Base(u.Path)
	name = strings.TrimSuffix(name, path.Ext(name))
	marked := false
	for _, w := range strings.FieldsFunc(name, func(r rune) bool { return !unicode.IsLetter(r) }) {
		parts, ok := placeholderParts(w, hosts)
		if !ok {
			return false
		}
		marked = marked || parts
	}
	return marked
}

// placeholderParts splits a word of a file name into placeholder words and
// host labels ("sitelogo": site, logo); ok is false when it cannot be,
// marked true when one of the parts is a placeholder mark.
func placeholderParts(w string, hosts []string) (marked, ok bool) {
	if w == "" {
		return false, true
	}
	// Both lists read, never appended to: the vocabulary is shared by
	// every parse at once.
	for _, words := range [][]string{placeholderVocabulary, hosts} {
		for _, p := range words {
			if p == "" || !strings.HasPrefix(w, p) {
				continue
			}
			if rest, ok := placeholderParts(w[len(p):], hosts); ok {
				return rest || placeholderMarks[p], true
			}
		}
	}
	return false, false
}
