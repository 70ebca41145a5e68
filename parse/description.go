package parse

import (
	"strings"
	"unicode/utf8"
)

// pageDescription is the page's summary: the JSON-LD article's
// description, else the first of the meta descriptions (og:description,
// then the others). One cut short with an ellipsis gives way to a meta
// description that says the same in full (betterThanCut),
// or to one the page's WebPage node declares too: the summary written for
// the page, where the article's description is an excerpt of its text
// (a WordPress theme's "This post is sponsored by…").
func pageDescription(ld *ldData, metas []string) string {
	desc := plainText(firstNonBlank(append([]string{ld.Description}, metas...)...))
	if !isCut(desc) {
		return desc
	}
	for _, m := range metas {
		if m = plainText(m); betterThanCut(m, desc) {
			return m
		}
	}
	for _, m := range metas {
		if m = plainText(m); !isCut(m) && containsFold(ld.PageDescriptions, m) {
			return m
		}
	}
	return desc
}

// isCut reports whether a description ends with an ellipsis ("…",
// "...", WordPress's "[…]"): a CMS cut it to a length.
func isCut(s string) bool {
	return uncut(s) != strings.TrimSpace(s)
}

// uncut is s without the ellipsis that ends it, spaces squashed.
func uncut(s string) string {
	s = strings.TrimSpace(s)
	for _, mark := range []string{"[…]", "[...]", "…", "..."} {
		if t, ok := strings.CutSuffix(s, mark); ok {
			return squashSpace(t)
		}
	}
	return squashSpace(s)
}

// betterThanCut reports whether m says what cut, a description cut with
// an ellipsis, says, and more: m goes on where cut stops ("... he
// threatened ..." and "... he threatened to kill Rep. Ilhan Omar"), or
// cut goes on past the end of m's last sentence ("... the LA Auto Show.
// Joinin…" and "... the LA Auto Show.").
func betterThanCut(m, cut string) bool {
	stem, mStem := uncut(cut), uncut(m)
	if mStem == "" || stem == "" {
		return false
	}
	if strings.HasPrefix(mStem, stem) {
		return utf8.RuneCountInString(mStem) > utf8.RuneCountInString(stem)
	}
	last, _ := utf8.DecodeLastRuneInString(mStem)
	return !isCut(m) && strings.HasPrefix(stem, mStem) && strings.ContainsRune(".?!\"”", last)
}

// containsFold reports whether list holds s, ignoring case and spacing.
func containsFold(list []string, s string) bool {
	for _, l := range list {
		if strings.EqualFold(squashSpace(l), squashSpace(s)) {
			return true
		}
	}
	return false
}
