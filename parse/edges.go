package parse

// The edges of the body: bylines and datelines above the story, labels
// left below it.

import (
	"maps"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// metaWordRx finds the words of a byline or dateline inside a line
// ("05/10/2018 - Publicado por: Ana - Categoria: Saúde").
var metaWordRx = regexp.MustCompile(`(?i)(^|[\s(|:-])(by|por|par|von|door|published|publicado|publicada|publié|veröffentlicht|pubblicato|posted|updated|atualizado|actualizado|aktualisiert|author|autor|auteur)([\s:)|-]|$)`)

// dateRx finds a calendar date: 05/10/2018, 2018-10-05, Nov 19, 19 Nov,
// 02 Ago 2017 (months abbreviated in the main European languages).
var dateRx = regexp.MustCompile(`(?i)\b(\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2}|` + monthNames + `\.? \d{1,2}\b|\d{1,2}\.? (de )?` + monthNames + `)`)

const monthNames = `(jan|janv|ene|gen|feb|fev|fév|mar|mär|apr|abr|avr|may|mai|mag|jun|juin|giu|jul|juil|lug|aug|ago|aoû|sep|set|oct|out|ott|okt|nov|dec|dez|dic|déc)[\p{L}]*`

// datelineRx matches a block that only says when the story was
// published or updated.
var datelineRx = regexp.MustCompile(`(?i)^(published|updated|posted|last (updated|modified)|first published|modified)[\s:]`)

func isDateline(t string) bool {
	return len(t) < 120 && strings.ContainsAny(t, "0123456789") && datelineRx.MatchString(t)
}

// leadMetaRx matches byline and dateline blocks: "By Jane Doe", "بقلم
// أحمد علي", "Published 10:48, Tue, Nov 19", "Updated Nov 19, 9:41 AM".
var leadMetaRx = regexp.MustCompile(`(?i)^(by|von|par|por|di|door|بقلم|كتب|كتبت|מאת|published|updated|posted|last (updated|modified)|first published|modified)[\s:]`)

// leadBlocks is how many blocks at the top of the body may be byline,
// dateline or section label.
const leadBlocks = 12

// removeLeadingMeta drops byline, dateline and section-label blocks that
// come before the first paragraph of prose.
func removeLeadingMeta(content *html.Node) {
	updates := liveUpdates(content)
	var drop []*html.Node
	seen := 0
	var walk func(n *html.Node) bool // false once prose is reached
	walk = func(n *html.Node) bool {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode || skipTags[c.DataAtom] || isCaption(c) {
				continue
			}
			if !blockTags[c.DataAtom] || hasNoBlockChild(c) {
				if seen++; seen > leadBlocks {
					return false
				}
				t, short := boundedText(c, 150)
				if !short && (c.DataAtom == atom.P || blockTags[c.DataAtom]) {
					return false
				}
				if short && !updates[c] && isLeadingMeta(c, t) {
					drop = append(drop, c)
				}
				if utf8.RuneCountInString(t) >= 100 && c.DataAtom == atom.P {
					return false
				}
				continue
			}
			if !walk(c) {
				return false
			}
		}
		return true
	}
	walk(content)
	for _, el := range drop {
		if el.Parent != nil {
			el.Parent.RemoveChild(el)
		}
	}
}

// listedProse says whether el, a list item of a word or two, is the
// story's own list ("Register online.", "2 payslips") rather than a
// byline's names or a share bar's labels ("Maria Lopez", "Facebook"):
// read as a byline by its length alone, a list of short steps at the top
// of a story was lost item by item.
func listedProse(el *html.Node, t string) bool {
	t = strings.TrimSpace(t)
	return el.DataAtom == atom.Li && (!plausibleName(t) || oneWordEntry(el, t))
}

// oneWordEntry says whether el, a list item, is one word of a script that
// spaces its words ("Salt"), in a list of two items or more that links
// none of them and names no wire or newsroom: a person is named in two
// words at least, a share bar's or a menu's labels link, and a credit
// names agencies in one word ("Reuters", "AFP").
func oneWordEntry(el *html.Node, t string) bool {
	first, _ := utf8.DecodeRuneInString(t)
	list := el.Parent
	if strings.ContainsAny(t, " \u00a0") || !unicode.In(first, unicode.Latin, unicode.Cyrillic, unicode.Greek) || list == nil {
		return false
	}
	items := 0
	for c := list.FirstChild; c != nil; c = c.NextSibling {
		if c.DataAtom != atom.Li {
			continue
		}
		if findElement(c, func(e *html.Node) bool { return e.DataAtom == atom.A || e.DataAtom == atom.Button }) != nil {
			return false
		}
		if text, _ := boundedText(c, 80); isOrgName(strings.TrimSpace(text)) {
			return false
		}
		items++
	}
	return items >= 2
}

func isLeadingMeta(el *html.Node, t string) bool {
	if t == "" || !blockTags[el.DataAtom] && el.DataAtom != atom.Time && el.DataAtom != atom.Span {
		return false
	}
	if isHeading(el) {
		return false // a heading names a section, even a time ("22:40" in a live blog)
	}
	if leadMetaRx.MatchString(t) || isTimestamp(t) || wordCount(t) <= 2 && !listedProse(el, t) {
		return true
	}
	if strings.ContainsAny(t, "0123456789") && dateRx.MatchString(t) && metaWordRx.MatchString(t) {
		return true
	}
	// "The Associated Press<br>Published Monday, November 18": every line
	// short, and one of them a byline or a date.
	lines := strings.Split(strings.TrimSpace(renderText(el)), "\n")
	if len(lines) < 2 {
		return false
	}
	meta := false
	for _, l := range lines {
		l = strings.TrimSpace(l)
		switch {
		case leadMetaRx.MatchString(l) || isTimestamp(l):
			meta = true
		case wordCount(l) > 8:
			return false
		}
	}
	return meta
}

// trailingLabels is how many blocks at the end of the body may be
// leftover labels.
const trailingLabels = 6

// removeTrailingLabels drops headings left at the end of the body once the
// lists they introduced are gone ("Top Video", "More from Sport").
func removeTrailingLabels(content *html.Node) {
	for i := 0; i < trailingLabels; i++ {
		last := lastTextBlock(content)
		if last == nil || !isLabel(last) {
			return
		}
		last.Parent.RemoveChild(last)
	}
}

// followCall is a sentence that asks readers to follow an account on a
// social network ("Follow us on Twitter @example or Facebook", "Follow
// @exampleDeals on Twitter to keep up with the latest deals").
const followCall = `follow (us|him|her|them|me|@\w+)\b[^.!?]{0,80}?\b(twitter|facebook|instagram|linkedin|threads|bluesky|tiktok|youtube)\b`

// followPromoRx matches a block that opens or ends with a follow call:
// the author's bio or the site's promotion under a story, whatever
// sentences of pitch or terms come with it.
var followPromoRx = regexp.MustCompile(`(?i)^` + followCall + `|(^|[.!?]\s+)` + followCall + `[^.!?]*[.!?]*$`)

// followPromoLen is the most text such a promotion holds: a bio of a
// sentence or two, or a paragraph of terms.
const followPromoLen = 500

// removeTrailingPromo drops the last block of the body when it asks
// readers to follow the author or the site: where it stands, it is a
// sign-off, not the story's text. One sentence of a story that cites an
// account stays, being in a paragraph of its own before the end.
func removeTrailingPromo(content *html.Node) {
	last := lastTextBlock(content)
	if last == nil || last == content || last.Parent == nil {
		return
	}
	last = enclosingBlock(last, content)
	t, short := boundedText(last, followPromoLen)
	if short && followPromoRx.MatchString(t) {
		last.Parent.RemoveChild(last)
	}
}

// enclosingBlock is el or its nearest ancestor below top that is a block:
// the text of a paragraph may end in an inline element of its own.
func enclosingBlock(el, top *html.Node) *html.Node {
	for !blockTags[el.DataAtom] && el.Parent != nil && el.Parent != top && el.Parent.Parent != nil {
		el = el.Parent
	}
	return el
}

// lastTextBlock is the last element under n holding text and no block.
func lastTextBlock(n *html.Node) *html.Node {
	for c := n.LastChild; c != nil; c = c.PrevSibling {
		if c.Type == html.TextNode && strings.TrimSpace(c.Data) != "" {
			return n
		}
		if c.Type != html.ElementNode || skipTags[c.DataAtom] || isCaption(c) {
			continue
		}
		if found := lastTextBlock(c); found != nil {
			return found
		}
	}
	return nil
}

// isLabel is true for a short heading: with nothing after it, it names a
// list or a teaser that is gone.
func isLabel(el *html.Node) bool {
	if el.Parent == nil || !isHeading(el) {
		return false
	}
	t, short := boundedText(el, 60)
	return short && t != ""
}

// clockRx finds a time of day.
var clockRx = regexp.MustCompile(`\b\d{1,2}:\d{2}\b`)

// isTimestamp is true for a short line that is only a date or time, in
// any language ("segunda-feira, 22 de janeiro de 2018 às 0:13").
func isTimestamp(t string) bool {
	if len(t) >= 80 || strings.Count(t, " ") >= 10 || !strings.ContainsAny(t, "0123456789") {
		return false
	}
	if wordCount(t) > 8 {
		return false // a sentence, not a stamp
	}
	return clockRx.MatchString(t) || dateRx.MatchString(t)
}

// liveUpdates finds the times of a live blog's updates: a few words
// with digits ("01.40 BST", "2h ago", "Nov 19 22:40"), each next to the
// update's heading, before it or under it. One such pair may be a
// dateline above or below a story's first subheading; two or more on the
// same side are a live blog, whose times are kept.
func liveUpdates(content *html.Node) map[*html.Node]bool {
	before, after := map[*html.Node]bool{}, map[*html.Node]bool{}
	forEachElement(content, func(el *html.Node) {
		if isHeading(el) {
			return
		}
		next, prev := nextElement(el), prevElement(el)
		headingNext, headingPrev := next != nil && isHeading(next), prev != nil && isHeading(prev)
		if (!headingNext && !headingPrev) || !isUpdateTime(el) {
			return // its text is read only beside a heading
		}
		if headingNext {
			before[el] = true
		}
		if headingPrev {
			after[el] = true
		}
	})
	found := map[*html.Node]bool{}
	for _, side := range []map[*html.Node]bool{before, after} {
		if len(side) >= 2 {
			maps.Copy(found, side)
		}
	}
	if len(found) == 0 {
		return nil
	}
	return found
}

// isUpdateTime is true for a few words with digits: the time of a live
// blog's update.
func isUpdateTime(el *html.Node) bool {
	t, short := boundedText(el, 40)
	return short && strings.ContainsAny(t, "0123456789") && wordCount(t) <= 4
}

// nextElement is the element after el among its siblings, or nil.
func nextElement(el *html.Node) *html.Node {
	for c := el.NextSibling; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode {
			return c
		}
	}
	return nil
}
