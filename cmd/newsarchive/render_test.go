package main

import (
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/newsarchive/newsarchive/parse"
)

func TestRenderMarkdown(t *testing.T) {
	tests := []struct {
		name  string
		a     parse.Article
		lines []string // lines the output must hold, in order
		not   []string // text the output must not hold after its front matter
	}{
		{
			name: "title stays text",
			a: parse.Article{Title: "Click [here](javascript:alert(1)) <img src=x onerror=alert(2)> *now*",
				Text: "Body."},
			lines: []string{`# Click \[here](javascript:alert(1)) &lt;img src=x onerror=alert(2)&gt; \*now\*`},
			not:   []string{"# Click [here]", "<img"},
		},
		{
			name: "table",
			a: parse.Article{Title: "Results", URL: "https://news.example/results",
				HTML: "<p>The count:</p><table><tr><th>Name</th><th>Votes</th></tr><tr><td>Smith</td><td>1200</td></tr>" +
					"<tr><td>Jones</td><td>900</td></tr></table>"},
			lines: []string{"# Results", "The count:", "| Name  | Votes |", "|-------|-------|", "| Smith | 1200  |", "| Jones | 900   |"},
			not:   []string{"NameVotes"},
		},
		{
			name:  "an ordered list keeps its numbering",
			a:     parse.Article{Title: "Ranked", HTML: `<p>Four to five:</p><ol start="4"><li>Millbrook</li><li>Hollow End</li></ol>`},
			lines: []string{"4. Millbrook", "5. Hollow End"},
		},
		{
			name:  "links resolve against the page",
			a:     parse.Article{Title: "Links", URL: "https://news.example/a/b", HTML: `<p>See <a href="/c">the report</a>.</p>`},
			lines: []string{"See [the report](https://news.example/c)."},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var sb strings.Builder
			if err := renderArticle(&sb, &tt.a, "markdown"); err != nil {
				t.Fatal(err)
			}
			out := sb.String()
			rest := out
			for _, l := range tt.lines {
				i := strings.Index(rest, "\n"+l+"\n")
				if i < 0 {
					t.Fatalf("missing line %q (in order) in:\n%s", l, out)
				}
				rest = rest[i+len(l)+1:]
			}
			_, body, _ := strings.Cut(strings.TrimPrefix(out, "---\n"), "---\n")
			for _, n := range tt.not {
				if strings.Contains(body, n) {
					t.Errorf("output holds %q:\n%s", n, out)
				}
			}
		})
	}
}

// TestMarkdownFrontMatterIsYAML reads the front matter back with a YAML
// parser: fields holding characters JSON leaves as they are but YAML
// refuses (a noncharacter, DEL, a C1 control) are escaped, not written raw.
func TestMarkdownFrontMatterIsYAML(t *testing.T) {
	tests := []struct {
		name string
		a    parse.Article
	}{
		{"plain", parse.Article{Title: `Council "votes": 5 – 4, yes: #1 & more`, Authors: []string{"Jane Doe"}}},
		{"noncharacters", parse.Article{Title: "Non\ufffechar\uffff title", Authors: []string{"Jane \ufffe Doe"}}},
		{"DEL and C1 controls", parse.Article{Title: "a\x7fb\u0086c\u0085d", Description: "e\u009ff"}},
		{"scripts and format characters kept", parse.Article{Title: "Emoji 🎉 عربي \u202eevil\u202c \ufeff\ufdd0 東京"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var sb strings.Builder
			if err := renderArticle(&sb, &tt.a, "markdown"); err != nil {
				t.Fatal(err)
			}
			front, _, _ := strings.Cut(strings.TrimPrefix(sb.String(), "---\n"), "---\n")
			var got struct {
				Title       string   `yaml:"title"`
				Authors     []string `yaml:"authors"`
				Description string   `yaml:"description"`
			}
			if err := yaml.Unmarshal([]byte(front), &got); err != nil {
				t.Fatalf("front matter is not YAML: %v\n%s", err, front)
			}
			if got.Title != tt.a.Title || got.Description != tt.a.Description || !slices.Equal(got.Authors, tt.a.Authors) {
				t.Errorf("front matter reads %+v, want the article's %q, %q, %q", got, tt.a.Title, tt.a.Authors, tt.a.Description)
			}
		})
	}
}

func TestRenderTextLeadCaption(t *testing.T) {
	pic := []parse.Image{{URL: "https://news.example/gates.jpg", Caption: "The gates close in twenty minutes."}}
	tests := []struct {
		name string
		a    parse.Article
		want string // the line after the header, "" for the body's first
	}{
		{"opens with a figure", parse.Article{Title: "Barrier", Text: "The barrier opened.", Images: pic,
			HTML: `<div><figure><img src="https://news.example/gates.jpg"><figcaption>The gates close in twenty minutes.</figcaption></figure><p>The barrier opened.</p></div>`},
			"The gates close in twenty minutes."},
		{"opens with a picture in a paragraph, its caption beside", parse.Article{Title: "Barrier", Text: "The barrier opened.", Images: pic,
			HTML: `<div><div><p><img src="https://news.example/gates.jpg"/></p></div><figcaption><p>The gates close in twenty minutes.</p></figcaption><p>The barrier opened.</p></div>`},
			"The gates close in twenty minutes."},
		{"a picture in a paragraph after its text", parse.Article{Title: "Barrier", Text: "The barrier opened.", Images: pic,
			HTML: `<p>The barrier opened. <img src="https://news.example/gates.jpg"/></p>`},
			""},
		{"a figure further down", parse.Article{Title: "Barrier", Text: "The barrier opened.", Images: pic,
			HTML: `<div><p>The barrier opened.</p><figure><img src="https://news.example/gates.jpg"><figcaption>The gates close in twenty minutes.</figcaption></figure></div>`},
			""},
		{"no pictures", parse.Article{Title: "Barrier", Text: "The barrier opened.", HTML: `<p>The barrier opened.</p>`}, ""},
		{"the section line first", parse.Article{Section: "Local News", Title: "Barrier", Text: "The barrier opened.",
			HTML: `<p>The barrier opened.</p>`}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var sb strings.Builder
			if err := renderArticle(&sb, &tt.a, "text"); err != nil {
				t.Fatal(err)
			}
			want := "Barrier\n\n"
			if tt.a.Section != "" {
				want = tt.a.Section + "\n" + want
			}
			if tt.want != "" {
				want += tt.want + "\n\n"
			}
			want += "The barrier opened.\n"
			if sb.String() != want {
				t.Errorf("text:\n%q\nwant\n%q", sb.String(), want)
			}
		})
	}
}

// TestRenderHTMLDirection: a page in a language written right to left is
// laid out so.
func TestRenderHTMLDirection(t *testing.T) {
	for _, tt := range []struct{ lang, want string }{
		{"ar", `<html lang="ar" dir="rtl">`},
		{"he-IL", `<html lang="he-IL" dir="rtl">`},
		{"FA", `<html lang="FA" dir="rtl">`},
		{"en", `<html lang="en">`},
		{"", `<html>`},
	} {
		var b strings.Builder
		a := &parse.Article{Title: "t", Language: tt.lang, HTML: "<p>x</p>"}
		if err := renderHTML(&b, a); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(b.String(), tt.want+"\n") {
			t.Errorf("language %q: %s; want %s", tt.lang, strings.SplitN(b.String(), "\n", 3)[1], tt.want)
		}
	}
}

// TestRenderHTMLTitle: a page without a title was written with an empty
// <title> (a tab named by its address, if anything) and an empty <h1>.
func TestRenderHTMLTitle(t *testing.T) {
	for _, tt := range []struct {
		name, title string
		want, never []string
	}{
		{"titled", "Council passes budget & levy",
			[]string{"<title>Council passes budget &amp; levy</title>", "<h1>Council passes budget &amp; levy</h1>"}, nil},
		{"untitled", "",
			[]string{"<title>(no title)</title>"}, []string{"<title></title>", "<h1>"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			a := &parse.Article{Title: tt.title, CanonicalURL: "https://example.com/a", HTML: "<p>x</p>"}
			if err := renderHTML(&b, a); err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(b.String(), w) {
					t.Errorf("no %s in\n%s", w, b.String())
				}
			}
			for _, n := range tt.never {
				if strings.Contains(b.String(), n) {
					t.Errorf("%s in\n%s", n, b.String())
				}
			}
		})
	}
}

// TestMarkdownEmphasisFitsCommonMark: emphasis the page put on
// punctuation next to a word converts to Markdown a renderer reads as
// emphasis, or to plain text, never to literal asterisks; superscripts,
// subscripts and deletions are kept.
func TestMarkdownEmphasisFitsCommonMark(t *testing.T) {
	tests := []struct{ in, want string }{
		{`<p>Station<em>,”</em> said Ann.</p>`, `Station,” said Ann.`},
		{`<p><strong>"</strong>The vote</p>`, `"The vote`},
		{`<p>word<em>“quoted”</em>next</p>`, `word“*quoted*”next`},
		{`<p><em>Title:</em>Subtitle</p>`, `*Title*:Subtitle`},
		{`<p>An <em>important</em> word, <strong>bold.</strong></p>`, `An *important* word, **bold.**`},
		// What Markdown has no way of its own to say, kept.
		{`<p>At 10<sup>6</sup> pounds, <del>£5m</del> £6m, H<sub>2</sub>O.</p>`, `At 10<sup>6</sup> pounds, ~~£5m~~ £6m, H<sub>2</sub>O.`},
	}
	for _, tt := range tests {
		got, err := toMarkdown(tt.in, "https://news.example/a")
		if err != nil || got != tt.want {
			t.Errorf("toMarkdown(%s) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

// TestMarkdownKeepsLiteralText: text that reads as a character reference
// on the page ("&amp;" written out) and a pipe in code in a table cell
// come back from a Markdown renderer as the page showed them.
func TestMarkdownKeepsLiteralText(t *testing.T) {
	tests := []struct{ in, want string }{
		{`<p>Type &amp;amp; or &amp;copy; or &amp;#169; &amp;#x41;</p>`, `Type &amp;amp; or &amp;copy; or &amp;#169; &amp;#x41;`},
		{`<p>Rock &amp; roll, AT&amp;T, a &amp; b; &amp;c</p>`, `Rock & roll, AT&T, a & b; &c`},
		{`<p><code>&amp;amp;</code></p>`, "`&amp;`"},
		{`<p>a &lt;b&gt; tag</p>`, `a &lt;b&gt; tag`},
		{`<table><tr><th>Op</th><th>Means</th></tr><tr><td><code>a|b</code></td><td>pipe</td></tr></table>`,
			"| Op     | Means |\n|--------|-------|\n| `a\\|b` | pipe  |"},
		{`<p><code>a|b</code></p>`, "`a|b`"},
		// A code span starting or ending with a backtick is padded on
		// both sides, which a renderer strips (one side showed a space).
		{"<p>Run <code>`ls</code> now</p>", "Run `` `ls `` now"},
		{"<p>Run <code>ls`</code> now</p>", "Run `` ls` `` now"},
		{"<p>Run <code>`ls`</code> and <kbd>``x``</kbd></p>", "Run `` `ls` `` and ``` ``x`` ```"},
		{"<p><code>a`b</code> and <code>x</code></p>", "``a`b`` and `x`"},
		{"<pre><code>`ls\n</code></pre>", "```\n`ls\n```"},
		// Every asterisk of the text is escaped: the converter left those
		// that close a run, which inside bold made nested emphasis.
		{`<p>a <b>**new** budget</b> b</p>`, `a **\*\*new\*\* budget** b`},
		{`<p>5 * 3 and *star* and 2*3</p>`, `5 \* 3 and \*star\* and 2\*3`},
		{`<p><code>a*b*</code> and <kbd>**x**</kbd> and <kbd>&amp;copy;</kbd></p>`, "`a*b*` and `**x**` and `&copy;`"},
		{"<pre><code>x = a * b\n</code></pre>", "```\nx = a * b\n```"},
	}
	for _, tt := range tests {
		got, err := toMarkdown(tt.in, "https://news.example/a")
		if err != nil || got != tt.want {
			t.Errorf("toMarkdown(%s)\n = %q, %v\nwant %q", tt.in, got, err, tt.want)
		}
	}
}

// TestMarkdownTablesWithBreaksAndSpans: a table with a line break in a
// cell or a cell spanning columns stays a table, its cells apart (they
// were run together: "SmithWon").
func TestMarkdownTablesWithBreaksAndSpans(t *testing.T) {
	in := `<table><tr><th>Name</th><th>Result</th></tr><tr><td>Alice<br>Smith</td><td>Won</td></tr>` +
		`<tr><td colspan="2">Total: 2</td></tr></table>`
	got, err := toMarkdown(in, "https://news.example/a")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"| Name ", "| Result |", "Smith | Won", "| Total: 2 "} {
		if !strings.Contains(got, want) {
			t.Errorf("markdown lacks %q:\n%s", want, got)
		}
	}
}
