package discover

import (
	"mime"

	"github.com/mmcdole/gofeed"
	"github.com/mmcdole/gofeed/atom"
)

// pageLinks is gofeed's Atom translation with each entry's link the first
// alternate that is a page: an entry may offer its JSON or PDF form
// before its HTML one, and gofeed takes the first alternate whatever its
// type. An entry without <published> keeps no publication: gofeed gives
// it its <updated>, the time of its last edit, which a page dated by
// nothing else would take for its publication (see Entry.PublishedExact);
// the change it dates is still read from Modified.
type pageLinks struct {
	gofeed.DefaultAtomTranslator
}

// Translate translates an Atom feed, then points each item at its page.
func (t *pageLinks) Translate(feed any) (*gofeed.Feed, error) {
	f, err := t.DefaultAtomTranslator.Translate(feed)
	if err != nil {
		return f, err
	}
	af, ok := feed.(*atom.Feed)
	if !ok || len(af.Entries) != len(f.Items) {
		return f, nil
	}
	for i, e := range af.Entries {
		if page := pageAlternate(e.Links); page != "" {
			f.Items[i].Link = page
		}
		if e.Published == "" {
			f.Items[i].Published, f.Items[i].PublishedParsed = "", nil
		}
	}
	return f, nil
}

// pageAlternate is the first alternate link of an entry that is an HTML
// page, or one of no stated type; "" when there is none.
func pageAlternate(links []*atom.Link) string {
	for _, l := range links {
		if l.Rel != "" && l.Rel != "alternate" {
			continue
		}
		if mt, _, _ := mime.ParseMediaType(l.Type); l.Type == "" || mt == "text/html" || mt == "application/xhtml+xml" {
			return l.Href
		}
	}
	return ""
}
