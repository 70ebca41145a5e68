package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/newsarchive/newsarchive/archive"
)

const searchUsage = `[--source S] [--since D] [--until D] [--section S] [--language L] [--limit N]
       [--format text|json] [--db PATH] QUERY

Searches the title, byline and text of the latest version of every archived
article, best matches first. QUERY uses SQLite FTS5 syntax: words (all must
match), "a phrase", OR, NOT (a NOT b), (brackets), prefix*, title:word
(columns title, byline, text), NEAR(a b, 10); operators only in capitals.
-word and -"a phrase" leave out what holds them (search -- electric -Audi:
after --, or -Audi is read as a flag), but need a word to search for. Other words FTS5 cannot read as they stand
(covid-19, 10:30, http://x) are searched as phrases. Dates are YYYY-MM-DD or
RFC 3339 and apply to the publication date (or when first seen); --until
includes the day it names. --section and --language keep articles that
declare that section (case aside) or are in that language (en selects en
and en-GB). A result whose stored text no longer matches its content hash is
marked [text damaged], and the command then exits 1.`

func runSearch(ctx context.Context, e env, args []string) error {
	c := newDBCommand("search", searchUsage, e, readFormats)
	source := c.fs.String("source", "", "only articles of `SOURCE` ((none): those scrape --save archived)")
	since := c.fs.String("since", "", "published on or after `DATE`")
	until := c.fs.String("until", "", "published on or before `DATE`")
	section := c.fs.String("section", "", "only articles of the site's section `NAME` (\"Politics\")")
	language := c.fs.String("language", "", "only articles in `LANG` (en, or en-GB)")
	limit := c.fs.Int("limit", archive.DefaultSearchLimit, "at most `N` results")
	rest, err := c.parse(args, -1, "query")
	if err != nil {
		return helpOK(leaveOutHint(err, args))
	}
	if *limit <= 0 {
		return usageErrorf("search: --limit must be positive")
	}
	if err := noBlankFilters("search", c.fs); err != nil {
		return err
	}
	q := archive.Query{Text: strings.Join(rest, " "), Source: *source, Section: *section,
		Language: *language, Limit: *limit}
	if q.DateBounds, err = parseRange(*since, *until); err != nil {
		return usageErrorf("search: %v", err)
	}
	s, err := c.openToRead(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	hits, err := s.Search(ctx, q)
	switch {
	case err != nil && ctx.Err() != nil:
		// Ctrl-C in a long phrase match: the database's "context
		// canceled" quoted behind the query said nothing of why.
		return errors.New("search interrupted before it listed any result")
	case errors.Is(err, archive.ErrBadQuery):
		return usageErrorf("search: %v", err)
	case errors.Is(err, archive.ErrNotFound) && q.Source != "":
		return usageErrorf("search: unknown source %q", q.Source)
	}
	if err != nil {
		return err
	}
	selected := archive.ExportFilter{Source: q.Source, DateBounds: q.DateBounds, Section: q.Section, Language: q.Language, Query: q.Text}
	if n, err := s.UnindexedSelected(ctx, selected); err == nil && n > 0 {
		fmt.Fprintf(e.stderr, "newsarchive: note: %d articles are not in the search index yet %s\n", n, indexCatchesUp)
	}
	if *c.format == "json" {
		err = writeJSON(e.stdout, hits)
	} else {
		err = writeText(e.stdout, func(w io.Writer) error { return renderHits(w, hits) })
	}
	if err != nil {
		return err
	}
	return damagedHits(hits)
}

// damagedHits is the error of results whose text no longer matches its
// content hash, marked [text damaged] among them: their snippets are read
// from the damaged text. Nil when there are none.
func damagedHits(hits []archive.Hit) error {
	n, first := 0, int64(0)
	for _, h := range hits {
		if h.TextDamaged {
			if n == 0 {
				first = h.ArticleID
			}
			n++
		}
	}
	if n == 0 {
		return nil
	}
	return fmt.Errorf("search: %d result(s) marked [text damaged], article %d the first: text does not match its content hash (newsarchive db check lists them)",
		n, first)
}

// leaveOutHint adds to the error of an unknown flag typed with one dash
// that a word to leave out goes after --: "search electric -Audi" reads
// -Audi as a flag.
func leaveOutHint(err error, args []string) error {
	var ue *usageError
	const unknown = "flag provided but not defined: "
	if !errors.As(err, &ue) || !strings.Contains(ue.msg, unknown) {
		return err
	}
	name, _, _ := strings.Cut(ue.msg[strings.Index(ue.msg, unknown)+len(unknown):], " ")
	if !slices.Contains(args, name) {
		return err // --name: a flag mistyped
	}
	return usageErrorf("%s; to leave a word out, give the query after --: newsarchive search -- electric -Audi",
		strings.TrimSuffix(ue.msg, " (see 'newsarchive search -h')"))
}

// renderHits writes one block per hit: rank, title, address, then the
// snippet.
func renderHits(w io.Writer, hits []archive.Hit) error {
	bw := bufio.NewWriter(w)
	if len(hits) == 0 {
		fmt.Fprintln(bw, "no matches")
	}
	for i, h := range hits {
		damaged := ""
		if h.TextDamaged {
			damaged = " [text damaged]"
		}
		fmt.Fprintf(bw, "%d. %s [id %d]%s\n", i+1, listedTitle(h.Title), h.ArticleID, damaged)
		meta := []string{h.CanonicalURL}
		if h.Source != "" {
			meta = append(meta, h.Source)
		}
		if h.Published != nil {
			meta = append(meta, h.Published.Format("2006-01-02"))
		}
		fmt.Fprintf(bw, "   %s\n", strings.Join(meta, " · "))
		if snip := strings.Join(strings.Fields(h.Snippet), " "); snip != "" {
			fmt.Fprintf(bw, "   %s\n", snip)
		}
		fmt.Fprintln(bw)
	}
	return bw.Flush()
}

// indexCatchesUp ends a note of articles the search index does not hold.
const indexCatchesUp = "(a crawl adds them as it goes; 'newsarchive db compact' adds them now)"
