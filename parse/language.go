package parse

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/abadojack/whatlanggo"
	"golang.org/x/text/language"
)

const (
	// minDetectRunes is the least text detection is tried on; shorter text
	// gives unreliable guesses, and no answer is better than a wrong one.
	minDetectRunes = 80
	// detectSampleBytes bounds the text handed to detection: a few
	// paragraphs decide as well as the whole article, for less time. Past
	// about 4 KB whatlanggo's confidence runs negative (its trigram
	// distances outgrow their maximum): 20 of the 181 benchmark pages at
	// 4096 bytes, 1 at 2048, and that one genuinely unsure.
	detectSampleBytes = 2048
	// minDetectConfidence is the whatlanggo confidence (0-1) below which a
	// detected language is not reported.
	minDetectConfidence = 0.5
	// overrideConfidence is the confidence a detection needs to overrule a
	// declared language of another script.
	overrideConfidence = 0.9
)

// detectLanguage picks the language of the article: the page's declared
// language (<html lang>, passed in by metadata), else a single
// Content-Language header value, else a guess from the text as an ISO 639-1
// code ("en", "ar", "ja", "zh"). It returns "" when unsure.
//
// Declared tags are kept with their region in canonical BCP 47 form
// ("en-us" gives "en-US", "EN" gives "en"), because a region can matter to
// readers (pt-BR, zh-TW). A declaration is overruled only when the text is
// confidently of another script (templates that say lang="en" on every page
// of an Arabic or Chinese site are common), or of another Latin-script
// language whose function words it uses instead of the declared one's (an
// English page of a site whose template says lang="de"; see belied).
func detectLanguage(declared, contentLanguage, text string) string {
	for _, tag := range []string{declared, singleLanguage(contentLanguage)} {
		t, ok := normalizeTag(tag)
		if !ok {
			continue
		}
		if !scriptFits(t, text) {
			detected, confidence := guessLanguage(text)
			if confidence >= overrideConfidence && otherScript(t, detected) {
				return detected
			}
		} else if detected := belied(t, text); detected != "" {
			return detected
		}
		return t.String()
	}
	detected, confidence := guessLanguage(text)
	if confidence < minDetectConfidence {
		return ""
	}
	return detected
}

// agreedLanguage picks among the languages a page declares (<html lang>
// first): the first, unless they disagree, when the one the text is
// confidently in wins. Templates keep a site-wide lang="en" above a
// Content-Language of "de" and German text; the text breaks the tie, and
// no declaration is overruled by the guess alone.
func agreedLanguage(declared []string, text string) string {
	first := firstOf(declared)
	if len(declared) < 2 || !disagree(declared) {
		return first
	}
	guess, confidence := guessLanguage(text)
	if confidence < overrideConfidence {
		return first
	}
	for _, d := range declared {
		if t, ok := normalizeTag(d); ok {
			if base, _ := t.Base(); base.String() == guess {
				return d
			}
		}
	}
	return first
}

// disagree reports whether the tags name more than one base language.
func disagree(tags []string) bool {
	var first string
	for _, tag := range tags {
		t, ok := normalizeTag(tag)
		if !ok {
			continue
		}
		base, _ := t.Base()
		switch {
		case first == "":
			first = base.String()
		case base.String() != first:
			return true
		}
	}
	return false
}

// singleLanguage returns a Content-Language header holding one language;
// a list ("en, fr") says the page mixes languages and decides nothing.
func singleLanguage(header string) string {
	if strings.Contains(header, ",") {
		return ""
	}
	return header
}

// normalizeTag parses a declared language tag; "und" and junk are not tags.
func normalizeTag(raw string) (language.Tag, bool) {
	raw = strings.TrimSpace(strings.ReplaceAll(raw, "_", "-"))
	if raw == "" {
		return language.Und, false
	}
	t, err := language.Parse(raw)
	if err != nil || t == language.Und {
		return language.Und, false
	}
	base, conf := t.Base()
	return t, conf != language.No && base.String() != "und"
}

// scriptsOf lists the Unicode scripts text in a language of a given ISO
// 15924 script is mostly written in.
var scriptsOf = map[string][]*unicode.RangeTable{
	"Latn": {unicode.Latin},
	"Cyrl": {unicode.Cyrillic},
	"Arab": {unicode.Arabic},
	"Hans": {unicode.Han},
	"Hant": {unicode.Han},
	"Jpan": {unicode.Han, unicode.Hiragana, unicode.Katakana},
	"Kore": {unicode.Hangul, unicode.Han},
	"Deva": {unicode.Devanagari},
	"Hebr": {unicode.Hebrew},
	"Grek": {unicode.Greek},
}

// scriptFits reports whether most letters of text are in a script the
// declared language is written in. It is a cheap count that spares the
// full detection for the common page whose declaration is right; a
// language of a script not listed in scriptsOf is trusted.
func scriptFits(declared language.Tag, text string) bool {
	s, _ := declared.Script()
	tables, ok := scriptsOf[s.String()]
	if !ok {
		return true
	}
	letters, fitting := 0, 0
	for _, r := range sample(text) {
		if !unicode.IsLetter(r) {
			continue
		}
		letters++
		if unicode.In(r, tables...) {
			fitting++
		}
	}
	return fitting*2 >= letters
}

// sample cuts text to detectSampleBytes on a rune boundary.
func sample(text string) string {
	if len(text) <= detectSampleBytes {
		return text
	}
	text = text[:detectSampleBytes]
	for len(text) > 0 && !utf8.ValidString(text) {
		text = text[:len(text)-1]
	}
	return text
}

// guessLanguage detects the language of text as an ISO 639-1 code with the
// detector's confidence; ("", 0) for short text.
func guessLanguage(text string) (string, float64) {
	text = sample(text)
	if utf8.RuneCountInString(text) < minDetectRunes {
		return "", 0
	}
	info := whatlanggo.Detect(text)
	code := info.Lang.Iso6391()
	if code == "zh" && kanaWritten(text) {
		// whatlanggo means to read kana beside kanji as Japanese, but
		// counts scripts in an order its own matches reshuffle: Japanese
		// whose last characters are kanji came out Chinese.
		code = "ja"
	}
	if code == "" {
		return "", 0
	}
	return code, info.Confidence
}

// minKanaShare is the share of its Han and kana letters that kana must
// have for text to be Japanese: every Japanese sentence has kana, where
// Chinese may quote a Japanese name or shop sign ("「すし」") now and then.
const minKanaShare = 0.05

// kanaWritten reports whether text is written with hiragana or katakana
// among its kanji, as only Japanese is.
func kanaWritten(text string) bool {
	han, kana := 0, 0
	for _, r := range text {
		switch {
		case unicode.In(r, unicode.Hiragana, unicode.Katakana):
			kana++
		case unicode.Is(unicode.Han, r):
			han++
		}
	}
	return kana > 0 && float64(kana) >= minKanaShare*float64(han+kana)
}

// otherScript reports whether the detected language is written in another
// script than the declared tag.
func otherScript(declared language.Tag, detected string) bool {
	if detected == "" {
		return false
	}
	d, err := language.Parse(detected)
	if err != nil {
		return false
	}
	b1, _ := declared.Base()
	b2, _ := d.Base()
	s1, _ := declared.Script()
	s2, _ := d.Script()
	return b1 != b2 && s1 != s2
}

// langTags are the languages a page declares, normalised, in the order
// they are trusted, empty ones left out.
func langTags(candidates ...string) []string {
	var out []string
	for _, c := range candidates {
		if t := normalizeLangTag(c); t != "" {
			out = append(out, t)
		}
	}
	return out
}

// normalizeLangTag turns a declared language ("en_US", "EN-gb", "pt-br")
// into a BCP 47 tag in canonical case ("en-US", "en-GB", "pt-BR"). Only the
// language, script and region are kept; anything unreadable gives "".
func normalizeLangTag(s string) string {
	s = strings.TrimSpace(strings.ReplaceAll(s, "_", "-"))
	if i := strings.IndexAny(s, ",; "); i >= 0 {
		s = s[:i] // "en-US, en" in Content-Language
	}
	parts := strings.Split(s, "-")
	lang := strings.ToLower(parts[0])
	if len(lang) < 2 || len(lang) > 3 || !isASCIILetters(lang) || lang == "und" || lang == "mul" || lang == "zxx" {
		return "" // undetermined, multiple and no linguistic content say nothing
	}
	out := []string{lang}
	for _, p := range parts[1:] {
		switch {
		case len(p) == 4 && isASCIILetters(p):
			out = append(out, strings.ToUpper(p[:1])+strings.ToLower(p[1:]))
		case len(p) == 2 && isASCIILetters(p):
			out = append(out, strings.ToUpper(p))
		case len(p) == 3 && strings.Trim(p, "0123456789") == "":
			out = append(out, p)
		}
	}
	return strings.Join(out, "-")
}

func isASCIILetters(s string) bool {
	for _, r := range s {
		if (r < 'a' || r > 'z') && (r < 'A' || r > 'Z') {
			return false
		}
	}
	return s != ""
}
