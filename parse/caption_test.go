package parse

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

func TestFileNameAlt(t *testing.T) {
	checkPredicate(t, "fileNameAlt", fileNameAlt, []predicateCase{
		{"Bike-&-Style-book__MG_2953", true},
		{"ez-comwrap-dmexco", true},
		{"airpods-pro-2.jpg", true},
		{"DSC01234", true},
		{"Covid-19", false},
		{"Jean-Luc", false},
		{"Space", false},
		{"A rider on the climb out of Malham", false},
	})
}

// TestPictureBlockText: the text beside an image in the picture block
// that wraps it alone is its caption; chrome, or a block of several
// pictures or a long story, gives none.
func TestPictureBlockText(t *testing.T) {
	tests := []struct{ name, page, want string }{
		{"a paragraph beside the image",
			`<div class="image top imgTop"><img src="/a.jpg" alt="Space"><p>Astronauts on a space walk. (NASA via AP, File)</p></div>`,
			"Astronauts on a space walk. (NASA via AP, File)"},
		{"a span beside the image's paragraph",
			`<div class="photo changeSpace"><p><img src="/a.jpg"></p><span>Plague can be easily vaccinated (Image: GETTY)</span></div>`,
			"Plague can be easily vaccinated (Image: GETTY)"},
		{"chrome", `<div class="image"><img src="/a.jpg"><a href="/big">Enlarge image</a></div>`, ""},
		{"a block of two images", `<div class="gallery"><img src="/a.jpg"><img src="/b.jpg"><p>Two views of the bridge.</p></div>`, ""},
		{"a block that is no picture's", `<div class="story"><img src="/a.jpg"><p>The mayor spoke on Monday.</p></div>`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			img := firstImageOf(t, tt.page)
			if got := pictureBlockText(img); got != tt.want {
				t.Errorf("pictureBlockText = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestNotedCaptions: the caption an image had before readability ran is
// put back when readability dropped it, or the cleaning its credit line.
func TestNotedCaptions(t *testing.T) {
	tests := []struct{ name, page, drop, want string }{
		{"the caption block dropped",
			`<ul><li><div class="img-wrap"><img src="https://news.example/a.jpg" alt="Esper in Hanoi. Photo: Hau Dinh, AP / Copyright 2019"></div>` +
				`<div class="caption" id="drop"><div class="caption-full">Esper shakes hands in Hanoi.</div><span class="credit">Photo: Hau Dinh, AP</span></div></li></ul>`,
			"drop", "Esper shakes hands in Hanoi. Photo: Hau Dinh, AP"},
		{"the credit line dropped",
			`<figure><img src="https://news.example/a.jpg"><figcaption>Cells with taste receptors. <span class="credit" id="drop">Photo: Ann Lee</span></figcaption></figure>`,
			"drop", "Cells with taste receptors. Photo: Ann Lee"},
		{"nothing dropped",
			`<figure><img src="https://news.example/a.jpg"><figcaption>The new bridge.</figcaption></figure>`,
			"", "The new bridge."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := html.Parse(strings.NewReader(tt.page))
			if err != nil {
				t.Fatal(err)
			}
			noteCaptions(doc)
			removeMatching(doc, func(n *html.Node) bool { return tt.drop != "" && attrVal(n, "id") == tt.drop })
			images := collectImages(doc)
			if len(images) != 1 || images[0].Caption != tt.want {
				t.Errorf("images %+v, want caption %q", images, tt.want)
			}
		})
	}
}

// TestCaptionText: a caption's text without its shortened copy and its
// more and less links, its credit once.
func TestCaptionText(t *testing.T) {
	tests := []struct{ name, caption, want string }{
		{"a shortened copy and its links",
			`<div class="caption"><div class="caption-full">Esper, left, and Lich shake hands in Hanoi.<a class="more-caption"> less</a></div>` +
				`<div class="caption-truncated">Esper, left, and Lich<a class="more-caption"> ... more</a></div></div>`,
			"Esper, left, and Lich shake hands in Hanoi."},
		{"a credit the caption names already",
			`<div class="caption"><div class="caption-full">The Islanders won 5-4. (AP Photo/Gene J. Puskar)</div><span class="credit">Photo: Gene J. Puskar</span></div>`,
			"The Islanders won 5-4. (AP Photo/Gene J. Puskar)"},
		{"an attribution that does not say it is one",
			`<figcaption><div class="caption"><p>Cells with taste receptors.</p></div><div class="attribution"><p><a href="/rb">RenderBurger</a> for Quanta Magazine</p></div></figcaption>`,
			"Cells with taste receptors. (RenderBurger for Quanta Magazine)"},
		{"a video's title above its description",
			`<div class="caption"><h4 class="title"><a href="/v/605">Fox Flash headlines for Nov. 19</a></h4><p>The day's entertainment headlines are here.</p></div>`,
			"Fox Flash headlines for Nov. 19. The day's entertainment headlines are here."},
		{"a title that ends a sentence",
			`<div class="caption"><h4>Who is Julian Assange?</h4><p>The founder of WikiLeaks.</p></div>`,
			"Who is Julian Assange? The founder of WikiLeaks."},
		{"a gallery's counter", `<div class="caption"><span class="count">2 of 4</span> A shopper looks at extension cords.</div>`,
			"A shopper looks at extension cords."},
		{"the button where the caption is cut", `<figcaption>If you are allergic, you can try one ... [+] with synthetic stuffing instead.</figcaption>`,
			"If you are allergic, you can try one with synthetic stuffing instead."},
		{"the spaces around an emphasis and a credit", `<figcaption><em>Yersinia pestis</em>, the bacteria that cause plague. <span>( Steve Gschmeissner)</span></figcaption>`,
			"Yersinia pestis, the bacteria that cause plague. (Steve Gschmeissner)"},
		{"the label read to screen readers", `<figcaption><span class="sc-1">Image caption, </span>Hospitals were told to see those waiting longest first</figcaption>`,
			"Hospitals were told to see those waiting longest first"},
		{"an agency's licensing link", `<figcaption><span>Steel coils at a port in Yokohama. REUTERS/Kim Kyung-Hoon</span>` +
			`<a href="https://www.reutersagency.com/x">Purchase Licensing Rights<span class="hidden">, opens new tab</span></a></figcaption>`,
			"Steel coils at a port in Yokohama. REUTERS/Kim Kyung-Hoon"},
		{"the licensing link's hidden words beside it", `<figcaption>Steel coils at a port. REUTERS/Kim Kyung-Hoon <a href="/l">Purchase Licensing Rights</a><span>, opens new tab</span></figcaption>`,
			"Steel coils at a port. REUTERS/Kim Kyung-Hoon"},
		{"a company credit beside its product", `<figcaption>Apple iPhone 11 Pro. <span class="credit">Apple, Inc.</span></figcaption>`,
			"Apple iPhone 11 Pro. (Apple, Inc.)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			nodes, err := html.ParseFragment(strings.NewReader(tt.caption), &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body})
			if err != nil || len(nodes) != 1 {
				t.Fatalf("parse %q: %v", tt.caption, err)
			}
			if got := captionText(nodes[0]); got != tt.want {
				t.Errorf("captionText = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestCreditBesideTheCaption: the credit block after a caption block is
// the caption's credit; a second caption after it is not.
func TestCreditBesideTheCaption(t *testing.T) {
	tests := []struct{ name, page, want string }{
		{"a credit block after the caption",
			`<div class="asset-image"><div class="image-image"><img src="/a.jpg"></div><div class="image-meta">` +
				`<div class="image-caption">Soccer ball on grass</div><div class="image-credit">Jupiterimages, Getty Images</div></div></div>`,
			"Soccer ball on grass (Jupiterimages, Getty Images)"},
		{"a labelled credit after the caption",
			`<div class="photo"><img src="/a.jpg"><p class="caption">The new bridge.</p><p class="credit">Photo: Ann Lee</p></div>`,
			"The new bridge. Photo: Ann Lee"},
		{"a credit the caption names",
			`<div class="photo"><img src="/a.jpg"><p class="caption">The new bridge. (AP Photo/Ann Lee)</p><p class="credit">Ann Lee, AP</p></div>`,
			"The new bridge. (AP Photo/Ann Lee)"},
		{"no credit after the caption",
			`<div class="photo"><img src="/a.jpg"><p class="caption">The new bridge.</p><p class="byline">By Tom Reeve</p></div>`,
			"The new bridge."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			img := firstImageOf(t, tt.page)
			if got := captionOf(img); got != tt.want {
				t.Errorf("caption %q, want %q", got, tt.want)
			}
		})
	}
}

// firstImageOf parses page and returns its first <img>.
func firstImageOf(t *testing.T, page string) *html.Node {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	return findElement(doc, func(n *html.Node) bool { return n.DataAtom == atom.Img })
}
