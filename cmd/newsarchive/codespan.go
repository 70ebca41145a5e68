package main

import (
	"strings"

	"github.com/JohannesKaufmann/html-to-markdown/v2/converter"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// codeSpanTags are the inline elements the converter writes as code spans.
var codeSpanTags = []string{"code", "var", "samp", "kbd", "tt"}

// renderCodeSpan writes a code span whose text starts or ends with a
// backtick with a space inside both fences. CommonMark strips one space
// from each side only when both sides have one, and the converter pads
// only the side with the backtick, so a renderer showed code "`ls" as
// " `ls". Other code spans are left to the converter.
func renderCodeSpan(_ converter.Context, w converter.Writer, n *html.Node) converter.RenderStatus {
	code := collapseCodeSpace(codeSpanText(n))
	if !strings.HasPrefix(code, "`") && !strings.HasSuffix(code, "`") || inPre(n) {
		return converter.RenderTryNext
	}
	fence := strings.Repeat("`", longestBacktickRun(code)+1)
	w.WriteString(fence + " " + code + " " + fence)
	return converter.RenderSuccess
}

// codeSpanText is the text of n as the converter reads a code span: a
// line break for <br> and <div>, nothing of scripts and styles.
func codeSpanText(n *html.Node) string {
	var sb strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch {
		case n.Type == html.TextNode:
			sb.WriteString(n.Data)
			return
		case n.DataAtom == atom.Script || n.DataAtom == atom.Style || n.DataAtom == atom.Textarea:
			return
		case n.DataAtom == atom.Br || n.DataAtom == atom.Div:
			sb.WriteByte('\n')
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return sb.String()
}

// collapseCodeSpace puts a code span on one line, its runs of spaces
// made one and its ends trimmed.
func collapseCodeSpace(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return r == ' ' || r == '\n' || r == '\t'
	}), " ")
}

// longestBacktickRun is the length of the longest run of backticks in s.
func longestBacktickRun(s string) int {
	longest, run := 0, 0
	for _, r := range s {
		if r != '`' {
			run = 0
			continue
		}
		run++
		longest = max(longest, run)
	}
	return longest
}

// inPre reports whether n is inside a <pre>, which is a code block.
func inPre(n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.DataAtom == atom.Pre {
			return true
		}
	}
	return false
}
