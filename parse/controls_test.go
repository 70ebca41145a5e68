package parse

import (
	"strings"
	"testing"
)

func TestDropControls(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain text, tab\tand\nnewline", "plain text, tab\tand\nnewline"},
		{"red \x1b[31malert\x1b[0m", "red [31malert[0m"},
		{"title\x1b]0;pwned\x07 bell", "title]0;pwned bell"},
		{"back\x08\x08space, carriage\rreturn, nul\x00, del\x7f", "backspace, carriagereturn, nul, del"},
		{"c1 \u009b2J and \u0085 next line", "c1 2J and  next line"},
		{"Ünïcödé — “quotes” ¢ stays", "Ünïcödé — “quotes” ¢ stays"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := dropControls(tt.in); got != tt.want {
			t.Errorf("dropControls(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestParseDropsControls: control characters of a page, as raw bytes or as
// character references, reach none of the article's texts.
func TestParseDropsControls(t *testing.T) {
	para := strings.Repeat("<p>The harbour board approved the new ferry timetable after a long public consultation.</p>", 6)
	page := "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">" +
		"<title>Ferry \x1b[2J timetable &#x1b;]0;pwned&#7;</title>" +
		"<meta name=\"author\" content=\"Ann&#x1b;[31m Lee\">" +
		"<meta name=\"description\" content=\"New \x1b[1mtimes\">" +
		"<meta property=\"article:section\" content=\"Sport&#x1b;[2J&#x1b;[H\">" +
		"</head><body><article><h1>Ferry \x1b[2J timetable &#x1b;]0;pwned&#7;</h1>" +
		"<p>Body \x1b[2J with \xc2\x9bescapes and \x08\x08 backspaces, long enough to count as a paragraph.</p>" +
		para + "<figure><img src=\"/f.jpg\" alt=\"ferry&#x1b;[5m\"><figcaption>The ferry\x1b[0m at dawn</figcaption></figure>" +
		"</article></body></html>"
	a, err := Parse(Page{URL: "https://news.example/ferry", Body: []byte(page), ContentType: "text/html; charset=utf-8"})
	if err != nil {
		t.Fatal(err)
	}
	texts := append([]string{a.Title, a.Byline, a.Description, a.Text, a.HTML, a.SiteName, a.Section}, a.Authors...)
	if a.Section != "Sport[2J[H" {
		t.Errorf("section %q, want Sport[2J[H", a.Section)
	}
	for _, img := range a.Images {
		texts = append(texts, img.Alt, img.Caption)
	}
	for _, s := range texts {
		if i := firstControl(s); i >= 0 {
			t.Errorf("control character %q left in %q", s[i], s)
		}
	}
	if !strings.Contains(a.Title, "Ferry [2J timetable ]0;pwned") {
		t.Errorf("title %q: want its text kept without the controls", a.Title)
	}
	if !strings.Contains(a.Text, "Body [2J with escapes and  backspaces") {
		t.Errorf("text starts %q", a.Text[:min(len(a.Text), 120)])
	}
}

// TestFirstControlAgainstByteScan checks the word-at-a-time scan against a
// byte-by-byte one at every offset, over strings of words, newlines, tabs,
// Latin-1 and C1 characters and stray control bytes.
func TestFirstControlAgainstByteScan(t *testing.T) {
	pieces := []string{"news ", "report", "\n", "\t", "«", "»", "é", "\u0085", "\x1b", "\x7f", "\x00", "\r", "©", "—", "\u00a0"}
	naive := func(s string) int { return firstControlByte(s, 0, len(s)) }
	seed := uint32(1)
	next := func(n int) int { seed = seed*1664525 + 1013904223; return int(seed>>8) % n }
	for range 5000 {
		var b strings.Builder
		for range next(40) {
			p := pieces[next(len(pieces))]
			if firstControl(p) >= 0 && next(4) != 0 {
				p = pieces[next(2)] // controls are rare
			}
			b.WriteString(p)
		}
		s := b.String()
		if got, want := firstControl(s), naive(s); got != want {
			t.Fatalf("firstControl(%q) = %d, want %d", s, got, want)
		}
	}
}
