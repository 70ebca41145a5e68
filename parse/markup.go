package parse

import (
	"strings"
	"time"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// markup is the metadata found in the visible page rather than its head:
// microdata, <time> elements and bylines.
type markup struct {
	Headline  string
	Authors   []string // from microdata itemprop=author
	Byline    string   // the visible byline, as shown
	ByPrefix  bool     // the visible byline starts with "By" or its kin
	ByAuthors []string // names in the visible byline
	Published []string // candidate dates, best first
	Modified  []string
	Image     string
	Tags      []string // rel=tag links (microformats), categories excluded
}

// bylineClasses and dateClasses are the class names of elements holding a
// visible byline or a date as text; a class containing "byline" counts too.
var (
	bylineClasses = setOf(`byline by-line byline-name author author-name authors post-author
		entry-author article-author article__author story-author`)
	dateClasses = setOf(`date dateline timestamp published pubdate post-date article-date
		entry-date story-date publish-date`)
	// markupProps are the microdata properties read from the body.
	markupProps = setOf(`headline author datePublished dateCreated dateModified image`)
)

// markupNodes are the elements of the page that may carry metadata, found
// in one walk: matching a dozen CSS selectors separately costs a dozen
// walks of the tree.
type markupNodes struct {
	props   map[string][]*html.Node // by microdata property
	times   []*html.Node            // <time pubdate>, and <time datetime> in article, header or main
	bylines []*html.Node
	dates   []*html.Node
	// loneTimes are <time datetime> elements outside article markup, the
	// last resort before the URL.
	loneTimes []*html.Node
	tags      []*html.Node // <a rel=tag>
}

func scanMarkup(doc *html.Node) *markupNodes {
	mn := &markupNodes{props: map[string][]*html.Node{}}
	var walk func(n *html.Node, inArticle bool)
	walk = func(n *html.Node, inArticle bool) {
		if n.Type == html.ElementNode {
			if isChromeElement(n) {
				return
			}
			switch n.DataAtom {
			case atom.Article, atom.Header, atom.Main:
				inArticle = true
			}
			if !isAuthorFooter(n) {
				mn.classify(n, inArticle)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inArticle)
		}
	}
	walk(doc, false)
	return mn
}

func (mn *markupNodes) classify(n *html.Node, inArticle bool) {
	if len(n.Attr) == 0 {
		return
	}
	// One pass over the attributes: the parser lowercases their names.
	var itemprop, rel, cls, testid string
	for _, a := range n.Attr {
		switch a.Key {
		case "itemprop":
			itemprop = a.Val
		case "rel":
			rel = strings.ToLower(a.Val)
		case "class":
			cls = strings.ToLower(a.Val)
		case "data-testid":
			testid = strings.ToLower(a.Val)
		}
	}
	for p := range strings.FieldsSeq(itemprop) {
		if markupProps[p] {
			mn.props[p] = append(mn.props[p], n)
		}
	}
	if n.DataAtom == atom.Time {
		mn.classifyTime(n, inArticle)
	}
	if n.DataAtom == atom.A && hasWord(rel, "tag") {
		mn.tags = append(mn.tags, n)
	}
	switch {
	case hasWord(rel, "author") || strings.Contains(cls, "byline") || strings.Contains(testid, "byline"):
		mn.bylines = append(mn.bylines, n)
	case cls == "":
	case anyWord(cls, bylineClasses) || bylineBlock(cls):
		mn.bylines = append(mn.bylines, n)
	case dateClass(cls, inArticle):
		mn.dates = append(mn.dates, n)
	}
}

func (mn *markupNodes) classifyTime(n *html.Node, inArticle bool) {
	_, pub := attrOfOK(n, "pubdate")
	switch hasDatetime := attrOf(n, "datetime") != ""; {
	case pub || (inArticle && hasDatetime):
		mn.times = append(mn.times, n)
	case hasDatetime:
		mn.loneTimes = append(mn.loneTimes, n)
	}
}

// dateClass says whether an element's classes mark a date shown as text.
// Outside the article only specific names count: a masthead shows today's
// date under a plain "date" class.
func dateClass(cls string, inArticle bool) bool {
	for c := range strings.FieldsSeq(cls) {
		if !strings.Contains(c, "date") && !strings.Contains(c, "time") && c != "published" && c != "pubdate" {
			continue
		}
		if strings.Contains(c, "updat") || strings.Contains(c, "modif") {
			continue
		}
		if inArticle && (dateClasses[c] || strings.Contains(c, "date")) {
			return true
		}
		for _, w := range []string{"publish", "article", "post", "story", "entry", "datetime", "dateline", "pubdate"} {
			if strings.Contains(c, w) {
				return true
			}
		}
	}
	return false
}

// bylineBlock says whether a class names an article's author block in the
// BEM style of newsroom templates ("sdc-article-author",
// "story__author-name"), which the fixed list cannot enumerate. Bios and
// avatars ("author-bio", "article-author__image") are not matched.
func bylineBlock(cls string) bool {
	for c := range strings.FieldsSeq(cls) {
		for _, suffix := range []string{"-author", "__author", "author-name", "author__name"} {
			if strings.HasSuffix(c, suffix) && strings.Contains(c, "article") {
				return true
			}
		}
	}
	return false
}

func hasWord(list, w string) bool {
	for f := range strings.FieldsSeq(list) {
		if f == w {
			return true
		}
	}
	return false
}

func anyWord(list string, set map[string]bool) bool {
	for f := range strings.FieldsSeq(list) {
		if set[f] {
			return true
		}
	}
	return false
}

func readMarkup(doc *html.Node) markup {
	mn := scanMarkup(doc)
	var m markup
	for _, n := range mn.props["headline"] {
		if m.Headline = itemValue(n); m.Headline != "" {
			break
		}
	}
	for _, n := range mn.props["author"] {
		if name := goquery.NewDocumentFromNode(n).Find(`[itemprop~="name"]`).First(); name.Length() > 0 {
			n = name.Nodes[0]
		}
		if m.Authors = append(m.Authors, authorNames(itemValue(n))...); len(m.Authors) >= 10 {
			break
		}
	}
	m.addDated(mn.props["datePublished"], false)
	m.addDated(mn.props["dateCreated"], false)
	m.addDated(mn.props["dateModified"], true)
	pub, upd := splitTimes(mn.times)
	m.Published, m.Modified = append(m.Published, pub...), append(m.Modified, upd...)
	pub, upd = shownDates(mn.dates)
	m.Published, m.Modified = append(m.Published, pub...), append(m.Modified, upd...)
	pub, upd = splitTimes(mn.loneTimes)
	m.Published, m.Modified = append(m.Published, pub...), append(m.Modified, upd...)
	if imgs := mn.props["image"]; len(imgs) > 0 {
		img := goquery.NewDocumentFromNode(imgs[0]).Selection
		m.Image = firstNonBlank(img.AttrOr("content", ""), img.AttrOr("src", ""), img.AttrOr("href", ""),
			img.Find(`[itemprop~="url"]`).AttrOr("content", ""), img.Find("img").AttrOr("src", ""))
	}
	m.Byline, m.ByAuthors, m.ByPrefix = findByline(doc, mn.bylines)
	for _, n := range mn.tags {
		if t := squashSpace(textUnder(n)); t != "" && !strings.Contains(strings.ToLower(attrOf(n, "rel")), "category") {
			m.Tags = append(m.Tags, t)
		}
	}
	return m
}

// addDated adds the values of nodes, elements of a date property, to the
// publication dates, or the update's when modified, each with the zone
// its printed text names when the value names none (zonedByText). One
// whose text prints both dates gives each its own (printedPair).
func (m *markup) addDated(nodes []*html.Node, modified bool) {
	for _, n := range nodes {
		v := zonedByText(n, itemValue(n))
		switch pub, upd, ok := printedPair(n, v); {
		case ok:
			m.Published, m.Modified = append(m.Published, pub...), append(m.Modified, upd...)
		case v == "":
		case modified:
			m.Modified = append(m.Modified, v)
		default:
			m.Published = append(m.Published, v)
		}
	}
}

// itemValue reads a microdata value as the spec says: from the content or
// datetime attribute, else the element's text.
func itemValue(n *html.Node) string {
	for _, a := range []string{"content", "datetime"} {
		if v := strings.TrimSpace(attrOf(n, a)); v != "" {
			return squashSpace(v)
		}
	}
	return squashSpace(blockText(n))
}

// splitTimes sorts <time> elements into publication dates, those marked
// pubdate first, and the update dates their class or itemprop names
// ("updated", "dateModified", WordPress's <time class="updated">) or
// their text labels ("Updated March 4, 2025"). One whose text prints
// both gives each its own (printedPair).
func splitTimes(times []*html.Node) (published, updated []string) {
	var first, rest []string
	for _, n := range times {
		datetime := zonedByText(n, attrOf(n, "datetime"))
		_, pubdate := attrOfOK(n, "pubdate")
		pub, upd, both := printedPair(n, datetime)
		switch {
		case both && pubdate:
			first, updated = append(first, pub...), append(updated, upd...)
		case both:
			rest, updated = append(rest, pub...), append(updated, upd...)
		case pubdate:
			first = append(first, firstNonBlank(datetime, withZoneAfter(n, squashSpace(textUnder(n)))))
		case upd != nil || isModifiedTime(n):
			updated = append(updated, datetime)
		default:
			rest = append(rest, datetime)
		}
	}
	return append(first, rest...), updated
}

// isModifiedTime reports a <time> its class or itemprop, or its parent's
// class, marks as an update ("updated", "dateModified"), unless its own
// names it the publication (WordPress's <time class="entry-date
// published"> inside a theme's "tagupdated" box).
func isModifiedTime(n *html.Node) bool {
	own := strings.ToLower(attrOf(n, "class") + " " + attrOf(n, "itemprop"))
	if strings.Contains(own, "publish") {
		return false
	}
	if n.Parent != nil {
		own += " " + strings.ToLower(attrOf(n.Parent, "class"))
	}
	return strings.Contains(own, "updat") || strings.Contains(own, "modif")
}

// printedPair reads n's text as a date label's (labelledDates): the
// publication and update dates it prints, and whether it prints both
// ("March 3, 2025 - Updated March 4, 2025"). Then value, n's datetime,
// is no date of both: it follows the printed date of its day, which it
// may time, and is dropped when it falls on neither's, or both's. Without
// both, upd is the update n's text labels alone, if any.
func printedPair(n *html.Node, value string) (pub, upd []string, both bool) {
	pub, upd = labelledDates(withZoneAfter(n, squashSpace(joinText(n, " "))))
	if pub == nil || upd == nil {
		return nil, upd, false
	}
	switch onPub, onUpd := sameDay(value, pub[0]), sameDay(value, upd[0]); {
	case onPub && !onUpd:
		pub = append(pub, value)
	case onUpd && !onPub:
		upd = append(upd, value)
	}
	return pub, upd, true
}

// sameDay reports whether value, a datetime, falls on the day printed
// names, in its own zone or in UTC.
func sameDay(value, printed string) bool {
	v, ok := parseDate(value)
	p, pok := parseDate(printed)
	if !ok || !pok {
		return false
	}
	day := p.Format(time.DateOnly)
	return v.Format(time.DateOnly) == day || v.UTC().Format(time.DateOnly) == day
}

// shownDates returns the text of short date elements, for pages without
// machine-readable dates: publication dates, and the update's where a
// label says which is which ("Updated: March 4, 2025").
func shownDates(nodes []*html.Node) (published, updated []string) {
	for _, n := range nodes {
		t := squashSpace(textUnder(n))
		if t == "" || len(t) >= 80 {
			continue
		}
		if pub, upd := labelledDates(withZoneAfter(n, squashSpace(joinText(n, " ")))); upd != nil {
			published, updated = append(published, pub...), append(updated, upd...)
			continue
		}
		published = append(published, withZoneAfter(n, yearBeside(n, t)))
	}
	return published, updated
}
