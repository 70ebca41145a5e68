package main

import (
	"context"
	"fmt"
	"time"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/parse"
	"github.com/newsarchive/newsarchive/parse/urlnorm"
)

const showUsage = `[--raw] [--format text|json|markdown|html] [--db PATH] ID|URL

Prints the latest version of an archived article. ID|URL is the article's
id, its canonical URL or any URL that led to it. --raw prints instead the
page exactly as it was received (the snapshot of that version); given the
URL of a page that held no article, it prints the last page stored from it.
A text that no longer matches its content hash is printed as stored, then
said to be damaged, and the command exits 1.`

// shownArticle is show's JSON: the scrape fields plus where they are kept.
type shownArticle struct {
	ID        int64     `json:"id"`
	VersionID int64     `json:"version_id"`
	FetchID   int64     `json:"fetch_id"`
	FirstSeen time.Time `json:"first_seen"`
	LastSeen  time.Time `json:"last_seen"`
	Aliases   []string  `json:"aliases"`
	// TextDamaged says the text no longer matches its content hash.
	TextDamaged bool `json:"text_damaged,omitempty"`
	*parse.Article
}

func runShow(ctx context.Context, e env, args []string) error {
	c := newDBCommand("show", showUsage, e, articleFormats)
	raw := c.fs.Bool("raw", false, "print the archived page byte for byte")
	rest, err := c.parse(args, 1, "one ID or URL")
	if err != nil {
		return helpOK(err)
	}
	if *raw && flagSet(c.fs, "format") {
		return usageErrorf("show: --raw prints the page as it was stored: --format does not go with it")
	}
	s, err := c.openToRead(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	id, err := resolveArticle(ctx, s, rest[0])
	if err != nil && *raw && isURL(rest[0]) {
		// A page that held no article (a section front, a feed) is still
		// archived: --raw prints the last one stored from that URL.
		if f, ferr := lastPage(ctx, s, withoutCredentials(rest[0])); ferr == nil {
			return writeSnapshot(ctx, e, s, f.ID)
		}
	}
	if err != nil {
		return err
	}
	v, err := s.Latest(ctx, id)
	if err != nil {
		return err
	}
	if *raw {
		return writeSnapshot(ctx, e, s, v.FetchID)
	}
	if err := printVersion(ctx, e, s, v, *c.format); err != nil {
		return err
	}
	if v.TextDamaged() {
		// What is stored is all there is to show; the damage is said.
		return fmt.Errorf("show: article %d: the text printed (version %d) does not match its content hash: damaged (newsarchive db check lists such versions)",
			v.ArticleID, v.ID)
	}
	return nil
}

// printVersion prints a version of an article in format.
func printVersion(ctx context.Context, e env, s *archive.Store, v *archive.Version, format string) error {
	if format != "json" {
		return renderArticle(e.stdout, &v.Article, format)
	}
	aliases, err := s.Aliases(ctx, v.ArticleID)
	if err != nil {
		return err
	}
	return writeJSON(e.stdout, shownArticle{ID: v.ArticleID, VersionID: v.ID, FetchID: v.FetchID,
		FirstSeen: v.FirstSeen, LastSeen: v.LastSeen, Aliases: aliases, TextDamaged: v.TextDamaged(), Article: &v.Article})
}

// lastPage is the last page stored from a URL given in any spelling, an
// error page (a 404's) included: the crawl asks for pages by their normal
// form, and a server may send a redirect's final address in another.
func lastPage(ctx context.Context, s *archive.Store, raw string) (*archive.Fetch, error) {
	if n, err := urlnorm.Normalize(raw); err == nil && n != raw {
		if f, err := s.LastPage(ctx, n); err == nil {
			return f, nil
		}
	}
	return s.LastPage(ctx, raw)
}

// writeSnapshot copies a stored body to stdout untouched.
func writeSnapshot(ctx context.Context, e env, s *archive.Store, fetchID int64) error {
	f, err := s.FetchByID(ctx, fetchID)
	if err != nil {
		return err
	}
	if f.Body == nil {
		return fmt.Errorf("fetch %d has no stored body", fetchID)
	}
	_, err = e.stdout.Write(f.Body)
	return err
}
