package urlnorm

import (
	"errors"
	"testing"
)

func TestNormalize(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"already normal", "https://example.com/a/b?x=1", "https://example.com/a/b?x=1"},
		{"scheme and host lowercased", "HTTPS://Example.COM/Path", "https://example.com/Path"},
		{"default https port dropped", "https://example.com:443/a", "https://example.com/a"},
		{"default http port dropped", "http://example.com:80/a", "http://example.com/a"},
		{"other port kept", "http://example.com:8080/a", "http://example.com:8080/a"},
		{"https on port 80 kept", "https://example.com:80/a", "https://example.com:80/a"},
		{"fragment dropped", "https://example.com/a#comments", "https://example.com/a"},
		{"empty path becomes slash", "https://example.com", "https://example.com/"},
		{"utm params removed", "https://example.com/a?utm_source=tw&utm_Medium=x&id=3", "https://example.com/a?id=3"},
		{"click ids removed", "https://example.com/a?fbclid=1&gclid=2&mc_cid=3&mc_eid=4&igshid=5", "https://example.com/a"},
		{"google ads source removed", "https://example.com/a?gclid=2&gclsrc=aw.ds&id=7", "https://example.com/a?id=7"},
		{"query sorted", "https://example.com/a?b=2&a=1&c=3", "https://example.com/a?a=1&b=2&c=3"},
		{"repeated names keep order", "https://example.com/a?t=2&a=0&t=1", "https://example.com/a?a=0&t=2&t=1"},
		{"escaping kept", "https://example.com/caf%C3%A9?q=a%20b", "https://example.com/caf%C3%A9?q=a%20b"},
		{"empty query dropped", "https://example.com/a?", "https://example.com/a"},
		{"empty pairs dropped", "https://example.com/a?&&x=1&", "https://example.com/a?x=1"},
		{"path case kept", "https://example.com/News/Story", "https://example.com/News/Story"},
		{"surrounding space trimmed", "  https://example.com/a  ", "https://example.com/a"},
		{"trailing dot in host", "https://example.com./a", "https://example.com/a"},
		{"escapes in upper case", "https://example.com/caf%c3%a9?q=caf%c3%a9", "https://example.com/caf%C3%A9?q=caf%C3%A9"},
		{"unreserved unescaped", "https://example.com/%7Euser/a%2Db%2e%5F%41?q=a%2db", "https://example.com/~user/a-b._A?q=a-b"},
		{"reserved stay escaped", "https://example.com/a%2fb%3Fc?q=a%26b%3d", "https://example.com/a%2Fb%3Fc?q=a%26b%3D"},
		{"raw non-ASCII escaped", "https://example.com/café?q=café", "https://example.com/caf%C3%A9?q=caf%C3%A9"},
		{"blank in query escaped", "https://example.com/a?q=a b", "https://example.com/a?q=a%20b"},
		{"dot segments removed", "https://example.com/a/./b/../c", "https://example.com/a/c"},
		{"dot segment at the end", "https://example.com/a/b/..", "https://example.com/a/"},
		{"dot segments above the root", "https://example.com/../../a", "https://example.com/a"},
		{"escaped dot segment", "https://example.com/a/%2E%2E/b", "https://example.com/b"},
		{"dots inside a name kept", "https://example.com/a..b/.c/d.", "https://example.com/a..b/.c/d."},
		{"empty segments kept", "https://example.com/a//b", "https://example.com/a//b"},
		{"bad escape in query kept", "https://example.com/a?q=100%", "https://example.com/a?q=100%"},
		{"host beyond ASCII in its ASCII form", "https://Café.Example/a", "https://xn--caf-dma.example/a"},
		{"escaped host beyond ASCII", "https://caf%C3%A9.example/a", "https://xn--caf-dma.example/a"},
		{"ASCII form kept", "https://XN--CAF-DMA.example/a", "https://xn--caf-dma.example/a"},
		{"host IDNA refuses kept", "https://café_x.example/a", "https://caf%C3%A9_x.example/a"},
		{"IPv6 in its canonical form", "http://[0:0:0::1]:8080/a", "http://[::1]:8080/a"},
		{"IPv6 in lower case", "http://[2001:DB8::AB]/a", "http://[2001:db8::ab]/a"},
		{"IPv4-mapped IPv6", "http://[::FFFF:127.0.0.1]/a", "http://[::ffff:127.0.0.1]/a"},
		// An escaped hex digit after a stray "%" would make an escape of it.
		{"escaped digit after a stray %", "https://example.com/a?q=%0%61&r=%%62%63", "https://example.com/a?q=%0%61&r=%%62c"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Normalize(tt.in)
			if err != nil {
				t.Fatalf("Normalize(%q): %v", tt.in, err)
			}
			if got != tt.want {
				t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
			}
			again, err := Normalize(got)
			if err != nil || again != got {
				t.Errorf("not idempotent: Normalize(%q) = %q, %v", got, again, err)
			}
		})
	}
}

func TestNormalizeRejects(t *testing.T) {
	for _, in := range []string{"", "/relative/path", "ftp://example.com/a", "mailto:a@example.com", "https://", "http://[::1"} {
		t.Run(in, func(t *testing.T) {
			got, err := Normalize(in)
			if err == nil {
				t.Fatalf("Normalize(%q) = %q, want error", in, got)
			}
		})
	}
	if _, err := Normalize("ftp://example.com/"); !errors.Is(err, ErrNotHTTP) {
		t.Errorf("ftp url: got %v, want ErrNotHTTP", err)
	}
}

func TestIsTrackingParam(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		{"utm_source", true}, {"UTM_CAMPAIGN", true}, {"fbclid", true}, {"gclid", true},
		{"gclsrc", true}, {"GCLSRC", true}, {"dclid", true}, {"msclkid", true}, {"mc_cid", true},
		{"mc_eid", true}, {"yclid", true}, {"ysclid", true}, {"_ga", true}, {"igshid", true},
		{"gad_source", true}, {"srsltid", true}, {"s_kwcid", true}, {"epik", true},
		{"id", false}, {"page", false}, {"utm", false}, {"q", false},
		{"ref", false}, {"source", false}, {"p", false}, {"sid", false}, {"lang", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IsTrackingParam(tt.name); got != tt.want {
				t.Errorf("IsTrackingParam(%q) = %v, want %v", tt.name, got, tt.want)
			}
		})
	}
}

func FuzzNormalize(f *testing.F) {
	f.Add("https://Example.com:443/a?utm_source=x&b=1#f")
	f.Add("http://a/?;&=")
	f.Add("http://a/%2e%2E/b/./c/%7e?q=%c3%a9 x")
	f.Add("http://a/b/..%2F..?q=%zz%")
	f.Add("http://0?%0%61")
	f.Add("http://Café.example/a")
	f.Add("http://[0:0::1]:80/")
	f.Fuzz(func(t *testing.T, in string) {
		got, err := Normalize(in)
		if err != nil {
			return
		}
		again, err := Normalize(got)
		if err != nil || again != got {
			t.Errorf("not idempotent: %q -> %q -> %q (%v)", in, got, again, err)
		}
	})
}

// BenchmarkNormalize: the crawl normalises every link it finds.
func BenchmarkNormalize(b *testing.B) {
	urls := []string{
		"https://www.example.com/news/2026/11/26/council-approves-new-bridge-over-the-river",
		"https://www.example.com/world/europe/story-123456?utm_source=rss&utm_medium=feed&page=2",
		"https://example.com/ar/%d8%a7%d9%84%d8%a3%d8%ae%d8%a8%d8%a7%d8%b1/12345",
		"https://example.com/section/./news/../politics/",
	}
	for b.Loop() {
		for _, u := range urls {
			if _, err := Normalize(u); err != nil {
				b.Fatal(err)
			}
		}
	}
}
