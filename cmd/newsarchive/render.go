package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/JohannesKaufmann/html-to-markdown/v2/converter"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/base"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/commonmark"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/strikethrough"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/table"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/newsarchive/newsarchive/parse"
)

// articleFormats are the output formats of an article, the default first.
var articleFormats = []string{"text", "json", "markdown", "html"}

func knownFormat(f string) bool { return slices.Contains(articleFormats, f) }

// renderArticle writes a in format, one of articleFormats.
func renderArticle(w io.Writer, a *parse.Article, format string) error {
	bw := bufio.NewWriter(w)
	var err error
	switch format {
	case "json":
		err = renderJSON(bw, a)
	case "markdown":
		err = renderMarkdown(bw, a)
	case "html":
		err = renderHTML(bw, a)
	default:
		err = writeText(bw, func(w io.Writer) error { renderText(w, a); return nil })
	}
	if err != nil {
		return fmt.Errorf("render %s: %w", format, err)
	}
	return bw.Flush()
}

// renderText writes a header of title, byline, date and address, the
// caption of the lead picture, then the body paragraphs as extracted.
func renderText(w io.Writer, a *parse.Article) {
	for _, line := range []string{a.Section, a.Title, byline(a), formatDate(a.Published), a.CanonicalURL} {
		if line != "" {
			fmt.Fprintln(w, line)
		}
	}
	fmt.Fprintln(w)
	if c := leadCaption(a); c != "" {
		fmt.Fprintf(w, "%s\n\n", c)
	}
	fmt.Fprintln(w, strings.TrimSpace(a.Text))
}

// leadCaption is the caption of the picture the article opens with, the
// one readers see under the headline; "" when the body starts with text.
// The text field leaves captions out, as extraction benchmarks score it.
func leadCaption(a *parse.Article) string {
	if len(a.Images) == 0 {
		return ""
	}
	z := html.NewTokenizer(strings.NewReader(a.HTML))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.SelfClosingTagToken:
			switch name, _ := z.TagName(); string(name) {
			case "div", "section", "article", "header", "p", "a", "span", "picture", "source":
				continue // wrappers of a picture as of text
			case "figure", "img":
				return strings.TrimSpace(a.Images[0].Caption)
			}
			return ""
		case html.TextToken:
			if strings.TrimSpace(string(z.Text())) != "" {
				return ""
			}
		}
	}
}

func byline(a *parse.Article) string {
	if a.Byline != "" {
		return a.Byline
	}
	if len(a.Authors) > 0 {
		return "By " + strings.Join(a.Authors, ", ")
	}
	return ""
}

// listedTitle is the title as a line of a listing (search results,
// history) shows it: a page without one reads "(no title)", not a gap
// before the id that looks like a missing field.
func listedTitle(title string) string {
	if strings.TrimSpace(title) == "" {
		return "(no title)"
	}
	return title
}

func formatDate(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.Format(time.RFC3339)
}

func renderJSON(w io.Writer, a *parse.Article) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(a)
}

// renderMarkdown writes YAML front matter, then the body as Markdown. JSON
// strings are valid YAML double-quoted scalars, so values are quoted with
// the JSON encoder.
func renderMarkdown(w io.Writer, a *parse.Article) error {
	fmt.Fprintln(w, "---")
	fields := []struct {
		key   string
		value any
		empty bool
	}{
		{"title", a.Title, a.Title == ""},
		{"authors", a.Authors, len(a.Authors) == 0},
		{"published", formatDate(a.Published), a.Published == nil},
		{"modified", formatDate(a.Modified), a.Modified == nil},
		{"url", a.CanonicalURL, a.CanonicalURL == ""},
		{"site_name", a.SiteName, a.SiteName == ""},
		{"section", a.Section, a.Section == ""},
		{"language", a.Language, a.Language == ""},
		{"description", a.Description, a.Description == ""},
		{"top_image", a.TopImage, a.TopImage == ""},
		{"tags", a.Tags, len(a.Tags) == 0},
	}
	for _, f := range fields {
		if f.empty {
			continue
		}
		v, err := yamlValue(f.value)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "%s: %s\n", f.key, v)
	}
	fmt.Fprintln(w, "---")
	body, err := markdownBody(a)
	if err != nil {
		return err
	}
	if a.Title != "" {
		// Converted like the body, so that the title's brackets, angle
		// brackets and asterisks stay text instead of becoming links,
		// raw HTML or emphasis in a Markdown renderer.
		heading, err := toMarkdown("<h1>"+template.HTMLEscapeString(a.Title)+"</h1>", "")
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "\n%s\n", heading)
	}
	_, err = fmt.Fprintf(w, "\n%s\n", body)
	return err
}

// yamlValue writes v as JSON, each character YAML does not allow in a
// document escaped (see yamlPrintable).
func yamlValue(v any) (string, error) {
	var sb strings.Builder
	enc := json.NewEncoder(&sb)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return "", err
	}
	return yamlPrintable(strings.TrimSuffix(sb.String(), "\n")), nil
}

// yamlPrintable writes as a \u escape, which JSON and YAML read alike,
// each character of a JSON text that YAML reads otherwise or refuses in a
// document and the JSON encoder leaves as it is: DEL, the C1 controls, NEL
// (a line break to YAML, read as a space) among them, and the
// noncharacters U+FFFE and U+FFFF (a title holding U+FFFE made front
// matter that YAML parsers reject whole). They occur only inside strings.
func yamlPrintable(s string) string {
	if !strings.ContainsFunc(s, notYAMLPrintable) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if notYAMLPrintable(r) {
			fmt.Fprintf(&b, `\u%04x`, r)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// notYAMLPrintable reports whether r is one of the characters
// yamlPrintable escapes.
func notYAMLPrintable(r rune) bool {
	return r >= 0x7f && r <= 0x9f || r == 0xfffe || r == 0xffff
}

func markdownBody(a *parse.Article) (string, error) {
	if strings.TrimSpace(a.HTML) == "" {
		return strings.TrimSpace(a.Text), nil
	}
	return toMarkdown(a.HTML, a.URL)
}

// markdownConverter converts CommonMark with GitHub-style tables, which
// the default converter runs together into one line of cell texts.
var markdownConverter = sync.OnceValue(func() *converter.Converter {
	conv := converter.NewConverter(converter.WithPlugins(
		base.NewBasePlugin(),
		commonmark.NewCommonmarkPlugin(),
		strikethrough.NewStrikethroughPlugin(), // <del>£5m</del> £6m: ~~£5m~~ £6m
		// A line break in a cell is kept in it, and a cell spanning
		// columns leaves the others empty: such tables were printed as
		// their cells run together.
		table.NewTablePlugin(table.WithSkipEmptyRows(true), table.WithNewlineBehavior(table.NewlineBehaviorPreserve),
			table.WithSpanCellBehavior(table.SpanBehaviorEmpty)),
	))
	// Markdown has no superscript or subscript: they stay HTML, which
	// CommonMark passes through (10<sup>6</sup> was printed "106").
	for _, tag := range []string{"sup", "sub"} {
		conv.Register.RendererFor(tag, converter.TagTypeInline, base.RenderAsHTML, converter.PriorityStandard)
	}
	for _, tag := range codeSpanTags {
		conv.Register.RendererFor(tag, converter.TagTypeInline, renderCodeSpan, converter.PriorityEarly)
	}
	return conv
})

// entityLike matches what CommonMark reads as a character reference.
var entityLike = regexp.MustCompile(`&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});`)

// escapeEntityText writes the "&" of text that reads as a character
// reference ("&amp;" or "&copy;" written out on the page) as "&amp;": the
// converter passes "&" through, and a renderer would show "&" and "©".
// Code is shown as it is written, and is left alone.
func escapeEntityText(doc *html.Node) {
	for n := range doc.Descendants() {
		if n.Type != html.TextNode || !strings.Contains(n.Data, "&") || inCode(n) {
			continue
		}
		n.Data = entityLike.ReplaceAllString(n.Data, "&amp;$1;")
	}
}

// inCode reports whether n is inside <pre> or an element written as a
// code span (codeSpanTags), whose text is shown as it is.
func inCode(n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		switch p.DataAtom {
		case atom.Code, atom.Pre, atom.Var, atom.Samp, atom.Kbd, atom.Tt:
			return true
		}
	}
	return false
}

// literalStar stands for an asterisk of the page's text while the
// converter runs, and is written "\*" after it: the converter escapes
// only the asterisks it judges could open emphasis, and leaves those that
// close it ("**new**" in bold became "**\*\*new\** budget**", which a
// renderer reads as nested emphasis). A Unicode noncharacter, which no
// page's text should hold; a page holding it keeps the converter's
// escaping.
const literalStar = "\uFDD0"

// markLiteralStars puts literalStar for each asterisk of doc's text
// outside code, and reports whether it did (see literalStar).
func markLiteralStars(doc *html.Node) bool {
	var stars []*html.Node
	for n := range doc.Descendants() {
		if n.Type != html.TextNode {
			continue
		}
		if strings.Contains(n.Data, literalStar) {
			return false
		}
		if strings.Contains(n.Data, "*") && !inCode(n) {
			stars = append(stars, n)
		}
	}
	for _, n := range stars {
		n.Data = strings.ReplaceAll(n.Data, "*", literalStar)
	}
	return true
}

// toMarkdown converts HTML to Markdown, resolving links against pageURL,
// its emphasis fitted to CommonMark's rules (see fitEmphasis).
func toMarkdown(body, pageURL string) (string, error) {
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		return "", fmt.Errorf("convert to markdown: %w", err)
	}
	fitEmphasis(doc)
	escapeEntityText(doc)
	escapeCellCodePipes(doc)
	marked := markLiteralStars(doc)
	md, err := markdownConverter().ConvertNode(doc, converter.WithDomain(pageURL))
	if err != nil {
		return "", fmt.Errorf("convert to markdown: %w", err)
	}
	out := strings.TrimSpace(string(md))
	if marked {
		out = strings.ReplaceAll(out, literalStar, `\*`)
	}
	return out, nil
}

// escapeCellCodePipes writes "\|" for a "|" in code inside a table cell:
// a GFM table splits its rows at every unescaped pipe, code spans
// included, and reads "\|" there as the pipe itself. The converter
// escapes the pipes of a cell's text, not those of its code.
func escapeCellCodePipes(doc *html.Node) {
	for n := range doc.Descendants() {
		if n.Type != html.TextNode || !strings.Contains(n.Data, "|") || !inCellCode(n) {
			continue
		}
		n.Data = strings.ReplaceAll(n.Data, "|", `\|`)
	}
}

// inCellCode reports whether n is inside <code> inside a table cell.
func inCellCode(n *html.Node) bool {
	code := false
	for p := n.Parent; p != nil; p = p.Parent {
		switch p.DataAtom {
		case atom.Code:
			code = true
		case atom.Td, atom.Th:
			return code
		}
	}
	return false
}

// articleTemplate is a minimal standalone page of the clean article. The
// body HTML was sanitised by parse, so it is inserted as it is.
const articleTemplate = `<!DOCTYPE html>
<html{{with .Language}} lang="{{.}}"{{end}}{{with .Dir}} dir="{{.}}"{{end}}>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.HeadTitle}}</title>
{{- with .CanonicalURL}}
<link rel="canonical" href="{{.}}">{{end}}
{{- with .Description}}
<meta name="description" content="{{.}}">{{end}}
<style>body{max-width:42em;margin:2em auto;padding:0 1em;font:18px/1.6 Georgia,serif}img{max-width:100%;height:auto}</style>
</head>
<body>
<article>
{{- with .Title}}
<h1>{{.}}</h1>{{end}}
{{- with .Byline}}
<p class="byline">{{.}}</p>{{end}}
{{- with .Published}}
<p><time datetime="{{.Format "2006-01-02T15:04:05Z07:00"}}">{{.Format "2 January 2006"}}</time></p>{{end}}
{{.Body}}
</article>
</body>
</html>
`

func renderHTML(w io.Writer, a *parse.Article) error {
	tmpl, err := template.New("article").Parse(articleTemplate)
	if err != nil {
		return err
	}
	// A page without a title has "(no title)" in its tab and window
	// title, as in listings, and no empty heading.
	page := struct {
		*parse.Article
		HeadTitle string
		Byline    string
		Body      template.HTML
		Dir       string
	}{a, listedTitle(a.Title), byline(a), bodyHTML(a), direction(a.Language)}
	return tmpl.Execute(w, page)
}

// rtlLanguages are the languages written right to left by default.
var rtlLanguages = map[string]bool{"ar": true, "arc": true, "ckb": true, "dv": true, "fa": true, "he": true,
	"iw": true, "ks": true, "ps": true, "sd": true, "ug": true, "ur": true, "yi": true}

// direction is "rtl" for a language written right to left ("ar",
// "fa-IR"), "" otherwise: a page shown in such a language but laid out
// left to right puts its punctuation at the wrong end of each line.
func direction(lang string) string {
	base, _, _ := strings.Cut(strings.ToLower(lang), "-")
	if rtlLanguages[base] {
		return "rtl"
	}
	return ""
}

// bodyHTML is the article's clean HTML, or its text as paragraphs when
// there is no HTML.
func bodyHTML(a *parse.Article) template.HTML {
	if strings.TrimSpace(a.HTML) != "" {
		return template.HTML(a.HTML)
	}
	var sb strings.Builder
	for _, p := range strings.Split(strings.TrimSpace(a.Text), "\n\n") {
		sb.WriteString("<p>" + template.HTMLEscapeString(strings.TrimSpace(p)) + "</p>\n")
	}
	return template.HTML(sb.String())
}
