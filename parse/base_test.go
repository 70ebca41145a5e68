package parse

import (
	"slices"
	"strings"
	"testing"
)

// TestBaseHref parses the pages under testdata/base: their relative
// canonical URL, images and links resolve against the first <base href>,
// itself resolved against the page's address, as browsers resolve them.
func TestBaseHref(t *testing.T) {
	const page = "https://herald.example/news/water"
	tests := []struct {
		name, file, url string
		canonical, top  string
		images          []string
		link            string // the href the body's link gets, "" if none
	}{
		{"absolute base", "absolute-base.html", page,
			"https://cdn.herald.example/base/news/water", "https://cdn.herald.example/base/img/a.jpg",
			[]string{"https://cdn.herald.example/base/img/a.jpg"}, "https://cdn.herald.example/base/other/story"},
		{"root-relative base", "root-relative-base.html", page,
			page, "https://herald.example/assets/img/a.jpg",
			[]string{"https://herald.example/assets/img/a.jpg"}, "https://herald.example/assets/other/story"},
		{"base without href", "target-only.html", page,
			page, "https://herald.example/news/img/a.jpg",
			[]string{"https://herald.example/news/img/a.jpg"}, ""},
		// A file read without its address: the page's absolute canonical
		// URL stands in for it.
		{"canonical without address", "canonical-only.html", "",
			"https://northfieldpost.example/local/2025/06/02/bus-lanes", "https://northfieldpost.example/img/bus-1200.jpg",
			[]string{"https://northfieldpost.example/img/bus-800.jpg"}, ""},
		{"absolute base without address", "absolute-base.html", "",
			"https://cdn.herald.example/base/news/water", "https://cdn.herald.example/base/img/a.jpg",
			[]string{"https://cdn.herald.example/base/img/a.jpg"}, "https://cdn.herald.example/base/other/story"},
		// Nothing to resolve against: the picture is listed once, as
		// written, and is no top image, which must be an address.
		{"relative base without address", "root-relative-base.html", "",
			"", "",
			[]string{"img/a.jpg"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Parse(Page{URL: tt.url, Body: fixture(t, "base", tt.file), ContentType: "text/html; charset=utf-8"})
			if err != nil {
				t.Fatal(err)
			}
			if a.CanonicalURL != tt.canonical {
				t.Errorf("canonical = %q, want %q", a.CanonicalURL, tt.canonical)
			}
			if a.TopImage != tt.top {
				t.Errorf("top image = %q, want %q", a.TopImage, tt.top)
			}
			var images []string
			for _, im := range a.Images {
				images = append(images, im.URL)
			}
			if !slices.Equal(images, tt.images) {
				t.Errorf("images = %q, want %q", images, tt.images)
			}
			for _, src := range tt.images {
				if !strings.Contains(a.HTML, `src="`+src+`"`) {
					t.Errorf("html has no <img src=%q>:\n%s", src, a.HTML)
				}
			}
			if tt.link != "" && !strings.Contains(a.HTML, `href="`+tt.link+`"`) {
				t.Errorf("html has no link to %q:\n%s", tt.link, a.HTML)
			}
		})
	}
}
