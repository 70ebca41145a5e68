package parse

import (
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/net/html"
)

// metadata is what the page says about itself, gathered from structured data
// and markup before the body is extracted.
type metadata struct {
	CanonicalURL string
	Title        string
	Byline       string
	Authors      []string
	// OrgAuthors tells Authors names organisations only (a wire, the
	// site): no source credits a person.
	OrgAuthors  bool
	Published   *time.Time
	Modified    *time.Time
	SiteName    string
	Language    string // from <html lang> or a meta tag; may be empty
	Description string
	TopImage    string
	Tags        []string
	// Type is the page's declared type, lowercased: "article", "website", ...
	// from og:type or JSON-LD @type; empty when the page declares none.
	Type string
	// NotArticleType is a type the page declares that is no article: a
	// profile, a collection or an about page ("profilepage"); empty when
	// it declares none or declares an article as well.
	NotArticleType string
	// Languages are every language the page declares, Language first.
	Languages []string
	// Section is the declared section of the site ("Politics"), if any.
	Section string
	// Base is the address the page's relative URLs resolve against (see
	// pageBase); it may be empty, never nil.
	Base *url.URL
	// DeclaredBody is the JSON-LD articleBody of the page's article, ""
	// when it declares none (see declaredBody).
	DeclaredBody string
}

// maxTags caps the tag list: some pages stuff hundreds of keywords.
const maxTags = 30

// extractMetadata is readMetadata of a page fetched at fetchedAt that no
// listing dated.
func extractMetadata(doc *html.Node, pageURL *url.URL, fetchedAt time.Time) metadata {
	return readMetadata(doc, pageURL, dateWindow{fetchedAt: fetchedAt})
}

// readMetadata reads doc without modifying it. Each field comes from the
// best source that has it: JSON-LD, then OpenGraph and other meta tags, then
// microdata and visible markup, then the URL; w holds what is known of the
// page's dates beside it.
func readMetadata(doc *html.Node, pageURL *url.URL, w dateWindow) metadata {
	h := collectHeadTags(doc)
	ld := parseJSONLD(h.jsonLD, pagePath(pageURL))
	if ld == nil {
		ld = &ldData{}
	}
	mk := readMarkup(doc)
	var m metadata
	hosts := hostLabels(pageURL)
	m.SiteName = siteName(h, ld, hosts)
	m.Title, m.SiteName = pageTitle(h, ld, mk, m.SiteName, hosts)
	if siteLabels[strings.ToLower(m.SiteName)] {
		m.SiteName = firstOf(h.logos) // the title's "| Hosted" named no site either
	}
	m.SiteName = publisherSite(withoutTagline(m.SiteName, hosts), h.publisher, hosts)
	if m.SiteName == "" {
		m.SiteName = ownerSite(ld.Organizations, hosts)
	}
	m.Languages = langTags(h.htmlLan, h.first("content-language", "dc.language", "language"),
		h.first("og:locale"), ld.Language)
	han := hanNaming(m.Languages, m.Title+" "+h.first("description", "og:description"))
	m.Authors, m.Byline, m.OrgAuthors = pageAuthors(h, ld, mk, m.SiteName, han)
	m.Language = firstOf(m.Languages)
	zone := sync.OnceValue(func() *time.Location { return pageZone(m.Language, pageHost(pageURL), doc) })
	m.Published, m.Modified = pageDates(h, ld, mk, pageURL, w, zone, pageText{doc, m.Language})
	m.CanonicalURL = canonicalURL(h, ld.URL, documentBase(h, pageURL), pageURL)
	m.Base = pageBase(h, pageURL, m.CanonicalURL)
	m.Description = pageDescription(ld, h.all("og:description", "twitter:description",
		"description", "dc.description", "dcterms.description"))
	m.TopImage = topImage(h, ld, mk, m.Base, hosts)
	m.Tags = pageTags(h, ld, mk, m.SiteName)
	m.Type = pageType(h, ld)
	m.NotArticleType = notArticleType(m.Type, h, ld)
	m.DeclaredBody = ld.Body
	m.Section = pageSection(ld.Section, h.all("article:section", "parsely-section", "sailthru_section", "section"), m.SiteName)
	return m
}

// pageHost is the host of the page's address, "" when it has none.
func pageHost(u *url.URL) string {
	if u == nil {
		return ""
	}
	return u.Hostname()
}

// pagePath is the path of the page's address, "" when it has none.
func pagePath(u *url.URL) string {
	if u == nil {
		return ""
	}
	return u.Path
}

// pageAuthors returns the people who wrote the article and the byline as
// shown. Sources are tried in order; organisations count only when no
// source names a person, and the last result tells it is so. han is how
// the page lists names in Han characters (see hanNaming).
func pageAuthors(h *headTags, ld *ldData, mk markup, site, han string) ([]string, string, bool) {
	known := []string{site, ld.Publisher, ld.SiteName}
	mk.Authors, mk.ByAuthors = hanNames(mk.Authors, han), hanNames(mk.ByAuthors, han)
	sources := [][]person{expandPeople(ld.Authors, han)}
	declared := h.all("article:author", "author", "dc.creator", "dcterms.creator", "parsely-author",
		"sailthru.author", "byl", "byline", "citation_author")
	column := columnCredit(declared, known)
	for _, raw := range [][]string{declared, mk.Authors, mk.ByAuthors} {
		var ps []person
		for _, r := range raw {
			switch {
			case column != "" && r == column:
				ps = append(ps, person{Name: r})
			case !looksLikeURL(r):
				ps = append(ps, asPeople(hanNames(authorNames(r), han))...)
			}
		}
		sources = append(sources, ps)
	}
	var fallback []string
	for _, ps := range sources {
		names := choosePeople(ps, known...)
		if len(names) == 0 {
			continue
		}
		if !allOrgs(ps, known) {
			if mk.ByPrefix {
				names = widenToByline(names, choosePeople(asPeople(mk.ByAuthors), known...))
			}
			return names, byline(mk, names), false
		}
		if fallback == nil {
			fallback = names
		}
	}
	if shown := choosePeople(asPeople(mk.ByAuthors), known...); fallback != nil && mk.ByPrefix && len(shown) > 0 {
		// Nobody is named: a visible "By European Space Agency" is the
		// credit readers see, where structured data often holds a
		// template's default ("Science X staff", the site itself).
		fallback = shown
	}
	return fallback, byline(mk, fallback), fallback != nil
}

// expandPeople cleans JSON-LD author names, which may hold several people
// ("Jane Doe and John Roe") or a role; organisation names stay as given.
func expandPeople(ps []person, han string) []person {
	var out []person
	for _, p := range ps {
		if p.Org {
			out = append(out, p)
			continue
		}
		for _, n := range hanNames(authorNames(p.Name), han) {
			out = append(out, person{Name: n})
		}
	}
	return out
}

func asPeople(names []string) []person {
	out := make([]person, len(names))
	for i, n := range names {
		out[i] = person{Name: n}
	}
	return out
}

func allOrgs(ps []person, known []string) bool {
	for _, p := range ps {
		if !p.Org && !isOrgName(p.Name, known...) {
			return false
		}
	}
	return true
}

// widenToByline returns the names of a "By ..." line when they include
// every name found and more: structured data often lists only the first
// author.
func widenToByline(names, visible []string) []string {
	if len(visible) <= len(names) {
		return names
	}
	seen := map[string]bool{}
	for _, v := range visible {
		seen[strings.ToLower(v)] = true
	}
	for _, n := range names {
		if !seen[strings.ToLower(n)] {
			return names
		}
	}
	return visible
}

// byline is the visible byline when it names exactly the authors (so it is
// not a bio or a share bar glued to a name), else the authors joined.
func byline(mk markup, authors []string) string {
	if len(authors) == 0 {
		return ""
	}
	if mk.Byline != "" && sameFold(choosePeople(asPeople(mk.ByAuthors)), authors) {
		return mk.Byline
	}
	return strings.Join(authors, ", ")
}

func sameFold(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !strings.EqualFold(a[i], b[i]) {
			return false
		}
	}
	return true
}

// pageDates returns the publication and modification dates; each is the
// first plausible one of its sources, and they are never mixed. A date
// that names no zone, on a page where none does, is read in the zone
// zone gives (nil for UTC). text gives the dates the page prints, for a
// publication the markup does not date or dates without a time, or a
// modification it does not date, and the zone its scripts give a time
// that names none. A date printed without its year comes last, when no
// source gives one with it.
func pageDates(h *headTags, ld *ldData, mk markup, pageURL *url.URL, w dateWindow, zone func() *time.Location, text pageText) (pub, mod *time.Time) {
	pubs := []string{ld.Published}
	pubs = append(pubs, h.all("article:published_time", "og:article:published_time", "published_time",
		"datepublished", "dc.date.issued", "dcterms.issued", "dc.date", "dcterms.date", "dcterms.created",
		"date", "pubdate", "publishdate", "publish-date", "publish_date", "article.published",
		"sailthru.date", "parsely-pub-date", "article_date_original", "cxenseparse:recs:publishtime",
		"og:pubdate", "originalpublicationdate", "citation_publication_date", "timestamp")...)
	pubs = append(pubs, mk.Published...)
	if pageURL != nil {
		pubs = append(pubs, dateFromPath(pageURL.Path))
	}
	edits := h.all("article:modified_time", "og:updated_time", "modified_time",
		"datemodified", "dcterms.modified", "dc.date.modified", "article.updated", "sailthru.lastmodified")
	edits = append(edits, mk.Modified...)
	mods := append([]string{ld.Modified}, edits...)
	mods = append(mods, h.all("last-modified", "lastmod")...)
	printed := sync.OnceValue(text.printedDates)
	pub, pubSrc := w.pickTimed(pubs, ld.PageTimes)
	pub, pubSrc = w.printedPublication(pub, pubSrc, printed)
	mislabelled := pubSrc
	pub, pubSrc = w.relabelled(pub, pubSrc, pubs, func() []string { return append(slices.Clip(mk.Published), printed()...) })
	mod, modSrc := w.pickTimed(mods, ld.PageModTimes)
	var updates []string
	if mod == nil {
		updates = text.printedUpdates()
		mod, modSrc = w.printedOnly().pickTimed(updates, nil) // "Updated March 4, 2025"
	}
	mod, modSrc = w.laterEdit(mod, modSrc, pub, edits)
	if mislabelled != pubSrc {
		mod = relabelledAs(mod, sameSource(mislabelled, modSrc, ld, h), pub)
	}
	// Last, dates printed without their year ("Nov 18 at 4:46 PM"), each
	// bounded by the other's date.
	if pub == nil {
		pub, pubSrc = w.yearless(append(slices.Clip(mk.Published), printed()...), nil, mod)
	}
	if mod == nil {
		mod, modSrc = w.yearless(append(slices.Clip(mk.Modified), updates...), pub, nil)
	}
	all := append(append(slices.Clip(pubs), mods...), ld.PageTimes...)
	zone = w.orListedZone(zone, pub)
	pub = inZone(pub, pubSrc, append(text.zonedCopies(pubSrc), all...), zone)
	mod = inZone(mod, modSrc, append(text.zonedCopies(modSrc), all...), zone)
	if pub == nil {
		pub = w.listedPublication(mod)
	} else {
		pub = w.listedOnDay(pub, pubSrc)
	}
	return ordered(pub, pubSrc, mod, mk.Published)
}

// laterEdit is mod, read from src, or the latest of the page's other
// modification dates, edits, when mod is the publication's minute: a
// JSON-LD dateModified written once with datePublished and never again,
// beside an article:modified_time of the last edit. The HTTP-style
// "last-modified" metas are not among edits: some pages give there the
// time they were rendered.
func (w dateWindow) laterEdit(mod *time.Time, src string, pub *time.Time, edits []string) (*time.Time, string) {
	if mod == nil || pub == nil || mod.Sub(*pub).Abs() >= time.Minute {
		return mod, src
	}
	for _, e := range edits {
		t, ok := parseDate(e)
		if ok && w.ok(t) && !dayOnly(e, t) && t.Sub(*mod) >= time.Minute {
			mod, src = &t, e
		}
	}
	return mod, src
}

// sameSource reports a publication and a modification date read from
// the same source: JSON-LD, or the article:* meta tags.
func sameSource(pubSrc, modSrc string, ld *ldData, h *headTags) bool {
	switch {
	case pubSrc == "" || modSrc == "":
		return false
	case pubSrc == ld.Published:
		return modSrc == ld.Modified
	case slices.Contains(h.all("article:published_time"), pubSrc):
		return slices.Contains(h.all("article:modified_time"), modSrc)
	}
	return false
}

// ordered is pub and mod made consistent when mod is earlier. The pair
// is swapped when the page's own markup (the byline's <time>) dates the
// publication at mod's minute and not at pub's: the JSON-LD said them the
// wrong way round (Al Jazeera's "datePublished" is its last update). Else
// mod is clamped to pub (notBefore). A publication read from pubSrc as a
// day without its time (midnight UTC) says nothing of the hour: a
// modification on that day in its own zone (a Seoul morning, the day
// before in UTC) is kept.
func ordered(pub *time.Time, pubSrc string, mod *time.Time, shown []string) (*time.Time, *time.Time) {
	if pub == nil || mod == nil || !mod.Before(*pub) {
		return pub, mod
	}
	if dayOnly(pubSrc, *pub) && mod.Format(time.DateOnly) == pub.Format(time.DateOnly) {
		return pub, mod
	}
	if shownAt(*mod, shown) && !shownAt(*pub, shown) {
		return mod, pub
	}
	return pub, notBefore(mod, pub)
}

// printedPublication is pub, read from src, or the date the page prints
// in its text when the markup gives none, or gives a day (often only the
// URL's /2019/nov/18/) that a printed date times: "Published: Monday,
// November 18th, 2019 at 11:08 a.m." is the same day, to the minute.
func (w dateWindow) printedPublication(pub *time.Time, src string, printed func() []string) (*time.Time, string) {
	switch {
	case pub == nil:
		return w.printedOnly().pickTimed(printed(), nil)
	case dayOnly(src, *pub):
		if finer, finerSrc := w.timeOnDay(*pub, printed()); finer != nil {
			return finer, finerSrc
		}
	}
	return pub, src
}

// shownAt reports whether one of dates, the publication dates of the
// page's markup, falls within the minute of t.
func shownAt(t time.Time, dates []string) bool {
	for _, d := range dates {
		if s, ok := parseDate(d); ok && s.Sub(t).Abs() < time.Minute {
			return true
		}
	}
	return false
}

// notBefore is mod, or pub when mod is earlier: a page cannot change
// before it is published. Pages that say otherwise hold a draft's last
// save (a WordPress post scheduled days ahead), a CMS's second of jitter,
// or a day without a time ("2026-03-15" beside a publication at 10:00
// that day, read as midnight); their latest known change is the
// publication.
func notBefore(mod, pub *time.Time) *time.Time {
	if mod == nil || pub == nil || !mod.Before(*pub) {
		return mod
	}
	return pub
}

func topImage(h *headTags, ld *ldData, mk markup, base *url.URL, hosts []string) string {
	candidates := h.all("og:image", "og:image:url", "og:image:secure_url", "twitter:image", "twitter:image:src")
	candidates = append(candidates, ld.Images...)
	candidates = append(candidates, h.links["image_src"]...)
	candidates = append(candidates, mk.Image)
	fallback := ""
	for _, c := range candidates {
		u := imageAddress(c, base)
		switch {
		case u == "":
		case !placeholderImage(u, hosts):
			return u
		case fallback == "":
			fallback = u
		}
	}
	return fallback
}

// imageAddress is raw resolved against base, without a fragment: it names
// no other picture, only how a CMS's script treats it ("#keepProtocol" on
// HubSpot's), and would make one picture two. It is "" when unusable.
func imageAddress(raw string, base *url.URL) string {
	u := absoluteURL(raw, base)
	if u == nil {
		return ""
	}
	u.Fragment, u.RawFragment = "", ""
	return u.String()
}

// pageType prefers a JSON-LD article type, since many sites declare every
// page og:type "website"; else og:type, else any JSON-LD type.
func pageType(h *headTags, ld *ldData) string {
	if r, ok := ldRank[ld.Type]; ok && r < 5 {
		return ld.Type
	}
	if t := strings.ToLower(h.first("og:type")); t != "" {
		return t
	}
	return ld.Type
}

// notArticleOG are og:type values of pages that are no story.
var notArticleOG = wordSet("profile", "books.author", "music.musician")

// notArticleLD are schema.org types of pages that are no story: they list
// stories or describe the site or a person. (A Person or an ItemList
// alone says nothing of the page: stories carry them too.)
var notArticleLD = wordSet("collectionpage", "profilepage", "aboutpage", "contactpage",
	"searchresultspage", "checkoutpage")

// notArticleType is the type a page declares that says it is no article,
// unless it declares an article as well (pageType).
func notArticleType(pageType string, h *headTags, ld *ldData) string {
	if isArticleType(pageType) {
		return ""
	}
	if og := strings.ToLower(h.first("og:type")); notArticleOG[og] {
		return og
	}
	if notArticleLD[ld.Type] {
		return ld.Type
	}
	return ""
}
