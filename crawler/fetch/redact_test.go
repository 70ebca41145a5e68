package fetch

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestRedactURLs(t *testing.T) {
	tests := []struct{ in, want string }{
		{`Get "http://reader:secret@example.com/a": stopped after 10 redirects`,
			`Get "http://reader:xxxxx@example.com/a": stopped after 10 redirects`},
		{`failed to parse Location header "https://u:p%zz@h/x": parse "https://u:p%zz@h/x": invalid URL escape "%zz"`,
			`failed to parse Location header "https://u:xxxxx@h/x": parse "https://u:xxxxx@h/x": invalid URL escape "%zz"`},
		{`Location "http://u:a\"b@h/"`, `Location "http://u:xxxxx@h/"`},
		{"http://:secret@h/", "http://:xxxxx@h/"},
		{"http://reader@example.com/ keeps a user name alone", "http://reader@example.com/ keeps a user name alone"},
		{"http://example.com:8080/a@b and mail me@example.com: no password", "http://example.com:8080/a@b and mail me@example.com: no password"},
		{"http://example.com/?u=a:b@c", "http://example.com/?u=a:b@c"},
		{"HTTPS://u:p@h/", "HTTPS://u:xxxxx@h/"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := RedactURLs(tt.in); got != tt.want {
			t.Errorf("RedactURLs(%q)\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
}

// TestGetRedactsRedirectPasswords: a redirect whose Location names a
// password fails without the password in its error, which still matches
// what it matched.
func TestGetRedactsRedirectPasswords(t *testing.T) {
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		to := map[string]string{
			"/bad":  "http://reader:secret@127.0.0.1/%zz",
			"/loop": strings.Replace(srv.URL, "http://", "http://reader:secret@", 1) + "/loop",
		}[r.URL.Path]
		w.Header().Set("Location", to)
		w.WriteHeader(http.StatusFound)
	}))
	defer srv.Close()
	for _, path := range []string{"/bad", "/loop"} {
		_, err := New(testConfig()).Get(context.Background(), srv.URL+path, nil)
		if err == nil || strings.Contains(err.Error(), "secret") {
			t.Errorf("%s: err = %v, want one without the password", path, err)
		}
		if re := (*RedirectError)(nil); path == "/loop" && !errors.As(err, &re) {
			t.Errorf("%s: err = %v, want a RedirectError", path, err)
		}
	}
}

// TestCheckURLHidesPasswords: a URL refused for whatever reason is quoted
// with its password as xxxxx.
func TestCheckURLHidesPasswords(t *testing.T) {
	for _, u := range []string{"ftp://reader:secret@example.com/", "https://reader:secret@[::1/",
		"http://reader:secret@example.com:0/", "https://reader:secret@example.com/"} {
		err := CheckURL(u)
		if err == nil || strings.Contains(err.Error(), "secret") || !strings.Contains(err.Error(), "reader:xxxxx@") {
			t.Errorf("CheckURL(%q) = %v, want an error showing the password as xxxxx", u, err)
		}
	}
}
