package parse

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

func TestIsJunkImage(t *testing.T) {
	tests := []struct {
		name string
		in   string // HTML whose first <img> is judged
		junk bool
	}{
		// Dropped.
		{"share bar icon", `<div class="share-icons"><a href="#"><img src="https://static.example.ca/img/fb.png"></a></div>`, true},
		{"social links block by id", `<ul id="socialLinks"><li><img src="https://example.com/img/x.png"></li></ul>`, true},
		{"icon file name", `<img src="https://static.example.ca/common/img/tw-icon.png">`, true},
		{"logo file name", `<img src="https://example.com/themes/site/images/site-logo-footer.png">`, true},
		{"logo host", `<img src="https://logo.example.com/small/701.png">`, true},
		{"logos directory", `<img src="https://example.com/logos/partner.jpg">`, true},
		{"sprite", `<img src="https://example.com/assets/sprite.svg">`, true},
		{"spacer gif", `<img src="https://example.com/spacer.gif">`, true},
		{"ad server path", `<img src="https://ads.example.net/www/delivery/avw.php?zoneid=7">`, true},
		{"adserver directory", `<img src="https://example.net/adserver/www/delivery/avw.php?zoneid=7">`, true},
		{"doubleclick", `<img src="https://ad.doubleclick.net/ddm/ad/N123/B456.gif">`, true},
		{"banner size in file name", `<img src="https://example.it/uploads/banner-site-468x60.gif">`, true},
		{"banner size declared", `<img src="https://example.com/b/12.gif" width="728" height="90">`, true},
		{"tracking pixel", `<img src="https://example.com/t.gif" width="1" height="1">`, true},
		{"icon-sized", `<img src="https://example.com/up.jpg" width="32" height="32">`, true},
		{"thin strip", `<img src="https://example.com/pin-it.jpg" width="500" height="47">`, true},
		{"presentational alt", `<img src="https://example.com/_1_grey_line-nc.jpg" alt="Presentational grey line">`, true},
		{"spacer alt", `<img src="https://example.com/a.jpg" alt="Spacer">`, true},
		{"low-dpr preview", `<img src="https://img.example.com/2019/11/tv.jpg?width=640&quality=20&dpr=0.05">`, true},
		{"tiny width parameter", `<img src="https://media.example.net/r/?i=145&w=20">`, true},
		{"blur parameter", `<img src="https://media.example.net/p.jpg?blur=20">`, true},
		{"star rating drawing", `<img src="https://assets.example.com/2019/09/review_4_stars_site.png" width="312" height="70">`, true},
		{"five-star drawing", `<img src="https://example.com/img/5-star.svg">`, true},
		{"loader gif", `<img src="https://example.com/img/ajax-loader.gif">`, true},
		{"spinner svg", `<img src="https://example.com/static/spinner.svg">`, true},
		{"call-to-action image", `<a href="https://cta.example.com/r/1"><img class="hs-cta-img" src="https://cdn.example.com/cta/default/1/2.png" alt="Book now"></a>`, true},
		{"image in a call-to-action wrapper", `<span class="hs-cta-wrapper"><span class="hs-cta-node"><a href="/offer"><img src="https://cdn.example.com/b/2.png"></a></span></span>`, true},
		{"thumbnail linking to another page", `<div class="thumbnail"><a href="/pictures/other-gallery/"><span><img src="https://cdn.example.com/t/museum.jpg" width="170" height="128"></span></a></div>`, true},
		{"lazy thumbnail sized by its URL", `<div class="thumb"><a href="/pictures/other-gallery/2/"><img src="https://cdn.example.com/hub/thumbnail/170x128/ab/museum.jpg"></a></div>`, true},

		// Kept.
		{"photo under /images/2019/", `<img src="https://news.example.com/images/2019/11/19/students.jpg">`, false},
		{"600x400 photo", `<img src="https://example.com/a/b.jpg" width="600" height="400" alt="A crowd">`, false},
		{"photo of a logo, as JPEG", `<img src="https://example.com/uploads/logo-design-contest-winner.jpg">`, false},
		{"photo with logo in caption alt", `<img src="https://example.com/u/wework-sign.jpg" alt="The WeWork logo on a building">`, false},
		{"phone named pixel, as PNG", `<img src="https://example.com/u/google-pixel-4-xl.png">`, false},
		{"percentage width", `<img src="https://example.com/u/chart.png" width="100%">`, false},
		{"300x250 is no ad size alone", `<img src="https://example.com/u/thumb.jpg" width="300" height="250">`, false},
		{"figure in a story with share words in its text", `<figure class="story-image"><img src="https://example.com/u/p.jpg"><figcaption>Shares fell 4%</figcaption></figure>`, false},
		{"socialite is not social", `<div class="socialite-gallery"><img src="https://example.com/u/gala.jpg"></div>`, false},
		{"long text around a share class is a story", `<div class="has-share-bar"><p>` + strings.Repeat("A long paragraph of the story. ", 10) + `</p><img src="https://example.com/u/p.jpg"></div>`, false},
		{"full-quality dpr", `<img src="https://img.example.com/tv.jpg?width=640&dpr=2">`, false},
		{"wide width parameter", `<img src="https://media.example.net/r/?i=145&w=1200">`, false},
		{"alt that only mentions a line", `<img src="https://example.com/u/queue.jpg" alt="A line of voters">`, false},
		{"photo of a five-star hotel", `<img src="https://example.com/u/5-star-hotel.jpg">`, false},
		{"film poster named star", `<img src="https://example.com/u/star-wars-7.png">`, false},
		{"product named spinner, as PNG", `<img src="https://example.com/u/fidget-spinner.png">`, false},
		{"loading screen screenshot, as PNG", `<img src="https://example.com/u/game-loading-screen.png">`, false},
		{"cta word inside a story block", `<div class="story-cta"><p>` + strings.Repeat("A long paragraph of the story. ", 10) + `</p><img src="https://example.com/u/p.jpg"></div>`, false},
		{"thumbnail linking to its full picture", `<div class="thumbnail"><a href="https://example.com/u/museum-full.jpg"><img src="https://example.com/u/museum-170.jpg" width="170" height="128"></a></div>`, false},
		{"small linked image without thumbnail class", `<div class="product"><a href="https://shop.example.com/p/1"><img src="https://example.com/u/charger.jpg" width="170" height="128"></a></div>`, false},
		{"large image in a thumbnail block", `<div class="thumbnail"><a href="/story/"><img src="https://example.com/u/p.jpg" width="640" height="480"></a></div>`, false},
		{"unlinked thumbnail", `<div class="thumbnail"><img src="https://example.com/u/p.jpg" width="170" height="128"></div>`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			img := firstImage(t, tt.in)
			if got := isJunkImage(img); got != tt.junk {
				t.Errorf("isJunkImage(%s) = %v, want %v", tt.in, got, tt.junk)
			}
		})
	}
}

func TestRemoveJunkImages(t *testing.T) {
	tests := []struct {
		name, in, want string
		topImage       string
	}{
		{
			name: "junk figure goes with its caption",
			in: `<p>Text.</p><figure><img src="https://example.com/logo-footer.png" alt="Site">` +
				`<figcaption>1625 K Street, Washington DC</figcaption></figure>`,
			want: `<p>Text.</p>`,
		},
		{
			name: "link and list item left empty go",
			in:   `<ul class="links"><li><a href="https://x.example/"><img src="https://example.com/x-icon.png"></a></li><li>Keep</li></ul>`,
			want: `<ul class="links"><li>Keep</li></ul>`,
		},
		{
			name: "a photo and its figure stay",
			in:   `<figure><img src="https://example.com/images/2019/p.jpg" width="600" height="400"><figcaption>A crowd</figcaption></figure>`,
			want: `<figure><img src="https://example.com/images/2019/p.jpg" width="600" height="400"/><figcaption>A crowd</figcaption></figure>`,
		},
		{
			name: "a paragraph with text keeps its text",
			in:   `<p>Before <img src="https://example.com/spacer.gif"> after.</p>`,
			want: `<p>Before  after.</p>`,
		},
		{
			name: "placeholder replaced by the real source in srcset",
			in:   `<img src="https://img.example.com/a.jpg?dpr=0.05" srcset="https://img.example.com/a.jpg?w=640 640w, https://img.example.com/a.jpg?w=1280 1280w">`,
			want: `<img src="https://img.example.com/a.jpg?w=1280" srcset="https://img.example.com/a.jpg?w=640 640w, https://img.example.com/a.jpg?w=1280 1280w"/>`,
		},
		{
			name:     "placeholder replaced by the same picture as the top image",
			in:       `<figure><img src="https://img.example.net/r/?i=145&amp;r=LY&amp;w=20" alt="Traders"></figure>`,
			topImage: "https://img.example.net/r/?i=145&w=1200&r=LY",
			want:     `<figure><img src="https://img.example.net/r/?i=145&amp;w=1200&amp;r=LY" alt="Traders"/></figure>`,
		},
		{
			name:     "placeholder of another picture than the top image goes",
			in:       `<p>Text.</p><figure><img src="https://img.example.net/r/?i=146&amp;r=LY&amp;w=20"></figure>`,
			topImage: "https://img.example.net/r/?i=145&w=1200&r=LY",
			want:     `<p>Text.</p>`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := html.Parse(strings.NewReader(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			body := findElement(doc, func(el *html.Node) bool { return el.DataAtom == atom.Body })
			removeJunkImages(body, imagePage{topImage: tt.topImage})
			if got := renderBody(t, doc); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

// firstImage parses fragment and returns its first <img>.
func firstImage(t *testing.T, fragment string) *html.Node {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(fragment))
	if err != nil {
		t.Fatal(err)
	}
	img := findElement(doc, func(el *html.Node) bool { return el.DataAtom == atom.Img })
	if img == nil {
		t.Fatalf("no img in %s", fragment)
	}
	return img
}

func TestIsSiteImage(t *testing.T) {
	page := imagePage{host: "www.example.com", names: []string{"Example News", "Newsbeat"}}
	tests := []struct {
		name string
		in   string // HTML whose first <img> is judged
		want bool
	}{
		// The site's.
		{"section banner named for the section",
			`<figure><img src="https://cdn.example.net/news/320/_106311809_footerv6stu-nc.png" alt="Newsbeat"></figure>`, true},
		{"banner named for the site",
			`<figure><img src="https://cdn.example.net/img/masthead.svg" alt="example news"></figure>`, true},
		{"badge linking to a section of the site",
			`<div style="float: left"><a href="http://www.example.com/c/awards/"><img src="http://www.example.com/uploads/2017/05/iw_considerthis.png" alt="ConsiderThis" width="150" height="170"></a></div>`, true},
		{"subscription promo tracked as a campaign",
			`<a href="https://shop.example.org/magazine-subscription/?utm_source=example&amp;utm_medium=affiliates&amp;utm_campaign=space"><p><img src="https://cdn.example.net/9w3KUMoJj2ajCG3hFSWcW.png" alt="All About Space Holiday 2019"></p></a>`, true},

		// The article's.
		{"photo whose alt is the section's name",
			`<figure><img src="https://cdn.example.net/news/320/crowd.jpg" alt="Newsbeat"></figure>`, false},
		{"drawing described by its alt",
			`<figure><img src="https://cdn.example.net/news/320/chart.png" alt="Newsbeat listeners by age"></figure>`, false},
		{"large drawing linking to a page of the site",
			`<a href="https://www.example.com/2019/11/story/"><img src="https://www.example.com/u/chart.png" width="640" height="400"></a>`, false},
		{"small photo linking to a page of the site",
			`<a href="https://www.example.com/2019/11/story/"><img src="https://www.example.com/u/face.jpg" width="150" height="150"></a>`, false},
		{"small drawing linking to its full size",
			`<a href="https://www.example.com/u/chart-full.png"><img src="https://www.example.com/u/chart.png" width="150" height="150"></a>`, false},
		{"picture linking to another site without tracking",
			`<a href="https://www.instagram.com/p/B5Aa/"><img src="https://cdn.example.net/u/post.png" width="150" height="150"></a>`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			img := firstImage(t, tt.in)
			if got := isSiteImage(img, page); got != tt.want {
				t.Errorf("isSiteImage(%s) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}
