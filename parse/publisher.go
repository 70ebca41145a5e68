package parse

import (
	"regexp"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// publisherMentions are the places besides its meta tags and JSON-LD
// where a page names its publisher: the name in its microdata publisher,
// its copyright lines, the alt text of its logo.
type publisherMentions struct {
	microdata  []string
	copyrights []string
	logoAlts   []string
}

var (
	// copyrightMetaWords, in a meta tag's name, mark a copyright notice.
	copyrightMetaWords = wordSet("copyright", "rightsholder")
	logoWords          = wordSet("logo")
	publisherWords     = wordSet("publisher")
)

// maxMentions is how many of each kind are kept: a page names its
// publisher in its header or footer, a few times at most.
const maxMentions = 8

// maxCopyrightLine is the longest text read as a copyright line.
const maxCopyrightLine = 300

// element notes what n, an element, says of the publisher.
func (p *publisherMentions) element(n *html.Node) {
	switch {
	case n.DataAtom == atom.Img && isLogoImage(n):
		p.logoAlts = keepMention(p.logoAlts, attrOf(n, "alt"))
	case n.DataAtom == atom.Meta && hasNameWord(strings.ToLower(attrOf(n, "name")), copyrightMetaWords):
		p.copyrights = keepMention(p.copyrights, html.UnescapeString(attrOf(n, "content")))
	case strings.EqualFold(strings.TrimSpace(attrOf(n, "itemprop")), "name") && inPublisherScope(n):
		name := attrOf(n, "content")
		if n.DataAtom != atom.Meta {
			name = textUnder(n)
		}
		p.microdata = keepMention(p.microdata, name)
	}
}

// text notes a copyright line among the page's text, n a text node.
// The words are looked for before the expression, which would be slow
// over every text of the page.
func (p *publisherMentions) text(n *html.Node) {
	s := n.Data
	if len(s) > maxCopyrightLine || n.Parent == nil || n.Parent.DataAtom == atom.Script || n.Parent.DataAtom == atom.Style {
		return
	}
	if strings.Contains(s, "©") || strings.Contains(s, "opyright") || strings.Contains(s, "OPYRIGHT") || strings.Contains(s, "(c)") || strings.Contains(s, "(C)") {
		if reCopyrightMark.MatchString(s) {
			p.copyrights = keepMention(p.copyrights, s)
		}
	}
}

func keepMention(list []string, s string) []string {
	if s = squashSpace(s); s == "" || len(list) >= maxMentions {
		return list
	}
	return append(list, s)
}

// isLogoImage is true for an image that its alt text, its class, id or
// file name, or the class of the link around it calls a logo.
func isLogoImage(img *html.Node) bool {
	alt := strings.Fields(strings.ToLower(attrOf(img, "alt")))
	if len(alt) > 1 && alt[len(alt)-1] == "logo" {
		return true
	}
	file := attrOf(img, "src")
	if i := strings.LastIndexByte(file, '/'); i >= 0 {
		file = file[i+1:]
	}
	link := img.Parent
	for link != nil && link.DataAtom != atom.A && link.DataAtom != atom.Body {
		link = link.Parent
	}
	return hasNameWord(attrOf(img, "class"), logoWords) || hasNameWord(attrOf(img, "id"), logoWords) ||
		hasNameWord(file, logoWords) || (link != nil && link.DataAtom == atom.A && hasNameWord(attrOf(link, "class"), logoWords))
}

// inPublisherScope is true for n inside a microdata item that is the
// publisher of another.
func inPublisherScope(n *html.Node) bool {
	for p := n.Parent; p != nil && p.Type == html.ElementNode; p = p.Parent {
		if _, scope := attrOfOK(p, "itemscope"); scope {
			return hasNameWord(strings.ToLower(attrOf(p, "itemprop")), publisherWords)
		}
	}
	return false
}

var (
	// reCopyrightMark is the mark that starts a copyright line.
	reCopyrightMark = regexp.MustCompile(`(?i)(©|\(c\)|\bcopyright\b)`)
	// reCopyrightHead is a copyright line's marks and years, before the
	// holder's name: "Copyright © 2002-2019 ".
	reCopyrightHead = regexp.MustCompile(`(?i)^.*?(?:©|\(c\)|\bcopyright\b)(?:\s*(?:©|\(c\)|copyright|(?:19|20)\d{2}|[-–,:]))*\s*`)
	// reCopyrightTail is what follows the holder's name.
	reCopyrightTail = regexp.MustCompile(`(?i)(\.\s|\.$|\s[-–|]\s|,|\ball rights\b|\(|\s(?:19|20)\d{2}\b).*$`)
)

// copyrightHolder is the name a copyright line gives ("© 2019
// Cleveland.com. All rights reserved." gives "Cleveland.com"), or "".
func copyrightHolder(line string) string {
	loc := reCopyrightHead.FindStringIndex(line)
	if loc == nil {
		return ""
	}
	return strings.TrimSpace(reCopyrightTail.ReplaceAllString(line[loc[1]:], ""))
}

// logoName is the name a logo's alt text gives, without the word "logo"
// ("comwrap GmbH Logo" gives "comwrap GmbH").
func logoName(alt string) string {
	var kept []string
	for _, w := range strings.Fields(alt) {
		if !strings.EqualFold(w, "logo") {
			kept = append(kept, w)
		}
	}
	return strings.Join(kept, " ")
}
