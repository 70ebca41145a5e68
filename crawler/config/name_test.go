package config

import "testing"

func TestAdHocName(t *testing.T) {
	tests := []struct {
		url, want string
	}{
		{"http://127.0.0.1:8080/", "127.0.0.1_8080"},
		{"http://127.0.0.1:8080/news/today?page=2", "127.0.0.1_8080"},
		{"https://News.Example.com/", "news.example.com"},
		{"https://news.example.com:443/world", "news.example.com"},
		{"http://news.example.com:80/", "news.example.com"},
		{"https://news.example.com.:8443/", "news.example.com_8443"},
		{"https://bücher.example/", "xn--bcher-kva.example"},
		{"http://[::1]:8080/", "ip__1_8080"},
		{"http://[2001:db8::1]/", "2001_db8__1"},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			got, err := AdHocName(tt.url)
			if err != nil || got != tt.want {
				t.Fatalf("AdHocName(%q) = %q, %v; want %q", tt.url, got, err, tt.want)
			}
			// The name is one a configuration accepts.
			if err := checkName(got); err != nil {
				t.Errorf("config refuses %q: %v", got, err)
			}
			src, err := Parse([]byte("sources:\n  - name: " + got + "\n    start: [\"" + tt.url + "\"]\n"))
			if err != nil || len(src.Sources) != 1 || src.Sources[0].Name != got {
				t.Errorf("a config naming the source %q: %+v, %v", got, src, err)
			}
		})
	}
}

func TestAdHocNameRefusesWhatIsNoSite(t *testing.T) {
	for _, u := range []string{"ftp://example.com/", "/news/today", "http:///news"} {
		if got, err := AdHocName(u); err == nil {
			t.Errorf("AdHocName(%q) = %q; want an error", u, got)
		}
	}
}
