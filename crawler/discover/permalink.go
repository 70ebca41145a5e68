package discover

import (
	"net/url"
	"strings"

	"github.com/mmcdole/gofeed"
	"github.com/mmcdole/gofeed/rss"
)

// permalinkKey marks, in an item's Custom fields, a GUID its RSS feed
// gives as the item's permanent address (isPermaLink true, as it is when
// the attribute is left out).
const permalinkKey = "newsarchive-guid-permalink"

// permalinks is gofeed's RSS translation that keeps which items' GUIDs are
// permalinks: gofeed drops the attribute.
type permalinks struct {
	gofeed.DefaultRSSTranslator
}

// Translate translates an RSS feed, then marks the items whose GUID is a
// permalink.
func (t *permalinks) Translate(feed any) (*gofeed.Feed, error) {
	f, err := t.DefaultRSSTranslator.Translate(feed)
	if err != nil {
		return f, err
	}
	rf, ok := feed.(*rss.Feed)
	if !ok || len(rf.Items) != len(f.Items) {
		return f, nil
	}
	for i, it := range rf.Items {
		if it.GUID == nil || strings.EqualFold(strings.TrimSpace(it.GUID.IsPermalink), "false") {
			continue
		}
		if f.Items[i].Custom == nil {
			f.Items[i].Custom = map[string]string{}
		}
		f.Items[i].Custom[permalinkKey] = "true"
	}
	return f, nil
}

// permalinkOverHome is the item's permalink GUID in place of link, the
// address its link resolved to, when link is its site's home page and the
// GUID an address beneath it on the same host: templates that fill
// <link> with the site's address left every item of such a feed one
// home page, and its stories unread.
func permalinkOverHome(link string, it *gofeed.Item) string {
	if it.Custom[permalinkKey] == "" || !looksAbsolute(it.GUID) {
		return link
	}
	l, err := url.Parse(link)
	if err != nil || (l.Path != "" && l.Path != "/") || l.RawQuery != "" {
		return link
	}
	g, ok := Resolve(nil, it.GUID)
	if !ok {
		return link
	}
	gu, err := url.Parse(g)
	if err != nil || !strings.EqualFold(gu.Host, l.Host) || gu.Path == "" || gu.Path == "/" {
		return link
	}
	return g
}
