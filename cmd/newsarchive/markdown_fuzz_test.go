package main

import (
	"testing"
	"unicode/utf8"
)

// FuzzToMarkdown: no clean article HTML makes the Markdown rendering (and
// its emphasis fitting, which moves text between nodes) panic, and valid
// UTF-8 stays valid.
func FuzzToMarkdown(f *testing.F) {
	for _, s := range []string{
		"<p>A <b>bold </b>word and <i> spaced</i>.</p>",
		"<p><em><strong>both</strong></em>x<em>y</em></p>",
		"<table><tr><td colspan=2>a<br>b</td></tr><tr><td>c</td><td>d</td></tr></table>",
		"<p>10<sup>6</sup> and <del>£5m</del> £6m</p><ul><li><p>x</p><ul><li>y</li></ul></li></ul>",
		"<p><b></b><i> </i><b>*</b>_<i>_</i></p>",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		md, err := toMarkdown(body, "https://news.example/a/1")
		if err == nil && utf8.ValidString(body) && !utf8.ValidString(md) {
			t.Errorf("toMarkdown(%q) = %q, not valid UTF-8", body, md)
		}
	})
}
