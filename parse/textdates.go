package parse

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// shownDateLabels open a publication date printed in a page's text:
// "Published: Monday, November 18th, 2019 at 11:08 a.m.", Korean news
// sites' "기사입력 : 2018-08-25 15:24".
var shownDateLabels = regexp.MustCompile(`(?i)(?:\b(?:published|posted|publié(?: le)?|veröffentlicht(?: am)?|publiziert(?: am)?|publicado(?: em| el)?|pubblicato(?: il)?|опубликовано)\b|기사입력|입력|등록|発行|公開日?|发布时间|發佈時間)\s*(?:on|am|le|el|em|il)?\s*[:：]?\s*[\[(]?\s*`)

// maxShownDate bounds the text read as one date after a label.
const maxShownDate = 60

// maxDateLine bounds the text a printed date is looked for in: a date line
// is short, and a paragraph (or a hostile page's megabytes of text) is not
// worth a regular expression.
const maxDateLine = 200

// maxAloneDates is how many short lines with a digit after the headline
// are tried as a date ("5 min read" may come first).
const maxAloneDates = 4

// textDates lists, best first, the publication dates a page prints in
// its text rather than its markup: those after a label, then one of the
// first short lines with a digit after the page's first <h1> that is a
// date alone (a date under the headline). It walks the whole page, so it is read only for a page whose
// markup dates nothing.
func textDates(doc *html.Node) []string {
	var labelled, alone []string
	afterHeadline, before := false, ""
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch {
		case n.Type == html.ElementNode && (skipTags[n.DataAtom] || updateMark(n)):
			return // an update's date is no publication
		case n.Type == html.ElementNode && n.DataAtom == atom.H1:
			afterHeadline = true
		case n.Type == html.TextNode && len(n.Data) <= maxDateLine:
			t := squashSpace(n.Data)
			if m := shownDateLabels.FindStringIndex(t); m != nil {
				labelled = append(labelled, dateAfter(t[m[1]:]))
				if !strings.ContainsAny(t[m[1]:], "0123456789") && strings.ContainsAny(before, "0123456789") {
					// "05/10/2018 - Publicado por: ...": the date before.
					labelled = append(labelled, before)
				}
			} else if afterHeadline && len(alone) < maxAloneDates && len(t) < 40 && strings.ContainsAny(t, "0123456789") {
				alone = append(alone, t)
			}
		}
		if n.Type == html.TextNode {
			if t := squashSpace(n.Data); t != "" && len(t) < 40 {
				before = t
			} else if t != "" {
				before = ""
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return append(labelled, alone...)
}

// dateAfter is the text after a label, up to where a date can end.
func dateAfter(s string) string {
	if len(s) > maxShownDate {
		s = s[:maxShownDate]
	}
	if i := strings.IndexAny(s, "]|)"); i >= 0 {
		s = s[:i]
	}
	return strings.TrimSpace(s)
}

// updateMark tells an element that marks an update ("updated",
// "last-modified"): its date is the modification's.
func updateMark(n *html.Node) bool {
	cls := strings.ToLower(attrOf(n, "class"))
	return strings.Contains(cls, "updat") || strings.Contains(cls, "modif")
}

// reSlashDate is a numeric date written with slashes, day and month in an
// order only the page's language tells: 05/10/2018.
var reSlashDate = regexp.MustCompile(`\b(\d{1,2})/(\d{1,2})/((?:19|20)\d{2})\b`)

// slashDates writes the slashed numeric dates of printed dates in ISO
// form, reading them day first on a page in a language that writes them
// so (all but American English), month first in American English, and
// by whichever number cannot be a month otherwise; a date still
// ambiguous is left, and no layout reads it.
func slashDates(dates []string, lang string) []string {
	out := make([]string, len(dates))
	for i, d := range dates {
		out[i] = reSlashDate.ReplaceAllStringFunc(d, func(m string) string {
			sub := reSlashDate.FindStringSubmatch(m)
			a, b := atoi(sub[1]), atoi(sub[2])
			day, month := a, b
			switch {
			case a > 12 && b <= 12:
			case b > 12 && a <= 12:
				day, month = b, a
			case strings.EqualFold(lang, "en-US"):
				day, month = b, a
			case lang == "" || strings.EqualFold(lang, "en"):
				return m
			}
			return fmt.Sprintf("%s-%02d-%02d", sub[3], month, day)
		})
	}
	return out
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}
