package discover

import "testing"

func TestResolve(t *testing.T) {
	base := mustURL(t, "https://www.example.com/world/europe/index.html?page=1")
	tests := []struct {
		href, want string
		ok         bool
	}{
		{"story", "https://www.example.com/world/europe/story", true},
		{"../politics/", "https://www.example.com/world/politics/", true},
		{"/a?utm_source=x&b=2&a=1", "https://www.example.com/a?a=1&b=2", true},
		{"//cdn.example.com/x", "https://cdn.example.com/x", true},
		{"HTTPS://WWW.Example.com:443/Path#frag", "https://www.example.com/Path", true},
		{"  /padded  ", "https://www.example.com/padded", true},
		// Browsers drop tabs and line breaks anywhere in an address.
		{"/news/a-long-\nwrapped-story", "https://www.example.com/news/a-long-wrapped-story", true},
		{"https://www.exam\r\nple.com/x\ty", "https://www.example.com/xy", true},
		{"/a%0Ab", "https://www.example.com/a%0Ab", true},
		{"#top", "https://www.example.com/world/europe/index.html?page=1", true},
		{"mailto:a@example.com", "", false},
		{"javascript:void(0)", "", false},
		{"tel:+1234", "", false},
		{"data:text/html,hi", "", false},
		{"", "", false},
		{"http://[::1", "", false},
		{"https://reader:secret@www.example.com/story", "https://www.example.com/story", true},
		{"http://www.example.com:80%2F@other.example/story", "http://other.example/story", true},
	}
	for _, tt := range tests {
		t.Run(tt.href, func(t *testing.T) {
			got, ok := Resolve(base, tt.href)
			if got != tt.want || ok != tt.ok {
				t.Errorf("Resolve(%q) = %q, %v; want %q, %v", tt.href, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestBeneath(t *testing.T) {
	const story = "https://news.example/2026/11/27/story/"
	tests := []struct {
		u, page string
		want    bool
	}{
		{"https://news.example/2026/11/27/story/feed/", story, true},
		{"https://NEWS.example/2026/11/27/story/feed", "https://news.example/2026/11/27/story", true},
		{"https://news.example/2026/11/27/story/", story, false},
		{"https://news.example/2026/11/27/story-two/feed/", story, false},
		{"https://news.example/feed/", story, false},
		{"https://other.example/2026/11/27/story/feed/", story, false},
		{"https://news.example/feed/", "https://news.example/", false},
		{"https://news.example/a/b", "::bad", false},
	}
	for _, tt := range tests {
		if got := Beneath(tt.u, tt.page); got != tt.want {
			t.Errorf("Beneath(%q, %q) = %v, want %v", tt.u, tt.page, got, tt.want)
		}
	}
}
