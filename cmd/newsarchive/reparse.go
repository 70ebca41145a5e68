package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/parse"
	"github.com/newsarchive/newsarchive/schedules/sourcerun"
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
	if err := s.QuickCheck(ctx); err != nil {
		return checkRefused(ctx, "reparse", err)
	}
	res, err := s.Reparse(ctx, *source, parse.Parse)
	if err != nil && ctx.Err() != nil {
		// Each page of work is one transaction: those done are kept.
		return fmt.Errorf("reparse interrupted after %s; what it changed is kept, run it again to finish",
			counted(res.Snapshots, "page", "pages"))
	}
	if errors.Is(err, archive.ErrNotFound) && *source != "" && strings.HasPrefix(err.Error(), "source ") {
		return usageErrorf("reparse: unknown source %q", *source)
	}
	if err != nil {
		return sourcerun.WithDiskFree(s.Path(), err)
	}
	if *c.format == "json" {
		err = writeJSON(e.stdout, res)
	} else {
		err = writeReparseSummary(e.stdout, res)
	}
	if err == nil && res.Unreadable > 0 {
		err = fmt.Errorf("reparse: %d stored pages could not be read back and were left as they were ('newsarchive db check --bodies' lists them)",
			res.Unreadable)
	}
	return err
}

// writeReparseSummary writes reparse's one-line summary: pages that could
// not be read back are counted apart, not as re-extracted.
func writeReparseSummary(w io.Writer, res archive.ReparseResult) error {
	line := fmt.Sprintf("%s re-extracted: %d with an article, %d new %s, %d refreshed, %d new %s, %d not articles",
		counted(res.Snapshots-res.Unreadable, "page", "pages"), res.Articles, res.NewVersions, plural(res.NewVersions, "version", "versions"),
		res.Refreshed, res.NewArticles, plural(res.NewArticles, "article", "articles"), res.Skipped)
	if res.Unreadable > 0 {
		line += fmt.Sprintf("; %d unreadable, left as they were", res.Unreadable)
	}
	_, err := fmt.Fprintln(w, line)
	return err
}

// plural is one or many, as n asks.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// counted is n followed by its noun: "1 page", "3 pages".
func counted(n int, one, many string) string { return fmt.Sprintf("%d %s", n, plural(n, one, many)) }
