package parse

import (
	"regexp"
	"strings"
)

// koreanSignOffRx matches the line Korean stories end with in place of a
// byline: a name, a job title and an address ("정덕현 칼럼니스트
// thekian1@entermedia.co.kr", "홍길동 기자 hong@news.co.kr").
var koreanSignOffRx = regexp.MustCompile(`^(\p{Hangul}{2,4}) ?(기자|특파원|칼럼니스트|객원기자|선임기자|논설위원|편집위원)[ \t]*[\w.+-]+@[\w-]+(\.[\w-]+)+$`)

// signOffLines is how many of the last lines of a story may hold its
// sign-off: credits of the pictures and the copyright notice follow it.
const signOffLines = 4

// signOffAuthor is the author a story's sign-off near its end names, and
// the sign-off without its address as the byline, for a page whose
// markup names none.
func signOffAuthor(text string) (author, byline string) {
	lines := strings.Split(strings.TrimSpace(text), "\n")
	for i := len(lines) - 1; i >= 0 && i >= len(lines)-2*signOffLines; i-- {
		m := koreanSignOffRx.FindStringSubmatch(strings.TrimSpace(lines[i]))
		if m != nil {
			return m[1], m[1] + " " + m[2]
		}
	}
	return "", ""
}
