package parse

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// boilerplateLineRx matches whole short blocks that are page chrome in any
// article: ad labels, "read more" teasers, share prompts, gallery counters,
// photo credits, a media player's fallback message, a broadcaster's "listen
// live" promotion.
var boilerplateLineRx = regexp.MustCompile(`(?i)^(` +
	`advertisement|advertising|advert|ad|anzeige|werbung|publicité|publicidad|publicidade|pubblicità|` +
	`reklama|реклама|iklan|advertentie|annons|mainos|広告|广告|광고|sponsored( content)?|` +
	`continue reading( below| the main story)?|story continues below( advertisement)?|` +
	`(read|see) (more|also)( on .*)?|(read|see) (more|also) ?[:|»>-].*|related( articles| stories| content| coverage| links| news| posts| reading| topics)?( ?[:|»>-].*)?|` +
	`more (on|from|about) (this|.*:).*|don'?t miss|you (may|might) (also )?like.*|recommended( for you)?|` +
	`most (read|popular|viewed)|(trending|popular)( this week| today| now)?|top stories|breaking news|more|` +
	`(recent|latest|popular|trending|more|top|related) (articles|posts|stories|news|videos)( this week| today| now)?|` +
	`share( this)?( article| story| post| page)?( on .*)?|tweet|email|print|whatsapp|facebook|twitter|` +
	`\d* ?comments?|(leave|post|add|write) (a |your )?(comment|reply|review)s?( \(\+\))?|join the (conversation|discussion)|tell us what you think.*|` +
	`(image|photo|picture|slide) \d+ (of|/) ?\d+.*|image copyright.*|` +
	`(photo|image|picture|credit|source|foto|bild)( credit)?s?: .*|\(?image credit.*|getty images|` +
	`skip to (main )?content|this slideshow requires javascript\.?|click here.*|.*by clicking here|` +
	`media playback is (unsupported|not supported) on your device|your browser does not support (the )?(video|audio|html5 video)( tag| element| player)?|` +
	`(please )?enable javascript to (view|watch|play) (this|the) (video|content|media)|` +
	`loading\.*|caption|close|expand|enlarge|toggle caption|hide caption|` +
	`follow us( on .*)?|follow @\w+( on .*)?|` +
	`(reach|contact|email|e-mail|follow) (the (reporters?|authors?|writers?)|him|her|them) (on (twitter|facebook|instagram)\b.*|(at|via) (https?://|@|\S+@).*)|` +
	`follow .{1,60}['’]s (full )?coverage of .* at https?://\S+|sign up( now)?|subscribe( now)?|log ?in|sign in|register|` +
	`like this (story|article|post)\?.*|related post:.*|` +
	`join our .*\b(forums?|newsletters?|mailing list|discord|telegram channel|whatsapp (group|channel))\b.*|` +
	`listen (to )?(\S+ ){1,4}live (at \d|from \d|on \w*days?\b|every\b|weekdays|daily).*|listen (again|back)( here| now| on .*)?` +
	`)[.!…]*$`)

// boilerplateFirstWords are the first words boilerplateLineRx can match;
// checking them first spares the regexp on most real paragraphs.
var boilerplateFirstWords = wordSet(
	"advertisement", "advertising", "advert", "ad", "anzeige", "werbung", "publicité", "publicidad",
	"publicidade", "pubblicità", "reklama", "реклама", "iklan", "advertentie", "annons", "mainos",
	"広告", "广告", "광고", "sponsored", "breaking", "recent", "latest", "popular",
	"continue", "story", "read", "see", "related", "more", "don't", "dont", "don’t", "you",
	"recommended", "most", "trending", "top", "share", "tweet", "email", "print", "whatsapp",
	"facebook", "twitter", "comment", "comments", "leave", "post", "add", "write", "join", "tell", "image", "photo", "picture",
	"slide", "credit", "source", "foto", "bild", "(image", "getty", "skip", "this", "click",
	"loading", "caption", "close", "expand", "enlarge", "toggle", "hide", "follow", "sign",
	"subscribe", "log", "login", "register", "media", "your", "please", "enable", "filed", "like",
	"reach", "contact", "e-mail", "listen",
)

// isBoilerplateLine reports whether the whole text of a block is chrome.
func isBoilerplateLine(t string) bool {
	t = strings.Trim(t, " -–—|•·:")
	first, _, _ := strings.Cut(t, " ")
	first = strings.ToLower(strings.TrimRight(first, ".!…:|»>-"))
	if !boilerplateFirstWords[first] && (first == "" || first[0] < '0' || first[0] > '9') {
		return false
	}
	return boilerplateLineRx.MatchString(t) || filedUnder(t)
}

// filedUnder is true for a line of the sections or tags a story is filed
// under ("Filed under: Politics, Economy"): a list of names, not a
// sentence that happens to begin so.
func filedUnder(t string) bool {
	lower := strings.ToLower(t)
	rest, ok := strings.CutPrefix(lower, "filed under:")
	if !ok {
		rest, ok = strings.CutPrefix(lower, "filed in:")
	}
	if !ok || strings.TrimSpace(rest) == "" {
		return false
	}
	for _, item := range strings.FieldsFunc(rest, func(r rune) bool { return strings.ContainsRune(",|·•/", r) }) {
		if len(strings.Fields(item)) > 4 {
			return false
		}
	}
	return true
}

// contactLineRx matches a block that is only where to reach the writer:
// an email address, a profile's address on a social network, or "Write
// to Jane Doe at jane.doe@example.com".
var contactLineRx = regexp.MustCompile(`(?i)^(write to .{1,60} at )?(mailto:)?[\w.+-]+@[\w-]+(\.[\w-]+)+[.]?$|` +
	`^(https?://)?(www\.)?(twitter|x|facebook|instagram|linkedin|threads)\.(com|net)/[\w./@-]+$`)

// isContactLine is true for a short block of the writer's addresses
// alone, left at the end of a story where its byline box stood.
func isContactLine(t string) bool {
	return len(t) < 120 && (strings.Contains(t, "@") || strings.Contains(t, ".com/")) && contactLineRx.MatchString(t)
}

// readingTimeRx matches a block that only says how long the story takes
// to read ("Reading time: 4 minutes", "Tempo de leitura: 1 minuto",
// "5 min read").
var readingTimeRx = regexp.MustCompile(`(?i)^((estimated )?read(ing)? time|tempo de leitura|tiempo de lectura|temps de lecture|lesezeit|tempo di lettura|время чтения)` +
	`\s*:?\s*(about |approx\.? |~)?\d+\s*(min\.?|mins|minutes?|minutos?|minuten|minuti|мин\.?|минут[аы]?)[.]?$|^\d+\s*(min|mins|minutes?)\.? read$`)

// isReadingTime is true for a short block that gives a story's reading
// time: the page's furniture, not its text.
func isReadingTime(t string) bool {
	return len(t) < 60 && readingTimeRx.MatchString(t)
}

// commentPolicyRx matches a site's rule for readers' comments, a notice
// about comments from its first words: that a moderator reads them, or
// what one will not let through, or that they are being moderated ("Note:
// we are temporarily moderating all comments").
var commentPolicyRx = regexp.MustCompile(`(?i)^.{0,40}\b(comments?|comentários?|comentarios?|commentaires?|kommentare?|commenti)\b.*\b(moderat|moderad|modér)|` +
	`^.{0,40}\b(moderating|moderamos|modérons|moderiamo|moderieren)\b.{0,30}\b(comments?|comentários?|comentarios?|commentaires?|kommentare?|commenti)\b`)

// isCommentPolicy is true for a short notice of a site's comment policy
// ("ATENÇÃO: Comentários ... não serão aprovados pelo moderador").
func isCommentPolicy(t string) bool {
	return len(t) < 300 && commentPolicyRx.MatchString(t)
}

// isCopyright is true for a site's copyright notice.
func isCopyright(t string) bool {
	if len(t) > 200 {
		return false
	}
	return strings.Contains(t, "©") || strings.Contains(t, "ⓒ") || strings.Contains(strings.ToLower(t), "all rights reserved") ||
		len(t) < 80 && copyrightYearRx.MatchString(t)
}

// copyrightYearRx matches a notice that starts with the word and a year
// ("Copyright @ 2019 The New Arab."); a short one: a sentence may begin
// so too.
var copyrightYearRx = regexp.MustCompile(`(?i)^copyright\s*(@|\(c\))?\s*(19|20)\d\d\b`)

// shortcodeRx matches a WordPress shortcode the site failed to render.
var shortcodeRx = regexp.MustCompile(`^\[([a-z_-]+)\b[^\]]*\].*\[/([a-z_-]+)\]$`)

func isShortcode(t string) bool {
	return strings.HasPrefix(t, "[") && strings.HasSuffix(t, "]") && shortcodeRx.MatchString(t)
}

// newsletterWords are the cheap test before newsletterRx.
var newsletterWords = []string{"newsletter", "sign up", "subscribe", "inbox", "follow"}

func isNewsletterPrompt(t string) bool {
	lower := strings.ToLower(t)
	for _, w := range newsletterWords {
		if strings.Contains(lower, w) {
			return newsletterRx.MatchString(t)
		}
	}
	return false
}

// newsletterRx marks short calls to subscribe.
var newsletterRx = regexp.MustCompile(`(?i)newsletter|sign up|subscribe|inbox|follow us|follow .* on (twitter|facebook|instagram)`)

// cleanContent removes what readability keeps but is not article text.
// title is the headline, dropped from the body when repeated there.
func cleanContent(content *html.Node, title string) {
	removeFurniture(content)
	removeTeaserCards(content)
	removeHeaders(content)
	removeHeadline(content, title)
	cleanBlocks(content)
	removeTeaserLists(content)
	removeLeadingMeta(content)
	removeTrailingLabels(content)
	removeTrailingPromo(content)
}

// teaserCardLen is the most text a teaser card holds: a headline, a
// kicker and a line or two of summary.
const teaserCardLen = 600

// removeTeaserCards drops the <article> elements inside the content whose
// heading links elsewhere: cards of a "more stories" feed. Posts of a live
// blog are articles too, but their headings do not lead away.
func removeTeaserCards(content *html.Node) {
	removeMatching(content, func(el *html.Node) bool {
		if el.DataAtom != atom.Article || longerThan(el, teaserCardLen) {
			return false
		}
		return findElement(el, isLinkedHeading) != nil
	})
}

// isLinkedHeading is true for a heading that is or holds a link.
func isLinkedHeading(el *html.Node) bool {
	if !isHeading(el) {
		return false
	}
	if el.Parent != nil && el.Parent.DataAtom == atom.A {
		return true
	}
	return findElement(el, func(c *html.Node) bool { return c.DataAtom == atom.A }) != nil
}

// removeHeaders drops the <header> elements of the content: the article's
// header holds its headline, standfirst, byline and date, none of them
// body text. Only inside the content: on the whole page, teaser lists are
// built of articles with headers, and without them readability may take
// the teasers for prose.
func removeHeaders(content *html.Node) {
	total := proseLen(content)
	stamps := timeHeaders(content)
	removeMatching(content, func(el *html.Node) bool {
		return el.DataAtom == atom.Header && proseLen(el)*2 < total && !(len(stamps) >= 2 && stamps[el])
	})
}

// timeHeaders are the <header> elements of content whose whole text is a
// time: two or more are the times of a live blog's posts
// (<article><header><time>12:41 GMT</time></header><h2>...), kept for
// liveUpdates to judge as the other times of posts.
func timeHeaders(content *html.Node) map[*html.Node]bool {
	stamps := map[*html.Node]bool{}
	forEachElement(content, func(el *html.Node) {
		if el.DataAtom != atom.Header {
			return
		}
		if t, short := boundedText(el, 80); short && isTimestamp(t) {
			stamps[el] = true
		}
	})
	return stamps
}

// headlineMark is set on the page's h1 elements before readability, which
// turns them into h2 and may clone the tree between passes; an attribute
// survives both. The sanitiser drops it.
const headlineMark = "data-newsarchive-h1"

// markHeadlines sets headlineMark on the h1 elements of doc.
func markHeadlines(doc *html.Node) {
	forEachElement(doc, func(el *html.Node) {
		if el.DataAtom == atom.H1 {
			setAttr(el, headlineMark, "")
		}
	})
}

// removeHeadline drops the page's h1 elements and headings that repeat the
// title: the headline is metadata, not body text.
func removeHeadline(content *html.Node, title string) {
	title = squashSpace(title)
	limit := len(title)*5/4 + 8
	removeMatching(content, func(el *html.Node) bool {
		if _, ok := attr(el, headlineMark); ok {
			return true
		}
		switch el.DataAtom {
		case atom.H1:
			return true
		case atom.H2, atom.H3, atom.P, atom.Div, atom.Span:
			if title == "" {
				return false
			}
			t, ok := boundedText(el, limit)
			return ok && sameTitle(t, title)
		}
		return false
	})
}

func sameTitle(text, title string) bool {
	if text == "" {
		return false
	}
	if strings.EqualFold(text, title) {
		return true
	}
	long := max(len(text), len(title))
	short := min(len(text), len(title))
	return short*10 >= long*8 && (strings.Contains(title, text) || strings.Contains(text, title))
}

// textStats counts the characters of text under a node, those inside
// links, and the links.
type textStats struct {
	text, linked, links int
}

// cleanBlocks drops, children first, the blocks under n that are mostly
// links or whose whole text is chrome. Inner lists go before their
// container is judged, so a section keeps its prose when only its
// "related" list is dropped.
func cleanBlocks(n *html.Node) {
	measure(n, func(el *html.Node, s textStats) bool {
		if isLinkCluster(el, s) {
			return true
		}
		if isLinkBlock(el, s) && !buyLinks(el) {
			removeLabel(el)
			return true
		}
		return isBoilerplateBlock(el, s) || isSubscriptionOffer(el, s)
	})
}

// measure counts the text under n, children first, in one pass. When drop
// is not nil, each element it returns true for is detached and not counted.
func measure(n *html.Node, drop func(*html.Node, textStats) bool) textStats {
	var s textStats
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		switch c.Type {
		case html.TextNode:
			s.text += len(strings.TrimSpace(c.Data))
		case html.ElementNode:
			if skipTags[c.DataAtom] {
				break
			}
			cs := measure(c, drop)
			if drop != nil && drop(c, cs) {
				n.RemoveChild(c)
			} else {
				s.text, s.linked, s.links = s.text+cs.text, s.linked+cs.linked, s.links+cs.links
			}
		}
		c = next
	}
	if n.DataAtom == atom.A {
		s.linked, s.links = s.text, s.links+1
	}
	return s
}

// keptBlocks are never dropped for their links or wording: quotes hold
// embedded posts, which are link-heavy but part of the story.
func keptBlock(el *html.Node) bool {
	switch el.DataAtom {
	case atom.Blockquote, atom.Figure, atom.Figcaption, atom.Pre:
		return true
	}
	return !blockTags[el.DataAtom]
}

// isLinkBlock is true for lists and blocks that are mostly links: related
// stories, tag clouds, "more from" rails.
func isLinkBlock(el *html.Node, s textStats) bool {
	if keptBlock(el) || s.text == 0 || s.links == 0 {
		return false
	}
	density := float64(s.linked) / float64(s.text)
	// Prose may link most of its words (deal posts, link roundups); a
	// paragraph must be nearly all links to count as a list of them.
	limit := 0.5
	if el.DataAtom == atom.P {
		limit = 0.65
	}
	if s.links >= 2 && density > limit && s.text < 2000 {
		return true
	}
	// A picture with one link (to its gallery, say) is still the picture.
	return density > 0.8 && s.text < 250 && !hasMedia(el)
}

// buyLinkRx is the text of a link to buy what a deals story offers: a
// verb to buy and the price ("Get it on Amazon for $649.99", "Buy the
// 16GB model for £199").
var buyLinkRx = regexp.MustCompile(`(?i)^(get|buy|shop|order|pre-?order)\b.{0,80}\bfor (only |just )?(£|\$|€|₹|rs\.? ?)\d`)

// buyLinks reports whether every link under el is a link to buy at a
// price: a deals story's own lines, which its readers came for, not a
// list of other stories.
func buyLinks(el *html.Node) bool {
	links := 0
	all := true
	forEachElement(el, func(a *html.Node) {
		if a.DataAtom != atom.A || !all {
			return
		}
		links++
		all = buyLinkRx.MatchString(squashSpace(textContent(a)))
	})
	return links > 0 && all
}

// isLinkCluster is true for an inline element that is nothing but several
// links: a hover card or a list of stories tucked inside a sentence.
// Being judged innermost first, the name link around such a card stays.
func isLinkCluster(el *html.Node, s textStats) bool {
	if el.DataAtom != atom.Span || s.links < 3 || s.text == 0 {
		return false
	}
	return s.linked*10 > s.text*8
}

// isBoilerplateBlock is true for short blocks whose whole text is chrome.
func isBoilerplateBlock(el *html.Node, s textStats) bool {
	if keptBlock(el) || s.text > 250 {
		return false
	}
	t := squashSpace(textContent(el))
	if isBoilerplateLine(t) || isContactLine(t) || isReadingTime(t) || isDateline(t) || isShortcode(t) || isCopyright(t) || isCommentPolicy(t) ||
		isDonationAppeal(el, t) {
		return true
	}
	return len(t) < 200 && strings.Count(t, ". ") <= 2 && isNewsletterPrompt(t) && hasNoBlockChild(el)
}

// removeLabel drops the short heading right before a removed link block
// ("Related", "DON'T MISS", "You may also like").
func removeLabel(block *html.Node) {
	prev := block.PrevSibling
	for prev != nil && prev.Type != html.ElementNode {
		if strings.TrimSpace(prev.Data) != "" {
			return
		}
		prev = prev.PrevSibling
	}
	if prev == nil || prev.Parent == nil {
		return
	}
	t, short := boundedText(prev, 60)
	if short && t != "" && utf8.RuneCountInString(t) <= 40 && !strings.ContainsAny(t, ".?") && countImages(prev) == 0 {
		prev.Parent.RemoveChild(prev)
	}
}

func hasNoBlockChild(el *html.Node) bool {
	return findElement(el, func(c *html.Node) bool { return blockTags[c.DataAtom] }) == nil
}

func isHeading(el *html.Node) bool {
	switch el.DataAtom {
	case atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		return true
	}
	return false
}

// relatedNames are in the class or id of a heading that opens a section
// of other stories ("relatedpoststitle", "more-stories__title"), with
// anything but letters dropped.
var relatedNames = []string{"related", "recommend", "morestories", "morenews", "youmaylike", "mostread", "mostpopular"}

// relatedLabelRx is the whole text of a heading over other stories, in
// the languages of common news pages.
var relatedLabelRx = regexp.MustCompile(`(?i)^(you (may|might) (also )?like|more (stories|news)|most (popular|read)( stories| articles)?|` +
	`related( (stories|articles|posts|news|coverage))?|recommended( for you)?|read (also|next)|see also|also read|` +
	`você (também )?pode gostar|leia (também|mais)|veja também|(también )?te puede interesar|lee también|más noticias|` +
	`(à )?lire aussi|sur le même sujet|das könnte sie auch interessieren|lesen sie auch|mehr zum thema|leggi anche|` +
	`potrebbe interessarti|самые популярные( \pL+)?|читайте также|похожие (статьи|записи|новости))[\s.…:!]*$`)

// relatedLabel reports whether a heading with text t is a label of other
// stories whose items all link elsewhere: by its words alone, a heading of
// the story ("Most popular diets") would take the story's end with it.
func relatedLabel(el *html.Node, t string) bool {
	if !relatedLabelRx.MatchString(strings.TrimSpace(t)) {
		return false
	}
	items := 0
	for n := el.NextSibling; n != nil; n = n.NextSibling {
		if n.Type != html.ElementNode {
			continue
		}
		if findElement(n, func(c *html.Node) bool { return c.DataAtom == atom.A }) == nil && n.DataAtom != atom.A {
			return false
		}
		items++
	}
	return items >= 2
}

// relatedHeading reports whether a heading's class or id names it the
// heading of such a section.
func relatedHeading(el *html.Node) bool {
	names := strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) {
			return unicode.ToLower(r)
		}
		return -1
	}, attrVal(el, "class")+attrVal(el, "id"))
	return slices.ContainsFunc(relatedNames, func(n string) bool { return strings.Contains(names, n) })
}

// removeRelatedSections drops a short heading whose class or id names it
// the title of other stories, with the items after it in its parent: the
// excerpts of other posts under "You may like…" that a blog template nests
// in the article's container, where they can outweigh a short post. Not
// when that would leave the page less than minStoryProse of text.
func removeRelatedSections(doc *html.Node) {
	total := proseLen(doc)
	var heads []*html.Node
	forEachElement(doc, func(el *html.Node) {
		if !isHeading(el) {
			return
		}
		if t, short := boundedText(el, 80); short && t != "" && (relatedHeading(el) || relatedLabel(el, t)) {
			heads = append(heads, el)
		}
	})
	for _, h := range heads {
		if h.Parent == nil {
			continue // gone with an earlier section
		}
		section, items, removed := []*html.Node{h}, 0, proseLen(h)
		for n := h.NextSibling; n != nil; n = n.NextSibling {
			section = append(section, n)
			removed += proseLen(n)
			if n.Type == html.ElementNode {
				items++
			}
		}
		if items < 2 || total-removed < minStoryProse {
			continue
		}
		for _, n := range section {
			n.Parent.RemoveChild(n)
		}
		total -= removed
	}
}

// minStoryProse is the least text a page keeps when sections of other
// stories are cut from it.
const minStoryProse = 250

// teaserLabelRx matches the label of a list of other stories: "More Great
// WIRED Stories", "Related coverage", "Read next", "Don't miss".
var teaserLabelRx = regexp.MustCompile(`(?i)^(more|related|recommended|popular|trending|latest|top|further|also read|read (more|next|also)|see also|you (may|might) also|don'?t miss|most (read|popular|viewed|shared))\b`)

// removeTeaserLists drops a labelled list of links to other stories. Each
// item may carry more text than link (a kicker, a teaser line), so link
// density alone misses these.
func removeTeaserLists(content *html.Node) {
	var drop []*html.Node
	forEachElement(content, func(el *html.Node) {
		if el.DataAtom != atom.Ul && el.DataAtom != atom.Ol {
			return
		}
		label := prevElement(el)
		if label == nil || !everyItemLinks(el) {
			return
		}
		if t, short := boundedText(label, 80); short && teaserLabelRx.MatchString(t) {
			drop = append(drop, label, el)
		}
	})
	for _, el := range drop {
		if el.Parent != nil {
			el.Parent.RemoveChild(el)
		}
	}
}

// prevElement is the element before el among its siblings, skipping
// blank text.
func prevElement(el *html.Node) *html.Node {
	for p := el.PrevSibling; p != nil; p = p.PrevSibling {
		switch {
		case p.Type == html.ElementNode:
			return p
		case p.Type == html.TextNode && strings.TrimSpace(p.Data) != "":
			return nil
		}
	}
	return nil
}

// everyItemLinks is true for a list of at least two items that each hold
// a link.
func everyItemLinks(list *html.Node) bool {
	items := 0
	for li := list.FirstChild; li != nil; li = li.NextSibling {
		if li.Type != html.ElementNode || li.DataAtom != atom.Li {
			continue
		}
		if findElement(li, func(c *html.Node) bool { return c.DataAtom == atom.A }) == nil {
			return false
		}
		items++
	}
	return items >= 2
}
