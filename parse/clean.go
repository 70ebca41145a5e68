package parse

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// boilerplateLineRx matches whole short blocks that are page chrome in any
// article: ad labels, "read more" teasers, share prompts, gallery counters,
// photo credits.
var boilerplateLineRx = regexp.MustCompile(`(?i)^(` +
	`advertisement|advertising|advert|ad|anzeige|publicité|sponsored( content)?|` +
	`continue reading( below| the main story)?|story continues below( advertisement)?|` +
	`(read|see) (more|also)( on .*)?|(read|see) (more|also) ?[:|»>-].*|related( articles| stories| content| coverage| links)?( ?[:|»>-].*)?|` +
	`more (on|from|about) (this|.*:).*|don'?t miss|you (may|might) (also )?like.*|recommended( for you)?|` +
	`most (read|popular|viewed)|trending( now)?|top stories|` +
	`share( this)?( article| story| post| page)?( on .*)?|tweet|email|print|whatsapp|facebook|twitter|` +
	`\d* ?comments?|leave a (comment|reply)|tell us what you think.*|` +
	`(image|photo|picture|slide) \d+ (of|/) ?\d+.*|image copyright.*|` +
	`(photo|image|picture|credit|source|foto|bild)( credit)?s?: .*|\(?image credit.*|getty images|` +
	`skip to (main )?content|this slideshow requires javascript\.?|click here.*|.*by clicking here|` +
	`loading\.*|caption|close|expand|enlarge|toggle caption|hide caption|` +
	`follow us( on .*)?|sign up( now)?|subscribe( now)?|log ?in|sign in|register` +
	`)[.!…]*$`)

// leadMetaRx matches byline and dateline blocks: "By Jane Doe", "Published
// 10:48, Tue, Nov 19", "Updated Nov 19, 9:41 AM".
var leadMetaRx = regexp.MustCompile(`(?i)^(by|von|par|por|di|door|published|updated|posted|last (updated|modified)|first published|modified)[\s:]`)

// newsletterRx marks short calls to subscribe.
var newsletterRx = regexp.MustCompile(`(?i)newsletter|sign up|subscribe|inbox|follow us|follow .* on (twitter|facebook|instagram)`)

// cleanContent removes what readability keeps but is not article text.
// title is the headline, dropped from the body when repeated there.
func cleanContent(content *html.Node, title string) {
	removeFurniture(content)
	removeHeadline(content, title)
	removeLinkBlocks(content)
	removeBoilerplateBlocks(content)
	removeLeadingMeta(content)
}

// removeHeadline drops headings that repeat the title: the headline is
// metadata, not body text.
func removeHeadline(content *html.Node, title string) {
	title = squashSpace(title)
	removeMatching(content, func(el *html.Node) bool {
		switch el.DataAtom {
		case atom.H1:
			return true
		case atom.H2, atom.H3, atom.P, atom.Div, atom.Span:
			return title != "" && sameTitle(squashSpace(textContent(el)), title)
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

// removeLinkBlocks drops lists and blocks that are mostly links: related
// stories, tag clouds, "more from" rails. Quotes are kept, since embedded
// posts are link-heavy but part of the story.
func removeLinkBlocks(content *html.Node) {
	removeMatching(content, func(el *html.Node) bool {
		if el.DataAtom == atom.Blockquote || el.DataAtom == atom.Figure || el.DataAtom == atom.Pre {
			return false
		}
		if !blockTags[el.DataAtom] || el.DataAtom == atom.Figcaption {
			return false
		}
		text, linked, links := linkStats(el)
		if text == 0 || links == 0 {
			return false
		}
		density := float64(linked) / float64(text)
		if links >= 2 && density > 0.5 && text < 2000 {
			removeLabel(el)
			return true
		}
		return density > 0.8 && text < 250
	})
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
	t := squashSpace(textContent(prev))
	if t != "" && utf8.RuneCountInString(t) <= 40 && !strings.ContainsAny(t, ".?") && countImages(prev) == 0 {
		prev.Parent.RemoveChild(prev)
	}
}

// linkStats counts the characters of text under el, those inside links and
// the links themselves.
func linkStats(el *html.Node) (text, linked, links int) {
	var walk func(n *html.Node, inLink bool)
	walk = func(n *html.Node, inLink bool) {
		switch n.Type {
		case html.TextNode:
			l := len(strings.TrimSpace(n.Data))
			text += l
			if inLink {
				linked += l
			}
			return
		case html.ElementNode:
			if skipTags[n.DataAtom] {
				return
			}
			if n.DataAtom == atom.A {
				links++
				inLink = true
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inLink)
		}
	}
	walk(el, false)
	return text, linked, links
}

// removeBoilerplateBlocks drops short blocks whose whole text is chrome.
func removeBoilerplateBlocks(content *html.Node) {
	removeMatching(content, func(el *html.Node) bool {
		if !blockTags[el.DataAtom] || el.DataAtom == atom.Blockquote {
			return false
		}
		t := squashSpace(textContent(el))
		if len(t) > 250 {
			return false
		}
		if boilerplateLineRx.MatchString(strings.Trim(t, " -–—|•·:")) {
			return true
		}
		return len(t) < 200 && newsletterRx.MatchString(t) && hasNoBlockChild(el) && strings.Count(t, ".") <= 2
	})
}

// removeLeadingMeta drops byline, dateline and section-label blocks that
// come before the first paragraph of prose.
func removeLeadingMeta(content *html.Node) {
	for _, el := range leafBlocks(content) {
		t := squashSpace(textContent(el))
		if t == "" {
			continue
		}
		if el.DataAtom == atom.P && utf8.RuneCountInString(t) >= 100 {
			return
		}
		short := utf8.RuneCountInString(t) < 150
		if short && (leadMetaRx.MatchString(t) || isTimestamp(t) || len(strings.Fields(t)) <= 2 && !isHeading(el)) {
			el.Parent.RemoveChild(el)
		}
	}
}

// leafBlocks lists, in document order, the block elements under n that
// contain no other block.
func leafBlocks(n *html.Node) []*html.Node {
	var out []*html.Node
	forEachElement(n, func(el *html.Node) {
		if el != n && blockTags[el.DataAtom] && hasNoBlockChild(el) {
			out = append(out, el)
		}
	})
	return out
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

// timestampRx matches a line that is only a date or time.
var timestampRx = regexp.MustCompile(`(?i)^[\w\s,.:/|;-]*\b(\d{1,2}:\d{2}|\d{4}|(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2})\b[\w\s,.:/|;()+-]*$`)

func isTimestamp(t string) bool {
	return len(t) < 80 && timestampRx.MatchString(t) && strings.Count(t, " ") < 10
}
