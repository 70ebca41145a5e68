package discover

import (
	"bytes"
	"encoding/xml"
	"strings"

	"golang.org/x/net/html/charset"
)

// Served is what a body fetched as a page turns out to be.
type Served int

const (
	// ServedPage is anything but a feed or a sitemap.
	ServedPage Served = iota
	// ServedFeed is an RSS, RDF or Atom feed.
	ServedFeed
	// ServedSitemap is an XML sitemap or sitemap index.
	ServedSitemap
)

// atomNamespaces are Atom 1.0's and 0.3's: a bare <feed> could be anything.
var atomNamespaces = setOf("http://www.w3.org/2005/atom", "http://purl.org/atom/ns#")

// SniffListing tells, by its root element, whether body is a feed or a
// sitemap, whatever its address or Content-Type said: a feed reached by an
// ordinary link (<a href="/rss">), or served as text/html or text/plain,
// was fetched as a page and its stories lost. Its start is read in the
// charset contentType names, or UTF-16 by its byte order mark, as
// UTF8XML reads listings.
func SniffListing(body []byte, contentType string) Served {
	head := UTF8XML(body[:min(len(body), outputScanBytes)], contentType)
	if xml := xmlAfterOutput(head); xml != nil {
		head = xml
	}
	d := xml.NewDecoder(bytes.NewReader(head))
	d.Strict = false
	d.CharsetReader = charset.NewReaderLabel
	for {
		tok, err := d.Token()
		if err != nil {
			return ServedPage
		}
		if se, ok := tok.(xml.StartElement); ok {
			return servedAs(se.Name)
		}
	}
}

// servedAs is what a document with root element name is.
func servedAs(name xml.Name) Served {
	switch strings.ToLower(name.Local) {
	case "rss", "rdf":
		return ServedFeed
	case "feed":
		if atomNamespaces[strings.ToLower(name.Space)] {
			return ServedFeed
		}
	case "urlset", "sitemapindex":
		return ServedSitemap
	}
	return ServedPage
}
