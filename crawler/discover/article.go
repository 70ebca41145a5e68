package discover

import (
	"net/url"
	"path"
	"regexp"
	"slices"
	"strings"
)

// Kind is what a URL's shape says about the page behind it.
type Kind int

const (
	// Listing is a page worth visiting for its links but not an article: a
	// section front, a tag, author or archive page, a pagination step.
	Listing Kind = iota
	// Article is probably a single article, to fetch and archive.
	Article
	// Skip is not worth a request: a static file, a login or search form, a
	// share or print variant.
	Skip
)

// String names the kind for logs.
func (k Kind) String() string {
	switch k {
	case Article:
		return "article"
	case Skip:
		return "skip"
	}
	return "listing"
}

// Classify judges the URL u. Configured article patterns decide alone when a
// source has them; otherwise the path is read for evidence: a date, a long
// slug or a numeric id make an article, listing words make a listing.
func Classify(u *url.URL, article []*regexp.Regexp) Kind {
	if isSkipped(u) {
		return Skip
	}
	if len(article) > 0 {
		s := u.String()
		for _, re := range article {
			if re.MatchString(s) {
				return Article
			}
		}
		return Listing
	}
	return guess(u)
}

// guess applies the evidence of the path and query.
func guess(u *url.URL) Kind {
	segs := segments(u.Path)
	if len(segs) == 0 {
		if hasIDParam(u.Query(), true) {
			return Article
		}
		return Listing
	}
	if isPagination(u, segs) {
		return Listing
	}
	if hasDatedSlug(segs) {
		return Article
	}
	last := stripExt(segs[len(segs)-1])
	for _, s := range segs {
		lower := strings.ToLower(s)
		if listingWords[lower] || personWords[lower] && !isLongSlug(last) {
			return Listing
		}
	}
	if isLongSlug(last) || anyLongNumber(segs[1:]) || hasLongNumber(last) || isOpaqueID(segs) ||
		hasIDParam(u.Query(), false) {
		return Article
	}
	return Listing
}

// anyLongNumber reports a story id in a segment other than the last, as in
// /politik/article250612345/Haushalt.html.
func anyLongNumber(segs []string) bool {
	for _, s := range segs {
		if hasLongNumber(s) {
			return true
		}
	}
	return false
}

// segments splits a path into its non-empty segments.
func segments(p string) []string {
	parts := strings.Split(p, "/")
	out := parts[:0]
	for _, s := range parts {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// skippedExts are files, not pages.
var skippedExts = setOf(".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".svg", ".ico", ".bmp",
	".tif", ".tiff", ".pdf", ".zip", ".gz", ".tgz", ".rar", ".7z", ".mp3", ".mp4", ".m4a", ".m4v",
	".webm", ".ogg", ".wav", ".avi", ".mov", ".flv", ".css", ".js", ".mjs", ".json", ".woff",
	".woff2", ".ttf", ".eot", ".otf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".odt",
	".exe", ".dmg", ".apk", ".msi", ".iso", ".bin", ".csv", ".ics", ".vcf", ".epub", ".swf")

// skippedWords are path segments of forms and page variants.
var skippedWords = setOf("login", "logout", "signin", "sign-in", "signup", "sign-up", "register",
	"account", "myaccount", "cart", "checkout", "subscribe", "subscription",
	"newsletter-signup", "search", "suche", "recherche", "buscar", "wp-admin", "wp-login.php",
	"wp-json", "xmlrpc.php", "share", "sharer", "print", "email", "mailto", "cdn-cgi", "amp-iframe",
	"preference", "preferences")

// skippedParams are query parameters of forms, searches and variants.
var skippedParams = setOf("s", "q", "query", "search", "replytocom", "share", "print",
	"action", "redirect_to", "returnurl", "return_to", "login", "output")

// staticWords name the pages about the site itself, not news, as the
// whole of a path (/about, /impressum): deeper, they may be sections.
var staticWords = setOf("about", "privacy", "terms", "contact", "imprint", "impressum",
	"datenschutz", "faq", "advertise", "accessibility", "corrections", "clarifications", "help",
	"feedback", "careers", "jobs")

// staticPages name such pages in any segment of a path
// (/info/pages/about-us, /help/contact-us).
var staticPages = setOf("about-us", "aboutus", "privacy-policy", "privacy-notice", "cookie-policy",
	"cookie-settings", "terms-of-service", "terms-of-use", "terms-and-conditions", "contact-us",
	"advertise-with-us", "mentions-legales", "aviso-legal", "nota-legale", "accessibility-statement")

// isSkipped reports files, forms, searches, share or print variants and
// the site's pages about itself.
func isSkipped(u *url.URL) bool {
	if skippedExts[strings.ToLower(path.Ext(u.Path))] {
		return true
	}
	segs := segments(u.Path)
	if len(segs) == 1 && staticWords[strings.ToLower(stripExt(segs[0]))] {
		return true
	}
	for _, s := range segs {
		lower := strings.ToLower(s)
		if skippedWords[lower] || skippedWords[stripExt(lower)] || staticPages[stripExt(lower)] {
			return true
		}
	}
	if isAboutPage(segs) {
		return true
	}
	for k := range u.Query() {
		if skippedParams[strings.ToLower(k)] {
			return true
		}
	}
	return false
}

// listingWords are path segments of pages that list articles.
var listingWords = setOf("tag", "tags", "topic", "topics", "author", "authors", "autor", "auteur",
	"category", "categories", "categorie", "kategorie", "section", "sections", "series", "page",
	"archive", "archives", "index", "people", "person", "profile", "profiles", "contributor",
	"contributors", "writers", "columnists", "subject", "subjects", "keyword", "keywords", "label",
	"labels", "themen", "thema", "sujet", "feed", "rss", "latest", "most-read", "popular")

// personWords are path segments of pages that list a person's stories
// (/staff/2648172001/david-goricki/): a listing unless the address ends
// in a story's long slug (/reporter/jane-doe/my-week-covering-the-trial).
var personWords = setOf("staff", "journalist", "journalists", "reporter", "reporters", "columnist", "by")

// pageParams are query parameters that step through a listing.
var pageParams = setOf("page", "p", "pg", "paged", "start", "offset", "pagenumber", "seite")

// isAboutPage reports a short address whose last segment tells what the
// site is (/info/about-guardian-us, /about-the-times); a story's slug may
// begin so too, but it is longer.
func isAboutPage(segs []string) bool {
	if len(segs) == 0 || len(segs) > 2 {
		return false
	}
	last := strings.ToLower(stripExt(segs[len(segs)-1]))
	return strings.HasPrefix(last, "about-") && !isLongSlug(last)
}

// isPagination reports /page/2/ style paths and ?page=2 style queries:
// a step past the first (?page=1 beside a story's id is its first page).
func isPagination(u *url.URL, segs []string) bool {
	if n := len(segs); n >= 2 && isPageStep(segs[n-2], segs[n-1]) {
		return true
	}
	for k, v := range u.Query() {
		if k != "p" && pageParams[strings.ToLower(k)] && len(v) > 0 && isLaterPage(v[0]) {
			return true
		}
	}
	return false
}

// isPageStep reports the segments "page", "2" of /page/2/.
func isPageStep(word, number string) bool {
	return isLaterPage(number) && (strings.EqualFold(word, "page") || strings.EqualFold(word, "seite"))
}

// isLaterPage reports a page number or offset past the first.
func isLaterPage(s string) bool {
	n := strings.TrimLeft(s, "0")
	return isDigits(s) && n != "" && n != "1"
}

// ListsArticles reports an address that shows, by its own evidence, a
// list of stories: the site's front page, a tag, author, section or
// archive page, a day's archive, a pagination step; and nothing of a
// story's address (a date before a slug, a long slug, a story id).
// Classify calls Listing these and also the addresses that show nothing.
func ListsArticles(u *url.URL) bool {
	if isSkipped(u) {
		return false
	}
	segs := segments(u.Path)
	if len(segs) == 0 {
		return !hasIDParam(u.Query(), true)
	}
	paged := isPagination(u, segs)
	if n := len(segs); n >= 2 && isPageStep(segs[n-2], segs[n-1]) {
		segs = segs[:n-2]
	}
	if len(segs) == 0 || isDateArchive(segs) {
		return true
	}
	if n := len(segs); n >= 2 && namedListWords[strings.ToLower(segs[n-2])] &&
		!hasDatedSlug(segs) && !anyLongNumber(segs) {
		return true // /tag/<name>, /author/<name>: a name, however long
	}
	if hasArticleShape(segs, u.Query()) {
		return false
	}
	listed := slices.ContainsFunc(segs, func(s string) bool {
		return listingWords[strings.ToLower(s)] || personWords[strings.ToLower(s)]
	})
	// A later page of a one-segment section (/world?page=2) or of a
	// listing; of another page (/news/brexit-deal?page=2) it may be a
	// story's.
	return listed || paged && len(segs) == 1
}

// namedListWords are the listing words followed by the name of what the
// page lists, however long: a tag, a category, an author. (Stories are
// filed under /topics/, /people/ or /profile/ too.)
var namedListWords = setOf("tag", "tags", "author", "authors", "autor", "auteur", "category",
	"categories", "categorie", "kategorie", "keyword", "keywords", "label", "labels")

// hasArticleShape reports the evidence of a story's address in a path
// and query.
func hasArticleShape(segs []string, q url.Values) bool {
	last := stripExt(segs[len(segs)-1])
	return hasDatedSlug(segs) || isLongSlug(last) || anyLongNumber(segs) || isOpaqueID(segs) ||
		hasIDParam(q, false)
}

// isDateArchive reports a path that is only a date: /2024/, /2024/03/,
// /2024/03/15/.
func isDateArchive(segs []string) bool {
	if len(segs) > 3 || !yearSeg.MatchString(segs[0]) {
		return false
	}
	for _, s := range segs[1:] {
		if !isDigits(s) || len(s) > 2 {
			return false
		}
	}
	return true
}

// datePattern matches the dates news sites put in article paths.
var (
	yearSeg   = regexp.MustCompile(`^(19[9]\d|20\d\d)$`)
	monthSeg  = regexp.MustCompile(`^(0?[1-9]|1[0-2]|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)$`)
	dayDigits = regexp.MustCompile(`^(0?[1-9]|[12]\d|3[01])$`)
	inlineDay = regexp.MustCompile(`(^|[^0-9])(199\d|20\d\d)-?(0[1-9]|1[0-2])-?(0[1-9]|[12]\d|3[01])([^0-9]|$)`)
	yearMonth = regexp.MustCompile(`^(199\d|20\d\d)-(0[1-9]|1[0-2])$`)
)

// hasDatedSlug reports a date in the path followed by more: /2024/03/15/x,
// /2024/mar/15/x, /2024/03/x, /2024-03/x, /20240315/x, /news/2024-03-15-x.
// A bare date (/2024/03/) is a day's archive, not an article.
func hasDatedSlug(segs []string) bool {
	for i, s := range segs {
		lower := strings.ToLower(s)
		if yearSeg.MatchString(lower) && i+2 < len(segs) && monthSeg.MatchString(strings.ToLower(segs[i+1])) {
			rest := segs[i+2:]
			if dayDigits.MatchString(rest[0]) {
				rest = rest[1:]
			}
			return len(rest) > 0
		}
		if inlineDay.MatchString(lower) && (i+1 < len(segs) || len(inlineDay.ReplaceAllString(lower, "")) > 3) {
			return true
		}
		if yearMonth.MatchString(lower) && i+1 < len(segs) {
			return true
		}
	}
	return false
}

// isLongSlug reports a slug of four words or more: "eu-leaders-agree-deal".
func isLongSlug(s string) bool {
	words := strings.FieldsFunc(s, func(r rune) bool { return r == '-' || r == '_' || r == '+' })
	n := 0
	for _, w := range words {
		if !isDigits(w) {
			n++
		}
	}
	return n >= 4
}

// hasLongNumber reports a run of five digits or more: story ids.
func hasLongNumber(s string) bool {
	run := 0
	for _, r := range s {
		if r >= '0' && r <= '9' {
			run++
			if run >= 5 {
				return true
			}
		} else {
			run = 0
		}
	}
	return false
}

// articleWords name the segment before an opaque article id.
var articleWords = setOf("article", "articles", "story", "stories", "post", "posts", "a", "news",
	"artikel", "articulo", "noticia", "nachrichten")

// isOpaqueID reports /articles/c4gz9ly1pk3o style ids: letters and digits
// mixed, eight characters or more, after a word that names an article.
func isOpaqueID(segs []string) bool {
	n := len(segs)
	if n < 2 || !articleWords[strings.ToLower(segs[n-2])] {
		return false
	}
	last := stripExt(segs[n-1])
	hasDigit, hasLetter := false, false
	for _, r := range last {
		switch {
		case r >= '0' && r <= '9':
			hasDigit = true
		case r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z':
			hasLetter = true
		default:
			return false
		}
	}
	return len(last) >= 8 && hasDigit && hasLetter
}

// idParams carry an article's id in the query.
var idParams = setOf("id", "story", "storyid", "story_id", "article", "articleid", "article_id",
	"newsid", "news_id", "nid", "aid", "contentid", "docid", "idx", "idxno")

// hasIDParam reports ?id=12345 style queries; rootOnly also accepts
// WordPress's ?p=123 on the site root.
func hasIDParam(q url.Values, rootOnly bool) bool {
	for k, v := range q {
		k = strings.ToLower(k)
		if len(v) == 0 || !isDigits(v[0]) {
			continue
		}
		if idParams[k] || (rootOnly && k == "p") {
			return true
		}
	}
	return false
}

// stripExt drops a page extension: ".html", ".php".
func stripExt(s string) string {
	return strings.TrimSuffix(s, path.Ext(s))
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func setOf(items ...string) map[string]bool {
	m := make(map[string]bool, len(items))
	for _, s := range items {
		m[s] = true
	}
	return m
}
