package parse

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// titleSeparators join a headline and a site name in <title> and og:title.
// The colon comes last: cleanTitle strips a colon-joined part only when it
// is the site name.
var titleSeparators = []string{" | ", " - ", " – ", " — ", " · ", " » ", " :: ", " // ", "｜", " ｜ ", ": "}

// siteSeparators are also accepted when the removed part is the known site
// name: CJK titles often join them without spaces ("标题_网站").
var siteSeparators = append(append([]string{}, titleSeparators...), "_", "|", "-", "：", "丨")

// cleanTitle removes the site name that a title carries as a suffix ("Title
// - Site") or prefix ("Site: Title"). site is the known site name, h1 the
// page's main heading; either may be empty. It also returns the part it
// removed when that part may be the site name, so a page without a declared
// site name still gets one.
func cleanTitle(title, site, h1 string) (clean, removed string) {
	title = squashSpace(title)
	if h1 = squashSpace(h1); h1 != "" && h1 != title && !sameName(h1, site) {
		if rest, ok := trimAround(title, h1); ok {
			return h1, rest
		}
	}
	for _, sep := range siteSeparators {
		if i := strings.LastIndex(title, sep); i > 0 && sameName(title[i+len(sep):], site) {
			return strings.TrimSpace(title[:i]), strings.TrimSpace(title[i+len(sep):])
		}
		if i := strings.Index(title, sep); i > 0 && sameName(title[:i], site) {
			return strings.TrimSpace(title[i+len(sep):]), strings.TrimSpace(title[:i])
		}
	}
	if h1 == "" {
		return title, ""
	}
	// The other part is short and the heading does not contain it: it names
	// the site (or a section) rather than the story. A colon is left alone:
	// "Analysis: ..." is part of the headline.
	for _, sep := range titleSeparators[:len(titleSeparators)-1] {
		if i := strings.LastIndex(title, sep); i > 0 && siteLike(title[i+len(sep):], h1) {
			return strings.TrimSpace(title[:i]), title[i+len(sep):]
		}
		if i := strings.Index(title, sep); i > 0 && siteLike(title[:i], h1) {
			return strings.TrimSpace(title[i+len(sep):]), title[:i]
		}
	}
	return title, ""
}

// trimAround reports whether title is h1 plus a short decoration before or
// after it, and returns that decoration without its separator.
func trimAround(title, h1 string) (string, bool) {
	i := strings.Index(strings.ToLower(title), strings.ToLower(h1))
	if i < 0 || utf8.RuneCountInString(h1) < 10 {
		return "", false
	}
	rest := strings.TrimFunc(title[:i]+" "+title[i+len(h1):], func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune("|-–—·»:/_｜：丨", r)
	})
	if len(strings.Fields(rest)) > 5 {
		return "", false
	}
	return rest, true
}

// siteLike says whether part of a title is short and absent from the
// heading, so it cannot be part of the headline.
func siteLike(part, h1 string) bool {
	part = strings.TrimSpace(part)
	if part == "" || len(strings.Fields(part)) > 4 || utf8.RuneCountInString(part) > 40 {
		return false
	}
	return !strings.Contains(strings.ToLower(h1), strings.ToLower(part))
}

// sameName compares names ignoring case, punctuation, spacing and a leading
// "The", and accepts a name that contains the other ("Daily Planet" and
// "Daily Planet Online").
func sameName(a, b string) bool {
	a, b = nameKey(a), nameKey(b)
	if a == "" || b == "" {
		return false
	}
	if a == b {
		return true
	}
	if len(a) > len(b) {
		a, b = b, a
	}
	// Containment counts only between names of similar length, so a whole
	// headline that mentions the site is not taken for the site name.
	return len(a) >= 4 && len(a)*5 >= len(b)*3 && strings.Contains(b, a)
}

func nameKey(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.TrimPrefix(s, "the ")
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}
