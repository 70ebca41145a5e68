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
