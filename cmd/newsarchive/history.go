package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/archive/worddiff"
)

const historyUsage = `[--format text|json] [--context N] [--db PATH] ID|URL

Lists the versions of an archived article, oldest first, with when each was
first and last seen and a word diff of its title and text against the
version before.`

// historyEntry is one version in history's JSON.
type historyEntry struct {
	VersionID   int64            `json:"version_id"`
	FetchID     int64            `json:"fetch_id"`
	FirstSeen   time.Time        `json:"first_seen"`
	LastSeen    time.Time        `json:"last_seen"`
	ContentHash string           `json:"content_hash"`
	Title       string           `json:"title"`
	URL         string           `json:"url"`
	Words       int              `json:"words"`
	TitleDiff   []worddiff.Chunk `json:"title_diff"`
	TextDiff    []worddiff.Chunk `json:"text_diff"`
}

func runHistory(ctx context.Context, e env, args []string) error {
	fs := newFlagSet("history", historyUsage, e.stderr)
	db := addDBFlag(fs)
	format := fs.String("format", "text", "output `format`: text or json")
	context := fs.Int("context", 5, "unchanged `words` shown around each change (-1: all)")
	rest, err := parseFlags(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usageErrorf("history: want exactly one ID or URL (got %d arguments)", len(rest))
	}
	if err := checkFormat("history", *format, readFormats); err != nil {
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
	versions, err := s.Versions(ctx, id)
	if err != nil {
		return err
	}
	entries := historyEntries(versions)
	if *format == "json" {
		return writeJSON(e.stdout, entries)
	}
	return renderHistory(e.stdout, versions[0].CanonicalURL, entries, *context)
}

// historyEntries diffs each version against the one before; the first is
// diffed against nothing, so its diff is all insertions.
func historyEntries(vs []archive.Version) []historyEntry {
	out := make([]historyEntry, 0, len(vs))
	var prevTitle, prevText string
	for _, v := range vs {
		a := v.Article
		out = append(out, historyEntry{
			VersionID: v.ID, FetchID: v.FetchID, FirstSeen: v.FirstSeen, LastSeen: v.LastSeen,
			ContentHash: a.ContentHash, Title: a.Title, URL: a.URL, Words: wordCount(a.Text),
			TitleDiff: worddiff.Diff(prevTitle, a.Title), TextDiff: worddiff.Diff(prevText, a.Text),
		})
		prevTitle, prevText = a.Title, a.Text
	}
	return out
}

func renderHistory(w io.Writer, canonical string, entries []historyEntry, context int) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "%s: %d version(s)\n", canonical, len(entries))
	for i, h := range entries {
		fmt.Fprintf(bw, "\nversion %d (id %d): first seen %s, last seen %s, %d words\n",
			i+1, h.VersionID, h.FirstSeen.Format(time.RFC3339), h.LastSeen.Format(time.RFC3339), h.Words)
		fmt.Fprintf(bw, "  title: %s\n", h.Title)
		if i == 0 {
			continue
		}
		if worddiff.Changed(h.TitleDiff) {
			fmt.Fprintf(bw, "  title changed: %s\n", worddiff.Format(h.TitleDiff, -1))
		}
		if worddiff.Changed(h.TextDiff) {
			fmt.Fprintf(bw, "  text changed: %s\n", worddiff.Format(h.TextDiff, context))
		} else {
			fmt.Fprintln(bw, "  text unchanged (other fields differ)")
		}
	}
	return bw.Flush()
}

func wordCount(s string) int {
	n, inWord := 0, false
	for _, r := range s {
		space := r == ' ' || r == '\n' || r == '\t' || r == '\r'
		if !space && !inWord {
			n++
		}
		inWord = !space
	}
	return n
}
