package parse

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// What a name looks like: a person's, written in a script with case or
// in Han characters, or an organisation's (the site, a wire, a newsroom).

// plausibleName accepts short strings of letters that start, in scripts
// with case, with a capital.
func plausibleName(s string) bool {
	runes := []rune(s)
	if len(runes) < 2 || len(runes) > 80 || len(strings.Fields(s)) > 6 {
		return false
	}
	if notNames[strings.ToLower(s)] || strings.ContainsAny(s, hanSentenceMarks) || hanReply(s) {
		return false // "记者：您怎么看？", an interview's question, names no one
	}
	letters := 0
	for _, r := range runes {
		switch {
		case unicode.IsDigit(r):
			return false
		case unicode.IsLetter(r):
			letters++
		}
	}
	if letters < 2 || (letters < 3 && !strings.Contains(s, " ") && unicode.Is(unicode.Latin, runes[0])) {
		return false
	}
	return capitalised(strings.Fields(s))
}

// hanSentenceMarks end a sentence in Chinese or Japanese: no name holds
// them.
const hanSentenceMarks = "？！。"

// hanReply says whether s, in Han characters, is a reply in an
// interview rather than a name: "记者：好的", "记者：是的，我们会继续关注" read
// as bylines. It is a common answer ("好的", "谢谢"), holds a pronoun
// ("我们", "您") or ends with a sentence's particle ("吗", "呢"), which no
// Chinese or Japanese name does ("陈好" and "明道" are names).
func hanReply(s string) bool {
	if strings.IndexFunc(s, isHan) < 0 {
		return false
	}
	if hanAnswers[s] || strings.ContainsAny(s, "您你") || strings.ContainsRune(hanSentenceEnds, lastRune(s)) {
		return true
	}
	for _, p := range hanPronouns {
		if strings.Contains(s, p) {
			return true
		}
	}
	return false
}

func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}

// hanAnswers are the common short answers of an interview, in simplified
// and traditional characters.
var hanAnswers = setOf(`好的 好啊 好吧 是的 是啊 是 对 对的 对啊 對 對的 對啊 没错 沒錯 没有 沒有 不是 不会 不會
	会的 會的 可以 当然 當然 当然了 當然了 谢谢 謝謝 谢谢你 謝謝你 谢谢您 謝謝您 感谢 感謝 不客气 不客氣 嗯 嗯嗯
	知道了 确实 確實 不错 不錯 再见 再見 你好 您好 大家好 有的 是这样 是這樣 好 行`)

// hanPronouns are the plural personal pronouns of Chinese, and
// hanSentenceEnds the particles a Chinese sentence ends with: "我" alone
// starts Japanese surnames (我妻), "们" never a name.
var hanPronouns = []string{"我们", "我們", "你们", "你們", "他们", "他們", "她们", "她們", "咱们", "咱們"}

const hanSentenceEnds = "吗嗎呢吧啊呀嘛"

// nameParticles are the lowercase words that names may hold.
var nameParticles = setOf(`de del della der den di da das do dos du la le van von ten ter bin ibn al el y e st`)

// capitalised says whether words look like a name in a script with case:
// every word but the particles starts with a capital, and it does not
// start with an article ("The Russian and ...").
func capitalised(words []string) bool {
	if len(words) > 1 && setOfArticles[strings.ToLower(words[0])] {
		return false
	}
	for i, w := range words {
		first, _ := utf8.DecodeRuneInString(w)
		if !unicode.Is(unicode.Latin, first) || !unicode.IsLower(first) {
			continue
		}
		if i == 0 || !nameParticles[strings.ToLower(w)] {
			return false
		}
	}
	return true
}

var setOfArticles = setOf(`the a an this that our your these those`)

// isOrgName says whether name is an organisation rather than a person: the
// site or publisher itself, a wire, a newsroom.
func isOrgName(name string, known ...string) bool {
	for _, k := range known {
		if k != "" && sameSite(squashSpace(k), name) {
			return true
		}
	}
	for _, w := range strings.FieldsFunc(strings.ToLower(name), func(r rune) bool {
		return !unicode.IsLetter(r)
	}) {
		if orgWords[w] {
			return true
		}
	}
	return koreanOutlet(name)
}

// koreanOutlets end the names of Korean outlets: "연합뉴스", "한빛통신",
// "조선일보", "한겨레신문", "한국방송".
var koreanOutlets = []string{"뉴스", "통신", "일보", "신문", "방송", "뉴시스"}

// koreanOutlet says whether name, one word of Hangul, names an outlet
// (see koreanOutlets); no Korean name ends so. An outlet beside a name
// ("뉴시스 김철수") is a credit of the name, not the outlet's.
func koreanOutlet(name string) bool {
	name = strings.TrimSpace(name)
	if strings.IndexFunc(name, func(r rune) bool { return !isHangul(r) }) >= 0 {
		return false
	}
	return slices.ContainsFunc(koreanOutlets, func(s string) bool { return strings.HasSuffix(name, s) })
}

// sameSite says whether name is the site's name, or the site's name without
// the organisation words that end it: a page of "Sky News" credited to
// "Sky" is credited to the site, whatever type the JSON-LD gives it.
func sameSite(site, name string) bool {
	if strings.EqualFold(site, name) {
		return true
	}
	rest, ok := strings.CutPrefix(strings.ToLower(site), strings.ToLower(name)+" ")
	if !ok || name == "" {
		return false
	}
	for _, w := range strings.Fields(rest) {
		if !orgWords[w] {
			return false
		}
	}
	return true
}
