package parse

import (
	"net/url"
	"path"
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Junk images are the pictures inside an article's container that are not
// the article's: icons of a share bar, site logos, ad banners, separators,
// tracking pixels, the blurred previews and spinners of lazy loaders,
// star ratings, call-to-action buttons and the thumbnails of other pages.
// Each rule reads what the page itself declares (the URL, the size
// attributes, the alt text, the enclosing block) and is meant to hold on
// any site; none guesses from a picture's content.

// minImageSide is the smallest width or height, in declared pixels, of an
// article picture; below it are icons, bullets, pixels and spacers.
const minImageSide = 50

// adSizes are the standard sizes of ad banners (IAB), as "WxH".
var adSizes = wordSet("468x60", "728x90", "970x90", "320x50", "300x50", "234x60", "120x600", "160x600", "120x240", "88x31")

// junkHostLabels name hosts that serve ads or a site's logos, in any
// label of the host name (logo.example.com, ads.example.net).
var junkHostLabels = wordSet("ads", "adserver", "adservers", "doubleclick", "logo", "logos", "pixel")

// junkDirs are path segments of ad servers and of a site's chrome.
var junkDirs = wordSet("ads", "adserver", "adservers", "advert", "adverts", "icons", "logos", "sprites", "pixel", "pixels", "spacer")

// chromeFileWords, in the name of a drawing (PNG, GIF, SVG), mark an icon,
// a logo or a layout helper. A photograph (JPEG, WebP) named "logo-..."
// is a picture of a logo the story is about and is kept. Words that also
// name things a story shows ("pixel" a phone, "transparent" a screen) are
// left out: tracking pixels are caught by their declared size.
var chromeFileWords = wordSet("icon", "icons", "logo", "logos", "sprite", "sprites", "spacer", "blank", "favicon")

// drawingExts are file types of drawings and screenshots rather than photos.
var drawingExts = wordSet("", ".png", ".gif", ".svg", ".ico", ".bmp")

// loaderFileWords, in the name of an animation (GIF, SVG), mark the
// spinner a page shows while a picture loads. A PNG or JPEG so named may
// be a screenshot or a product ("fidget-spinner.png") and is kept.
var loaderFileWords = wordSet("loader", "loading", "preloader", "spinner")

// animationExts are file types that can animate a loader.
var animationExts = wordSet(".gif", ".svg")

// ratingCounts are the counts of a review's star rating ("4-stars.png").
var ratingCounts = wordSet("0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "half")

// ratingWords follow a count in the name of a star-rating drawing.
var ratingWords = wordSet("star", "stars")

// presentationalAlts are alt texts that say an image is decoration.
var presentationalAlts = wordSet("spacer", "separator", "divider", "line", "blank", "presentational")

// shareBlockWords, as a word of a class or id, mark a share or social bar.
var shareBlockWords = wordSet("share", "sharing", "shares", "sharebar", "social", "socials", "addthis", "sharethis")

// ctaBlockWords, as a word of a class or id, mark a call-to-action button
// (HubSpot's "hs-cta-wrapper"): an ad for the site's own offer.
var ctaBlockWords = wordSet("cta")

// shareBlockDepth is how far above an image a share bar is looked for.
const shareBlockDepth = 5

// shareBlockMaxText is the most text a share bar holds: labels, counts.
const shareBlockMaxText = 200

// teaserMaxSide is the largest declared side of a teaser's thumbnail.
const teaserMaxSide = 200

// thumbnailWords, as a word of a class, mark a thumbnail.
var thumbnailWords = wordSet("thumb", "thumbs", "thumbnail", "thumbnails")

// teaserDepth is how far above a thumbnail its link and its thumbnail
// class are looked for.
const teaserDepth = 4

// imagePage is what a page declares of itself that tells its own
// pictures from the site's: its main image, its host, and the names of
// its site and section, which the site's banners carry as their alt.
type imagePage struct {
	topImage string
	host     string
	names    []string
}

// removeJunkImages removes from n the images that are not the article's,
// with the figure or link left empty by their removal. A placeholder is
// first replaced by the real picture when the page names it: in a srcset,
// or as page.topImage, the page's declared main image. URLs must already
// be absolute.
func removeJunkImages(n *html.Node, page imagePage) {
	var junk []*html.Node
	forEachElement(n, func(el *html.Node) {
		if el.DataAtom != atom.Img {
			return
		}
		preferRealSource(el, page.topImage)
		if isJunkImage(el) || isSiteImage(el, page) {
			junk = append(junk, el)
		}
	})
	for _, img := range junk {
		removeImage(n, img)
	}
}

// isJunkImage reports whether img is evidently not a picture of the
// article.
func isJunkImage(img *html.Node) bool {
	src := imageURL(img)
	return isJunkImageURL(src) || isPlaceholderURL(src) || isTinyOrBanner(img) ||
		isPresentationalAlt(attrVal(img, "alt")) || inShareBlock(img) ||
		inBlockNamed(img, ctaBlockWords) || isTeaserThumbnail(img)
}

// isJunkImageURL is true for the URL of an ad server, a logo, an icon, a
// loader animation or a star rating.
func isJunkImageURL(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil || raw == "" {
		return false
	}
	for label := range strings.SplitSeq(strings.ToLower(u.Hostname()), ".") {
		if junkHostLabels[label] {
			return true
		}
	}
	p := strings.ToLower(u.Path)
	dir, file := path.Split(p)
	for seg := range strings.SplitSeq(dir, "/") {
		if junkDirs[seg] {
			return true
		}
	}
	ext := path.Ext(file)
	words := nameWords(strings.TrimSuffix(file, ext))
	for i, w := range words {
		if adSizes[w] || (drawingExts[ext] && chromeFileWords[w]) || (animationExts[ext] && loaderFileWords[w]) {
			return true
		}
		if drawingExts[ext] && i > 0 && ratingWords[w] && ratingCounts[words[i-1]] {
			return true
		}
	}
	return false
}

// isPlaceholderURL is true for the blurred, tiny preview a lazy loader
// shows until a script fetches the picture: a device-pixel ratio far below
// one, a blur, or a width parameter of a few pixels.
func isPlaceholderURL(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil || u.RawQuery == "" {
		return false
	}
	q := u.Query()
	if q.Has("blur") {
		return true
	}
	if dpr, err := strconv.ParseFloat(q.Get("dpr"), 64); err == nil && dpr < 0.5 {
		return true
	}
	for _, k := range []string{"w", "width"} {
		if w, err := strconv.Atoi(q.Get(k)); err == nil && w > 0 && w < minImageSide {
			return true
		}
	}
	return false
}

// preferRealSource replaces a placeholder src with the best srcset
// candidate, when the srcset holds a real picture, else with topImage when
// that is the same picture at full size (a lazy loader that left no
// srcset, its picture named only in og:image).
func preferRealSource(img *html.Node, topImage string) {
	src := attrVal(img, "src")
	if !isPlaceholderURL(src) {
		return
	}
	if best := bestSrcsetURL(attrVal(img, "srcset")); best != "" && !isPlaceholderURL(best) {
		setAttr(img, "src", best)
		return
	}
	if topImage != "" && !isPlaceholderURL(topImage) && samePicture(src, topImage) {
		setAttr(img, "src", topImage)
	}
}

// sizeParams are query keys that choose a rendition of a picture, not
// which picture.
var sizeParams = []string{"w", "width", "h", "height", "dpr", "blur", "quality", "q"}

// samePicture reports whether two URLs differ only in their scheme and
// the size of the rendition they ask for.
func samePicture(a, b string) bool {
	ua, err := url.Parse(a)
	if err != nil {
		return false
	}
	ub, err := url.Parse(b)
	if err != nil {
		return false
	}
	qa, qb := ua.Query(), ub.Query()
	for _, k := range sizeParams {
		qa.Del(k)
		qb.Del(k)
	}
	return strings.EqualFold(ua.Host, ub.Host) && ua.Path == ub.Path && qa.Encode() == qb.Encode()
}

// isTinyOrBanner is true for an image declared smaller than minImageSide
// on a side (icons, pixels, spacers) or with the size of an ad banner.
func isTinyOrBanner(img *html.Node) bool {
	w, wok := declaredSide(img, "width")
	h, hok := declaredSide(img, "height")
	if (wok && w < minImageSide) || (hok && h < minImageSide) {
		return true
	}
	return wok && hok && adSizes[strconv.Itoa(w)+"x"+strconv.Itoa(h)]
}

// declaredSide reads a width or height attribute in pixels ("60",
// "60px"); a percentage or other unit is no size.
func declaredSide(img *html.Node, key string) (int, bool) {
	v := strings.TrimSuffix(strings.TrimSpace(attrVal(img, key)), "px")
	n, err := strconv.Atoi(v)
	return n, err == nil && n >= 0
}

// isPresentationalAlt is true for alt text that calls the image decoration
// ("Presentational grey line", "spacer").
func isPresentationalAlt(alt string) bool {
	alt = strings.ToLower(squashSpace(alt))
	first, _, _ := strings.Cut(alt, " ")
	return first == "presentational" || presentationalAlts[alt]
}

// inShareBlock is true for an image inside a share or social bar: a block
// near it whose class or id says so and that holds little text.
func inShareBlock(img *html.Node) bool {
	return inBlockNamed(img.Parent, shareBlockWords)
}

// inBlockNamed is true for n, or a block near above it, whose class or
// id holds one of words and that holds little text: the labels and
// counts of a bar or a button, not a story.
func inBlockNamed(n *html.Node, words map[string]bool) bool {
	for p, depth := n, 0; p != nil && p.Type == html.ElementNode && depth < shareBlockDepth; p, depth = p.Parent, depth+1 {
		if hasNameWord(attrVal(p, "class"), words) || hasNameWord(attrVal(p, "id"), words) {
			return !longerThan(p, shareBlockMaxText)
		}
	}
	return false
}

// hasNameWord reports whether a class or id holds one of words as a whole
// word ("share-icons", "social_links", not "socialite").
func hasNameWord(s string, words map[string]bool) bool {
	for _, w := range nameWords(s) {
		if words[w] {
			return true
		}
	}
	return false
}

// isTeaserThumbnail is true for a small thumbnail, so classed, that links
// to another page: a teaser for that page (a related gallery, a related
// story), not a picture of this one. A thumbnail that links to its
// full-size picture is kept.
func isTeaserThumbnail(img *html.Node) bool {
	w, h, ok := imageSize(img)
	if !ok || w > teaserMaxSide || h > teaserMaxSide {
		return false
	}
	classed, linked := false, false
	for p, depth := img, 0; p != nil && p.Type == html.ElementNode && depth <= teaserDepth; p, depth = p.Parent, depth+1 {
		classed = classed || hasNameWord(attrVal(p, "class"), thumbnailWords)
		if p.DataAtom == atom.A {
			linked = linked || isPageLink(attrVal(p, "href"))
		}
	}
	return classed && linked
}

// sizeDirRx matches a folder of an image server named for the size it
// renders ("/thumbnail/170x128/").
var sizeDirRx = regexp.MustCompile(`^([0-9]+)x([0-9]+)$`)

// imageSize is the size an image declares in its width and height, else
// the size a folder of its URL names, which a lazy image that declares
// none still carries.
func imageSize(img *html.Node) (w, h int, ok bool) {
	w, wok := declaredSide(img, "width")
	h, hok := declaredSide(img, "height")
	if wok && hok {
		return w, h, true
	}
	u, err := url.Parse(imageURL(img))
	if err != nil {
		return 0, 0, false
	}
	dir, _ := path.Split(u.Path)
	for seg := range strings.SplitSeq(dir, "/") {
		if m := sizeDirRx.FindStringSubmatch(seg); m != nil {
			w, errW := strconv.Atoi(m[1])
			h, errH := strconv.Atoi(m[2])
			return w, h, errW == nil && errH == nil
		}
	}
	return 0, 0, false
}

// isPageLink is true for an href to a page, neither to a picture file nor
// to a place on this page.
func isPageLink(href string) bool {
	href = strings.TrimSpace(href)
	return href != "" && !strings.HasPrefix(href, "#") && !imageExtRx.MatchString(href)
}

// removeImage detaches img from the tree under root, and then each
// ancestor it leaves without a picture or text: the link or <picture>
// around it, its figure and that figure's caption, which described it.
func removeImage(root, img *html.Node) {
	n := img
	for n != root && n.Parent != nil {
		p := n.Parent
		p.RemoveChild(n)
		if p == root || !leftEmpty(p) {
			return
		}
		n = p
	}
}

// leftEmpty is true for an element that no longer holds a picture nor, a
// figure aside, any text.
func leftEmpty(el *html.Node) bool {
	if countImages(el) > 0 || findElement(el, isMedia) != nil {
		return false
	}
	if el.DataAtom == atom.Figure {
		return true
	}
	return !longerThan(el, 0)
}

// isMedia is true for embedded media other than images, which keep their
// container alive.
func isMedia(el *html.Node) bool {
	switch el.DataAtom {
	case atom.Video, atom.Audio, atom.Iframe, atom.Embed, atom.Object, atom.Svg, atom.Canvas:
		return true
	}
	return false
}

// isSiteImage reports whether img belongs to the site rather than to the
// article, by what the page says of itself: a drawing with the site's or
// the section's name as its alt (a section's banner), a small drawing
// linking to another of the site's pages (a badge for a section), or a
// picture linking to another site's offer with campaign tracking (a
// subscription promo).
func isSiteImage(img *html.Node, page imagePage) bool {
	drawing := isDrawingFile(imageURL(img))
	if drawing && namesPage(attrVal(img, "alt"), page.names) {
		return true
	}
	link, ok := imageLink(img)
	if !ok || link.Host == "" {
		return false
	}
	if sameHost(link.Hostname(), page.host) {
		w, h, sized := imageSize(img)
		return drawing && sized && w <= teaserMaxSide && h <= teaserMaxSide && isPageLink(link.String())
	}
	q := link.Query()
	return q.Has("utm_campaign") || q.Has("utm_medium")
}

// isDrawingFile is true for the URL of a file a site draws rather than
// photographs: a PNG, GIF or SVG, named so.
func isDrawingFile(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil {
		return false
	}
	ext := strings.ToLower(path.Ext(u.Path))
	return ext != "" && drawingExts[ext]
}

// namesPage reports whether alt is nothing but one of names.
func namesPage(alt string, names []string) bool {
	alt = squashSpace(alt)
	for _, n := range names {
		if n != "" && strings.EqualFold(alt, n) {
			return true
		}
	}
	return false
}

// imageLink is the link an image is the picture of, near above it.
func imageLink(img *html.Node) (*url.URL, bool) {
	for p, depth := img.Parent, 0; p != nil && p.Type == html.ElementNode && depth < teaserDepth; p, depth = p.Parent, depth+1 {
		if p.DataAtom == atom.A {
			u, err := url.Parse(strings.TrimSpace(attrVal(p, "href")))
			return u, err == nil
		}
	}
	return nil, false
}

// sameHost reports whether two host names are one site's, with or
// without "www.".
func sameHost(a, b string) bool {
	trim := func(h string) string { return strings.TrimPrefix(strings.ToLower(h), "www.") }
	return trim(a) == trim(b)
}
