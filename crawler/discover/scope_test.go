package discover

import (
	"regexp"
	"testing"
)

func TestScope(t *testing.T) {
	re := regexp.MustCompile
	tests := []struct {
		name        string
		start       []string
		allow, deny []*regexp.Regexp
		want        map[string]bool
	}{
		{
			name:  "start hosts",
			start: []string{"https://www.example.com/world/", "https://Live.Example.com:8443/x", "http://127.0.0.1:8080/", "::bad"},
			want: map[string]bool{
				"https://www.example.com/politics/x":   true,
				"https://example.com/politics/x":       true,
				"http://www.example.com/x":             true,
				"https://live.example.com:8443/x":      true,
				"https://live.example.com/x":           false,
				"http://127.0.0.1:8080/a":              true,
				"http://127.0.0.1:9090/a":              false,
				"https://cdn.example.com/x":            false,
				"https://www.example.com.evil.net/x":   false,
				"https://evil.net/?u=www.example.com/": false,
			},
		},
		{
			name:  "names beyond ASCII, in either spelling",
			start: []string{"https://президент.рф/news/", "http://xn--caf-dma.example:8080/"},
			want: map[string]bool{
				"https://xn--d1abbgf6aiiy.xn--p1ai/news/a":                                      true,
				"https://www.xn--d1abbgf6aiiy.xn--p1ai/a":                                       true,
				"https://%D0%BF%D1%80%D0%B5%D0%B7%D0%B8%D0%B4%D0%B5%D0%BD%D1%82.%D1%80%D1%84/a": true,
				"http://caf%C3%A9.example:8080/a":                                               true,
				"http://xn--caf-dma.example:8080/a":                                             true,
				"http://cafe.example:8080/a":                                                    false,
				"http://xn--caf-dma.example/a":                                                  false,
			},
		},
		{
			name:  "IPv6 literals, in any spelling",
			start: []string{"http://[0:0::1]:8080/", "https://[2001:DB8:0:0:0:0:0:1]/"},
			want: map[string]bool{
				"http://[::1]:8080/a":              true,
				"http://[0000::0001]:8080/a":       true,
				"http://[::1]:9090/a":              false,
				"https://[2001:db8::1]/a":          true,
				"https://[2001:0db8::0:1]:443/a":   true,
				"https://[2001:db8::2]/a":          false,
				"http://[::ffff:127.0.0.1]:8080/a": false,
			},
		},
		{
			name:  "deny wins",
			start: []string{"https://www.example.com/"},
			deny:  []*regexp.Regexp{re(`/video/`), re(`\?page=\d{3,}`)},
			want: map[string]bool{
				"https://www.example.com/world/":          true,
				"https://www.example.com/video/clip-1":    false,
				"https://www.example.com/world/?page=120": false,
				"https://www.example.com/world/?page=12":  true,
			},
		},
		{
			name:  "allow patterns replace hosts",
			start: []string{"https://www.example.com/"},
			allow: []*regexp.Regexp{re(`^https://(www|news)\.example\.com/news/`)},
			deny:  []*regexp.Regexp{re(`/live/`)},
			want: map[string]bool{
				"https://www.example.com/news/a":      true,
				"https://news.example.com/news/b":     true,
				"https://www.example.com/sport/a":     false,
				"https://www.example.com/news/live/a": false,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := NewScope(tt.start, tt.allow, tt.deny)
			for u, want := range tt.want {
				if got := s.Allows(u); got != want {
					t.Errorf("Allows(%s) = %v, want %v", u, got, want)
				}
			}
		})
	}
}
