package main

import (
	"context"
	"errors"
	"flag"
	"fmt"

	"github.com/newsarchive/newsarchive/parse"
)

const reparseUsage = `[--source S] [--format text|json] [--db PATH]

Re-extracts every stored page with the current extraction code and records a
new version of each article whose extracted content changed.`

func runReparse(ctx context.Context, e env, args []string) error {
	fs := newFlagSet("reparse", reparseUsage, e.stderr)
	db := addDBFlag(fs)
	source := fs.String("source", "", "only pages of `SOURCE`")
	format := fs.String("format", "text", "output `format`: text or json")
	rest, err := parseFlags(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	if len(rest) != 0 {
		return usageErrorf("reparse: takes no arguments (got %q)", rest[0])
	}
	if err := checkFormat("reparse", *format, readFormats); err != nil {
		return err
	}
	s, err := openArchive(ctx, *db, true)
	if err != nil {
		return err
	}
	defer s.Close()
	res, err := s.Reparse(ctx, *source, parse.Parse)
	if err != nil {
		return err
	}
	if *format == "json" {
		return writeJSON(e.stdout, res)
	}
	_, err = fmt.Fprintf(e.stdout, "%d pages re-extracted: %d articles, %d new versions, %d new articles, %d skipped\n",
		res.Snapshots, res.Articles, res.NewVersions, res.NewArticles, res.Skipped)
	return err
}
