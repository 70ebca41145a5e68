package parse

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"
)

// robustLimit is how long Parse may take on any hostile page in these
// tests; real pages take milliseconds.
const robustLimit = 5 * time.Second * raceSlowdown

// hostilePage is a generated page and whether an article must come out of
// it (the rest may be rejected with a clear error).
type hostilePage struct {
	body        []byte
	wantArticle bool
}

// hostilePages are generated, not committed: they are megabytes each.
func hostilePages() map[string]hostilePage {
	para := "<p>The council voted on Tuesday to fund a new pedestrian bridge across the river, ending a long debate.</p>"
	body := strings.Repeat(para, 8)
	article := "<html><head><title>Bridge</title></head><body><article>" + body + "</article></body></html>"
	rng := rand.New(rand.NewPCG(1, 2))
	random := make([]byte, 1<<20)
	for i := range random {
		random[i] = byte(rng.Uint32())
	}
	manyAttrs := new(bytes.Buffer)
	manyAttrs.WriteString("<html><body><div")
	for i := range 100_000 {
		manyAttrs.WriteString(" data-a" + strconv.Itoa(i) + `="x"`)
	}
	manyAttrs.WriteString(">" + strings.Repeat(para, 5) + "</div></body></html>")
	return map[string]hostilePage{
		"empty":              {nil, false},
		"random bytes":       {random, false},
		"nul bytes":          {make([]byte, 4096), false},
		"invalid utf-8":      {[]byte(strings.ReplaceAll(article, "bridge", "br\xffid\xc3ge")), true},
		"truncated":          {[]byte(article[:len(article)/2]), true},
		"truncated in a tag": {[]byte(article[:strings.Index(article, "<article>")+5]), false},
		"only a doctype":     {[]byte("<!DOCTYPE html>"), false},
		"nested divs 100k":   {nested("div", 100_000, body), true},
		"nested spans 100k":  {nested("span", 100_000, body), true},
		"nested bold 100k":   {nested("b", 100_000, body), true},
		"nested tables 20k":  {nested("table><tr><td", 20_000, body), true},
		"nested pre 100k":    {nested("pre", 100_000, body), true},
		"unclosed p 100k":    {[]byte("<body>" + strings.Repeat("<p>word ", 100_000)), false},
		"attribute of 5 MB":  {[]byte(`<html><body><article><p title="` + strings.Repeat("a", 5<<20) + `">` + para + "</p>" + strings.Repeat(para, 5) + "</article></body></html>"), true},
		"100k attributes":    {manyAttrs.Bytes(), true},
		"text of 8 MB":       {[]byte("<html><body><article><p>" + strings.Repeat("word ", 8<<20/5) + "</p></article></body></html>"), false},
		"100k paragraphs":    {[]byte("<html><body><article>" + strings.Repeat(para, 100_000/10) + "</article></body></html>"), true},
		"meta charset loop":  {[]byte(strings.Repeat(`<meta charset="shift_jis"><meta charset="utf-16">`, 10_000) + article), true},
		"script only":        {[]byte("<html><head><script>" + strings.Repeat("var a = '<p>';", 100_000) + "</script></head></html>"), false},
		"comment unclosed":   {[]byte("<html><body><!-- " + strings.Repeat(para, 1000)), false},
		"utf-16 bom garbage": {append([]byte{0xFF, 0xFE}, random[:4096]...), false},
	}
}

func nested(tag string, depth int, inner string) []byte {
	var b bytes.Buffer
	b.WriteString("<html><body>")
	for range depth {
		b.WriteString("<" + tag + ">")
	}
	b.WriteString(inner)
	return b.Bytes()
}

// TestParseHostile feeds Parse hostile input: it must return an article
// or a clear error, never panic, and finish in bounded time.
func TestParseHostile(t *testing.T) {
	if testing.Short() {
		t.Skip("hostile pages take seconds")
	}
	for name, page := range hostilePages() {
		t.Run(name, func(t *testing.T) {
			start := time.Now()
			a, err := Parse(Page{URL: "https://news.example/x", Body: page.body, ContentType: "text/html"})
			if d := time.Since(start); d > robustLimit {
				t.Errorf("Parse took %v", d)
			}
			if page.wantArticle && (err != nil || !strings.Contains(a.Text, "pedestrian")) {
				t.Fatalf("no article: %v", err)
			}
			if err == nil {
				if a == nil {
					t.Fatal("nil article without an error")
				}
				return
			}
			if !errors.Is(err, ErrNotArticle) && !errors.Is(err, ErrNotHTML) {
				t.Errorf("error matches neither ErrNotArticle nor ErrNotHTML: %v", err)
			}
			if strings.Contains(err.Error(), "\n") || len(err.Error()) > 300 {
				t.Errorf("error is not one short line: %.400q", err)
			}
		})
	}
}

// TestParseTooDeepKeepsItsParagraphs: a story below hundreds of unclosed
// containers, deeper than the HTML parser goes, keeps its headline and
// paragraphs apart, and its scripts and styles stay code, out of the text.
func TestParseTooDeepKeepsItsParagraphs(t *testing.T) {
	var page strings.Builder
	page.WriteString("<html><head><title>Bridge</title></head><body>")
	page.WriteString(strings.Repeat(`<div class="x">`, 600))
	page.WriteString(`<article><h1>Council funds the bridge</h1>`)
	page.WriteString(`<script>dataLayer.push({"event":"pageview","secret":"TRACKING_CODE_123"});</script>`)
	page.WriteString(`<style>.ad{display:none}</style>`)
	for i := range 6 {
		fmt.Fprintf(&page, "<p>Paragraph %d. The council voted on Tuesday to fund a new pedestrian bridge across the river, ending a long debate.</p>", i)
	}
	page.WriteString("</article></body></html>")
	a, err := Parse(Page{URL: "https://news.example/2026/03/14/bridge", Body: []byte(page.String()), ContentType: "text/html"})
	if err != nil {
		t.Fatal(err)
	}
	for _, leak := range []string{"TRACKING_CODE_123", "display:none", "dataLayer"} {
		if strings.Contains(a.Text, leak) || strings.Contains(a.HTML, leak) {
			t.Errorf("%q leaked into the article:\n%s", leak, a.Text)
		}
	}
	paras := strings.Split(a.Text, "\n\n")
	if len(paras) < 6 || !strings.HasPrefix(paras[len(paras)-1], "Paragraph 5.") || strings.Contains(a.Text, "debate.Paragraph") {
		t.Errorf("paragraphs run together (%d of them):\n%s", len(paras), a.Text)
	}
}

// TestParagraphsWrappedOneByOne: a story whose CMS wraps each paragraph
// in a <div> of its own keeps a short paragraph that is partly a link
// (readability's cleaning judged its wrapper alone, as a block a fifth
// links, and dropped it); a wrapper named as boilerplate is left to it.
func TestParagraphsWrappedOneByOne(t *testing.T) {
	var page strings.Builder
	page.WriteString(`<html><head><title>Water on Europa</title></head><body><article><h1>Water on Europa</h1>`)
	for i := range 6 {
		fmt.Fprintf(&page, `<div class="card"><div class="card-content"><p>Paragraph %d. Scientists using a telescope in Hawaii reported water vapour above the surface of the moon, a sign of the ocean below its ice.</p></div></div>`, i)
		if i == 2 {
			page.WriteString(`<div class="card"><div class="card-content"><p>The discovery was announced in an article published Monday in the <a href="https://www.nature.com/articles/s41550-019-0933-6">journal Nature Astronomy</a>.</p></div></div>`)
		}
	}
	page.WriteString(`</article></body></html>`)
	a, err := Parse(Page{URL: "https://news.example/2019/11/19/europa", Body: []byte(page.String()), ContentType: "text/html"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(a.Text, "published Monday in the journal Nature Astronomy.") {
		t.Errorf("the short paragraph with a link is gone:\n%s", a.Text)
	}
	if !strings.Contains(a.Text, "Paragraph 5.") {
		t.Errorf("the story's paragraphs are gone:\n%s", a.Text)
	}
}
