package parse

import (
	"regexp"
	"strings"
)

// koreanSignOffRx matches the line Korean stories end with in place of a
// byline: a name, a job title and an address ("정덕현 칼럼니스트
// thekian1@entermedia.co.kr", "홍길동 기자 hong@news.co.kr").
var koreanSignOffRx = regexp.MustCompile(`^(\p{Hangul}{2,4}) ?(` + koreanSignOffTitles + `)[ \t]*` + signOffAddress + `$`)

// koreanTitleFirstRx is a sign-off that puts the job title before the
// name ("칼럼니스트 박생강 pillgoo9@gmail.com"). A bare 기자 (reporter)
// is not taken so: it begins words too ("기자 회견").
var koreanTitleFirstRx = regexp.MustCompile(`^(특파원|칼럼니스트|객원기자|선임기자|논설위원|편집위원) (\p{Hangul}{2,4})[ \t]*` + signOffAddress + `$`)

const (
	// koreanSignOffTitles are the job titles of a Korean sign-off.
	koreanSignOffTitles = `기자|특파원|칼럼니스트|객원기자|선임기자|논설위원|편집위원`
	// signOffAddress is the e-mail address a sign-off ends with.
	signOffAddress = `[\w.+-]+@[\w-]+(?:\.[\w-]+)+`
)

// reWireLead is the credit Korean wire copy opens its story with, before
// an equals sign: "(서울=연합뉴스) 홍길동 기자 = 정부는...", "【서울=뉴시스】
// 김철수·이영희 기자 = ...". Its group is the credit without the sign.
var reWireLead = regexp.MustCompile(`^([(\[【]\s*[^()\[\]【】=]{1,30}=[^()\[\]【】=]{1,30}[)\]】]\s*` +
	`(?:\p{Hangul}{2,5}[\s·]*){1,4}?(?:기자|특파원|객원기자|선임기자|논설위원|편집위원))\s*=\s*\S`)

// signOffLines is how many of the last lines of a story may hold its
// sign-off: credits of the pictures and the copyright notice follow it.
const signOffLines = 4

// reClosingCredit is the credit a wire's story ends with, naming its
// reporters before its editors: "Reporting by Koh Gui Qing; additional
// reporting by Jane Doe; Editing by John Roe", "(Writing by Jane Doe;
// Editing by John Roe)". Other closing lines that start with "by" are no
// credit ("By then, ..."), nor are those that name only the editors.
var reClosingCredit = regexp.MustCompile(`(?i)^(?:reporting|writing|reporting and writing)\s+by\s+\S`)

// closingCreditLines is how many of a story's last paragraphs may hold
// its closing credit.
const closingCreditLines = 2

// textCredit is the authors and the byline a story's own text credits, for
// a page whose markup names no person (no one, or only an organisation:
// the wire, the site): a wire's credit opening it, else a sign-off or a
// closing credit near its end.
func textCredit(text string) ([]string, string) {
	if names, byline := wireLeadAuthors(text); len(names) > 0 {
		return names, byline
	}
	if author, byline := signOffAuthor(text); author != "" {
		return []string{author}, byline
	}
	return closingCredit(text)
}

// closingCredit is the reporters a wire's credit in the last paragraphs
// of a story names (see reClosingCredit), without its editors, and the
// credit as the byline. It is read for a page whose markup names no one
// or only an organisation ("Reuters"): the wire's reporters are the
// story's authors.
func closingCredit(text string) ([]string, string) {
	lines := strings.Split(strings.TrimSpace(text), "\n")
	for i, seen := len(lines)-1, 0; i >= 0 && seen < closingCreditLines; i-- {
		line := strings.TrimSpace(lines[i])
		if line == "" {
			continue
		}
		seen++
		if line = unbracketed(line); !reClosingCredit.MatchString(line) {
			continue
		}
		var people []string
		for _, n := range authorNames(line) {
			if !isOrgName(n) {
				people = append(people, n)
			}
		}
		if len(people) > 0 {
			return people, bylineDisplay(line)
		}
	}
	return nil, ""
}

// wireLeadAuthors is the reporters a Korean wire's credit at the opening
// of a story names (see reWireLead), and the credit as the byline. It
// may follow a subtitle or a caption, so the first few paragraphs are
// looked at.
func wireLeadAuthors(text string) ([]string, string) {
	lines := strings.Split(strings.TrimSpace(text), "\n")
	for i := 0; i < len(lines) && i < 2*signOffLines; i++ {
		if m := reWireLead.FindStringSubmatch(strings.TrimSpace(lines[i])); m != nil {
			if names := authorNames(m[1]); len(names) > 0 {
				return names, squashSpace(m[1])
			}
		}
	}
	return nil, ""
}

// signOffAuthor is the author a story's sign-off near its end names, and
// the sign-off without its address as the byline, for a page whose
// markup names no person.
func signOffAuthor(text string) (author, byline string) {
	lines := strings.Split(strings.TrimSpace(text), "\n")
	for i := len(lines) - 1; i >= 0 && i >= len(lines)-2*signOffLines; i-- {
		line := strings.TrimSpace(lines[i])
		if m := koreanSignOffRx.FindStringSubmatch(line); m != nil {
			return m[1], m[1] + " " + m[2]
		}
		if m := koreanTitleFirstRx.FindStringSubmatch(line); m != nil {
			return m[2], m[1] + " " + m[2]
		}
	}
	return "", ""
}
