package archive

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"github.com/newsarchive/newsarchive/parse/urlnorm"
)

// unfollowed reports whether a fetch is a redirect answered as such: one
// its client did not follow (the crawler leaves a redirect to a page it
// has just fetched unfollowed).
func unfollowed(f *Fetch) bool {
	switch f.Status {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther,
		http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
		return f.Header.Get("Location") != ""
	}
	return false
}

// fileRedirect makes the addresses of an unfollowed redirect (or of a
// page forwarding by refresh <meta>) lead to the article its target
// leads to, as they would had the redirect been followed to that
// article's page: a URL leads to the article it led to last. A target
// that leads to no article changes nothing.
func fileRedirect(ctx context.Context, tx *writeTx, f *Fetch, target string) error {
	to, ok := redirectTarget(f, target)
	if !ok {
		return nil
	}
	var id int64
	err := tx.QueryRowContext(ctx, articleOfURL, to, to).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("article of %s: %w", to, err)
	}
	art, err := loadArticleRow(ctx, tx, id)
	if err != nil {
		return err
	}
	return addAliases(ctx, tx, art, f.FetchedAt, takeOver, append([]string{f.FinalURL, f.RequestedURL}, f.Via...)...)
}

// redirectTarget is the normalised address a redirect's target names,
// resolved against the address that answered.
func redirectTarget(f *Fetch, target string) (string, bool) {
	base, err := url.Parse(f.FinalURL)
	if err != nil {
		return "", false
	}
	loc, err := base.Parse(target)
	if err != nil {
		return "", false
	}
	n, err := urlnorm.Normalize(loc.String())
	return n, err == nil
}

// movedTo is the address a fetch of u was sent to by permanent redirects
// alone (301, 308): its final address when they were followed to an
// answer about the page (2xx, 304), or the target of a permanent redirect
// answered as such (see unfollowed); "" for any other fetch. The fetch
// is taken as not failed.
func movedTo(u string, f *Fetch) string {
	if f.RequestedURL != u {
		return "" // a fetch that ended at u
	}
	switch {
	case unfollowed(f):
		permanent := f.Status == http.StatusMovedPermanently || f.Status == http.StatusPermanentRedirect
		if permanent && (f.Moved || f.FinalURL == f.RequestedURL) {
			to, _ := redirectTarget(f, f.Header.Get("Location"))
			return to
		}
	case f.Moved && (f.Status >= 200 && f.Status < 300 || f.Status == http.StatusNotModified):
		return f.FinalURL
	}
	return ""
}
