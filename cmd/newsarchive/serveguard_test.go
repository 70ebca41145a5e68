package main

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestGuard: the API answers requests addressed to localhost, or any when
// not listening on loopback; a cross-origin POST from a browser is
// refused; answers are not cached.
func TestGuard(t *testing.T) {
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusOK) })
	tests := []struct {
		name     string
		loopback bool
		method   string
		host     string
		header   map[string]string
		want     int
	}{
		{"localhost", true, "GET", "localhost:8080", nil, http.StatusOK},
		{"loopback address", true, "GET", "127.0.0.1:8080", nil, http.StatusOK},
		{"IPv6 loopback", true, "GET", "[::1]:8080", nil, http.StatusOK},
		{"a rebound domain", true, "GET", "attacker.example:8080", nil, http.StatusForbidden},
		{"another address, listening on all", false, "GET", "news-archive.internal:8080", nil, http.StatusOK},
		{"a POST from a program", true, "POST", "127.0.0.1:8080", nil, http.StatusOK},
		{"a POST from another site's page", true, "POST", "127.0.0.1:8080",
			map[string]string{"Origin": "http://evil.example", "Sec-Fetch-Site": "cross-site"}, http.StatusForbidden},
		{"a POST from another site's page, old browser", true, "POST", "127.0.0.1:8080",
			map[string]string{"Origin": "http://evil.example"}, http.StatusForbidden},
		{"a POST from the same origin", true, "POST", "127.0.0.1:8080",
			map[string]string{"Origin": "http://127.0.0.1:8080", "Sec-Fetch-Site": "same-origin"}, http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(tt.method, "http://"+tt.host+"/api/sources", nil)
			for k, v := range tt.header {
				req.Header.Set(k, v)
			}
			rec := httptest.NewRecorder()
			guard(ok, tt.loopback).ServeHTTP(rec, req)
			if rec.Code != tt.want {
				t.Errorf("%s from %s: %d, want %d (%s)", tt.method, tt.host, rec.Code, tt.want, rec.Body)
			}
			if rec.Code == http.StatusOK && rec.Header().Get("Cache-Control") != "no-store" {
				t.Errorf("Cache-Control %q", rec.Header().Get("Cache-Control"))
			}
			if rec.Code == http.StatusForbidden && !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") {
				t.Errorf("refused with Content-Type %q, want JSON as the API's other errors: %s", rec.Header().Get("Content-Type"), rec.Body)
			}
		})
	}
}

// TestQueryParams: a query that does not parse, a parameter twice or one
// not taken is an error naming it, not a filter dropped.
func TestQueryParams(t *testing.T) {
	tests := []struct{ query, want string }{
		{"source=courier&limit=5", ""},
		{"", ""},
		{"source=courier;", "invalid query"},
		{"source=nope%zz", "invalid query"},
		{"limit=5&limit=abc", `parameter "limit" given 2 times`},
		{"sourc=courier", `unknown parameter "sourc" (want source, limit)`},
	}
	for _, tt := range tests {
		req := httptest.NewRequest("GET", "http://127.0.0.1/api/runs?"+tt.query, nil)
		_, err := queryParams(req, "source", "limit")
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%q: %v", tt.query, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("%q: %v, want %q", tt.query, err, tt.want)
		}
	}
}

// TestNoParams: an endpoint that takes no query parameters refuses any,
// and a query that does not parse, with a 400 in JSON.
func TestNoParams(t *testing.T) {
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusOK) })
	tests := []struct {
		query string
		code  int
		body  string
	}{
		{"", http.StatusOK, ""},
		{"?", http.StatusOK, ""},
		{"?x=1&x=2", http.StatusBadRequest, `unknown parameter \"x\" (this endpoint takes none)`},
		{"?%zz", http.StatusBadRequest, "invalid query"},
		{"?verbose", http.StatusBadRequest, `unknown parameter \"verbose\"`},
	}
	for _, tt := range tests {
		rec := httptest.NewRecorder()
		noParams(ok).ServeHTTP(rec, httptest.NewRequest("GET", "http://127.0.0.1/healthz"+tt.query, nil))
		if rec.Code != tt.code || !strings.Contains(rec.Body.String(), tt.body) ||
			tt.code != http.StatusOK && rec.Header().Get("Content-Type") != "application/json" {
			t.Errorf("GET /healthz%s: %d %q %s; want %d %s", tt.query, rec.Code, rec.Header().Get("Content-Type"), rec.Body, tt.code, tt.body)
		}
	}
}

// TestJSONErrors: what the router refuses itself (an unknown path, a
// method a path does not take) is answered in JSON like the endpoints'
// errors, the Allow header kept; redirects and answers pass as they are.
func TestJSONErrors(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) { replyJSON(w, http.StatusOK, "ok") })
	h := jsonErrors(mux)
	tests := []struct {
		method, path string
		code         int
		contentType  string
		body, allow  string
	}{
		{"GET", "/healthz", http.StatusOK, "application/json", `"ok"`, ""},
		{"GET", "/nope", http.StatusNotFound, "application/json", `"error": "404 page not found"`, ""},
		{"POST", "/healthz", http.StatusMethodNotAllowed, "application/json", `"error": "Method Not Allowed"`, "GET, HEAD"},
		{"GET", "//healthz", http.StatusTemporaryRedirect, "text/html; charset=utf-8", "", ""},
	}
	for _, tt := range tests {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(tt.method, "http://127.0.0.1"+tt.path, nil))
		if rec.Code != tt.code || rec.Header().Get("Content-Type") != tt.contentType ||
			!strings.Contains(rec.Body.String(), tt.body) || rec.Header().Get("Allow") != tt.allow {
			t.Errorf("%s %s: %d %q Allow %q %s", tt.method, tt.path, rec.Code, rec.Header().Get("Content-Type"),
				rec.Header().Get("Allow"), rec.Body)
		}
	}
}
