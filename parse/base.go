package parse

import "net/url"

// documentBase is the address the page's relative URLs resolve against:
// as in browsers, its first <base href> resolved against docURL, else
// docURL itself. A base that is no web address (javascript:, data:) is
// ignored.
func documentBase(h *headTags, docURL *url.URL) *url.URL {
	if !h.hasBase {
		return docURL
	}
	ref, err := url.Parse(h.baseHref)
	if err != nil {
		return docURL
	}
	b := docURL.ResolveReference(ref)
	if b.Scheme != "" && b.Scheme != "http" && b.Scheme != "https" {
		return docURL
	}
	b.User, b.Fragment, b.RawFragment = nil, "", ""
	return b
}

// pageBase is documentBase for a page parsed with or without its address.
// Without one (a file read from disk) the page's absolute canonical URL
// stands in for it, so that its images and links still resolve.
func pageBase(h *headTags, pageURL *url.URL, canonical string) *url.URL {
	if pageURL.IsAbs() || canonical == "" {
		return documentBase(h, pageURL)
	}
	c, err := url.Parse(canonical)
	if err != nil {
		return documentBase(h, pageURL)
	}
	return documentBase(h, c)
}
