package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"
	"time"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/parse"
)

const showUsage = `[--raw] [--format text|json|markdown|html] [--db PATH] ID|URL

Prints the latest version of an archived article. ID|URL is the article's
id, its canonical URL or any URL that led to it. --raw prints instead the
page exactly as it was received (the snapshot of that version).`

// shownArticle is show's JSON: the scrape fields plus where they are kept.
type shownArticle struct {
	ID        int64     `json:"id"`
	VersionID int64     `json:"version_id"`
	FetchID   int64     `json:"fetch_id"`
	FirstSeen time.Time `json:"first_seen"`
	LastSeen  time.Time `json:"last_seen"`
	Aliases   []string  `json:"aliases"`
	*parse.Article
}

func runShow(ctx context.Context, e env, args []string) error {
	fs := newFlagSet("show", showUsage, e.stderr)
	db := addDBFlag(fs)
	raw := fs.Bool("raw", false, "print the archived page byte for byte")
	format := fs.String("format", "text", "output `format`: "+strings.Join(articleFormats, ", "))
	rest, err := parseFlags(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usageErrorf("show: want exactly one ID or URL (got %d arguments)", len(rest))
	}
	if err := checkFormat("show", *format, articleFormats); err != nil {
		return err
	}
	s, err := openArchive(ctx, *db, true)
	if err != nil {
		return err
	}
	defer s.Close()
	id, err := resolveArticle(ctx, s, rest[0])
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
	if *format != "json" {
		return renderArticle(e.stdout, &v.Article, *format)
	}
	aliases, err := s.Aliases(ctx, id)
	if err != nil {
		return err
	}
	return writeJSON(e.stdout, shownArticle{ID: v.ArticleID, VersionID: v.ID, FetchID: v.FetchID,
		FirstSeen: v.FirstSeen, LastSeen: v.LastSeen, Aliases: aliases, Article: &v.Article})
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
