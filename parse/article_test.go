package parse

import (
	"strings"
	"testing"
)

// TestCredentialsStayOutOfTheArticle: a user name and password in the
// address a page was fetched from appear neither in the article's URL
// nor in its images' (they were copied into both, and so into every
// export).
func TestCredentialsStayOutOfTheArticle(t *testing.T) {
	page := `<html><head><title>Bridge opens</title></head><body><article><h1>Bridge opens</h1>
<figure><img src="/img/bridge.jpg" alt="The bridge"><figcaption>The new bridge at dawn.</figcaption></figure>` +
		strings.Repeat("<p>The council opened the new pedestrian bridge across the river on Tuesday, ending a long debate.</p>", 6) +
		`</article></body></html>`
	a, err := Parse(Page{URL: "https://reader:s3cret@news.example/2026/03/14/bridge-opens", Body: []byte(page)})
	if err != nil {
		t.Fatal(err)
	}
	if a.URL != "https://news.example/2026/03/14/bridge-opens" {
		t.Errorf("url %q", a.URL)
	}
	if len(a.Images) == 0 {
		t.Fatal("no image")
	}
	for _, img := range a.Images {
		if strings.Contains(img.URL, "s3cret") || !strings.HasPrefix(img.URL, "https://news.example/") {
			t.Errorf("image url %q", img.URL)
		}
	}
	if strings.Contains(a.HTML, "s3cret") || strings.Contains(a.TopImage, "s3cret") {
		t.Errorf("credentials in the html or top image: %q", a.TopImage)
	}
}

// TestMainImage: a declared picture that is only the site's logo or
// default sharing picture gives way to the story's first picture, or to
// none; a real one, or none declared, stays as it is.
func TestMainImage(t *testing.T) {
	body := []Image{{URL: "https://news.example/img/bridge.jpg"}}
	tests := []struct {
		name, declared string
		images         []Image
		want           string
	}{
		{"declared picture", "https://news.example/img/council.jpg", body, "https://news.example/img/council.jpg"},
		{"none declared", "", body, "https://news.example/img/bridge.jpg"},
		{"none declared, story without pictures", "", nil, ""},
		{"none declared, a relative picture", "", []Image{{URL: "img/a.jpg"}}, ""},
		{"default sharing picture", "https://s.example/img/opengraph_default.png", body, "https://news.example/img/bridge.jpg"},
		{"site logo", "https://news.example/static/givewell_fb_logo.jpg", body, "https://news.example/img/bridge.jpg"},
		{"WordPress.com site icon", "https://secure.gravatar.com/blavatar/5a1f?s=200&ts=1574",
			body, "https://news.example/img/bridge.jpg"},
		{"default picture, story without pictures", "https://s.example/img/opengraph_default.png", nil, ""},
		{"logo in one word", "https://news.example/static/sitelogo@2x.png", body, "https://news.example/img/bridge.jpg"},
		{"sharing picture with its size", "https://news.example/static/fb-share-1200x630.jpg", body, "https://news.example/img/bridge.jpg"},
		// Words of a story in the name: a picture of the story.
		{"a story about a logo", "https://cdn.example.com/2026/11/paris-2028-olympic-logo-unveiled.jpg", body,
			"https://cdn.example.com/2026/11/paris-2028-olympic-logo-unveiled.jpg"},
		{"a story about a default", "https://cdn.example.com/2026/11/argentina-sovereign-default-bonds-1200x630.jpg", nil,
			"https://cdn.example.com/2026/11/argentina-sovereign-default-bonds-1200x630.jpg"},
		{"a video's thumbnail", "https://i.ytimg.com/vi/abc/maxresdefault.jpg", body, "https://i.ytimg.com/vi/abc/maxresdefault.jpg"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := mainImage(tt.declared, tt.images, []string{"givewell"}); got != tt.want {
				t.Errorf("mainImage(%q) = %q, want %q", tt.declared, got, tt.want)
			}
		})
	}
}

// TestWithoutHeadlineCaptions: an alt text that repeats the headline is
// no caption; a caption of the page's own, or another alt text, is.
func TestWithoutHeadlineCaptions(t *testing.T) {
	const title = "Trump impeachment: what we learned on day three"
	tests := []struct {
		name  string
		image Image
		want  string
	}{
		{"alt repeating the headline", Image{Alt: title, Caption: title}, ""},
		{"alt repeating it in other case and punctuation", Image{Alt: "Trump Impeachment - What We Learned On Day Three", Caption: "Trump Impeachment - What We Learned On Day Three"}, ""},
		{"alt describing the picture", Image{Alt: "Protesters in Hong Kong", Caption: "Protesters in Hong Kong"}, "Protesters in Hong Kong"},
		{"a figcaption that is the headline", Image{Alt: "The hearing room", Caption: title}, title},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := withoutHeadlineCaptions([]Image{tt.image}, title)
			if got[0].Caption != tt.want || got[0].Alt != tt.image.Alt {
				t.Errorf("caption %q alt %q, want caption %q", got[0].Caption, got[0].Alt, tt.want)
			}
		})
	}
}
