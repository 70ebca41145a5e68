package parse

import "errors"

// ErrNotArticle is matched (errors.Is) by every error that says a page holds
// no article: a section front, a login or consent wall, a captcha, an empty
// shell.
var ErrNotArticle = errors.New("not an article")

// ErrNotHTML is returned for content that is not an HTML page (a PDF, an
// image, binary data).
var ErrNotHTML = errors.New("not an html page")

// NotArticleError says why a page was judged not to be an article.
type NotArticleError struct {
	Reason string
}

func (e *NotArticleError) Error() string { return "not an article: " + e.Reason }

// Is makes errors.Is(err, ErrNotArticle) true.
func (e *NotArticleError) Is(target error) bool { return target == ErrNotArticle }

func notArticle(reason string) error { return &NotArticleError{Reason: reason} }
