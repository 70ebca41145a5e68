package parse

import (
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// extractFile runs extractBody on testdata/body/name as if fetched from
// pageURL.
func extractFile(t *testing.T, name, pageURL, title string) (body, error) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", "body", name))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(strings.NewReader(string(raw)))
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(pageURL)
	if err != nil {
		t.Fatal(err)
	}
	return extractBody(doc, u, metadata{Title: title, Base: u})
}

func TestExtractBodyText(t *testing.T) {
	tests := []struct {
		name, file, title string
		want              []string // substrings of Text, in order
		absent            []string
	}{
		{
			name:  "share bar, related box, newsletter and ads removed",
			file:  "share_related.html",
			title: "City council approves new bike lanes on Main Street",
			want: []string{
				"The Riverside city council voted 7-2 on Monday night",
				"more than two years.\n\nThe plan removes one lane",
				"Shop owners split\n\nSeveral owners",
				"Construction is expected to start in March",
				"riding to school.”",
			},
			absent: []string{"Share on", "Twitter", "Related", "Parking fees", "newsletter", "Subscribe",
				"Advertisement", "comments", "By Maria Lopez", "Published", "City council approves",
				"Riverside Gazette", "Opinion", "All rights reserved"},
		},
		{
			name:  "embedded posts and paywalled text kept, bylines, hover cards and trailing headings dropped",
			file:  "embeds.html",
			title: "Governor defends anti-drug slogan after online mockery",
			want: []string{
				"The governor of South Dakota on Tuesday defended",
				"Rep. Jane Roe (R-S.D.) said the campaign",
				"Yes this is real and yes the state spent half a million dollars on it",
				"State officials said the agency",
				"whatever people thought of the wording.",
			},
			absent: []string{"Associated Press", "Published", "Roe backs farm bill", "MORE", "Governor defends",
				"half a million dollars.\n", "billboards along", "Copyright", "More from Politics", "Lawmakers return"},
		},
		{
			name:   "teaser cards after the story dropped",
			file:   "teasers.html",
			title:  "Is the new streaming console worth it? Reviewers are split",
			want:   []string{"The streaming games service launched", "grow beyond its launch line-up."},
			absent: []string{"koala", "train drivers", "baby food", "bushfires", "engineers"},
		},
		{
			name:  "live blog posts kept",
			file:  "liveblog.html",
			title: "Election night: live updates as results come in",
			want: []string{"22:40\n\nTurnout in the northern districts", "22:15\n\nThe first exit poll",
				"21:50\n\nCounting has begun", "21:30\n\nPolls have closed"},
		},
		{
			name:  "live blog updates keep their times",
			file:  "liveblog_time_blocks.html",
			title: "Election night 2024 live: results as they happen",
			want: []string{"01.40 BST\n\nTurnout appears lower\n\nTurnout looks", "23.15 BST\n\nFirst result declared",
				"22.00 BST\n\nExit poll\n\nThe exit poll"},
			absent: []string{"Priya Shah", "Load more"},
		},
		{
			name:  "live blog updates with their times under their headings keep them",
			file:  "liveblog_time_after_heading.html",
			title: "Storm Ciarán live: power cuts and closed roads across the south",
			want: []string{"Ferries cancelled until noon\n\n09:05 GMT\n\nAll crossings", "Thousands without power\n\n08:40 GMT",
				"Red warning in force\n\n08:00 GMT"},
			absent: []string{"Tom Ellis"},
		},
		{
			name:  "live blog posts with their times in headers keep them",
			file:  "liveblog_time_headers.html",
			title: "Storm Darragh live: power cuts and travel disruption",
			want: []string{"12:41 GMT\n\nRail services suspended in the west\n\nAll rail services",
				"11:05 GMT\n\nTens of thousands without power", "08:00 GMT\n\nRed warning in force"},
		},
		{
			name:   "a dateline above the first subheading is dropped",
			file:   "dateline_subheading.html",
			title:  "Harbour wall repairs to start in spring",
			want:   []string{"What the council decided\n\nThe council approved", "What happens next"},
			absent: []string{"Nov 19, 2019"},
		},
		{
			name:   "a line under a picture repeating its alt text is its caption",
			file:   "alt_echo_caption.html",
			title:  "Review: the new 16-inch laptop is the one to buy",
			want:   []string{"we have spent several days with it.", "The keyboard is the biggest change", "Battery life held up", "This line is emphasis"},
			absent: []string{"on a desk", "seen from above"},
		},
		{
			name:   "an Arabic byline above the story is no paragraph of it",
			file:   "arabic_byline.html",
			title:  "انخفاض عدد الإصابات الجديدة في البلاد",
			want:   []string{"قالت وزارة الصحة", "وقال الوزير"},
			absent: []string{"بقلم"},
		},
		{
			name:  "captions stay out of the text",
			file:  "figures.html",
			title: "Astronomers spot water vapour above Europa",
			want:  []string{"Astronomers using a telescope", "a first step,", "passes through them."},
			absent: []string{"Europa rises above the cloud tops", "Photo: NASA", "A map of the surface",
				"Astronomers spot water vapour above Europa"},
		},
		{
			name:  "headings, lists, quotes, line breaks and preformatted text kept",
			file:  "structure.html",
			title: "Five things to know before the budget vote",
			want: []string{
				"Lawmakers will vote on the budget",
				"\n\nWhat is in the plan\n\n",
				"a lower tax rate on the first band of income\n\nfree school meals for all primary pupils\n\na cap on rail fares",
				"“This budget puts families first,”",
				"underestimated by at least a third.\nThe vote is expected",
				"Revenue   412\nSpending  431",
			},
			absent: []string{"Read more", "ten charts"},
		},
		{
			// Items of two words at the top of the text read as a byline
			// or a date line, and the steps were lost one by one; a list
			// of names there is still the byline.
			name:  "a list of short items opening the story kept, a list of names dropped",
			file:  "short_list_items.html",
			title: "Budget at a glance: what changes for households",
			want: []string{
				"Register online.\n\nUpload proof.\n\nClaim by March.",
				"The government presented its budget",
				"Passport\n\n2 payslips\n\nTenancy agreement",
				"which has risen in each of the last three years.",
			},
			absent: []string{"Maria Lopez", "Tom Baker", "Riverside Gazette", "Sport"},
		},
		{
			// "Salt" reads as a name: a list of one-word items at the top
			// of the story lost them one by one, while a list of names or
			// of agencies is still the byline and a share bar's labels
			// still go.
			name:   "a list of one-word items opening the story kept",
			file:   "one_word_list_items.html",
			title:  "Three pantry staples that make a winter soup",
			want:   []string{"Salt\n\nButter\n\nBarley", "Most kitchens already hold"},
			absent: []string{"Maria Lopez", "Tom Baker", "Reuters", "AFP", "Facebook", "Twitter"},
		},
		{
			// A pitch for the site's own subscription at the end of the
			// story; the story's own prices and offers stay.
			name:  "an offer of the site's subscription dropped",
			file:  "subscription_offer.html",
			title: "Streaming service raises its prices for new members",
			want: []string{"will pay $8.99 a month", "Get the company's new streaming stick for $29.99",
				"the last quarter of the year.", "Disclaimer: The views of the analysts quoted are their own."},
			absent: []string{"letterbox", "12 issues", "for more information", "Get access", "Valley Plus"},
		},
		{
			// A blog's editor writes a caption as a line in italics under
			// the picture, and no class names it; a sentence in italics
			// there, or one away from a picture, is the story's.
			name:  "a line in italics under a picture is its caption",
			file:  "italic_caption.html",
			title: "Actress marks her birthday with new photos",
			want: []string{"Veteran actress Amaka Obi turned fifty", "She also said she would return",
				"Her cake weighed twelve kilograms.", "Fans and colleagues", "See more photos below"},
			absent: []string{"Amaka Obi\n", "at the premiere in Lagos"},
		},
		{
			// A deals story's links to buy at a price are what its readers
			// came for; a list of other stories still goes, a price in a
			// headline or a "get" leading it notwithstanding.
			name:  "a deals story's links to buy kept",
			file:  "deal_links.html",
			title: "Daily deals: a gaming monitor and wireless earbuds at their lowest prices",
			want: []string{"I love it, both for work and for games.", "Get it on Amazon for $649.99",
				"Get it at Walmart for $139\n\nBuy the pair with a spare case for $159", "check the price at the shop before you buy."},
			absent: []string{"More from", "Phone maker", "Console sales", "Get ready"},
		},
		{
			name:  "author's bio that ends asking to follow the site dropped at the end",
			file:  "trailing_promo.html",
			title: "Probe finds water vapour over a frozen moon",
			want: []string{"for the first time", "follow-up observations on Twitter and elsewhere",
				"what they carry from the ocean below."},
			absent: []string{"Far Shores", "@janeroe", "Follow us"},
		},
		{
			name:  "reading times, the writer's addresses and deals terms that open asking to follow an account dropped",
			file:  "trailing_terms.html",
			title: "The best headphone deals this week",
			want:  []string{"Wireless headphones rarely", "cost half as much as the new ones this week."},
			absent: []string{"@GadgetDeals", "Quantities may be limited", "commission",
				"Tempo de leitura", "Reading time", "min read", "Write to", "@example.com", "twitter.com"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := extractFile(t, tt.file, "https://news.example.com/2019/11/story.html", tt.title)
			if err != nil {
				t.Fatalf("extractBody: %v", err)
			}
			rest := b.Text
			for _, w := range tt.want {
				i := strings.Index(rest, w)
				if i < 0 {
					t.Fatalf("text lacks %q (in order); text:\n%s", w, b.Text)
				}
				rest = rest[i+len(w):]
			}
			for _, a := range tt.absent {
				if strings.Contains(b.Text, a) {
					t.Errorf("text holds %q; text:\n%s", a, b.Text)
				}
			}
			if strings.Contains(b.Text, "\n\n\n") || b.Text != strings.TrimSpace(b.Text) {
				t.Errorf("text has stray blank lines: %q", b.Text)
			}
		})
	}
}

func TestExtractBodyImages(t *testing.T) {
	b, err := extractFile(t, "figures.html", "https://news.example.com/science/europa-water.html", "")
	if err != nil {
		t.Fatalf("extractBody: %v", err)
	}
	want := []Image{
		{URL: "https://news.example.com/images/europa-large.jpg", Alt: "Europa rising above Jupiter",
			Caption: "Europa rises above the cloud tops of Jupiter. Photo: NASA"},
		{URL: "https://news.example.com/science/photos/telescope.jpg", Alt: "The telescope dome at night",
			Caption: "The telescope dome at night"},
		{URL: "https://cdn.example.org/maps/europa-map.png", Alt: "Map of Europa",
			Caption: "A map of the surface of Europa built from spacecraft images."},
	}
	if len(b.Images) != len(want) {
		t.Fatalf("got %d images, want %d: %+v", len(b.Images), len(want), b.Images)
	}
	for i := range want {
		if b.Images[i] != want[i] {
			t.Errorf("image %d = %+v, want %+v", i, b.Images[i], want[i])
		}
	}
	for _, w := range []string{
		`src="https://news.example.com/science/photos/telescope.jpg"`,
		`https://news.example.com/science/photos/telescope-1280.jpg 1280w`,
		`<figcaption>`,
	} {
		if !strings.Contains(b.HTML, w) {
			t.Errorf("html lacks %s:\n%s", w, b.HTML)
		}
	}
}

// The lead figure sits between the headline and the story's container:
// readability leaves it out, the extraction puts it back in front.
func TestExtractBodyLeadFigure(t *testing.T) {
	b, err := extractFile(t, "lead_figure.html", "https://courier.example/news/ferry-returns", "")
	if err != nil {
		t.Fatalf("extractBody: %v", err)
	}
	want := []Image{
		{URL: "https://courier.example/img/ferry-1200.jpg", Alt: "The ferry leaving the harbour",
			Caption: "The first sailing left the harbour at 7am on Saturday. Photo: Ann Lee"},
		{URL: "https://courier.example/img/pier.jpg", Alt: "Workers on the pier",
			Caption: "Workers replaced forty timber piles."},
	}
	if len(b.Images) != len(want) {
		t.Fatalf("images = %+v, want %+v", b.Images, want)
	}
	for i := range want {
		if b.Images[i] != want[i] {
			t.Errorf("image %d = %+v, want %+v", i, b.Images[i], want[i])
		}
	}
	if !strings.Contains(b.HTML, "ferry-1200.jpg") || strings.Index(b.HTML, "ferry-1200.jpg") > strings.Index(b.HTML, "The ferry between") {
		t.Errorf("lead figure missing or not first in html:\n%s", b.HTML)
	}
	if strings.Contains(b.Text, "first sailing left") {
		t.Errorf("caption leaked into text:\n%s", b.Text)
	}
}

// TestExtractBodyLeadFigureInHeader: the lead figure of the article
// header, which the furniture removal takes with the headline and the
// byline, is put back in front of the story.
func TestExtractBodyLeadFigureInHeader(t *testing.T) {
	tests := []struct {
		name, file string
		want       Image
	}{
		{"a figure after the headline", "lead_figure_in_header.html", Image{URL: "https://science.example/filer/96/57/yersinia-800x600.jpg",
			Alt:     "Yersinia pestis under a microscope",
			Caption: "Yersinia pestis, the bacteria that cause plague, survives on fleas that live on rodents. (Steve Gschmeissner/Science Photo Library)"}},
		// A theme's featured image, above the headline in the header.
		{"a figure before the headline", "lead_figure_before_headline.html", Image{URL: "https://science.example/wp-content/uploads/2018/08/photo_2018-08-13.jpg",
			Alt: "A vortex ring leaving the cannon", Caption: "A vortex ring leaving the cannon"}},
		// The summary under the headline, a long paragraph, comes before
		// the picture (Ghost's article-excerpt, the Guardian's standfirst).
		{"a figure after the standfirst", "lead_figure_after_standfirst.html", Image{URL: "https://science.example/content/images/2025/03/bridge.jpg",
			Alt: "The harbour bridge at dusk", Caption: "The bridge carries about 170,000 vehicles a day and no bicycles."}},
		// A figure in all but name: a <div> of the picture and its
		// caption, in the header the furniture removal takes.
		{"a captioned picture block in the header", "lead_picture_div_in_header.html", Image{URL: "https://science.example/img/bridge.jpg",
			Alt: "The old bridge", Caption: "The old bridge, closed since 2019, will be replaced by 2027. (Photo: Ana Ruiz)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := extractFile(t, tt.file, "https://science.example/news/plague-china", "")
			if err != nil {
				t.Fatalf("extractBody: %v", err)
			}
			if len(b.Images) != 1 || b.Images[0] != tt.want {
				t.Errorf("images = %+v, want [%+v]", b.Images, tt.want)
			}
			if strings.Contains(b.Text, "Brigit Katz") || strings.Contains(b.Text, "Yersinia pestis") {
				t.Errorf("header or caption leaked into text:\n%s", b.Text)
			}
		})
	}
}

// TestExtractBodyNoscriptCopies: the <noscript> copy of a lazy picture,
// before or after it and at another address, is not a second picture;
// the copy, written for clients without scripts, is the one kept.
func TestExtractBodyNoscriptCopies(t *testing.T) {
	tests := []struct {
		file string
		want Image
	}{
		{"noscript_after_lazy.html", Image{URL: "https://herald.example/img/ns-800x600.jpg?w=800", Alt: "NS", Caption: "NS cap"}},
		{"noscript_before_lazy.html", Image{URL: "https://herald.example/img/ns.jpg", Alt: "NS", Caption: "NS cap"}},
		// A <noscript> beside the container of a lazy picture is no copy.
		{"noscript_beside_container.html", Image{URL: "https://herald.example/img/ns-800x600.jpg", Alt: "NS", Caption: "NS cap"}},
		// The lazy URL is broken (WordPress's "&#038;" escaped once more).
		{"noscript_jetpack.html", Image{URL: "https://i0.wp.com/herald.example/uploads/pipes.png?resize=808%2C1270&ssl=1", Alt: "Old pipes", Caption: "Old pipes"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			b, err := extractFile(t, tt.file, "https://herald.example/news/water", "")
			if err != nil {
				t.Fatalf("extractBody: %v", err)
			}
			if len(b.Images) != 1 || b.Images[0] != tt.want {
				t.Errorf("images = %+v, want [%+v]", b.Images, tt.want)
			}
			if n := strings.Count(b.HTML, "<img"); n != 1 {
				t.Errorf("html has %d pictures, want 1:\n%s", n, b.HTML)
			}
		})
	}
}

func TestExtractBodyLazyPlaceholder(t *testing.T) {
	b, err := extractFile(t, "embeds.html", "https://news.example.com/2019/11/slogan.html", "")
	if err != nil {
		t.Fatalf("extractBody: %v", err)
	}
	want := Image{URL: "https://images.example.org/billboard.jpg", Alt: "A billboard on the interstate",
		Caption: "One of the billboards along the interstate."}
	if len(b.Images) != 1 || b.Images[0] != want {
		t.Fatalf("images = %+v, want [%+v]", b.Images, want)
	}
	if !strings.Contains(b.HTML, "<blockquote>") {
		t.Errorf("embedded post lost from html:\n%s", b.HTML)
	}
}

// TestExtractBodyJunkImages checks, on one page, that each kind of
// picture that is not the article's is dropped and that the lazy pictures
// whose real source the page names are listed at that source.
func TestExtractBodyJunkImages(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("testdata", "body", "junk_images.html"))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(strings.NewReader(string(raw)))
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse("https://harbour.example/news/museum")
	if err != nil {
		t.Fatal(err)
	}
	top := "https://img.example.net/r/?d=20191119&i=1454&w=1200&r=LYNX"
	b, err := extractBody(doc, u, metadata{TopImage: top, Base: u})
	if err != nil {
		t.Fatalf("extractBody: %v", err)
	}
	listed := map[string]bool{}
	for _, img := range b.Images {
		listed[img.URL] = true
	}
	tests := []struct {
		name, url string
		listed    bool
	}{
		{"placeholder replaced by the same picture in og:image", top, true},
		{"loader src replaced by the lazy srcset", "https://harbour.example/photos/2019/11/19/boats_t1200.jpg", true},
		{"loader png not listed", "https://harbour.example/graphics/2018/07/site-loader.png", false},
		{"spinner gif", "https://harbour.example/img/ajax-loader.gif", false},
		{"star rating", "https://assets.example.com/2019/09/review_4_stars.png", false},
		{"call-to-action button", "https://cdn.example.com/cta/default/1/2.png", false},
		{"related gallery thumbnail", "https://cdn.example.com/hub/i/r/2018/10/31/a1/thumbnail/170x128/b2/museum-1.jpg", false},
		{"lazy related gallery thumbnail", "https://cdn.example.com/hub/i/r/2018/10/31/c3/thumbnail/170x128/d4/museum-2.jpg", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if listed[tt.url] != tt.listed {
				t.Errorf("%s listed = %v, want %v; images: %+v", tt.url, listed[tt.url], tt.listed, b.Images)
			}
		})
	}
	if len(b.Images) != 2 {
		t.Errorf("got %d images, want 2: %+v", len(b.Images), b.Images)
	}
}

// predicateCase is a text and whether a predicate holds for it.
type predicateCase struct {
	in   string
	want bool
}

// checkPredicate runs a predicate of texts over its cases.
func checkPredicate(t *testing.T, name string, holds func(string) bool, tests []predicateCase) {
	t.Helper()
	for _, tt := range tests {
		if got := holds(tt.in); got != tt.want {
			t.Errorf("%s(%q) = %v, want %v", name, tt.in, got, tt.want)
		}
	}
}

func TestIsTimestamp(t *testing.T) {
	checkPredicate(t, "isTimestamp", isTimestamp, []predicateCase{
		{"Nov. 20, 2019, 9:28 AM UTC", true},
		{"segunda-feira, 22 de janeiro de 2018 às 0:13", true},
		{"02 Ago 2017", true},
		{"05/10/2018", true},
		{"Calendário da Stock Car 2018", false},
		{"RRP: 49.95 Euro (£40)", false},
		{"The vote is at 10:30 on Tuesday in the main chamber of the parliament building.", false},
	})
}

func TestFurnitureWord(t *testing.T) {
	tests := []struct{ in, want string }{
		{"article__share-bar", "share"},
		{"StoryShareBottom", "share"},
		{"read-more-link", "readmore"},
		{"shareholder-news", ""},
		{"article-body", ""},
		{"adaptive-header-image", "header"},
		{"l-article-header", "header"},
		{"paywall", ""},
		// A call to action: a box that asks the reader to join or buy.
		{"membership-cta-wrap", "cta"},
		{"ctaBanner", "cta"},
		{"call-to-action", "calltoaction"},
		{"obiter-dicta", ""},
	}
	for _, tt := range tests {
		if got := furnitureWord(tt.in); got != tt.want {
			t.Errorf("furnitureWord(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestExtractBodySanitisesHTML(t *testing.T) {
	b, err := extractFile(t, "dangerous.html", "https://news.example.com/coast/harbour/reopens.html", "")
	if err != nil {
		t.Fatalf("extractBody: %v", err)
	}
	for _, bad := range []string{"<script", "alert", "onclick", "onload", "onerror", "onmouseover",
		"javascript:", "<base", "http-equiv", "refresh", "<iframe", "<form", "<input", "<button",
		"evil.example.com", headlineMark, "class="} {
		if strings.Contains(b.HTML, bad) {
			t.Errorf("html holds %q:\n%s", bad, b.HTML)
		}
	}
	for _, good := range []string{
		`href="https://news.example.com/reports/sea-wall.pdf"`,
		`href="https://news.example.com/coast/archive/storm.html"`,
		`src="https://news.example.com/coast/harbour/img/harbour.jpg"`,
		`href="https://cdn.example.org/gallery"`,
		"The harbour reopened to fishing boats on Friday",
	} {
		if !strings.Contains(b.HTML, good) {
			t.Errorf("html lacks %s:\n%s", good, b.HTML)
		}
	}
	if strings.Contains(b.Text, "alert") || strings.Contains(b.Text, "stolen") {
		t.Errorf("script text leaked into text:\n%s", b.Text)
	}
}

func TestExtractBodyNotArticle(t *testing.T) {
	for _, name := range []string{"not_article.html"} {
		t.Run(name, func(t *testing.T) {
			_, err := extractFile(t, name, "https://news.example.com/login", "Sign in")
			if !errors.Is(err, ErrNotArticle) {
				t.Fatalf("err = %v, want ErrNotArticle", err)
			}
		})
	}
	t.Run("empty document", func(t *testing.T) {
		doc, err := html.Parse(strings.NewReader(""))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := extractBody(doc, &url.URL{}, metadata{Base: &url.URL{}}); !errors.Is(err, ErrNotArticle) {
			t.Fatalf("err = %v, want ErrNotArticle", err)
		}
	})
}

func TestRenderText(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"inline whitespace collapsed", "<p>  one\n two <b>three</b>  <i>four</i></p>", "one two three four"},
		{"no space added inside words", "<p>Bor<b>ing</b> and fun</p>", "Boring and fun"},
		{"blocks get blank lines", "<div><p>one</p><p>two</p></div><h2>three</h2>", "one\n\ntwo\n\nthree"},
		{"br is a line break", "<p>one<br>two<br><br>three</p>", "one\ntwo\nthree"},
		{"nbsp is a space", "<p>ten\u00a0km</p>", "ten km"},
		{"invisible characters dropped", "<p>ex\u00adtra\u200bordinary \ufeffword</p>", "extraordinary word"},
		{"list items are paragraphs", "<ul><li>a</li><li>b</li></ul>", "a\n\nb"},
		{"table cells spaced", "<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>", "a b\n\nc"},
		{"scripts and styles skipped", "<p>a<script>x()</script><style>p{}</style>b</p>", "ab"},
		{"pre keeps lines", "<p>a</p><pre>  x = 1\n  y = 2\n</pre>", "a\n\n  x = 1\n  y = 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := html.Parse(strings.NewReader(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.TrimSpace(renderText(doc)); got != tt.want {
				t.Errorf("renderText = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestResolveURL(t *testing.T) {
	base, _ := url.Parse("https://news.example.com/a/b/page.html")
	tests := []struct{ in, want string }{
		{"img/x.jpg", "https://news.example.com/a/b/img/x.jpg"},
		{"/x.jpg", "https://news.example.com/x.jpg"},
		{"//cdn.example.org/x.jpg", "https://cdn.example.org/x.jpg"},
		{"../x.html", "https://news.example.com/a/x.html"},
		{"javascript:alert(1)", ""},
		{" JavaScript:alert(1)", ""},
		{"data:text/html,<script>", ""},
		{"vbscript:x", ""},
		{"mailto:desk@example.com", "mailto:desk@example.com"},
		{"#section", "#section"},
	}
	for _, tt := range tests {
		if got := resolveURL(base, tt.in); got != tt.want {
			t.Errorf("resolveURL(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestResolveSrcset(t *testing.T) {
	base, _ := url.Parse("https://news.example.com/a/page.html")
	got := resolveSrcset(base, "x-640.jpg 640w, /x-1280.jpg 1280w, javascript:x 2x")
	want := "https://news.example.com/a/x-640.jpg 640w, https://news.example.com/x-1280.jpg 1280w"
	if got != want {
		t.Errorf("resolveSrcset = %q, want %q", got, want)
	}
}

// FuzzExtractBody checks that no input makes extraction panic.
func FuzzExtractBody(f *testing.F) {
	f.Add(`<article><h1>T</h1><p class="byline">By A</p><p>Text of the story, long enough.</p>` +
		`<figure><img data-src="a.jpg"><figcaption>C</figcaption></figure><ul><li><a href="/x">x</a></li></ul></article>`)
	f.Add(`<div class="share"><a href="javascript:x">s</a></div><p onclick="x">p<br>q</p><pre> a</pre>`)
	f.Add("<p>")
	base, _ := url.Parse("https://news.example.com/x/y.html")
	f.Fuzz(func(t *testing.T, page string) {
		doc, err := html.Parse(strings.NewReader(page))
		if err != nil {
			return
		}
		_, _ = extractBody(doc, base, metadata{Title: "Title", Base: base})
	})
}

// TestCleanContent runs the cleaning on trees shaped like readability's
// output, for cases readability rarely hands over on small pages.
func TestCleanContent(t *testing.T) {
	tests := []struct {
		name, in     string
		want, absent []string
	}{
		{
			name: "teaser cards in the chosen container",
			in: `<div><p>The service launched on Tuesday with a short list of titles and a promise of more to come.</p>
				<section><article><h3><a href="/a">Koala rescued from a bushfire</a></h3><p>Fires are spreading across the region.</p></article>
				<article><a href="/b"><h3>The hidden trauma of train drivers</h3></a><p>Half of engineers have struck someone.</p></article></section></div>`,
			want:   []string{"The service launched on Tuesday"},
			absent: []string{"Koala", "bushfire", "train drivers", "engineers"},
		},
		{
			name: "live blog posts with time headings",
			in: `<div><article><h3>22:40</h3><p>Turnout in the north is higher than at the last election.</p></article>
				<article><h3>22:15</h3><p>The first exit poll puts the governing party narrowly ahead.</p></article></div>`,
			want: []string{"22:40", "Turnout in the north", "22:15", "The first exit poll"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := html.Parse(strings.NewReader(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			cleanContent(doc, "Headline")
			text := renderText(doc)
			for _, w := range tt.want {
				if !strings.Contains(text, w) {
					t.Errorf("text lacks %q:\n%s", w, text)
				}
			}
			for _, a := range tt.absent {
				if strings.Contains(text, a) {
					t.Errorf("text holds %q:\n%s", a, text)
				}
			}
		})
	}
}

func TestCleanOrKeepFallsBack(t *testing.T) {
	var b strings.Builder
	b.WriteString("<div><ul>")
	for i := 0; i < 10; i++ {
		b.WriteString(`<li><a href="/s">The council publishes its full report on river pollution in the valley</a> (pdf)</li>`)
	}
	b.WriteString("</ul></div>")
	doc, err := html.Parse(strings.NewReader(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	_, text := cleanOrKeep(doc, "Reading list")
	if strings.Count(text, "river pollution") != 10 {
		t.Errorf("a link roundup was cleaned away instead of kept:\n%s", text)
	}
}

func TestIsBoilerplateLine(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"Advertisement", true},
		{"Filed under: Politics, Economy", true},
		{"Filed under the Freedom of Information Act, the request was denied.", false},
		{"Like this story? Share it with a friend!", true},
		{"Like many coastal towns, Millbrook depends on its harbour.", false},
		{"Join our Space Forums to keep talking space on the latest missions, night sky and more!", true},
		{"Join our reporters as they follow the count through the night.", false},
		{"Join our community of volunteers at the town hall on Saturday, the campaign group said in a statement.", false},
		{"Filed under: the Highways Act, the objection was rejected by the inspector in March.", false},
		{"Filed in: Business | Markets", true},
		{"Follow @BGRDeals on Twitter to keep up with the latest and greatest deals", true},
		{"Related post: How to sleep better", true},
		{"Reach the reporters on Twitter at http://twitter.com/janedoe and http://twitter.com/joebloggs", true},
		{"Contact the author at jane.doe@example.com.", true},
		{"Follow him on Twitter @janedoe.", true},
		{"Follow the wire's full coverage of the election at https://www.example.com/election", true},
		{"Follow them at a distance, police told drivers.", false},
		{"Reach the summit at dawn, the guide said.", false},
		{"Contact the council at the town hall for details.", false},
		{"Listen to Newsbeat live at 12:45 and 17:45 weekdays - or listen back here.", true},
		{"Listen to the Morning Show live from 7am on weekdays.", true},
		{"Listen again", true},
		{"Listen to the full interview below, in which the minister defends the plan.", false},
		{"Listen to what the crowd chanted live on air, the presenter said.", false},
		{"Iklan", true},
		{"Реклама", true},
		{"RECENT ARTICLES", true},
		{"Popular this week", true},
		{"Breaking News", true},
		{"More:", true},
		{"Read more: Parking fees to rise next year", true},
		{"Share this article", true},
		{"Photo: Getty Images", true},
		{"Image 1 of 5", true},
		{"12 comments", true},
		{"Post Comment (+)", true},
		{"Join the conversation...", true},
		{"Media playback is unsupported on your device", true},
		{"Your browser does not support the video tag.", true},
		{"Please enable JavaScript to view this video", true},
		{"Your browser history is sold to advertisers, the report found.", false},
		{"Media playback rights were sold to a streaming service on Monday.", false},
		{"Please enable the emergency alerts on your phone, the mayor said.", false},
		{"Ad hoc committee approves the plan", false},
		{"More than 200 people attended the meeting.", false},
		{"Photo finish decides the race", false},
		{"Read the full statement below.", false},
		{"Popular support for the plan has grown since spring.", false},
		{"___", false},
	}
	for _, tt := range tests {
		if got := isBoilerplateLine(tt.in); got != tt.want {
			t.Errorf("isBoilerplateLine(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// TestCaptionAfterTheFigure: a <figcaption> a template puts right after
// the figure, or after the element holding the figure alone, is the
// image's caption; one after a block of several images is none of theirs.
func TestCaptionAfterTheFigure(t *testing.T) {
	tests := []struct{ name, page, want string }{
		{"after the figure",
			`<div><figure><div class="lazy"><img src="/a.jpg"></div></figure><figcaption><span>Traders on the floor.</span></figcaption></div>`,
			"Traders on the floor."},
		{"after the figure's holder",
			`<section><div><figure><picture><img src="/a.jpg" alt="Image: the house"></picture></figure></div><figcaption><span>The house.</span> <span>Photo agency</span></figcaption></section>`,
			"The house. Photo agency"},
		{"after a block of two images",
			`<section><div><figure><img src="/a.jpg"></figure><figure><img src="/b.jpg"></figure></div><figcaption>Both.</figcaption></section>`,
			""},
		{"a paragraph after the figure", `<div><figure><img src="/a.jpg"></figure><p>Story text.</p></div>`, ""},
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

// TestRelatedPostsAfterAShortPost: the excerpts of other posts under a
// heading a blog template classes as related ("Você pode gostar...") are
// not the post's text, even when they outweigh it.
func TestRelatedPostsAfterAShortPost(t *testing.T) {
	b, err := extractFile(t, "related_posts.html", "https://mensagens.example/quem-se-ama", "Quem se ama cuida de si")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.Text, "Quem se ama aprende a dizer não") || !strings.Contains(b.Text, "Cuidar de si") {
		t.Errorf("the post's text is missing:\n%s", b.Text)
	}
	for _, other := range []string{"otimismo", "família", "Força para vencer", "Você pode gostar"} {
		if strings.Contains(b.Text, other) {
			t.Errorf("text holds %q of the related posts:\n%s", other, b.Text)
		}
	}
}

// TestRelatedSectionsByLabel: a heading whose whole text labels other
// stories, over items that all link elsewhere, goes with its items; the
// same words over the story's own paragraphs stay.
func TestRelatedSectionsByLabel(t *testing.T) {
	const story = `<article><h1>Диета Аткинса</h1><p>` +
		`Диета Аткинса ограничивает углеводы и позволяет есть мясо, рыбу, яйца и сыр без строгого подсчёта калорий.</p>` +
		`<p>Первая фаза длится две недели, за это время вес уходит быстрее всего.</p></article>`
	tests := []struct {
		name, tail string
		kept       bool
	}{
		{"teasers under a label", `<div id="tumblock"><h2>Самые популярные диеты</h2>` +
			`<div class="tumb"><a href="/belkovaya.html">Белковая диета</a><div>Результаты похудения до 10 кг за 14 дней.</div></div>` +
			`<div class="tumb"><a href="/grechnevaya.html">Гречневая диета</a><div>Сбрасывается до 12 кг за 14 дней.</div></div></div>`, false},
		{"the label's words over the story's text", `<section><h2>Most popular diets</h2>` +
			`<p>Keto and Atkins were the diets readers asked about most this year, a survey found.</p>` +
			`<p>Both cut carbohydrates sharply in their first weeks.</p></section>`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := html.Parse(strings.NewReader("<html><body>" + story + tt.tail + "</body></html>"))
			if err != nil {
				t.Fatal(err)
			}
			removeRelatedSections(doc)
			var sb strings.Builder
			html.Render(&sb, doc)
			if got := strings.Contains(sb.String(), "<h2>"); got != tt.kept {
				t.Errorf("heading kept %v, want %v:\n%s", got, tt.kept, sb.String())
			}
			if !strings.Contains(sb.String(), "Первая фаза") {
				t.Errorf("the story went too")
			}
		})
	}
}

func TestIsCommentPolicy(t *testing.T) {
	for text, want := range map[string]bool{
		"ATENÇÃO: Comentários com textos ininteligíveis ou que faltem com respeito ao usuário não serão aprovados pelo moderador.": true,
		"Comments are moderated and may take a while to appear.":                                                                   true,
		"The mayor's comments were approved by the council on Tuesday.":                                                            false,
		"Los comentarios con insultos serán eliminados por el moderador.":                                                          true,
		"Note: we are temporarily moderating all comments submitted to deal with a surge in spam.":                                 true,
		"The senator, a moderate, said the comments were unfair.":                                                                  false,
		strings.Repeat("The council debated the plan for hours. ", 6) + "Comments from residents were moderated by the clerk.":     false,
	} {
		if got := isCommentPolicy(text); got != want {
			t.Errorf("isCommentPolicy(%.60q) = %v, want %v", text, got, want)
		}
	}
}

// AMP pages mark their pictures up as <amp-img>, each with a <noscript>
// copy of itself: they must come out once each, as <img>.
func TestExtractBodyAMPImages(t *testing.T) {
	b, err := extractFile(t, "amp.html", "https://coastherald.example/news/bridge-reopens", "Harbour bridge reopens after two years of repairs")
	if err != nil {
		t.Fatalf("extractBody: %v", err)
	}
	want := []Image{
		{URL: "https://coastherald.example/media/2019/11/bridge-dawn.jpg", Alt: "The bridge at dawn",
			Caption: "The first cars crossed the bridge at dawn on Monday. Photo: Ana Ruiz"},
		{URL: "https://coastherald.example/media/2019/11/girder-crew.jpg", Alt: "Welders on a girder",
			Caption: "Welders on a girder"},
	}
	if len(b.Images) != len(want) {
		t.Fatalf("images = %+v, want %+v", b.Images, want)
	}
	for i := range want {
		if b.Images[i] != want[i] {
			t.Errorf("image %d = %+v, want %+v", i, b.Images[i], want[i])
		}
	}
	if n := strings.Count(b.HTML, `<img src="https://coastherald.example/media/2019/11/bridge-dawn.jpg"`); n != 1 {
		t.Errorf("html has the lead picture %d times, want once:\n%s", n, b.HTML)
	}
	if !strings.Contains(b.HTML, `girder-crew.jpg`) || strings.Contains(b.HTML, "amp-img") {
		t.Errorf("html lacks the <img> of the second picture or keeps amp-img:\n%s", b.HTML)
	}
}

// TestSanitizeKeepsListNumbering: an ordered list keeps where its
// numbering starts (a ranking continued from another page) and its
// direction; values that are not numbers are dropped.
func TestSanitizeKeepsListNumbering(t *testing.T) {
	tests := []struct{ in, want string }{
		{`<ol start="4"><li>four</li></ol>`, `<ol start="4"><li>four</li></ol>`},
		{`<ol start="-2"><li>minus two</li></ol>`, `<ol start="-2"><li>minus two</li></ol>`},
		{`<ol start="4; color:red"><li>x</li></ol>`, `<ol><li>x</li></ol>`},
		{`<ol reversed start="3"><li>three</li></ol>`, `<ol reversed="" start="3"><li>three</li></ol>`},
		{`<ol reversed="onclick"><li>x</li></ol>`, `<ol><li>x</li></ol>`},
		{`<ol><li value="7">seven</li></ol>`, `<ol><li value="7">seven</li></ol>`},
		{`<ul start="4"><li>x</li></ul>`, `<ul><li>x</li></ul>`},
	}
	for _, tt := range tests {
		doc, err := html.Parse(strings.NewReader("<body>" + tt.in + "</body>"))
		if err != nil {
			t.Fatal(err)
		}
		body := doc.FirstChild.LastChild
		if got := sanitizeHTML(body); got != "<body>"+tt.want+"</body>" && got != tt.want {
			t.Errorf("sanitizeHTML(%s) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

// TestSanitizeKeepsAltText: an image's alt text and a title stay whatever
// punctuation they hold, escaped; a control character or markup cannot
// break out of the attribute.
func TestSanitizeKeepsAltText(t *testing.T) {
	tests := []struct{ in, want string }{
		{`<img src="https://a.example/m.jpg" alt="The mayor’s car outside the hall">`,
			`<img src="https://a.example/m.jpg" alt="The mayor’s car outside the hall"/>`},
		{`<img src="https://a.example/m.jpg" alt="Where now? Protesters chant “No cuts”">`,
			`<img src="https://a.example/m.jpg" alt="Where now? Protesters chant “No cuts”"/>`},
		{`<img src="https://a.example/m.jpg" alt="Rates up 5%; a &lt; b &amp; &quot;c&quot;">`,
			`<img src="https://a.example/m.jpg" alt="Rates up 5%; a &lt; b &amp; &#34;c&#34;"/>`},
		{`<img src="https://a.example/m.jpg" alt='x" onerror="alert(1)'>`,
			`<img src="https://a.example/m.jpg" alt="x&#34; onerror=&#34;alert(1)"/>`},
		{`<abbr title="Gross domestic product (2024, %)">GDP</abbr>`,
			`<abbr title="Gross domestic product (2024, %)">GDP</abbr>`},
		{"<img src=\"https://a.example/m.jpg\" alt=\"bell\x07\">", `<img src="https://a.example/m.jpg"/>`},
	}
	for _, tt := range tests {
		doc, err := html.Parse(strings.NewReader("<body><p>" + tt.in + "</p></body>"))
		if err != nil {
			t.Fatal(err)
		}
		if got := sanitizeHTML(doc.FirstChild.LastChild); got != "<p>"+tt.want+"</p>" {
			t.Errorf("sanitizeHTML(%s)\n = %s\nwant <p>%s</p>", tt.in, got, tt.want)
		}
	}
}

func TestIsCopyright(t *testing.T) {
	checkPredicate(t, "isCopyright", isCopyright, []predicateCase{
		{"© 2019 The Courier", true},
		{"All rights reserved.", true},
		{"Copyright @ 2019 The New Arab.", true},
		{"Copyright 2019 The Associated Press.", true},
		{"Copyright (c) 2020 Example Media", true},
		{"Copyright claims in 2019 rose by a third, the office said.", false},
		{"Copyright law protects the photographs, the judge said.", false},
		{"Copyright 2019 reforms in the European Union forced platforms to filter uploads, critics said.", false},
	})
}

// TestDropEmptyShells: list items, lists, figures and links with neither
// text nor media, and pictures without a source, leave the clean HTML;
// those with either stay.
func TestDropEmptyShells(t *testing.T) {
	tests := []struct{ in, want string }{
		{`<ul><li></li><li> </li></ul><p>Text.</p>`, `<p>Text.</p>`},
		{`<ul><li>One</li><li></li></ul>`, `<ul><li>One</li></ul>`},
		{`<figure><a href="https://twitter.com/x/status/1"></a></figure><p>Text.</p>`, `<p>Text.</p>`},
		{`<figure><img alt="Rain"/></figure>`, ``},
		{`<figure><img src="https://news.example/a.jpg"/></figure>`, `<figure><img src="https://news.example/a.jpg"/></figure>`},
		{`<p>See <a href="https://news.example/a">the report</a><a href="https://news.example/b"></a>.</p>`,
			`<p>See <a href="https://news.example/a">the report</a>.</p>`},
		{`<ol><li><img src="https://news.example/a.jpg"/></li></ol>`, `<ol><li><img src="https://news.example/a.jpg"/></li></ol>`},
	}
	for _, tt := range tests {
		doc, err := html.Parse(strings.NewReader("<body>" + tt.in + "</body>"))
		if err != nil {
			t.Fatal(err)
		}
		body := findElement(doc, func(el *html.Node) bool { return el.DataAtom == atom.Body })
		dropEmptyShells(body)
		var b strings.Builder
		for c := body.FirstChild; c != nil; c = c.NextSibling {
			html.Render(&b, c)
		}
		if b.String() != tt.want {
			t.Errorf("dropEmptyShells(%s) = %s, want %s", tt.in, b.String(), tt.want)
		}
	}
}

func TestCreditOnly(t *testing.T) {
	checkPredicate(t, "creditOnly", creditOnly, []predicateCase{
		{"Getty Images", true},
		{"Shutterstock", true},
		{"AP Photo/John Roe", true},
		{"Photo: Jane Doe", true},
		{"(Image: gargantiopa / Getty Images)", true},
		{"(Photo: Reuters)", true},
		{"(The mayor, left, and her deputy)", false},
		{"Protesters outside the parliament on Tuesday", false},
		{"Reuters reporters were turned away at the border", false},
	})
}

// TestCreditAfterTheAltText: a picture whose only caption is its credit
// is described by its alt text, the credit after it.
func TestCreditAfterTheAltText(t *testing.T) {
	doc, err := html.Parse(strings.NewReader(`<body><figure><img src="https://news.example/swift.jpg" alt="Taylor Swift at the awards">` +
		`<span class="credit">Getty Images</span></figure><figure><img src="https://news.example/b.jpg" alt="A bridge">` +
		`<figcaption>The new bridge opens in May.</figcaption></figure></body>`))
	if err != nil {
		t.Fatal(err)
	}
	images := collectImages(doc)
	want := []string{"Taylor Swift at the awards (Getty Images)", "The new bridge opens in May."}
	if len(images) != 2 || images[0].Caption != want[0] || images[1].Caption != want[1] {
		t.Errorf("images %+v, want captions %q", images, want)
	}
}

// TestExtractBodyCaptions: what each picture's caption is on the
// shapes of caption markup that pages use.
func TestExtractBodyCaptions(t *testing.T) {
	tests := []struct {
		name, file, url string
		want            []Image
	}{
		{"an alt text that is a file name is no caption", "caption_file_name_alt.html", "https://bikes.example/bike-style-book", []Image{
			{URL: "https://bikes.example/wp-content/uploads/2014/06/Bike-Style-book__MG_2953.jpg", Alt: "Bike-&-Style-book__MG_2953"},
			{URL: "https://bikes.example/wp-content/uploads/2014/06/ez-comwrap.1.png", Alt: "ez-comwrap-dmexco"},
			{URL: "https://bikes.example/wp-content/uploads/2014/06/IMG_4471.jpg", Alt: "IMG_4471.JPG"},
			{URL: "https://bikes.example/wp-content/uploads/2014/06/climb.jpg", Alt: "A rider on the climb out of Malham", Caption: "A rider on the climb out of Malham"},
		}},
		{"a credit in parentheses after the alt text", "caption_credit_only.html", "https://gadgets.example/gifts", []Image{
			{URL: "https://cdn.gadgets.example/hub/i/2019/11/18/istock-1188193839.jpg", Alt: "Iphone 11 Max Pro over yellow background",
				Caption: "Iphone 11 Max Pro over yellow background (Image: gargantiopa / Getty Images)"},
			{URL: "https://cdn.gadgets.example/hub/i/2019/11/18/echo-buds.jpg", Alt: "Wireless earbuds in their charging case",
				Caption: "Wireless earbuds in their charging case (Photo: Reuters)"},
		}},
		{"a credit that does not say it is one is bracketed", "caption_credit_span.html", "https://citypost.example/taliban-release", []Image{
			{URL: "https://citypost.example/uploads/2019/11/taliban-release.jpg", Alt: "The two professors",
				Caption: "US professor Kevin King (left) and his Australian colleague Timothy Weeks (AP)"},
			{URL: "https://citypost.example/uploads/2019/11/kabul-campus.jpg", Alt: "The university's gates",
				Caption: "The campus reopened in March. (Kathrin Ziegler/Getty)"},
			{URL: "https://citypost.example/uploads/2019/11/qatar.jpg", Alt: "Negotiators in Doha",
				Caption: "Negotiators met in Doha in July. Photo: Jane Roe"},
		}},
		{"a picturefill block's sizes are one picture, at its largest", "picturefill.html", "https://science.example/news/whale-hall", []Image{
			{URL: "https://cdn.science.example/800x600/whale-hall.jpg", Alt: "Whale-hall.jpg", Caption: "The blue whale skeleton in its new pose."},
		}},
		{"a gallery of figures that open in a popup", "popup_gallery.html", "https://valley.example/2019/11/20/arrests", []Image{
			{URL: "https://cdn.valley.example/0x420/files/2019/11/battin.jpg", Caption: "Christopher Battin, Submitted photo"},
			{URL: "https://cdn.valley.example/0x420/files/2019/11/blair.jpg", Caption: "Jonathan P. Blair, Submitted photo"},
			{URL: "https://cdn.valley.example/0x420/files/2019/11/burton.jpg", Caption: "Elizabeth A. Burton, Submitted photo"},
		}},
		{"the text beside the image in its picture block", "caption_picture_block.html", "https://news.example/space/snooze-cruise", []Image{
			{URL: "https://news.example/polopoly_fs/1.3800223/image.jpg", Alt: "Space",
				Caption: "In this Dec. 12, 2006, file photo, made available by NASA, astronauts participate in a space walk during construction of the International Space Station. (NASA via AP, File)"},
			{URL: "https://news.example/img/habitat.jpg", Alt: "Habitat", Caption: "A model of the habitat the crew would sleep in"},
		}},
		{"a gallery's caption that readability drops, without its shortened copy", "caption_gallery_hearst.html", "https://houston.example/news/esper-vietnam.php", []Image{
			{URL: "https://s.example-photos.com/photos/01/07/06/06/18637241/5/920x920.jpg",
				Alt:     "Esper and Lich shake hands in Hanoi, Vietnam Wednesday, Nov. 20, 2019. Photo: Hau Dinh, AP / Copyright 2019 The Associated Press. All rights reserved.",
				Caption: "U.S. Defense Secretary Mark Esper, left, and Vietnamese Defense Minister Ngo Xuan Lich shake hands in Hanoi, Vietnam Wednesday, Nov. 20, 2019. Photo: Hau Dinh, AP"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := extractFile(t, tt.file, tt.url, "")
			if err != nil {
				t.Fatalf("extractBody: %v", err)
			}
			if strings.Contains(b.HTML, earlyCaptionAttr) {
				t.Errorf("html keeps the noted captions:\n%s", b.HTML)
			}
			if len(b.Images) != len(tt.want) {
				t.Fatalf("images = %+v, want %+v", b.Images, tt.want)
			}
			for i := range tt.want {
				if b.Images[i] != tt.want[i] {
					t.Errorf("image %d = %+v, want %+v", i, b.Images[i], tt.want[i])
				}
			}
		})
	}
}

// TestExtractBodyGalleryStory: a photo story whose introduction and
// gallery are sibling blocks keeps both: the introduction, named after
// the gallery ("gallery-intro"), is its text, not a caption; the gallery,
// more pictures than paragraphs, keeps every photo with its caption. The
// linked pictures of other galleries stay out.
func TestExtractBodyGalleryStory(t *testing.T) {
	b, err := extractFile(t, "gallery_story.html", "https://courier.example/news/2025/03/30/floods-in-pictures", "")
	if err != nil {
		t.Fatalf("extractBody: %v", err)
	}
	if !strings.HasPrefix(b.Text, "Heavy rain over the weekend") || !strings.Contains(b.Text, "leaving mud and debris") {
		t.Errorf("text lost the introduction:\n%s", b.Text)
	}
	var captions []string
	for _, im := range b.Images {
		captions = append(captions, im.Caption)
	}
	want := []string{"Water fills the main street of Millbrook on Saturday morning.",
		"A rescue team steers a boat past submerged cars.", "Residents carry belongings to higher ground.",
		"Mud covers a kitchen floor after the water receded on Monday."}
	if !slices.Equal(captions, want) {
		t.Errorf("captions = %q, want %q", captions, want)
	}
	if strings.Contains(b.HTML, "storm.jpg") || strings.Contains(b.Text, "Water fills") {
		t.Errorf("a teaser in the HTML or a caption in the text:\n%s\n%s", b.HTML, b.Text)
	}
}

// TestExtractBodySignupAndAppeal: a newsletter's sign-up box inside the
// story goes whole, its heading with its form; a short pitch for the
// site's funding ending in "Donate now" goes; the story's own line on a
// fundraiser, linked "donate here", stays.
func TestExtractBodySignupAndAppeal(t *testing.T) {
	b, err := extractFile(t, "signup_and_appeal.html", "https://valley.example/news/2025/03/30/bridge", "")
	if err != nil {
		t.Fatalf("extractBody: %v", err)
	}
	for _, gone := range []string{"morning briefing", "Sign up", "Support local journalism", "Donate now"} {
		if strings.Contains(b.Text, gone) {
			t.Errorf("text keeps %q:\n%s", gone, b.Text)
		}
	}
	for _, kept := range []string{"welcomed the decision", "opened a fund for the families", "summer of 2027"} {
		if !strings.Contains(b.Text, kept) {
			t.Errorf("text lost %q:\n%s", kept, b.Text)
		}
	}
}

func TestIsReadingTime(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"Tempo de leitura: 1 minuto", true},
		{"Reading time: 4 minutes", true},
		{"Lesezeit: 3 Min.", true},
		{"5 min read", true},
		{"Reading time: about 4 minutes a day is enough, the study found.", false},
		{"5 minutes", false},
	}
	for _, tt := range tests {
		if got := isReadingTime(tt.in); got != tt.want {
			t.Errorf("isReadingTime(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestIsContactLine(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"Write to Jane Doe at jane.doe@example.com", true},
		{"jane.doe@example.com", true},
		{"twitter.com/janedoe", true},
		{"https://www.instagram.com/jane.doe/", true},
		{"Write to the council at its offices before Friday, the notice said.", false},
		{"Readers wrote to jane.doe@example.com in their hundreds.", false},
		{"example.com", false},
		{"@janedoe", false},
	}
	for _, tt := range tests {
		if got := isContactLine(tt.in); got != tt.want {
			t.Errorf("isContactLine(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}
