package parse

import (
	"bytes"
)

// listingKind names the feed or sitemap whose XML starts head ("an RSS
// feed"), or returns "" for anything else. Such a document is no page
// whatever type it is served or saved as: its items would otherwise be
// read as the text of one article with no title. Only the root element
// decides, so a page quoting a feed in its text stays a page.
func listingKind(head []byte) string {
	name := rootElement(head)
	switch name {
	case "rss":
		return "an RSS feed"
	case "rdf:rdf":
		return "an RDF feed"
	case "urlset":
		return "a sitemap"
	case "sitemapindex":
		return "a sitemap index"
	case "feed":
		// Atom names its namespace; a bare <feed> could be anything.
		if bytes.Contains(head, []byte("http://www.w3.org/2005/Atom")) {
			return "an Atom feed"
		}
	}
	return ""
}

// rootElement returns the lower-case name of the first element of an XML
// or HTML document, past a byte order mark, white space, the XML
// declaration, processing instructions, comments and a doctype; "" when
// head ends first.
func rootElement(head []byte) string {
	rest := bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	for {
		rest = bytes.TrimLeft(rest, " \t\r\n\f")
		var end []byte
		switch {
		case bytes.HasPrefix(rest, []byte("<?")):
			end = []byte("?>")
		case bytes.HasPrefix(rest, []byte("<!--")):
			end = []byte("-->")
		case bytes.HasPrefix(rest, []byte("<!")):
			end = []byte(">")
		case bytes.HasPrefix(rest, []byte("<")):
			return elementName(rest[1:])
		default:
			return ""
		}
		i := bytes.Index(rest, end)
		if i < 0 {
			return ""
		}
		rest = rest[i+len(end):]
	}
}

// elementName reads the tag name at the start of tag, lower-cased.
func elementName(tag []byte) string {
	end := bytes.IndexAny(tag, " \t\r\n\f/>")
	if end < 0 {
		return ""
	}
	return string(bytes.ToLower(tag[:end]))
}
