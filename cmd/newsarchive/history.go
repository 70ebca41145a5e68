package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/archive/worddiff"
)

const historyUsage = `[--format text|json] [--context N] [--db PATH] ID|URL

Lists the versions of an archived article, oldest first, with when each was
first and last seen and a word diff of its title and text against the
version before. A version whose stored text no longer matches its content
hash is marked damaged, and the command then exits 1.`

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
	// Latest marks the version the article shows now; not always the last
	// listed: a page may go back to an earlier text.
	Latest bool `json:"latest"`
	// TextDamaged says the version's text no longer matches its content
	// hash: what is stored is diffed, the damage said.
	TextDamaged bool `json:"text_damaged,omitempty"`
}

func runHistory(ctx context.Context, e env, args []string) error {
	c := newDBCommand("history", historyUsage, e, readFormats)
	context := c.fs.Int("context", 5, "unchanged `words` shown around each change, letters in Chinese and Japanese (-1: all)")
	rest, err := c.parse(args, 1, "one ID or URL")
	if err != nil {
		return helpOK(err)
	}
	if *context < -1 {
		return usageErrorf("history: --context %d: want 0 or more words, or -1 for all", *context)
	}
	s, err := c.openToRead(ctx)
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
	latest, err := s.Latest(ctx, id)
	if err != nil {
		return err
	}
	entries := historyEntries(versions, latest.ID)
	if *c.format == "json" {
		err = writeJSON(e.stdout, entries)
	} else {
		err = writeText(e.stdout, func(w io.Writer) error {
			return renderHistory(w, versions[0].CanonicalURL, entries, *context)
		})
	}
	if err != nil {
		return err
	}
	return damagedVersions(id, entries)
}

// damagedVersions names, once the history is printed, the versions whose
// text does not match its content hash; nil when none.
func damagedVersions(articleID int64, entries []historyEntry) error {
	var ids []string
	for _, h := range entries {
		if h.TextDamaged {
			ids = append(ids, fmt.Sprint(h.VersionID))
		}
	}
	if len(ids) == 0 {
		return nil
	}
	return fmt.Errorf("history: article %d: the text of version(s) %s does not match its content hash: damaged (newsarchive db check lists such versions)",
		articleID, strings.Join(ids, ", "))
}

// historyEntries diffs each version against the one before; the first
// has nothing to be diffed against and gets empty diffs.
func historyEntries(vs []archive.Version, latest int64) []historyEntry {
	out := make([]historyEntry, 0, len(vs))
	for i, v := range vs {
		a := v.Article
		h := historyEntry{
			VersionID: v.ID, FetchID: v.FetchID, FirstSeen: v.FirstSeen, LastSeen: v.LastSeen,
			ContentHash: a.ContentHash, Title: a.Title, URL: a.URL, Words: wordCount(a.Text),
			TitleDiff: []worddiff.Chunk{}, TextDiff: []worddiff.Chunk{}, Latest: v.ID == latest,
			TextDamaged: v.TextDamaged(),
		}
		if i > 0 {
			prev := vs[i-1].Article
			h.TitleDiff, h.TextDiff = worddiff.Diff(prev.Title, a.Title), worddiff.Diff(prev.Text, a.Text)
		}
		out = append(out, h)
	}
	return out
}

func renderHistory(w io.Writer, canonical string, entries []historyEntry, context int) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "%s: %d version(s)\n", canonical, len(entries))
	for i, h := range entries {
		fmt.Fprintf(bw, "\nversion %d (id %d): first seen %s, last seen %s, %d words\n",
			i+1, h.VersionID, h.FirstSeen.Format(seenLayout), h.LastSeen.Format(seenLayout), h.Words)
		fmt.Fprintf(bw, "  title: %s\n", listedTitle(h.Title))
		if h.TextDamaged {
			fmt.Fprintln(bw, "  text damaged: it does not match its content hash")
		}
		if h.Latest && i < len(entries)-1 {
			fmt.Fprintf(bw, "  the page went back to this version: it is the latest, seen last %s\n", h.LastSeen.Format(seenLayout))
		}
		if i == 0 {
			continue
		}
		if worddiff.Changed(h.TitleDiff) {
			fmt.Fprintf(bw, "  title changed: %s\n", worddiff.Format(h.TitleDiff, -1))
		}
		switch {
		case worddiff.Changed(h.TextDiff):
			fmt.Fprintf(bw, "  text changed: %s\n", worddiff.Format(h.TextDiff, context))
		case worddiff.Changed(h.TitleDiff):
			fmt.Fprintln(bw, "  text unchanged")
		default:
			fmt.Fprintln(bw, "  text unchanged (other fields differ)")
		}
	}
	return bw.Flush()
}

// seenLayout shows seconds to three places: versions fetched in one
// minute still read apart.
const seenLayout = "2006-01-02 15:04:05.000 MST"

// wordCount counts the words of s as history's diffs compare them (a
// Chinese or Japanese letter is one).
func wordCount(s string) int { return len(worddiff.Words(s)) }
