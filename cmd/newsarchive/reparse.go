package main

import (
	"context"
	"fmt"

	"github.com/newsarchive/newsarchive/parse"
)

const reparseUsage = `[--source S] [--format text|json] [--db PATH]

Re-extracts every stored page with the current extraction code and records a
new version of each article whose extracted content changed.`

func runReparse(ctx context.Context, e env, args []string) error {
	c := newDBCommand("reparse", reparseUsage, e, readFormats)
	source := c.fs.String("source", "", "only pages of `SOURCE`")
	if _, err := c.parse(args, 0, "no arguments"); err != nil {
		return helpOK(err)
	}
	s, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	res, err := s.Reparse(ctx, *source, parse.Parse)
	if err != nil {
		return withDiskFree(s.Path(), err)
	}
	if *c.format == "json" {
		err = writeJSON(e.stdout, res)
	} else {
		_, err = fmt.Fprintf(e.stdout, "%d pages re-extracted: %d articles, %d new versions, %d refreshed, %d new articles, %d skipped\n",
			res.Snapshots, res.Articles, res.NewVersions, res.Refreshed, res.NewArticles, res.Skipped)
	}
	if err == nil && res.Unreadable > 0 {
		err = fmt.Errorf("reparse: %d stored pages could not be read back and were left as they were ('newsarchive db check' lists them)",
			res.Unreadable)
	}
	return err
}
