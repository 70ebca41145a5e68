package site

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestSitePages(t *testing.T) {
	pages := [][]byte{[]byte("<html><head><title>A</title></head><body><p>one</p><p>two</p></body></html>")}
	srv := httptest.NewServer(New(pages, 3, 2))
	defer srv.Close()
	get := func(path string, h http.Header) (int, string) {
		req, _ := http.NewRequest("GET", srv.URL+path, nil)
		for k, v := range h {
			req.Header[k] = v
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	for _, tc := range []struct {
		path   string
		status int
		want   []string
	}{
		{"/", 200, []string{`href="/section/1/"`, `href="/feed.xml"`}},
		{"/section/1/", 200, []string{ArticlePath(1)}},
		{"/section/2/", 404, nil},
		{ArticlePath(2), 200, []string{`<link rel="canonical" href="` + srv.URL + ArticlePath(2) + `">`,
			"one (story 2)</p><p>two (story 2)</p></body>"}},
		{ArticlePath(3), 404, nil},
		{"/news/2024/03/15/other", 404, nil},
		{"/sitemap.xml", 200, []string{srv.URL + ArticlePath(0), srv.URL + ArticlePath(2)}},
		{"/robots.txt", 200, []string{"Sitemap: " + srv.URL + "/sitemap.xml"}},
	} {
		t.Run(tc.path, func(t *testing.T) {
			status, body := get(tc.path, nil)
			if status != tc.status {
				t.Fatalf("status %d, want %d", status, tc.status)
			}
			for _, w := range tc.want {
				if !strings.Contains(body, w) {
					t.Errorf("%s lacks %q:\n%s", tc.path, w, body)
				}
			}
		})
	}
	status, _ := get(ArticlePath(0), http.Header{"If-Modified-Since": {time.Now().UTC().Add(time.Minute).Format(http.TimeFormat)}})
	if status != http.StatusNotModified {
		t.Errorf("conditional request answered %d, want 304", status)
	}
	if status, _ := get(ArticlePath(0), http.Header{"If-Modified-Since": {"yesterday"}}); status != 200 {
		t.Errorf("an unreadable date is no condition: %d", status)
	}
}
