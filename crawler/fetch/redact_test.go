package fetch

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

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
