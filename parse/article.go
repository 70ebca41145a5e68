// Package parse turns the raw bytes of a web page into a clean Article.
//
// It is pure: no network, no database, no clock but the one passed in. The
// crawler, the archive and the scrape command all call Parse.
package parse

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	"golang.org/x/net/html"
)

// Article is what Parse extracts from a page. The JSON names are part of the
// tool's public output and must not change.
type Article struct {
	URL          string     `json:"url"`
	CanonicalURL string     `json:"canonical_url"`
	Title        string     `json:"title"`
	Byline       string     `json:"byline"`
	Authors      []string   `json:"authors"`
	Published    *time.Time `json:"published"`
	Modified     *time.Time `json:"modified"`
	SiteName     string     `json:"site_name"`
	// Section is the part of the site the page declares it belongs to
	// ("Politics"), empty when it names none.
	Section     string   `json:"section"`
	Language    string   `json:"language"`
	Description string   `json:"description"`
	Text        string   `json:"text"`
	HTML        string   `json:"html"`
	Images      []Image  `json:"images"`
	TopImage    string   `json:"top_image"`
	Tags        []string `json:"tags"`
	ContentHash string   `json:"content_hash"`
}

// Image is a picture of the article body, with its caption when it has one.
type Image struct {
	URL     string `json:"url"`
	Alt     string `json:"alt"`
	Caption string `json:"caption"`
}

// Page is the input of Parse: what was fetched and how.
type Page struct {
	// URL is the address the page was fetched from (after redirects). It
	// resolves relative links and is the fallback canonical URL.
	URL string
	// Body holds the bytes exactly as received, in whatever charset.
	Body []byte
	// ContentType is the HTTP Content-Type header, if known.
	ContentType string
	// ContentLanguage is the HTTP Content-Language header, if known.
	ContentLanguage string
	// FetchedAt is when the page was fetched. Dates after it are rejected as
	// implausible, and it gives the year of a date printed without one
	// ("Nov 18 at 4:46 PM"). The zero value, for a page fetched at a time
	// no one knows (a saved file), disables the check and reads no such
	// date.
	FetchedAt time.Time
	// Listed is the publication a feed or a sitemap that named the page
	// gave it (an item's published time, news:publication_date), as a
	// moment with its zone; zero when no listing did, or the crawler did
	// not find the page through one. A date the page prints without its
	// year is read in the year that puts it nearest this one, and a page
	// that dates itself nowhere takes it as its publication: the
	// publisher's own word for it, which the page is otherwise read
	// without. It is stored with the fetch, so that reading the page
	// again gives the same dates.
	Listed time.Time
	// ListingAddress says the page was found at an address that reads as
	// a list of stories: the site's front page, a tag, author, section or
	// archive page, a pagination step. Such a page is taken for an article
	// only if it declares itself one (og:type, JSON-LD): a hub whose
	// teasers carry a line of text each passes every other test. A crawler
	// sets it; a page asked for by name is judged by its content alone.
	ListingAddress bool
	// OnDocument, when set, is called with the page's parsed document
	// (decoded to UTF-8) before extraction changes it, for a caller that
	// wants more of the page (a crawler, its links) without parsing it
	// again. It must neither change nor keep the document. It is not
	// called for a page that fails before it is parsed.
	OnDocument func(doc *html.Node)
}

// Parse extracts the article of a page. A page that is not an article (a
// section front, a login wall, an empty shell) yields an error that matches
// ErrNotArticle with errors.Is.
//
// Parse never panics: a bug that a strange page trips is returned as an
// error, so that one page cannot bring down a crawl.
func Parse(p Page) (a *Article, err error) {
	defer func() {
		if r := recover(); r != nil {
			a, err = nil, fmt.Errorf("parse %s: internal error: %v", p.URL, r)
		}
	}()
	return parsePage(p)
}

func parsePage(p Page) (*Article, error) {
	pageURL, err := parsePageURL(p.URL)
	if err != nil {
		return nil, err
	}
	if err := checkHTML(p.Body, p.ContentType); err != nil {
		return nil, err
	}
	utf8Body := decodeHTML(p.Body, p.ContentType)
	doc, err := parseHTML(utf8Body)
	if err != nil {
		return nil, err
	}
	if p.OnDocument != nil {
		p.OnDocument(doc)
	}
	if err := checkElementCount(doc); err != nil {
		return nil, err
	}
	// Metadata reads the document untouched; body extraction mutates it.
	meta := readMetadata(doc, pageURL, dateWindow{fetchedAt: p.FetchedAt, listed: p.Listed})
	var teasers map[string]int
	if !isArticleType(meta.Type) {
		teasers = teaserLines(doc) // before extraction changes doc
	}
	content, err := extractBody(doc, pageURL, meta)
	content, err = withDeclaredBody(content, err, meta)
	if err == nil {
		teasers = teasersOf(teasers, meta.Published != nil)
		shape := pageShape{listingAddress: p.ListingAddress, mostlyTeasers: mostlyTeasers(content.Text, teasers)}
		err = checkArticle(meta, content, shape)
	}
	if err != nil {
		return nil, explainNotArticle(err, meta, utf8Body)
	}
	return assemble(p, pageURL, meta, content), nil
}

func assemble(p Page, pageURL *url.URL, meta metadata, content body) *Article {
	a := &Article{
		URL:          pageURL.String(),
		CanonicalURL: meta.CanonicalURL,
		Title:        meta.Title,
		Byline:       meta.Byline,
		Authors:      nonNil(meta.Authors),
		Published:    meta.Published,
		Modified:     meta.Modified,
		SiteName:     meta.SiteName,
		Section:      meta.Section,
		Description:  meta.Description,
		Text:         content.Text,
		HTML:         content.HTML,
		Images:       withoutHeadlineCaptions(content.Images, meta.Title),
		TopImage:     mainImage(meta.TopImage, content.Images, hostLabels(pageURL)),
		Tags:         nonNil(meta.Tags),
	}
	if len(a.Authors) == 0 && a.Byline == "" || meta.OrgAuthors {
		// A wire's story credits its reporters in its text, where the
		// markup names no one or only the wire ("연합뉴스", "Reuters").
		if names, byline := textCredit(content.Text); len(names) > 0 {
			a.Authors, a.Byline = names, byline
		}
	}
	dropArticleControls(a)
	a.ContentHash = ContentHash(a.Text)
	if a.CanonicalURL == "" {
		a.CanonicalURL = a.URL
	}
	if a.Images == nil {
		a.Images = []Image{}
	}
	a.Language = detectLanguage(agreedLanguage(meta.Languages, content.Text), p.ContentLanguage, content.Text)
	return a
}

// withoutHeadlineCaptions drops the captions that only repeat the
// headline: CMSs fill a picture's alt text with it, and an alt text is
// the caption of a picture that has none (see collectImages). The alt
// text stays.
func withoutHeadlineCaptions(images []Image, title string) []Image {
	key := nameKey(title)
	for i := range images {
		if key != "" && images[i].Caption == images[i].Alt && nameKey(images[i].Caption) == key {
			images[i].Caption = ""
		}
	}
	return images
}

// mainImage is the story's main picture the page declares, unless it
// declares none or only the site's logo or default sharing picture (see
// topImage): then the first picture of the body with an absolute address
// stands in, else there is none.
func mainImage(declared string, images []Image, hosts []string) string {
	if declared != "" && !placeholderImage(declared, hosts) {
		return declared
	}
	for _, im := range images {
		if absoluteURL(im.URL, nil) != nil {
			return im.URL
		}
	}
	return ""
}

func parsePageURL(raw string) (*url.URL, error) {
	if strings.TrimSpace(raw) == "" {
		return &url.URL{}, nil
	}
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return nil, fmt.Errorf("page url %q: %w", raw, err)
	}
	// A user name and password in the address fetched the page; they are
	// not the article's address, nor its images', and must not be
	// printed or exported with them.
	u.User = nil
	return u, nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
