package parse

import (
	"regexp"
	"slices"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// furnitureWords are the class or id words that page furniture carries
// on news sites: sharing tools, related links, newsletters, ads, comments,
// navigation. Names are split on anything but a letter or digit, and two or
// three adjacent words are also tried joined, so "article__share-bar",
// "read-more" and "readmore" match while "shareholder" does not.
var furnitureWords = wordSet(
	"share", "shares", "sharing", "sharebar", "sharedaddy", "social", "socials", "sociable", "addthis",
	"related", "recommend", "recommended", "recommendations", "morestories", "morenews", "readmore", "seealso",
	"mostread", "mostpopular", "mostviewed", "popular", "trending", "outbrain", "taboola",
	"newsletter", "newsletters", "subscribe", "subscription", "signup",
	"promo", "promos", "cta", "calltoaction", "advert", "adverts", "advertisement", "advertising", "ad", "ads", "adslot", "adunit", "dfp",
	"sponsor", "sponsored", "commercial",
	"comment", "comments", "disqus", "breadcrumb", "breadcrumbs", "tags", "taglist", "topics",
	"author", "authors", "authorbio", "authorinfo", "aboutauthor", "authorbox", "byline", "bylines", "dateline", "timestamp", "datestamp",
	"nav", "navbar", "navigation", "menu", "header", "footer", "masthead", "toolbar", "skiplink",
	"cookie", "cookies", "consent", "gdpr", "popup", "modal", "overlay",
	"rail", "teaser", "teasers", "widget", "sidebar",
	"standfirst", "dek", "abstract", "kicker",
	"sronly", "visuallyhidden", "screenreadertext", "offscreen", "printonly",
)

func wordSet(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// furnitureWord returns the first furniture word of a class or id string,
// alone or as two or three adjacent words joined, or "".
func furnitureWord(names string) string {
	words := nameWords(names)
	for i, w := range words {
		if furnitureWords[w] {
			return w
		}
		if i+1 < len(words) && furnitureWords[w+words[i+1]] {
			return w + words[i+1]
		}
		if i+2 < len(words) && furnitureWords[w+words[i+1]+words[i+2]] {
			return w + words[i+1] + words[i+2]
		}
	}
	return ""
}

// nameWords splits class or id values into lowercase words at anything
// but a letter or digit and at camelCase humps ("StoryShareBottom").
func nameWords(names string) []string {
	var words []string
	start := -1
	for i, r := range names {
		letter := r >= 'a' && r <= 'z' || r >= '0' && r <= '9'
		upper := r >= 'A' && r <= 'Z'
		switch {
		case upper && start >= 0 && i > 0 && names[i-1] >= 'a' && names[i-1] <= 'z':
			words = append(words, strings.ToLower(names[start:i]))
			start = i
		case (letter || upper) && start < 0:
			start = i
		case !letter && !upper && start >= 0:
			words = append(words, strings.ToLower(names[start:i]))
			start = -1
		}
	}
	if start >= 0 {
		words = append(words, strings.ToLower(names[start:]))
	}
	return words
}

// furnitureRoles are ARIA roles of page chrome, never of article text.
var furnitureRoles = map[string]bool{
	"navigation": true, "menu": true, "menubar": true, "complementary": true, "banner": true,
	"contentinfo": true, "dialog": true, "alertdialog": true, "search": true, "toolbar": true,
}

// furnitureLabelRx matches aria-labels of sharing and related-link blocks.
var furnitureLabelRx = regexp.MustCompile(`(?i)share|social|related|breadcrumb|newsletter|advert|navigation|menu`)

// furnitureTags are elements that never hold article text.
var furnitureTags = map[atom.Atom]bool{
	atom.Nav: true, atom.Aside: true, atom.Footer: true, atom.Button: true, atom.Input: true,
	atom.Select: true, atom.Textarea: true, atom.Iframe: true, atom.Dialog: true, atom.Svg: true,
	atom.Style: true, atom.Script: true, atom.Template: true, atom.Object: true, atom.Embed: true,
}

// isFurniture says whether el looks like page furniture by its tag, role,
// aria-label, class or id.
func isFurniture(el *html.Node) bool {
	if furnitureTags[el.DataAtom] {
		return true
	}
	if furnitureRoles[strings.ToLower(attrVal(el, "role"))] {
		return true
	}
	if l := attrVal(el, "aria-label"); l != "" && furnitureLabelRx.MatchString(l) {
		return true
	}
	names := attrVal(el, "class") + " " + attrVal(el, "id")
	switch furnitureWord(names) {
	case "":
		return false
	case "header":
		// A page or article header is chrome; the header of a box in the
		// story holds the box's heading.
		return !hasSubheading(el)
	case "popup", "modal", "overlay":
		// A figure that opens in a popup ("td-slide-popup-gallery"), not
		// the popup.
		return el.DataAtom != atom.Figure || !hasMedia(el)
	}
	return !isEmbed(names)
}

// removeFurniture drops furniture elements under root, except those holding
// the bulk of its prose: a class like "has-share-bar" or "right-rail" on
// the article's wrapper must not take the article with it.
func removeFurniture(root *html.Node) {
	total := proseLen(root)
	removeMatching(root, func(el *html.Node) bool {
		if !isFurniture(el) || isContentRoot(el) {
			return false
		}
		if el.DataAtom == atom.Script || el.DataAtom == atom.Style {
			return true
		}
		return total == 0 || proseLen(el)*2 < total
	})
}

// hasSubheading is true when el holds a section heading and not the
// page's headline: an article header carries the h1 title (and maybe an
// h2 standfirst), a box or section in the story only its own heading.
func hasSubheading(el *html.Node) bool {
	headline := findElement(el, func(c *html.Node) bool {
		_, marked := attr(c, headlineMark)
		return marked || c.DataAtom == atom.H1
	})
	return headline == nil && findElement(el, isHeading) != nil
}

// isEmbed is true for the class or id of an embedded social post
// ("social-media-embed", "twitter-tweet", "instagram-media"): link-heavy
// and tagged "social", yet part of the story.
func isEmbed(names string) bool {
	names = strings.ToLower(names)
	if strings.Contains(names, "tweet") || strings.Contains(names, "instagram-media") {
		return true
	}
	if !strings.Contains(names, "embed") {
		return false
	}
	for _, w := range []string{"social", "twitter", "instagram", "facebook", "tiktok"} {
		if strings.Contains(names, w) {
			return true
		}
	}
	return false
}

// isContentRoot is true for elements that declare themselves the page's
// main content.
func isContentRoot(el *html.Node) bool {
	switch el.DataAtom {
	case atom.Html, atom.Body, atom.Main, atom.Article:
		return true
	}
	return strings.EqualFold(attrVal(el, "itemprop"), "articleBody")
}

// proseLen is the length of the text under n outside links: how much
// article prose n can hold, whatever elements the site wraps it in.
func proseLen(n *html.Node) int {
	s := measure(n, nil)
	return s.text - s.linked
}

// looksLikeByline is what readability takes for a byline class or id.
func looksLikeByline(name string) bool {
	name = strings.ToLower(name)
	return strings.Contains(name, "author") || strings.Contains(name, "byline") ||
		strings.Contains(name, "dateline") || strings.Contains(name, "writtenby")
}

// shieldFromReadability rewrites three kinds of markup that make
// readability throw article text away. Readability drops the first element
// whose class says "author" and that holds an itemprop=name, even when it
// is the whole article (<article class="post author-jane">): byline words
// are stripped from elements too long to be a byline. It drops embedded
// posts, as "social" content or as linky divs: their wrappers are
// unwrapped and the quoted post stands as a plain blockquote. It drops a
// figure whose class says it opens in a popup, as the popup: the word is
// stripped.
func shieldFromReadability(root *html.Node) {
	var wrappers []*html.Node
	forEachElement(root, func(el *html.Node) {
		names := attrVal(el, "class") + " " + attrVal(el, "id")
		switch {
		case len(names) < 3:
		case isEmbed(names):
			if el.DataAtom == atom.Blockquote {
				removeAttr(el, "class")
				removeAttr(el, "id")
			} else {
				wrappers = append(wrappers, el)
			}
		case looksLikeByline(names) && longerThan(el, 300):
			dropClassWords(el, looksLikeByline)
		case el.DataAtom == atom.Figure && opensInPopup(names) && hasMedia(el):
			dropClassWords(el, opensInPopup)
		}
		if isFigureGallery(el) {
			wrappers = append(wrappers, el)
		}
	})
	for _, el := range wrappers {
		unwrap(el)
	}
	unwrapParagraphDivs(root)
}

// isFigureGallery is true for a block of two or more pictures with their
// captions and nothing else (a photo story's gallery): readability drops
// a block of more pictures than paragraphs, and the story loses every
// photo. Unwrapped, each figure stands in the story as one it wrote
// between paragraphs. A picture that is a link is a teaser of another
// page, not a gallery's.
func isFigureGallery(el *html.Node) bool {
	if el.DataAtom != atom.Div && el.DataAtom != atom.Section {
		return false
	}
	figures := 0
	for c := el.FirstChild; c != nil; c = c.NextSibling {
		switch {
		case c.Type == html.TextNode && strings.TrimSpace(c.Data) == "", c.Type == html.CommentNode:
		case c.Type == html.ElementNode && c.DataAtom == atom.Figure && hasMedia(c) && !linksMedia(c):
			figures++
		default:
			return false
		}
	}
	return figures >= 2
}

// linksMedia is true when a picture of el is inside a link.
func linksMedia(el *html.Node) bool {
	return findElement(el, func(a *html.Node) bool { return a.DataAtom == atom.A && hasMedia(a) }) != nil
}

// unwrapParagraphDivs replaces, innermost first, a bare <div> (no class,
// no id) that holds one paragraph and nothing else by the paragraph, when
// at most half its text is links. Readability's conditional cleaning
// judges such a wrapper as a block of its own: a short paragraph citing
// "the journal Nature Astronomy" is a fifth links and was dropped with it,
// where CMSs wrap every paragraph so. Outside such a wrapper the
// paragraph is judged with the story around it.
func unwrapParagraphDivs(n *html.Node) {
	forEachElementInnermostFirst(n, func(el *html.Node) {
		if paragraphWrapper(el) {
			unwrap(el)
		}
	})
}

// readabilityNegative is readability's pattern of class and id words that
// mark boilerplate: a wrapper named so is left for it to judge.
var readabilityNegative = regexp.MustCompile(`(?i)-ad-|hidden|^hid$| hid$| hid |^hid |banner|combx|comment|com-|contact|foot|footer|footnote|gdpr|masthead|media|meta|outbrain|promo|related|scroll|share|shoutbox|sidebar|skyscraper|sponsor|shopping|tags|tool|widget|newsletter|subscribe|signup|sign-up|teaser|recommend|popular|trending|more`)

// paragraphWrapper reports such a <div>.
func paragraphWrapper(el *html.Node) bool {
	if el.DataAtom != atom.Div {
		return false
	}
	var para *html.Node
	for c := el.FirstChild; c != nil; c = c.NextSibling {
		switch {
		case c.Type == html.TextNode && strings.TrimSpace(c.Data) == "", c.Type == html.CommentNode:
		case c.Type == html.ElementNode && c.DataAtom == atom.P && para == nil:
			para = c
		default:
			return false
		}
	}
	if para == nil || readabilityNegative.MatchString(attrVal(el, "class")+" "+attrVal(el, "id")) {
		return false
	}
	s := measure(para, nil)
	return s.text > 0 && 2*s.linked <= s.text
}

// opensInPopup is true for the class of a picture that opens in a popup
// ("td-slide-popup-gallery"), which readability takes for the popup and
// removes.
func opensInPopup(class string) bool {
	return slices.ContainsFunc(nameWords(class), func(w string) bool {
		return w == "popup" || w == "modal" || w == "lightbox"
	})
}

// unwrap replaces el by its children.
func unwrap(el *html.Node) {
	if el.Parent == nil {
		return
	}
	for c := el.FirstChild; c != nil; c = el.FirstChild {
		el.RemoveChild(c)
		el.Parent.InsertBefore(c, el)
	}
	el.Parent.RemoveChild(el)
}

// dropClassWords removes from el's class and id the words that drop says.
func dropClassWords(el *html.Node, drop func(string) bool) {
	for _, key := range []string{"class", "id"} {
		v, ok := attr(el, key)
		if !ok {
			continue
		}
		var keep []string
		for _, w := range strings.Fields(v) {
			if !drop(w) {
				keep = append(keep, w)
			}
		}
		setAttr(el, key, strings.Join(keep, " "))
	}
}
