package fetch

import "github.com/newsarchive/newsarchive/parse/urlnorm"

// Redacted returns err, its text with the passwords of the URLs it
// quotes redacted (see urlnorm.RedactURLs): Go's client quotes a redirect's
// Location as the server sent it. The error still matches what err
// matches (errors.Is, errors.As); nil stays nil.
func Redacted(err error) error {
	if err == nil {
		return nil
	}
	text := err.Error()
	if clean := urlnorm.RedactURLs(text); clean != text {
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
