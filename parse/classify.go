package parse

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Thresholds of checkArticle, in words (a CJK character counts as half a
// word, see textShape).
const (
	// minArticleWords is the least text of a page that declares itself an
	// article: a photo story or a two-line brief still passes.
	minArticleWords = 15
	// minPageWords is the least text of a page that does not declare itself
	// an article.
	minPageWords = 40
	// wallMaxWords bounds the text of a login, paywall, consent or
	// challenge page: a real article that mentions cookies or captchas is
	// longer than the wall's few sentences.
	wallMaxWords = 150
	// A section front has at least frontMinBlocks blocks of text, none
	// longer than frontMaxBlockWords, most shorter than frontMedianWords:
	// teasers of a headline or a line. Articles written in one-sentence
	// paragraphs have longer ones.
	frontMinBlocks     = 6
	frontMaxBlockWords = 30
	frontMedianWords   = 12
)

// checkArticle decides whether the extracted page is an article. It rejects
// bot challenges and error pages, login, paywall and consent walls, empty
// shells and section fronts, each with a reason, but never a short news
// brief that declares itself an article.
//
// The page's shape, shape, tells more: found at an address that reads as
// a list of stories (see Page.ListingAddress), or made mostly of the lines
// under teasers' headlines, it is an article only if it declares itself
// one.
func checkArticle(meta metadata, content body, shape pageShape) error {
	words, blocks := textShape(content.Text)
	if words <= wallMaxWords {
		if findPhrase(meta.Title, challengeTitles) != "" {
			return notArticle(fmt.Sprintf("challenge or error page (title %q)", meta.Title))
		}
		if reason := wallReason(content.Text); reason != "" {
			return notArticle(reason)
		}
	}
	declared := isArticleType(meta.Type)
	if !declared && meta.NotArticleType != "" {
		return notArticle(fmt.Sprintf("%s (declared %s)", reasonDeclaredNotArticle, meta.NotArticleType))
	}
	if !declared && shape.listingAddress {
		return notArticle(reasonListingAddress)
	}
	if !declared && shape.mostlyTeasers {
		return notArticle(reasonTeasers)
	}
	if min := minWords(declared); words < min {
		return notArticle(fmt.Sprintf("%s (%d words)", reasonTooLittle, words))
	}
	if !declared && isSectionFront(blocks) {
		return notArticle(reasonSectionFront)
	}
	if !declared && content.LinkShare > maxLinkShare {
		return notArticle(fmt.Sprintf("%s (%.0f%% of its text)", reasonMostlyLinks, 100*content.LinkShare))
	}
	return nil
}

// maxLinkShare is the most of its text a page not declared an article may
// have in links: the articles of the extraction benchmark have at most 18%;
// a list of stories (an archive page, a tag page written as one block) has
// nearly all.
const maxLinkShare = 0.5

func minWords(declaredArticle bool) int {
	if declaredArticle {
		return minArticleWords
	}
	return minPageWords
}

// isArticleType reports whether a declared type (og:type, JSON-LD @type)
// is an article: article, NewsArticle, BlogPosting, ReportageNewsArticle...
func isArticleType(t string) bool {
	t = strings.ToLower(t)
	return strings.Contains(t, "article") || strings.Contains(t, "posting") || t == "report"
}

// challengeTitles are page titles of bot challenges and error pages.
var challengeTitles = []string{
	"just a moment", "attention required", "access denied", "403 forbidden", "forbidden",
	"404 not found", "page not found", "are you a robot", "are you a human", "captcha",
	"security check", "verify you are human", "ddos protection", "pardon our interruption",
	"request blocked", "request rejected", "too many requests", "service unavailable",
	"site maintenance", "bad gateway", "one more step",
}

// wallPhrases name what the few sentences of a wall are about. A short
// text with a challenge phrase, or with two phrases of the same wall, is
// that wall.
var wallPhrases = []struct {
	reason  string
	need    int
	phrases []string
}{
	{"bot challenge", 1, []string{
		"checking your browser", "verify you are a human", "verify that you are a human",
		"verify you are not a robot", "complete the security check", "enable javascript and cookies to continue",
		"solve the captcha", "complete the captcha", "press and hold", "unusual traffic from your computer",
		"you have been blocked", "you don't have permission to access", "you do not have permission to access",
		"access to this page has been denied", "ray id",
	}},
	{"empty shell (the page needs javascript)", 1, []string{
		"you need to enable javascript to run this app", "please enable javascript",
		"javascript is required", "javascript is disabled", "requires javascript",
	}},
	{"cookie consent wall", 2, []string{
		"we use cookies", "use of cookies", "cookie policy", "cookie settings", "cookie preferences",
		"accept all", "accept cookies", "reject all", "manage preferences", "manage cookies",
		"your privacy choices", "consent to", "our partners", "legitimate interest",
		"personalised ads", "personalized ads",
	}},
	{"login or paywall", 2, []string{
		"log in", "sign in", "sign up", "subscribe to", "subscribers only", "already a subscriber",
		"create an account", "create a free account", "to continue reading", "keep reading",
		"read the full article", "already have an account", "forgot your password",
		"unlock this article", "free trial", "subscription",
	}},
}

// reasonSectionFront is the reason given for a page of teasers.
const reasonSectionFront = "section front: many short blocks and no paragraph of prose"

// reasonDeclaredNotArticle is the reason given for a page that declares
// itself a profile, a collection or another page that is no story.
const reasonDeclaredNotArticle = "the page declares itself no article"

// reasonListingAddress is the reason given for a page at a listing's
// address that does not declare itself an article.
const reasonListingAddress = "a listing's address (front, tag, author, section or archive page) and no article declared"

// pageShape is what tells a page of teasers beside its extracted text.
type pageShape struct {
	listingAddress bool // found at a listing's address
	mostlyTeasers  bool // its text is mostly the lines under linked headlines
}

// reasonTeasers is the reason given for a page whose text is the lines
// under other stories' headlines.
const reasonTeasers = "section front: its text is the lines under other stories' headlines"

// reasonMostlyLinks is the reason given for a page whose text is links.
const reasonMostlyLinks = "list of links: most of its text is link text"

// explainNotArticle gives a page found too thin to be an article the
// reason its whole text tells, when it is a wall, a challenge or a page of
// teasers: the
// extractor drops a paywall's box (class "paywall") as clutter, leaving
// "main content is empty" where the reader wants "login or paywall". The
// page is parsed again, a cost paid only for such pages.
func explainNotArticle(err error, meta metadata, page []byte) error {
	var na *NotArticleError
	if !errors.As(err, &na) || !thinReason(na.Reason) {
		return err
	}
	if findPhrase(meta.Title, challengeTitles) != "" {
		return notArticle(fmt.Sprintf("challenge or error page (title %q)", meta.Title))
	}
	doc, perr := parseHTML(page)
	if perr != nil {
		return err
	}
	text := renderText(doc)
	words, blocks := textShape(text)
	if reason := wallReason(text); words <= wallMaxWords && reason != "" {
		return notArticle(reason)
	}
	if isSectionFront(blocks) {
		return notArticle(reasonSectionFront)
	}
	return err
}

// thinReason tells the reasons of a page whose extracted text is too
// little to tell what it is.
func thinReason(reason string) bool {
	return reason == reasonNoContent || reason == reasonEmptyContent || strings.HasPrefix(reason, reasonTooLittle)
}

// wallReason names the wall a short text is, or returns "".
func wallReason(text string) string {
	lower := strings.ToLower(text)
	for _, w := range wallPhrases {
		hits := 0
		for _, p := range w.phrases {
			if strings.Contains(lower, p) {
				hits++
			}
		}
		if hits >= w.need {
			return w.reason
		}
	}
	return ""
}

// findPhrase returns the first phrase that s contains, case-insensitively.
func findPhrase(s string, phrases []string) string {
	lower := strings.ToLower(s)
	for _, p := range phrases {
		if strings.Contains(lower, p) {
			return p
		}
	}
	return ""
}

// isSectionFront reports whether text of the given block sizes reads as a
// list of teasers: many short blocks, none long enough to be a paragraph of
// an article.
func isSectionFront(blocks []int) bool {
	if len(blocks) < frontMinBlocks || slices.Max(blocks) > frontMaxBlockWords {
		return false
	}
	sorted := slices.Sorted(slices.Values(blocks))
	return sorted[len(sorted)/2] < frontMedianWords
}

// wordCount counts the words of text as textShape does: a CJK letter is
// half a word, so a sentence written without spaces is not one word.
func wordCount(text string) int {
	words, _ := textShape(text)
	return words
}

// textShape counts the words of text and of each of its blocks (paragraphs
// separated by blank lines), in one pass. Space-separated words count one,
// CJK characters (written without spaces) half, the letters of Thai, Lao,
// Khmer and Burmese (written without spaces between words, their vowel
// and tone marks apart) a quarter: roughly their share of a word.
func textShape(text string) (words int, blocks []int) {
	block, cjk, unspaced := 0, 0, 0
	inWord, newlines := false, 0
	endBlock := func() {
		if n := block + cjk/2 + unspaced/4; n > 0 {
			blocks = append(blocks, n)
			words += n
		}
		block, cjk, unspaced = 0, 0, 0
	}
	for _, r := range text {
		switch {
		case r == '\n':
			inWord = false
			if newlines++; newlines == 2 {
				endBlock()
			}
			continue
		case r < utf8.RuneSelf:
			if r == ' ' || r == '\t' || r == '\r' || r == '\f' || r == '\v' {
				inWord = false
			} else if !inWord {
				block++
				inWord = true
			}
		case isCJK(r):
			cjk++
			inWord = false
		case isUnspacedScript(r):
			if unicode.IsLetter(r) {
				unspaced++
			}
			inWord = false
		case unicode.IsSpace(r):
			inWord = false
		case !inWord:
			block++
			inWord = true
		}
		newlines = 0
	}
	endBlock()
	return words, blocks
}

func isCJK(r rune) bool {
	return r >= 0x2E80 && unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana)
}

// isUnspacedScript reports a character of Thai, Lao, Khmer or Burmese.
func isUnspacedScript(r rune) bool {
	return r >= 0x0E00 && r <= 0x0EFF || r >= 0x1000 && r <= 0x109F || r >= 0x1780 && r <= 0x17FF
}
