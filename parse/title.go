package parse

import (
	"net/url"
	"slices"
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
	// An <h1> that is one short part of the title is the site's logo.
	isLogo := func(part string) bool { return sameName(part, h1) }
	if c, r := splitTitle(title, siteSeparators, isLogo); h1 != "" && r != "" && len(c) > len(r) {
		return c, r
	}
	isSite := func(part string) bool { return sameName(part, site) }
	if c, r := splitTitle(title, siteSeparators, isSite); r != "" {
		return withoutSection(c, title, r), r
	}
	if h1 == "" {
		return title, ""
	}
	// The other part is short and the heading does not contain it: it names
	// the site (or a section) rather than the story. A colon is left alone:
	// "Analysis: ..." is part of the headline.
	notInH1 := func(part string) bool { return siteLike(part, h1) }
	if c, r := splitTitle(title, titleSeparators[:len(titleSeparators)-1], notInH1); r != "" {
		return c, r
	}
	return title, ""
}

// withoutSection is clean, what is left of title once the site's name
// (site) was split off its end, without the section the template wrote
// before the name with the same separator ("... | News | County
// Herald"): a part that reads as a name after a headline of more words
// (see siteSuffix).
func withoutSection(clean, title, site string) string {
	if !strings.HasPrefix(title, clean) || !strings.HasSuffix(title, site) || len(clean)+len(site) >= len(title) {
		return clean
	}
	sep := title[len(clean) : len(title)-len(site)]
	if strings.TrimSpace(sep) == "" {
		return clean
	}
	i := strings.LastIndex(clean, sep)
	if i <= 0 {
		return clean
	}
	head, part := strings.TrimSpace(clean[:i]), strings.TrimSpace(clean[i+len(sep):])
	if !nameLike(part) || len(strings.Fields(head)) < 3 || len(strings.Fields(head)) <= len(strings.Fields(part)) {
		return clean
	}
	return head
}

// splitTitle removes the first suffix, else the first prefix, that drop
// accepts; suffixes come first as sites put their name last far more often.
func splitTitle(title string, seps []string, drop func(string) bool) (clean, removed string) {
	for _, sep := range seps {
		if i := strings.LastIndex(title, sep); i > 0 && drop(title[i+len(sep):]) {
			return strings.TrimSpace(title[:i]), strings.TrimSpace(title[i+len(sep):])
		}
	}
	for _, sep := range seps {
		if i := strings.Index(title, sep); i > 0 && drop(title[:i]) {
			return strings.TrimSpace(title[i+len(sep):]), strings.TrimSpace(title[:i])
		}
	}
	return title, ""
}

// trimAround reports whether title is h1 with short decorations before or
// after it, and returns the one that more likely names the site: the
// suffix, else the prefix.
func trimAround(title, h1 string) (string, bool) {
	if utf8.RuneCountInString(h1) < 10 {
		return "", false
	}
	i := strings.Index(title, h1)
	if i < 0 {
		lt, lh := strings.ToLower(title), strings.ToLower(h1)
		if len(lt) != len(title) || len(lh) != len(h1) {
			return "", false // lowercasing moved byte offsets
		}
		if i = strings.Index(lt, lh); i < 0 {
			return "", false
		}
	}
	before, after := trimSeparators(title[:i]), trimSeparators(title[i+len(h1):])
	if len(strings.Fields(before)) > 5 || len(strings.Fields(after)) > 5 {
		return "", false
	}
	if after != "" {
		return after, true
	}
	return before, true
}

func trimSeparators(s string) string {
	return strings.TrimFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune("|-–—·»:/_｜：丨", r)
	})
}

// siteLike says whether part of a title is short and absent from the
// heading, so it cannot be part of the headline. A part whose words the
// heading holds in their order tells the story in fewer words ("Atkins
// Diet (14 days)" beside "Atkins Diet: lose 10 kilograms in 14 days");
// the same words in another order are a name the heading plays on
// ("Daily Mail" beside "Review: Mail room daily life").
func siteLike(part, h1 string) bool {
	part = strings.TrimSpace(part)
	if part == "" || len(strings.Fields(part)) > 4 || utf8.RuneCountInString(part) > 40 {
		return false
	}
	return !strings.Contains(strings.ToLower(h1), strings.ToLower(part)) && !wordsInOrder(part, h1)
}

// wordsInOrder reports whether the words of part are words of text in
// the same order, ignoring case and punctuation.
func wordsInOrder(part, text string) bool {
	words, inner := titleWords(text), titleWords(part)
	i := 0
	for _, w := range words {
		if i < len(inner) && w == inner[i] {
			i++
		}
	}
	return len(inner) > 0 && i == len(inner)
}

// titleWords are the words of s in lower case, without punctuation.
func titleWords(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
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

// visibleHeadline is the page's main <h1> when it tells the same story as
// the titles the page declares, else title. Sites write a headline for
// search engines and social cards apart from the one readers see, and the
// archive keeps the one published on the page. The heading must read as a
// headline and share several words with a declared title, so that the
// heading of another story (an aggregator's featured link) or a section
// name is not taken.
func visibleHeadline(title, heading string, declared ...string) string {
	heading = squashSpace(heading)
	words := contentWords(heading)
	if heading == title || len(words) < 3 || textWidth(heading) < 20 || textWidth(heading) > 300 {
		return title
	}
	if strings.Contains(strings.ToLower(heading), strings.ToLower(title)) {
		return title // the title and more: a site's name, a "Live" badge
	}
	known := contentWords(strings.Join(declared, " "))
	shared := 0
	for w := range words {
		if known[w] {
			shared++
		}
	}
	if shared >= 2 && shared*4 >= len(words) {
		return heading
	}
	return title
}

// contentWords are the distinct lowercased words of s of four letters or
// more: shorter ones are mostly articles and prepositions, which any two
// headlines share.
func contentWords(s string) map[string]bool {
	words := map[string]bool{}
	for _, w := range titleWords(s) {
		if utf8.RuneCountInString(w) >= 4 {
			words[w] = true
		}
	}
	return words
}

// suffixSeparators join a <title>'s headline and the site's name that
// siteSuffix may split off: titleSeparators but the colon, which joins a
// headline's own parts, and WordPress's «.
var suffixSeparators = append(append([]string{}, titleSeparators[:len(titleSeparators)-1]...), " « ")

// siteSuffix splits off the site's name from a <title> when nothing else
// names it, from its end or, spelt by the host, from its start (see
// sitePrefix) (no <h1>, no declared site name): the parts after the headline
// that read as names, not words of a sentence ("... | County Herald",
// "... :: County Herald :: News"). One of them must be clearly a name: two
// words or more, or spelt by the site's host; "... - Metro" stays whole.
// removed is the one that names the site, the last unless that is a word
// as common as "News".
func siteSuffix(title string, hosts []string) (clean, removed string) {
	clean = title
	var parts []string
	named := false
	for {
		head, part, ok := lastSplit(clean)
		if !ok || !nameLike(part) || len(strings.Fields(head)) < 3 ||
			len(strings.Fields(head)) <= len(strings.Fields(part)) {
			break
		}
		clean, parts = head, append(parts, part)
		named = named || clearlyName(part, hosts)
	}
	if !named {
		return sitePrefix(title, hosts)
	}
	for _, p := range parts {
		if !genericLabels[strings.ToLower(p)] {
			return clean, p
		}
	}
	return clean, ""
}

// sitePrefix splits off a site's name written before the headline
// ("County Herald | Water company to spend £200m"). Sites put their name
// first far less often than a section or a label ("Live Updates |",
// "Breaking News -"), so the name must be one the site's host spells.
func sitePrefix(title string, hosts []string) (clean, removed string) {
	at, sep := len(title), ""
	for _, s := range suffixSeparators {
		if i := strings.Index(title, s); i > 0 && i < at {
			at, sep = i, s
		}
	}
	if sep == "" {
		return title, ""
	}
	part, rest := strings.TrimSpace(title[:at]), strings.TrimSpace(title[at+len(sep):])
	if !nameLike(part) || !hostSpelled(part, hosts) || len(strings.Fields(rest)) < 3 ||
		len(strings.Fields(rest)) <= len(strings.Fields(part)) {
		return title, ""
	}
	return rest, part
}

// lastSplit splits title at the last of suffixSeparators in it.
func lastSplit(title string) (head, part string, ok bool) {
	at, sep := -1, ""
	for _, s := range suffixSeparators {
		if i := strings.LastIndex(title, s); i > at {
			at, sep = i, s
		}
	}
	if at <= 0 {
		return title, "", false
	}
	return strings.TrimSpace(title[:at]), strings.TrimSpace(title[at+len(sep):]), true
}

// nameLike says whether part of a title reads as a name: one to four
// words, each capitalised but for short joining words ("Times of India"),
// without a sentence's punctuation.
func nameLike(part string) bool {
	words := strings.Fields(part)
	if len(words) == 0 || len(words) > 4 || utf8.RuneCountInString(part) > 40 || strings.ContainsAny(part, ",;:?!\"“”‘’") {
		return false
	}
	for i, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) && !unicode.IsDigit(r) && (i == 0 || utf8.RuneCountInString(w) > 3) {
			return false
		}
	}
	return true
}

// clearlyName says whether a name-like part of a title is clearly a
// site's name rather than a section's ("Metro", "Politics"): two words or
// more, or a word the site's host spells.
func clearlyName(part string, hosts []string) bool {
	return len(strings.Fields(part)) >= 2 || hostSpelled(part, hosts)
}

// hostSpelled says whether the site's host spells part of a title.
func hostSpelled(part string, hosts []string) bool {
	key := nameKey(part)
	for _, h := range hosts {
		if strings.Contains(key, h) {
			return true
		}
	}
	return false
}

// pageTitle picks the headline and strips the site name from it. A page
// that declares no site name gets the one its title carries.
func pageTitle(h *headTags, ld *ldData, mk markup, site string, hostLabels []string) (title, siteOut string) {
	h1 := mainHeading(h)
	// Without a declared name, the site's logo heading names it, else the
	// part of <title> its host name spells ("... - Entermedia" on
	// entermedia.co.kr).
	named := site
	if named == "" {
		names := append(slices.Clone(h.logos), hostLabels...)
		if _, named = splitTitle(h.title, siteSeparators, func(part string) bool {
			return slices.ContainsFunc(names, func(n string) bool { return sameName(part, n) })
		}); named == "" {
			named = firstOf(h.logos)
		}
	}
	headline := ld.Headline
	if strings.HasSuffix(headline, "…") || strings.HasSuffix(headline, "...") {
		headline = "" // truncated to the 110 characters search engines accept
	}
	headline = wholeHeadline(headline, h.first("og:title"), h.first("twitter:title"), h1, h.title)
	declared := h.first("og:title", "twitter:title", "dc.title", "dcterms.title", "parsely-title", "sailthru.title", "title")
	heading := h1
	if t, r := cleanTitle(h.title, named, h1); h1 != "" && r != "" && sameName(r, h1) {
		heading = "" // the <h1> is the site's logo
	} else if headline == "" && declared == "" && mk.Headline == "" && len(contentWords(t)) >= 3 &&
		visibleHeadline(t, heading, h.title) != heading {
		// <title> is the only headline declared, and the <h1> does not
		// tell its story: a label ("Breaking News", "Live updates").
		heading = ""
	}
	candidates := []string{headline, declared, mk.Headline, heading, h.title}
	var raw, removed string
	for _, c := range candidates {
		if c = squashSpace(c); c == "" {
			continue
		}
		raw = c
		// A title that is only the site's name says nothing of the story.
		title, removed = cleanTitle(c, named, h1)
		if removed == "" && h1 == "" && named == "" && (c == h.title || c == declared) {
			// og:title carries the name as often as <title>, and
			// differs from it when <title> ends with a section.
			title, removed = siteSuffix(c, hostLabels)
		}
		if title != "" && !sameName(title, named) {
			break
		}
	}
	// The headline readers see beats one written for search engines.
	if heading != "" && !sameName(heading, named) {
		title = visibleHeadline(title, heading, ld.Headline, h.first("og:title"), h.first("twitter:title"), h.title)
	}
	if site == "" && removed != "" && (raw == h.title || raw == declared && h1 == "" && named == "") {
		site = removed
	}
	if site == "" && h.title != "" && h.title != raw {
		if _, r := cleanTitle(h.title, "", firstNonBlank(h1, title)); r != "" {
			site = r
		}
	}
	return title, site
}

// hostLabels are the labels of a page's host that may spell its site's
// name: not www, a top-level or second-level domain, or a word as common
// as "news".
func hostLabels(u *url.URL) []string {
	if u == nil {
		return nil
	}
	var out []string
	for _, l := range strings.Split(strings.ToLower(u.Hostname()), ".") {
		if len(l) >= 4 && !genericLabels[l] {
			out = append(out, l)
		}
	}
	return out
}

// genericLabels name no site.
var genericLabels = setOf("www www2 www3 news blog blogs mobile info online static media home")

// wholeHeadline is headline, or the first of others that goes on where it
// stops mid-sentence: JSON-LD headlines are cut to the length search
// engines take, without an ellipsis on some sites. The title found may
// still carry the site's name, which pageTitle strips.
func wholeHeadline(headline string, others ...string) string {
	if last, _ := utf8.DecodeLastRuneInString(headline); headline == "" || strings.ContainsRune(".?!\"'”", last) {
		return headline
	}
	for _, o := range others {
		if o = squashSpace(o); strings.HasPrefix(o, headline+" ") {
			return o
		}
	}
	return headline
}

// mainHeading picks the <h1> that the title repeats, else the first one.
func mainHeading(h *headTags) string {
	titles := strings.ToLower(h.title + " " + h.first("og:title", "twitter:title"))
	for _, t := range h.h1s {
		if textWidth(t) >= 10 && strings.Contains(titles, strings.ToLower(t)) {
			return t
		}
	}
	return firstOf(h.h1s)
}

// textWidth measures a heading in characters, a Chinese, Japanese or
// Korean one counting two (they say in one what takes a word of several
// letters elsewhere): "Отзывы" is 6, not its 12 bytes.
func textWidth(s string) int {
	n := 0
	for _, r := range s {
		n++
		if unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) {
			n++
		}
	}
	return n
}
