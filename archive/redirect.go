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
