package urlnorm

import "regexp"

// userinfoPassword finds the password of a URL written in a text: a
// scheme, "//", a user name, ":", the password and "@". It takes more
// than a valid URL's userinfo (a quote, a backslash, a bad escape), as a
// Location a server sent, quoted by Go's client, may hold any of them.
var userinfoPassword = regexp.MustCompile(`([A-Za-z][A-Za-z0-9+.-]*://[^/?#@\s:]*:)[^/?#@\s]*@`)

// RedactURLs writes the password of every URL in s as "xxxxx", as
// url.URL.Redacted does: a redirect to http://user:secret@host/ quoted
// in an error or a log line would repeat the secret wherever the line
// is kept.
func RedactURLs(s string) string {
	return userinfoPassword.ReplaceAllString(s, "${1}xxxxx@")
}
