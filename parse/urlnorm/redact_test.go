package urlnorm

import "testing"

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
