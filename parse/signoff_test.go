package parse

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestSignOffAuthor(t *testing.T) {
	tests := []struct {
		name, text, author, byline string
	}{
		{"columnist before picture credits and copyright",
			"본문 마지막 문단이다.\n\n정덕현 칼럼니스트 thekian1@entermedia.co.kr\n\n[사진=JTBC, 이매진아시아]\n\n저작권자 ⓒ 엔터미디어, 무단전재 및 재배포금지",
			"정덕현", "정덕현 칼럼니스트"},
		{"reporter, name and title joined", "기사 본문.\n\n홍길동기자 hong.gd@news.co.kr", "홍길동", "홍길동 기자"},
		{"the title before the name", "본문 마지막 문단이다.\n\n칼럼니스트 박생강 pillgoo9@gmail.com\n\n[사진=tvN]\n\n저작권자 ⓒ 엔터미디어",
			"박생강", "칼럼니스트 박생강"},
		{"the title before a sentence", "기사 본문.\n\n기자 회견은 press@news.co.kr", "", ""},
		{"no address", "기사 본문.\n\n홍길동 기자", "", ""},
		{"a sentence naming a reporter", "홍길동 기자는 hong@news.co.kr 로 제보를 받는다고 말했다.", "", ""},
		{"far from the end", "홍길동 기자 hong@news.co.kr\n\n1\n\n2\n\n3\n\n4\n\n5\n\n6\n\n7\n\n8\n\n9", "", ""},
		{"English text", "Contact the reporter at jane@news.example.", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			author, byline := signOffAuthor(tt.text)
			if author != tt.author || byline != tt.byline {
				t.Errorf("signOffAuthor = %q, %q; want %q, %q", author, byline, tt.author, tt.byline)
			}
		})
	}
}

func TestWireLeadAuthors(t *testing.T) {
	tests := []struct {
		name, text, byline string
		authors            []string
	}{
		{"yonhap", "(서울=연합뉴스) 홍길동 기자 = 정부가 내년 전기요금을 동결한다.\n\n둘째 문단.", "(서울=연합뉴스) 홍길동 기자", []string{"홍길동"}},
		{"a correspondent", "(워싱턴=연합뉴스) 김철수 특파원 = 미국 정부는 20일 발표했다.", "(워싱턴=연합뉴스) 김철수 특파원", []string{"김철수"}},
		{"two reporters", "(세종=연합뉴스) 김철수 이영희 기자 = 기획재정부는 20일 밝혔다.", "(세종=연합뉴스) 김철수 이영희 기자", []string{"김철수", "이영희"}},
		{"newsis, joined by a dot", "【서울=뉴시스】김철수·이영희 기자 = 서울시는 20일 밝혔다.", "【서울=뉴시스】김철수·이영희 기자", []string{"김철수", "이영희"}},
		{"after a subtitle", "전기요금 동결 검토\n\n(서울=연합뉴스) 홍길동 기자 = 정부가 검토한다.", "(서울=연합뉴스) 홍길동 기자", []string{"홍길동"}},
		{"no reporter", "(서울=연합뉴스) = 정부가 내년 전기요금을 동결한다.", "", nil},
		{"no equals sign", "(서울=연합뉴스) 홍길동 기자가 전했다.", "", nil},
		{"deep in the story", "1\n\n2\n\n3\n\n4\n\n5\n\n(서울=연합뉴스) 홍길동 기자 = 본문.", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			authors, byline := wireLeadAuthors(tt.text)
			if !reflect.DeepEqual(authors, tt.authors) || byline != tt.byline {
				t.Errorf("wireLeadAuthors = %q, %q; want %q, %q", authors, byline, tt.authors, tt.byline)
			}
		})
	}
}

// TestWireLeadPages: a Korean wire story whose markup names no person (no
// one, or only an organisation: the wire, the site) is credited to the
// reporters its opening names, else to its sign-off; a person in the
// markup comes first. Each case rewrites the opening of the one fixture,
// may end the story with a sign-off and may add to its head.
func TestWireLeadPages(t *testing.T) {
	const (
		opening   = "(서울=한빛통신) 홍길동 기자 = "
		copyright = `<p class="txt-copyright adrs">`
	)
	page, err := os.ReadFile(filepath.Join("testdata", "wirelead", "yonhap.html"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, opening, signOff, head, byline string
		authors                              []string
	}{
		{"one reporter", opening, "", "", "(서울=한빛통신) 홍길동 기자", []string{"홍길동"}},
		{"two, joined by a dot", "【세종=한빛뉴스】김철수·이영희 기자 = ", "", "", "【세종=한빛뉴스】김철수·이영희 기자", []string{"김철수", "이영희"}},
		{"a byline in the markup", opening, "", `<meta name="author" content="박민수">`, "박민수", []string{"박민수"}},
		{"no reporter", "(서울=한빛통신) = ", "", "", "", []string{}},
		{"the site named", opening, "", `<meta name="author" content="한빛통신">`, "(서울=한빛통신) 홍길동 기자", []string{"홍길동"}},
		{"another wire named", opening, "", `<meta name="author" content="연합뉴스">`, "(서울=한빛통신) 홍길동 기자", []string{"홍길동"}},
		{"a wire named in English", opening, "", `<meta name="author" content="Yonhap">`, "(서울=한빛통신) 홍길동 기자", []string{"홍길동"}},
		{"an organisation in JSON-LD", opening, "",
			`<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","author":{"@type":"Organization","name":"Hanbit"}}</script>`,
			"(서울=한빛통신) 홍길동 기자", []string{"홍길동"}},
		{"a sign-off, a wire named", "", `<p>홍길동 기자 hong@hanbit.example</p>`, `<meta name="author" content="연합뉴스">`, "홍길동 기자", []string{"홍길동"}},
		{"a person beside the wire", opening, "", `<meta name="author" content="뉴시스 박민수 기자">`, "뉴시스 박민수", []string{"뉴시스 박민수"}},
		{"a wire named, no reporter in the text", "(서울=한빛통신) = ", "", `<meta name="author" content="연합뉴스">`, "연합뉴스", []string{"연합뉴스"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := strings.Replace(string(page), opening, tt.opening, 1)
			body = strings.Replace(body, copyright, tt.signOff+copyright, 1)
			body = strings.Replace(body, "</head>", tt.head+"</head>", 1)
			a, err := Parse(Page{URL: "https://www.hanbit-news.example/view/AKR20241120041200002", Body: []byte(body),
				ContentType: "text/html", FetchedAt: time.Date(2024, 11, 21, 0, 0, 0, 0, time.UTC)})
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if !reflect.DeepEqual(a.Authors, tt.authors) || a.Byline != tt.byline {
				t.Errorf("authors, byline = %q, %q; want %q, %q", a.Authors, a.Byline, tt.authors, tt.byline)
			}
		})
	}
}

func TestClosingCredit(t *testing.T) {
	const story = "NEW YORK (Reuters) - The regulator has opened an inquiry.\n\nThe company said it was cooperating.\n\n"
	tests := []struct {
		name, text, byline string
		authors            []string
	}{
		{"reporters before editors", story + "Reporting by Koh Gui Qing; additional reporting by Jane Doe; Editing by John Roe",
			"Reporting by Koh Gui Qing; additional reporting by Jane Doe; Editing by John Roe", []string{"Koh Gui Qing", "Jane Doe"}},
		{"in brackets", story + "(Reporting by Will Dunham; Editing by Tom Brown)",
			"Reporting by Will Dunham; Editing by Tom Brown", []string{"Will Dunham"}},
		{"writing by", story + "Writing by Jane Doe; Editing by John Roe", "Writing by Jane Doe; Editing by John Roe", []string{"Jane Doe"}},
		{"reporting and writing by", story + "Reporting and writing by Jane Doe; Editing by John Roe",
			"Reporting and writing by Jane Doe; Editing by John Roe", []string{"Jane Doe"}},
		{"reporters in a city", story + "Reporting by Jane Doe in London and John Roe in Paris; Writing by Ann Lee; Editing by Bob Stone",
			"Reporting by Jane Doe in London and John Roe in Paris; Writing by Ann Lee; Editing by Bob Stone", []string{"Jane Doe", "John Roe", "Ann Lee"}},
		{"before a copyright line", story + "(Reporting by Will Dunham; Editing by Tom Brown)\n\n© Reuters",
			"Reporting by Will Dunham; Editing by Tom Brown", []string{"Will Dunham"}},
		{"editors only", story + "Editing by John Roe", "", nil},
		{"additional reporting alone", story + "Additional reporting by Jane Doe", "", nil},
		{"a sentence", story + "Reporting by local media said the talks had stalled.", "", nil},
		{"the wire itself", story + "Reporting by Reuters; Editing by John Roe", "", nil},
		{"far from the end", "Reporting by Jane Doe; Editing by John Roe\n\n" + story + "One more paragraph.", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			authors, byline := closingCredit(tt.text)
			if !reflect.DeepEqual(authors, tt.authors) || byline != tt.byline {
				t.Errorf("closingCredit = %q, %q; want %q, %q", authors, byline, tt.authors, tt.byline)
			}
		})
	}
}

// TestClosingCreditPages: a wire's story whose markup names only the
// wire is credited to the reporters its closing credit names; a person
// the markup names comes first, and a page that names no one takes the
// credit too. Each case rewrites the credit of the one fixture, and may
// rewrite its author markup.
func TestClosingCreditPages(t *testing.T) {
	const credit = "(Reporting by Koh Gui Qing; additional reporting by Jane Doe; Editing by John Roe)"
	page, err := os.ReadFile(filepath.Join("testdata", "closingcredit", "wire.html"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, credit, author, byline string
		authors                      []string
	}{
		{"the wire named, its reporters credited", credit, "Reuters",
			"Reporting by Koh Gui Qing; additional reporting by Jane Doe; Editing by John Roe", []string{"Koh Gui Qing", "Jane Doe"}},
		{"a writer", "(Writing by Jane Doe; Editing by John Roe)", "Reuters", "Writing by Jane Doe; Editing by John Roe", []string{"Jane Doe"}},
		{"editors only", "(Editing by John Roe)", "Reuters", "Reuters", []string{"Reuters"}},
		{"a person named in the markup", credit, "Ann Lee", "Ann Lee", []string{"Ann Lee"}},
		{"nobody named in the markup", credit, "",
			"Reporting by Koh Gui Qing; additional reporting by Jane Doe; Editing by John Roe", []string{"Koh Gui Qing", "Jane Doe"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := strings.Replace(string(page), credit, tt.credit, 1)
			body = withAuthorMarkup(body, tt.author)
			a, err := Parse(Page{URL: "https://www.marketledger.example/business/2025/08/13/regulator-inquiry", Body: []byte(body),
				ContentType: "text/html", FetchedAt: time.Date(2025, 8, 14, 0, 0, 0, 0, time.UTC)})
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if !reflect.DeepEqual(a.Authors, tt.authors) || a.Byline != tt.byline {
				t.Errorf("authors, byline = %q, %q; want %q, %q", a.Authors, a.Byline, tt.authors, tt.byline)
			}
		})
	}
}

// withAuthorMarkup is the closing credit fixture with its author meta
// tag, JSON-LD author and byline link naming author instead of the
// wire, or removed when author is "".
func withAuthorMarkup(body, author string) string {
	if author == "" {
		return strings.NewReplacer(`<meta name="author" content="Reuters">`, "",
			`"author":{"@type":"Person","name":"Reuters"},`, "",
			`<a href="/author/reuters/" class="author url fn" rel="author">Reuters</a>`, "").Replace(body)
	}
	return strings.ReplaceAll(body, `"Reuters"`, `"`+author+`"`)
}
