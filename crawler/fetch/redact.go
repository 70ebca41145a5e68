package fetch

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

// Redacted returns err, its text with the passwords of the URLs it
// quotes redacted (see RedactURLs): Go's client quotes a redirect's
// Location as the server sent it. The error still matches what err
// matches (errors.Is, errors.As); nil stays nil.
func Redacted(err error) error {
	if err == nil {
		return nil
	}
	text := err.Error()
	if clean := RedactURLs(text); clean != text {
		return &redactedError{text: clean, err: err}
	}
	return err
}

// redactedError is an error with a password taken out of its text.
type redactedError struct {
	text string
	err  error
}

func (e *redactedError) Error() string { return e.text }
func (e *redactedError) Unwrap() error { return e.err }
