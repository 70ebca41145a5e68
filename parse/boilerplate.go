package parse

import (
	"regexp"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// furnitureRx matches the class or id words that page furniture carries on
// news sites: sharing tools, related links, newsletters, ads, comments,
// navigation. Words are bounded by anything but a letter or digit, so
// "article__share-bar" matches and "shareholder" does not.
var furnitureRx = regexp.MustCompile(`(?i)(^|[^a-z0-9])(` +
	`share|shares|sharing|sharebar|sharedaddy|social|socials|sociable|addthis|` +
	`related|recommend|recommended|recommendations|more-?stories|more-?news|read-?more|see-?also|` +
	`most-?read|most-?popular|most-?viewed|popular|trending|outbrain|taboola|` +
	`newsletter|newsletters|subscribe|subscription|signup|sign-?up|paywall|regwall|` +
	`promo|promos|advert|adverts|advertisement|advertising|ad|ads|adslot|ad-?slot|adunit|dfp|` +
	`sponsor|sponsored|commercial|` +
	`comment|comments|disqus|breadcrumb|breadcrumbs|tags|taglist|tag-?list|topics|` +
	`author-?bio|author-?info|about-?author|author-?box|` +
	`nav|navbar|navigation|menu|footer|masthead|toolbar|skip-?link|` +
	`cookie|cookies|consent|gdpr|popup|modal|overlay|` +
	`rail|teaser|teasers|widget|sidebar|` +
	`sr-only|visually-?hidden|screen-?reader-?text|print-?only` +
	`)([^a-z0-9]|$)`)

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
	return len(names) > 1 && furnitureRx.MatchString(names)
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
	text, linked, _ := linkStats(n)
	return text - linked
}

// bylineClassRx is what readability takes for a byline class.
var bylineClassRx = regexp.MustCompile(`(?i)byline|author|dateline|writtenby|p-author`)

// unmarkBylineContainers strips byline-looking class and id values from
// large elements. Readability removes the first element whose class says
// "author" and that holds an itemprop=name, even when it is the whole
// article (<article class="post author-jane">).
func unmarkBylineContainers(root *html.Node) {
	forEachElement(root, func(el *html.Node) {
		names := attrVal(el, "class") + " " + attrVal(el, "id")
		if !bylineClassRx.MatchString(names) || len(textContent(el)) < 300 {
			return
		}
		for _, key := range []string{"class", "id"} {
			v, ok := attr(el, key)
			if !ok {
				continue
			}
			var keep []string
			for _, w := range strings.Fields(v) {
				if !bylineClassRx.MatchString(w) {
					keep = append(keep, w)
				}
			}
			setAttr(el, key, strings.Join(keep, " "))
		}
	})
}
