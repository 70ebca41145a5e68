package parse

import "testing"

func TestSignOffAuthor(t *testing.T) {
	tests := []struct {
		name, text, author, byline string
	}{
		{"columnist before picture credits and copyright",
			"본문 마지막 문단이다.\n\n정덕현 칼럼니스트 thekian1@entermedia.co.kr\n\n[사진=JTBC, 이매진아시아]\n\n저작권자 ⓒ 엔터미디어, 무단전재 및 재배포금지",
			"정덕현", "정덕현 칼럼니스트"},
		{"reporter, name and title joined", "기사 본문.\n\n홍길동기자 hong.gd@news.co.kr", "홍길동", "홍길동 기자"},
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
