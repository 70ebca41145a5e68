package discover

import (
	"bytes"
	"encoding/xml"
	"net/url"
	"strings"

	"golang.org/x/net/html/charset"
)

// feedUpToBreak reads the links of the items of an RSS, RDF or Atom feed
// that the feed parser refused whole, up to the point where the XML
// breaks off: an item's <link> text or, in Atom, its alternate <link
// href>, else an RSS <guid> that is an address. Nil when none was read.
func feedUpToBreak(body []byte, base *url.URL) []Entry {
	d := xml.NewDecoder(bytes.NewReader(body))
	d.CharsetReader = charset.NewReaderLabel
	d.Strict = false
	var out []Entry
	seen := map[string]bool{}
	for {
		tok, err := d.Token()
		if err != nil {
			return out
		}
		se, ok := tok.(xml.StartElement)
		if !ok || (se.Name.Local != "item" && se.Name.Local != "entry") {
			continue
		}
		var it feedItem
		if d.DecodeElement(&it, &se) != nil {
			return out // the item the break cut in two
		}
		if u, ok := it.url(base); ok && !seen[u] {
			seen[u] = true
			out = append(out, Entry{URL: u, Title: strings.TrimSpace(it.Title)})
		}
	}
}

// feedItem is what feedUpToBreak reads of an RSS <item> or Atom <entry>.
type feedItem struct {
	Title string `xml:"title"`
	Links []struct {
		Href string `xml:"href,attr"`
		Rel  string `xml:"rel,attr"`
		Text string `xml:",chardata"`
	} `xml:"link"`
	GUID string `xml:"guid"`
}

// url is the page the item links to, as Feed's itemURL chooses it.
func (it feedItem) url(base *url.URL) (string, bool) {
	for _, l := range it.Links {
		if l.Rel != "" && l.Rel != "alternate" {
			continue
		}
		for _, c := range []string{strings.TrimSpace(l.Text), strings.TrimSpace(l.Href)} {
			if c == "" {
				continue
			}
			if u, ok := Resolve(base, c); ok {
				return u, true
			}
		}
	}
	if g := strings.TrimSpace(it.GUID); looksAbsolute(g) {
		return Resolve(nil, g)
	}
	return "", false
}
