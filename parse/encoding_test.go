package parse

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// page builds a small news page whose head holds meta (may be empty) and
// whose body holds text, encoded with enc.
func page(t *testing.T, enc encoding.Encoding, meta, text string) []byte {
	t.Helper()
	doc := "<!DOCTYPE html><html><head>" + meta + "<title>News</title></head><body><article><p>" +
		text + "</p></article></body></html>"
	if enc == nil {
		return []byte(doc)
	}
	b, err := enc.NewEncoder().Bytes([]byte(doc))
	if err != nil {
		t.Fatalf("encode: %v", err)
	}
	return b
}

func TestDecodeHTML(t *testing.T) {
	const (
		arabicText   = "قال رئيس الوزراء العراقي إن الحكومة ستواصل الإصلاحات"
		frenchText   = "Le président a déclaré que l'économie française était résiliente"
		japaneseText = "東京都は新しい交通計画を発表した。"
		chineseText  = "国务院今天发布了新的经济政策。"
		koreanText   = "서울시는 새로운 교통 정책을 발표했다."
		russianText  = "Правительство объявило о новых мерах поддержки экономики."
	)
	// A long inline script pushes the declaration past the 1024 bytes that
	// browsers (and x/net/html/charset) prescan.
	longScript := "<script>var config = {" + strings.Repeat(`"k": "v", `, 300) + "};</script>"
	tests := []struct {
		name, contentType, want string
		body                    []byte
	}{
		{"utf-8 declared", "text/html; charset=utf-8", frenchText, page(t, nil, "", frenchText)},
		{"utf-8 undeclared", "text/html", arabicText, page(t, nil, "", arabicText)},
		{"utf-8 undeclared with ascii start", "", arabicText,
			page(t, nil, longScript, arabicText)},
		{"utf-8 bom", "", frenchText, append([]byte{0xEF, 0xBB, 0xBF}, page(t, nil, "", frenchText)...)},
		{"utf-16le bom", "", frenchText, page(t, unicode.UTF16(unicode.LittleEndian, unicode.UseBOM), "", frenchText)},
		{"utf-16be bom", "", japaneseText, page(t, unicode.UTF16(unicode.BigEndian, unicode.UseBOM), "", japaneseText)},
		{"windows-1256 header", "text/html; charset=windows-1256", arabicText,
			page(t, charmap.Windows1256, "", arabicText)},
		{"windows-1256 meta", "text/html", arabicText,
			page(t, charmap.Windows1256, `<meta charset="windows-1256">`, arabicText)},
		{"iso-8859-1 header", "text/html; charset=ISO-8859-1", frenchText,
			page(t, charmap.Windows1252, "", frenchText)},
		{"iso-8859-1 http-equiv", "", frenchText,
			page(t, charmap.Windows1252, `<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">`, frenchText)},
		{"windows-1252 curly quotes as latin-1", "text/html; charset=iso-8859-1", "“quoted” — dash",
			page(t, charmap.Windows1252, "", "“quoted” — dash")},
		{"meta after long script", "", frenchText,
			page(t, charmap.Windows1252, longScript+`<meta charset="iso-8859-1">`, frenchText)},
		{"shift_jis meta", "", japaneseText, page(t, japanese.ShiftJIS, `<meta charset="Shift_JIS">`, japaneseText)},
		{"euc-jp header", "text/html; charset=euc-jp", japaneseText, page(t, japanese.EUCJP, "", japaneseText)},
		{"gb2312 meta", "", chineseText, page(t, simplifiedchinese.GBK, `<meta charset="gb2312">`, chineseText)},
		{"gb18030 header", "text/html;charset=GB18030", chineseText, page(t, simplifiedchinese.GB18030, "", chineseText)},
		{"euc-kr meta", "", koreanText, page(t, korean.EUCKR, `<meta http-equiv="content-type" content="text/html;charset=euc-kr">`, koreanText)},
		{"koi8-r header", "text/html; charset=koi8-r", russianText, page(t, charmap.KOI8R, "", russianText)},
		{"utf-8 misdeclared as latin-1", "text/html; charset=iso-8859-1", arabicText, page(t, nil, "", arabicText)},
		{"unknown charset label", "text/html; charset=x-nonsense", frenchText, page(t, nil, "", frenchText)},
		{"utf-16 meta means utf-8", "", frenchText, page(t, nil, `<meta charset="utf-16">`, frenchText)},
		{"utf-16le header", "text/html; charset=utf-16le", frenchText,
			page(t, unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), "", frenchText)},
		{"utf-16be header", "text/html; charset=UTF-16BE", japaneseText,
			page(t, unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), "", japaneseText)},
		{"utf-16 header (little-endian)", "text/html; charset=utf-16", russianText,
			page(t, unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), "", russianText)},
		{"utf-16 header (big-endian)", "text/html; charset=utf-16", japaneseText,
			page(t, unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), "", japaneseText)},
		{"utf-16 header on utf-8 bytes", "text/html; charset=utf-16", arabicText, page(t, nil, "", arabicText)},
		{"shift_jis declared utf-8", "text/html; charset=utf-8", japaneseText,
			page(t, japanese.ShiftJIS, "", strings.Repeat(japaneseText, 4))},
		{"windows-1251 declared utf-8 in a meta", "", russianText,
			page(t, charmap.Windows1251, `<meta charset="utf-8">`, strings.Repeat(russianText+" ", 20))},
		{"utf-8 with a stray bad byte stays utf-8", "text/html; charset=utf-8", frenchText + "\uFFFD",
			[]byte(string(page(t, nil, "", frenchText+"\xe9")))},
		{"undeclared windows-1251 sniffed", "", russianText,
			page(t, charmap.Windows1251, "", strings.Repeat(russianText+" ", 20))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := decodeHTML(tt.body, tt.contentType)
			if !bytes.Contains(got, []byte(tt.want)) {
				t.Errorf("decoded page lacks %q:\n%.400s", tt.want, got)
			}
			if !isValidUTF8(got) {
				t.Error("result is not valid UTF-8")
			}
		})
	}
}

func isValidUTF8(b []byte) bool { return bytes.Equal(bytes.ToValidUTF8(b, nil), b) }

func TestDecodeHTMLRewritesMetaCharset(t *testing.T) {
	latin1 := `<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">`
	tests := []struct {
		name, contentType, want string
		body                    []byte
	}{
		{"legacy page", "", "café", page(t, charmap.Windows1252, latin1, "café")},
		{"utf-8 page misdeclared", "", "café", page(t, nil, latin1, "café")},
		{"utf-8 page with bom", "", "café", append([]byte("\xef\xbb\xbf"), page(t, nil, latin1, "café")...)},
		{"header wins over meta", "text/html; charset=utf-8", "caf\uFFFD", page(t, charmap.Windows1252, latin1, "café")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := decodeHTML(tt.body, tt.contentType)
			if bytes.Contains(bytes.ToLower(got), []byte("iso-8859-1")) {
				t.Errorf("legacy declaration survived decoding:\n%s", got)
			}
			decl, ok := findMetaCharset(got)
			if !ok || decl.label != "utf-8" || !bytes.Contains(got, []byte("<title>News</title>")) {
				t.Errorf("decoded page declares %+v, want utf-8 in place:\n%s", decl, got)
			}
			if !bytes.Contains(got, []byte(tt.want)) {
				t.Errorf("decoded page lacks %q", tt.want)
			}
			// Decoding twice must be stable: the rewritten page reads as UTF-8.
			if again := decodeHTML(got, ""); !bytes.Equal(again, got) {
				t.Errorf("second decode changed the page:\n%s", again)
			}
		})
	}
}

func TestDecodeHTMLInvalidUTF8(t *testing.T) {
	in := []byte("<html><body><p>ok \xff\xfe broken \xc3</p></body></html>")
	got := decodeHTML(in, "text/html; charset=utf-8")
	if !isValidUTF8(got) {
		t.Errorf("result is not valid UTF-8: %q", got)
	}
	if !bytes.Contains(got, []byte("ok")) || !bytes.Contains(got, []byte("broken")) {
		t.Errorf("text lost: %q", got)
	}
}

func TestValidUTF8Prefix(t *testing.T) {
	euro := []byte("prix 10 €")
	tests := []struct {
		name string
		in   []byte
		want bool
	}{
		{"complete", euro, true},
		{"cut inside last rune", euro[:len(euro)-1], true},
		{"cut after first byte of last rune", euro[:len(euro)-2], true},
		{"invalid byte", []byte("prix \xff 10"), false},
		{"latin-1 before the end", []byte("caf\xe9 au lait"), false},
		{"empty", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := validUTF8Prefix(tt.in); got != tt.want {
				t.Errorf("validUTF8Prefix(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func TestCheckHTML(t *testing.T) {
	html := []byte("<!DOCTYPE html><html><head><title>t</title></head><body><p>Hello</p></body></html>")
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10")
	tests := []struct {
		name, contentType string
		body              []byte
		want              error // nil, ErrNotHTML or ErrNotArticle
	}{
		{"html", "text/html; charset=utf-8", html, nil},
		{"html without content type", "", html, nil},
		{"xhtml", "application/xhtml+xml", html, nil},
		{"octet-stream holding html", "application/octet-stream", html, nil},
		{"text/plain holding html", "text/plain", html, nil},
		{"xhtml as xml", "application/xml", []byte(`<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body><p>x</p></body></html>`), nil},
		{"legacy bytes", "text/html", []byte("<html><body><p>caf\xe9 \x81\x40</p></body></html>"), nil},
		{"utf-16 with bom", "", append([]byte{0xFF, 0xFE}, "<\x00h\x00t\x00m\x00l\x00>\x00"...), nil},
		{"utf-16le declared", "text/html; charset=utf-16le", []byte("<\x00h\x00t\x00m\x00l\x00>\x00"), nil},
		{"utf-16le with bom as text/plain", "text/plain; charset=utf-16", append([]byte{0xFF, 0xFE}, "<\x00h\x00t\x00m\x00l\x00>\x00"...), nil},
		{"utf-16be with bom as text/plain", "text/plain", append([]byte{0xFE, 0xFF}, "\x00<\x00p\x00>\x00x"...), nil},
		{"utf-16le declared as text/plain", "text/plain; charset=utf-16le", []byte("<\x00d\x00i\x00v\x00>\x00"), nil},
		{"utf-16 plain text", "text/plain; charset=utf-16", append([]byte{0xFF, 0xFE}, "n\x00o\x00t\x00e\x00s\x00"...), ErrNotHTML},
		{"nul bytes declared utf-8", "text/html; charset=utf-8", []byte("<\x00h\x00t\x00m\x00l\x00>\x00"), ErrNotHTML},
		{"pdf declared", "application/pdf", []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"), ErrNotHTML},
		{"pdf served as html", "text/html", []byte("%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>"), ErrNotHTML},
		{"png", "image/png", png, ErrNotHTML},
		{"png without type", "", png, ErrNotHTML},
		{"jpeg", "text/html", []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00"), ErrNotHTML},
		{"gif", "", []byte("GIF89a\x01\x00\x01\x00"), ErrNotHTML},
		{"json", "application/json", []byte(`{"title": "news"}`), ErrNotHTML},
		{"plain text", "text/plain", []byte("Just some notes, no markup at all."), ErrNotHTML},
		{"rss feed", "application/rss+xml", []byte(`<?xml version="1.0"?><rss><channel><item/></channel></rss>`), ErrNotHTML},
		{"rss feed without type", "", []byte("\xef\xbb\xbf<?xml version=\"1.0\"?>\n<!-- generator -->\n<rss version=\"2.0\"><channel><item><description><![CDATA[<p>Story text.</p>]]></description></item></channel></rss>"), ErrNotHTML},
		{"rss feed with html items as xml", "application/xml", []byte(`<rss version="2.0"><channel><item><description><![CDATA[<div><p>Story</p></div>]]></description></item></channel></rss>`), ErrNotHTML},
		{"atom feed as html", "text/html", []byte(`<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><entry><content type="html">&lt;p&gt;x</content></entry></feed>`), ErrNotHTML},
		{"rdf feed", "", []byte(`<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><item/></rdf:RDF>`), ErrNotHTML},
		{"sitemap without type", "", []byte(`<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://example.com/a</loc></url></urlset>`), ErrNotHTML},
		{"sitemap index as html", "text/html", []byte(`<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></sitemapindex>`), ErrNotHTML},
		{"utf-16 rss feed", "", append([]byte{0xFF, 0xFE}, "<\x00r\x00s\x00s\x00>\x00<\x00p\x00>\x00"...), ErrNotHTML},
		{"a page whose first element is a feed widget", "", []byte(`<feed class="news"><div><p>Story of the day.</p></div></feed>`), nil},
		{"a page quoting a feed", "text/html", []byte(`<!DOCTYPE html><html><body><pre>&lt;rss&gt;</pre><p>How feeds work.</p></body></html>`), nil},
		{"xhtml after a comment and doctype", "application/xhtml+xml", []byte(`<?xml version="1.0"?><!-- x --><!DOCTYPE html><html xmlns="http://www.w3.org/1999/xhtml"><body><p>x</p></body></html>`), nil},
		{"nul bytes after sniff window", "", append(append([]byte("<html>"), bytes.Repeat([]byte("a"), 600)...), 0, 0, 0), ErrNotHTML},
		{"a stray nul in a page", "text/html; charset=utf-8",
			[]byte("<!DOCTYPE html><html><body>" + strings.Repeat("<p>Paragraph of the story.</p>", 100) + "<!-- \x00 --></body></html>"), nil},
		{"a stray nul before the doctype", "",
			[]byte("\x00<!DOCTYPE html><html><body>" + strings.Repeat("<p>Paragraph of the story.</p>", 100) + "</body></html>"), nil},
		{"mp4 without type", "", []byte("\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"), ErrNotHTML},
		{"empty", "text/html", nil, ErrNotArticle},
		{"whitespace only", "text/html", []byte(" \n\t "), ErrNotArticle},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := checkHTML(tt.body, tt.contentType)
			if tt.want == nil {
				if err != nil {
					t.Fatalf("checkHTML: %v, want nil", err)
				}
				return
			}
			if !errors.Is(err, tt.want) {
				t.Fatalf("checkHTML = %v, want %v", err, tt.want)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error spans lines: %q", err)
			}
		})
	}
}

// BenchmarkDecodeHTML decodes every page of the extraction benchmark (one
// iteration is one page) and reports how many of them x/net/html/charset's
// DetermineEncoding, which looks at the first 1024 bytes only, would have
// read as windows-1252 although they are UTF-8, and how many declare their
// charset after the 1024 bytes browsers prescan.
func BenchmarkDecodeHTML(b *testing.B) {
	pages := loadBenchPages(b)
	misread, late := 0, 0
	for _, p := range pages {
		if decl, ok := findMetaCharset(p.HTML); ok && decl.start > 1024 {
			late++
		}
		if !validUTF8Prefix(p.HTML) {
			continue
		}
		if _, name, _ := charset.DetermineEncoding(p.HTML, ""); name != "utf-8" {
			misread++
		}
		if got := decodeHTML(p.HTML, ""); !bytes.Equal(bytes.TrimPrefix(p.HTML, []byte("\xef\xbb\xbf")), got) && !bytes.Contains(p.HTML, []byte("charset")) {
			b.Fatalf("%s: a UTF-8 page changed in decoding", p.URL)
		}
	}
	i := 0
	for b.Loop() {
		decodeHTML(pages[i%len(pages)].HTML, "")
		i++
	}
	b.ReportMetric(float64(misread), "xnet-misread-pages")
	b.ReportMetric(float64(late), "meta-after-1024B-pages")
	b.ReportMetric(float64(len(pages)), "pages")
}
