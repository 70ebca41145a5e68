package parse

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// publicationLabels and updateLabels are the words that label a date
// printed in a page's text, of the publication ("Published: Monday,
// November 18th, 2019 at 11:08 a.m.", Korean news sites' "기사입력 :
// 2018-08-25 15:24", Japanese ones' "8/13(火) 16:15配信") or of its last
// update ("Updated March 4, 2025", "mis à jour le", "수정", "16:15 更新");
// the longer first where one starts another.
var (
	publicationLabels = []string{"published", "posted", "publié", "veröffentlicht", "publiziert", "publicado",
		"pubblicato", "опубликовано", "기사입력", "입력", "등록", "発行", "公開日", "公開", "配信日時", "配信日", "配信",
		"发布时间", "發佈時間", "प्रकाशित"}
	updateLabels = []string{"last updated", "updated", "last modified", "modified", "mis à jour", "modifié",
		"actualizado", "atualizado", "aggiornato", "aktualisiert", "обновлено", "최종수정", "수정", "업데이트",
		"最終更新日", "最終更新", "更新日時", "更新日", "更新", "अपडेटेड", "अपडेट", "अद्यतन"}
)

// afterDateLabels are labels Japanese pages print after the date and time
// they label ("2024年8月13日 16:15 更新", "8/13(火) 16:15配信"). They are
// also common words ("ライブ配信", "記録を更新した"), so they label only a
// date right before them, or one right after them ("更新：8月13日"), and
// only where no letter carries the word on ("配信開始").
var afterDateLabels = map[string]bool{"配信": true, "更新": true}

// reDateLabel is a label and what ends it, a preposition ("on", "le",
// "am") and punctuation: group 1 holds a publication label, group 2 an
// update label.
var reDateLabel = regexp.MustCompile(`(?i)(?:(` + labelAlternatives(publicationLabels) + `)|(` +
	labelAlternatives(updateLabels) + `))\s*(?:on|am|le|el|em|il)?\s*[:：]?\s*[\[(]?\s*`)

// labelAlternatives joins words as alternatives of a regular expression,
// each bordered by \b where it begins or ends with an ASCII letter: \b
// borders only those ("publié" ends in none).
func labelAlternatives(words []string) string {
	alts := make([]string, len(words))
	for i, w := range words {
		alts[i] = regexp.QuoteMeta(w)
		if isASCIILetters(w[:1]) {
			alts[i] = `\b` + alts[i]
		}
		if isASCIILetters(w[len(w)-1:]) {
			alts[i] += `\b`
		}
	}
	return strings.Join(alts, "|")
}

// labelWords are the label words as bytes, for labelsIn's quick test.
var labelWords = func() [][]byte {
	var out [][]byte
	for _, w := range slices.Concat(publicationLabels, updateLabels) {
		out = append(out, []byte(w))
	}
	return out
}()

// labelsIn is the index pairs of reDateLabel's matches in t (nil for
// none). The regular expression, case-folded with dozens of words, costs
// some microseconds a text: it is run only when t lowercased, which buf
// holds after the call, has a label word.
func labelsIn(t string, buf *[]byte) [][]int {
	*buf = appendLower((*buf)[:0], t)
	for _, w := range labelWords {
		if bytes.Contains(*buf, w) {
			return reDateLabel.FindAllStringSubmatchIndex(t, -1)
		}
	}
	return nil
}

// appendLower appends s lowercased to dst.
func appendLower(dst []byte, s string) []byte {
	for _, r := range s {
		if r < utf8.RuneSelf {
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
			dst = append(dst, byte(r))
			continue
		}
		dst = utf8.AppendRune(dst, unicode.ToLower(r))
	}
	return dst
}

// maxShownDate bounds the text read as one date after a label.
const maxShownDate = 60

// maxDateLine bounds the text a printed date is looked for in: a date line
// is short, and a paragraph (or a hostile page's megabytes of text) is not
// worth a regular expression.
const maxDateLine = 200

// maxAloneDates is how many short lines with a digit after the headline
// are tried as a date ("5 min read" may come first).
const maxAloneDates = 4

// maxAloneDate bounds a line read as a date alone.
const maxAloneDate = 40

// maxHeadlineTexts is how many texts after the headline are read for a
// printed update: the byline's line is near the headline.
const maxHeadlineTexts = 40

// textDates lists, best first, the publication dates a page prints in
// its text rather than its markup: those after a label, then one of the
// first short lines with a digit after the page's first <h1> that is a
// date alone (a date under the headline). It walks the whole page, so it
// is read only for a page whose markup dates nothing.
func textDates(doc *html.Node) []string {
	var r dateReader
	r.walk(doc)
	return append(r.labelled, r.alone...)
}

// headlineUpdates lists the dates of the page's last update printed
// after a label ("Updated March 4, 2025") in the first texts after its
// first <h1>. It reads no more of the page, so it is cheap enough for
// every page whose markup dates no update.
func headlineUpdates(doc *html.Node) []string {
	r := dateReader{limit: maxHeadlineTexts}
	r.walk(doc)
	return r.updated
}

// dateReader gathers a page's printed dates in one walk.
type dateReader struct {
	labelled, alone, updated []string
	afterHeadline            bool
	// limit, when not 0, is how many texts after the headline are read,
	// and none before it; read counts them.
	limit, read int
	// inUpdate is set under an element marked as an update's
	// (updateMark): its date is no publication, and a label may tell it
	// is the update's.
	inUpdate bool
	// before is the last short text, the date a label after it may name.
	before string
	// lower is labelsIn's buffer.
	lower []byte
	// pending is the list the next text goes to when it has a date: that
	// of a label alone in its element ("<span>Updated</span> <span>March
	// 4, 2025</span>").
	pending *[]string
}

func (r *dateReader) walk(n *html.Node) {
	switch {
	case r.limit > 0 && r.read >= r.limit:
		return
	case n.Type == html.ElementNode && skipTags[n.DataAtom]:
		return
	case n.Type == html.ElementNode && !r.inUpdate && updateMark(n):
		r.inUpdate = true
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			r.walk(c)
		}
		r.inUpdate = false
		return
	case n.Type == html.ElementNode && n.DataAtom == atom.H1:
		r.afterHeadline = true
	case n.Type == html.TextNode && r.limit > 0 && !r.afterHeadline:
		// Only the texts after the headline count.
	case n.Type == html.TextNode && len(n.Data) <= maxDateLine:
		r.readText(n, squashSpace(n.Data))
	case n.Type == html.TextNode:
		r.before, r.pending = "", nil
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		r.walk(c)
	}
}

// readText takes the dates of one short text, t, of the text node n.
func (r *dateReader) readText(n *html.Node, t string) {
	if t == "" {
		return
	}
	r.read++
	t = withZoneAfter(n, t)
	pending := r.pending
	r.pending = nil
	if labels := labelsIn(t, &r.lower); labels != nil {
		r.readLabelled(t, labels)
	} else if pending != nil && len(t) <= maxShownDate && hasDigit(t) {
		*pending = append(*pending, yearBeside(n, dateAfter(t)))
	} else if !r.inUpdate && r.afterHeadline && len(r.alone) < maxAloneDates && len(t) < maxAloneDate && hasDigit(t) {
		r.alone = append(r.alone, yearBeside(n, t))
	}
	if len(t) < maxAloneDate && !r.inUpdate {
		r.before = t
	} else {
		r.before = "" // an update's date is no publication's either
	}
}

// readLabelled takes the date after each label of t, up to the next one
// ("Published March 3, 2025 / Updated March 4, 2025"). A publication label
// with no date after it names the date just before it ("05/10/2018 -
// Publicado por: ..."); any label with none may name the next text's. A
// whole date before the first label, an update's, is the publication's
// (publicationBefore).
func (r *dateReader) readLabelled(t string, labels [][]int) {
	read := 0 // where the text not yet read as a label's date starts
	for i, m := range labels {
		end := len(t)
		if i+1 < len(labels) {
			end = labels[i+1][0]
		}
		word := labelWord(t, m)
		if i == 0 && m[2] < 0 && !r.inUpdate && !afterDateLabels[word] {
			if date := publicationBefore(t[:m[0]]); date != "" {
				r.labelled = append(r.labelled, date)
			}
		}
		list := &r.updated
		if m[2] >= 0 && r.inUpdate {
			continue
		} else if m[2] >= 0 {
			list = &r.labelled
		}
		if afterDateLabels[word] {
			date, ok := trailingDate(t[read:m[0]], t[m[0]+len(word):end])
			if date != "" {
				*list = append(*list, date)
			}
			if read = m[1]; !ok {
				continue
			}
		}
		date := dateAfter(t[m[1]:end])
		read = end
		if hasDigit(date) {
			*list = append(*list, inLineZone(labelledDayMonth(date), t))
			continue
		}
		if list == &r.labelled && hasDigit(r.before) {
			r.labelled = append(r.labelled, r.before)
		}
		if i == len(labels)-1 {
			r.pending = list
		}
	}
}

// publicationBefore is the date s, the text before an update's label,
// prints, when s is that date alone with its year: a line that prints the
// publication unlabelled and then the update ("November 18, 2024 at 2:26
// PM EST - Updated November 18 at 4:46 PM HST", as many local TV news
// sites do, or "3 March 2025 (updated 4 March 2025)") labels only the
// update. Anything else before the label, or
// a day without its year, is left: it may be no date of this story.
func publicationBefore(s string) string {
	s = strings.TrimRight(s, " /-–—·,;|([")
	if s == "" || len(s) > maxShownDate || !reYear.MatchString(s) || !validDate(s) {
		return ""
	}
	return s
}

// labelWord is the label of reDateLabel's match m in t, without what
// follows it.
func labelWord(t string, m []int) string {
	if m[2] >= 0 {
		return t[m[2]:m[3]]
	}
	return t[m[4]:m[5]]
}

// trailingDate is the date one of afterDateLabels labels, given the text
// before it (after the last label's date) and after it: the date before
// it, when a date's end (a digit, 日, 時, 分, a bracket) is right before
// the label. ok tells the label labels the date after it instead, as
// others do: one written right after it.
func trailingDate(before, after string) (date string, ok bool) {
	if r, _ := utf8.DecodeRuneInString(after); unicode.IsLetter(r) {
		return "", false // a longer word: "配信開始"
	}
	before = strings.TrimRight(before, " ")
	last, _ := utf8.DecodeLastRuneInString(before)
	i := strings.IndexAny(before, "0123456789")
	if i >= 0 && len(before)-i <= maxShownDate && strings.ContainsRune("0123456789日分時)）", last) {
		return before[i:], false
	}
	after = strings.TrimLeft(after, " :：")
	return "", after != "" && '0' <= after[0] && after[0] <= '9'
}

// labelledDates are the dates the labels of t, a short text, give to the
// publication and to the update (see readLabelled); none when t has no
// label.
func labelledDates(t string) (published, updated []string) {
	if len(t) > maxDateLine {
		return nil, nil
	}
	var r dateReader
	labels := labelsIn(t, &r.lower)
	if labels == nil {
		return nil, nil
	}
	r.readLabelled(t, labels)
	return r.labelled, r.updated
}

// dateAfter is the text after a label, up to where a date can end, less
// the separator before another label.
func dateAfter(s string) string {
	if len(s) > maxShownDate {
		s = s[:maxShownDate]
	}
	s = s[:dateEnd(s)]
	return strings.TrimRight(strings.TrimSpace(s), " /-–—·,;")
}

// maxDateBracket is the longest bracket, in bytes, a date holds of its
// own: a weekday ("(火)", "(Tue)") or a zone ("(HST)", "(AEST)").
const maxDateBracket = 6

// dateEnd is where the date at the start of s ends: at a closing bracket
// or a bar, or at a bracket opened after it ("2025-03-13 (updated ...)").
// A short bracket of the date's own, a weekday or a zone ("8/13(火)
// 16:15", "4:46 PM (HST)"), is read through.
func dateEnd(s string) int {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ']', '|', ')':
			return i
		case '(':
			j := strings.IndexByte(s[i:], ')')
			if j < 0 || j-1 > maxDateBracket || hasDigit(s[i:i+j]) {
				return i
			}
			i += j
		}
	}
	return len(s)
}

func hasDigit(s string) bool {
	return strings.ContainsAny(s, "0123456789")
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
