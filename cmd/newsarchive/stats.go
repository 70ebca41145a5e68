package main

import (
	"bufio"
	"context"
	"fmt"
	"io"

	"github.com/dustin/go-humanize"

	"github.com/newsarchive/newsarchive/archive"
)

const statsUsage = `[--format text|json] [--db PATH]

Counts what the archive holds: articles, versions, fetches, distinct bodies,
raw against stored bytes, per source, and the size of the database.`

func runStats(ctx context.Context, e env, args []string) error {
	c := newDBCommand("stats", statsUsage, e, readFormats)
	if _, err := c.parse(args, 0, "no arguments"); err != nil {
		return helpOK(err)
	}
	s, err := c.openToRead(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	st, err := s.Stats(ctx)
	if err != nil {
		return err
	}
	if *c.format == "json" {
		return writeJSON(e.stdout, st)
	}
	return writeText(e.stdout, func(w io.Writer) error { return renderStats(w, s.Path(), st) })
}

func renderStats(w io.Writer, path string, st *archive.Stats) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "database         %s (%s)\n", path, size(st.DatabaseBytes))
	fmt.Fprintf(bw, "articles         %d (%d aliases)\n", st.Articles, st.Aliases)
	if st.Unindexed > 0 {
		fmt.Fprintf(bw, "unindexed        %d articles (a crawl's latest saves; it indexes them as it goes and at its end)\n", st.Unindexed)
	}
	fmt.Fprintf(bw, "versions         %d\n", st.Versions)
	fmt.Fprintf(bw, "fetches          %d (%d failed)\n", st.Fetches, st.FailedFetches)
	fmt.Fprintf(bw, "distinct bodies  %d (%d awaiting compaction)\n", st.Bodies, st.Uncompacted)
	if st.Damaged > 0 {
		fmt.Fprintf(bw, "damaged bodies   %d (see: newsarchive db check)\n", st.Damaged)
	}
	fmt.Fprintf(bw, "bytes fetched    %s\n", size(st.FetchedBytes))
	fmt.Fprintf(bw, "bytes raw        %s (distinct bodies)\n", size(st.RawBytes))
	fmt.Fprintf(bw, "bytes stored     %s (%s of raw)\n", size(st.StoredBytes), ratio(st.StoredBytes, st.RawBytes))
	if len(st.Sources) > 0 {
		fmt.Fprintf(bw, "\n%-24s %9s %9s %9s\n", "source", "articles", "versions", "fetches")
	}
	for _, src := range st.Sources {
		name := src.Name
		if name == "" {
			name = archive.NoSource
		}
		fmt.Fprintf(bw, "%-24s %9d %9d %9d\n", name, src.Articles, src.Versions, src.Fetches)
	}
	return bw.Flush()
}

func size(n int64) string { return humanize.IBytes(uint64(max(n, 0))) }

func ratio(a, b int64) string {
	if b == 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f%%", 100*float64(a)/float64(b))
}
