package archive

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/parse"
)

// Versions of the archive searchCheckArchive builds, for the damage SQL.
const (
	latestOfA  = `(SELECT latest_version_id FROM articles WHERE canonical_url = 'https://news.example/a')`
	firstOfA   = `(SELECT MIN(id) FROM versions WHERE url = 'https://news.example/a')`
	latestOfB  = `(SELECT latest_version_id FROM articles WHERE canonical_url = 'https://news.example/b')`
	latestOfJP = `(SELECT latest_version_id FROM articles WHERE canonical_url = 'https://news.example/jp')`
)

// unindexSQL takes a version out of the search index as indexRow does,
// with the values it was indexed with.
func unindexSQL(version string) string {
	return `INSERT INTO search (search, rowid, title, byline, text)
		SELECT 'delete', id, title, byline, text FROM search_source WHERE id = ` + version
}

// searchCheckArchive builds an archive whose index Check finds sound: an
// article edited once, one in plain English, one in Japanese with
// fullwidth letters (indexed in its split form, kept in search_split), all
// indexed as they are saved; with backlog, a crawl's later saves (a new
// version of the first article, a new article) wait for IndexPending.
func searchCheckArchive(t *testing.T, backlog bool) *Store {
	t.Helper()
	s := mustOpen(t)
	mustSave(t, s, record("https://news.example/a", "Harbour", "The harbour reopened after the storm.", t0))
	mustSave(t, s, record("https://news.example/a", "Harbour", "The harbour closed again for repairs.", t0.Add(time.Hour)))
	mustSave(t, s, record("https://news.example/b", "Budget", "The council passed its budget.", t0))
	mustSave(t, s, record("https://news.example/jp", "東京の天気", "ＮＨＫによると東京は晴れ。", t0))
	if backlog {
		f := mustFrontier(t, s, "gazette")
		rs := []Record{record("https://news.example/a", "Harbour", "The harbour opened a ferry line.", t0.Add(2*time.Hour)),
			record("https://news.example/c", "School", "A new school opened.", t0)}
		if _, err := f.SaveBatch(context.Background(), rs); err != nil {
			t.Fatal(err)
		}
		mustUnindexed(t, s, 2)
	}
	return s
}

// searchDamages are archives TestCheckSearchIndex checks: sound, or
// damaged with SQL, and the problems Check is to report, all and no other.
var searchDamages = []struct {
	name    string
	backlog bool
	damage  []string
	want    []string // all reported, and nothing else
}{
	{name: "sound"},
	{name: "sound with a backlog", backlog: true},
	{name: "configuration emptied", damage: []string{`DELETE FROM search_config`},
		want: []string{"search index configuration damaged: no FTS5 format version it reads in search_config, the index cannot be read" +
			" (the file is checked once it is rebuilt)"}},
	{name: "format version overwritten", backlog: true, damage: []string{`UPDATE search_config SET v = 0 WHERE k = 'version'`},
		want: []string{"search index configuration damaged: no FTS5 format version it reads in search_config, the index cannot be read" +
			" (the file is checked once it is rebuilt)"}},
	{name: "ranking lost", damage: []string{`DELETE FROM search_config WHERE k = 'rank'`},
		want: []string{"search index configuration lost its ranking (title over byline over text) in search_config"}},
	{name: "row of the latest version deleted", damage: []string{unindexSQL(latestOfB)},
		want: []string{"search index misses the latest text of 1 article"}},
	{name: "row of a waiting article's earlier version deleted", backlog: true, damage: []string{unindexSQL(latestOfB),
		unindexSQL(`(SELECT indexed_version_id FROM articles WHERE canonical_url = 'https://news.example/a')`)},
		want: []string{"search index misses the latest text of 1 article",
			"search index misses the earlier text of 1 article waiting to be reindexed"}},
	{name: "stray row of no version", damage: []string{
		`INSERT INTO search (rowid, title, byline, text) VALUES (999999, 'Ghost', '', 'a text no version has')`},
		want: []string{"search index holds 1 row of versions that no longer exist"}},
	{name: "stray row of an old version", damage: []string{`INSERT INTO search (rowid, title, byline, text)
		SELECT id, title, byline, text FROM versions WHERE id = ` + firstOfA},
		want: []string{"search index holds 1 row of versions their article replaced or does not record as indexed"}},
	{name: "row pointing at the old version", damage: []string{unindexSQL(latestOfA), `INSERT INTO search (rowid, title, byline, text)
		SELECT id, title, byline, text FROM versions WHERE id = ` + firstOfA},
		want: []string{"search index misses the latest text of 1 article",
			"search index holds 1 row of versions their article replaced or does not record as indexed"}},
	{name: "article recording the old version as indexed", damage: []string{
		`UPDATE articles SET indexed_version_id = ` + firstOfA + ` WHERE id = (SELECT article_id FROM versions WHERE id = ` + firstOfA + `)`},
		want: []string{"search index misses the earlier text of 1 article waiting to be reindexed",
			"search index holds 1 row of versions their article replaced or does not record as indexed"}},
	{name: "article recording another's version as indexed", damage: []string{
		`UPDATE articles SET indexed_version_id = ` + latestOfB + ` WHERE canonical_url = 'https://news.example/a'`},
		want: []string{"search index records for 1 article a version that is gone or another article's",
			"search index holds 1 row of versions their article replaced or does not record as indexed"}},
	{name: "indexed version deleted", damage: []string{`DELETE FROM versions WHERE id = ` + latestOfB},
		want: []string{"articles without their latest version: 1", "search index records for 1 article a version that is gone or another article's",
			"search index holds 1 row of versions that no longer exist"}},
	{name: "text changed under the index", damage: []string{textChangedSQL("The harbour was sold to a developer.", latestOfA)},
		want: []string{textsDiffer}},
	// A damaged page of a long text: the text no longer matches its hash.
	{name: "text damaged", damage: []string{`UPDATE versions SET text = 'The harbour was s\ufffd\ufffd' WHERE id = 1`},
		want: []string{damagedTextsPrefix + ": 1 (versions 1)"}},
	{name: "split text changed under the index", damage: []string{
		`UPDATE search_split SET text = 'no longer the indexed text' WHERE version_id = ` + latestOfJP},
		want: []string{textsDiffer}},
	{name: "split text of a version not indexed", damage: []string{
		`INSERT INTO search_split (version_id, title, byline, text) SELECT id, title, byline, text FROM versions WHERE id = ` + firstOfA},
		want: []string{"search index keeps split CJK texts of 1 version it does not hold"}},
}

// TestCheckSearchIndex: db check compares the search index with the
// articles' texts: it names rows missing, stray or stale and an index whose
// terms are not the texts', and finds a sound archive sound, a crawl's
// backlog of articles not indexed yet included.
func TestCheckSearchIndex(t *testing.T) {
	for _, tt := range searchDamages {
		t.Run(tt.name, func(t *testing.T) {
			s := searchCheckArchive(t, tt.backlog)
			damageArchive(t, s, tt.damage)
			problems, err := s.Check(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if strings.Join(problems, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(problems, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// damageArchive runs SQL that breaks the archive behind its back.
func damageArchive(t *testing.T, s *Store, damage []string) {
	t.Helper()
	if _, err := s.writer.Exec(`PRAGMA foreign_keys = OFF`); err != nil {
		t.Fatal(err)
	}
	for _, q := range damage {
		if _, err := s.writer.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

// TestCheckLeavesSearchSourceWhole: the comparison of the index with the
// texts narrows search_source for its while only: afterwards the view
// holds every version again, searches find and quote the articles, and
// a crawl's saves and their indexing go on.
func TestCheckLeavesSearchSourceWhole(t *testing.T) {
	ctx := context.Background()
	s := searchCheckArchive(t, true)
	mustCheck(t, s)
	var inView, versions int
	err := s.readers.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM search_source), (SELECT COUNT(*) FROM versions)`).Scan(&inView, &versions)
	if err != nil || inView != versions || versions != 6 {
		t.Fatalf("search_source holds %d rows of %d versions (%v), want 6 of 6", inView, versions, err)
	}
	hits, err := s.Search(ctx, Query{Text: "repairs"})
	if err != nil || len(hits) != 1 || !strings.Contains(hits[0].Snippet, "**repairs**") {
		t.Fatalf("search after check: %+v, %v", hits, err)
	}
	if n, err := s.IndexPending(ctx); err != nil || n != 2 {
		t.Fatalf("IndexPending after check = %d, %v; want 2", n, err)
	}
	mustSave(t, s, record("https://news.example/b", "Budget", "The council amended its budget.", t0.Add(time.Hour)))
	mustCheck(t, s)
	if got := searchTitles(t, s, "ferry"); len(got) != 1 {
		t.Errorf("search for the indexed backlog: %v", got)
	}
}

// TestCheckFindsAnEmptiedTermIndex: with the index's term index
// (search_idx) emptied, FTS5's comparison of the index with the texts
// passes, as it walks the segments, while searches find nothing: the
// check looks up a sample of articles by a word of their own.
func TestCheckFindsAnEmptiedTermIndex(t *testing.T) {
	s := numberedArchive(t, 300)
	mustCheck(t, s)
	damageArchive(t, s, []string{`DELETE FROM search_idx`})
	problems, err := s.Check(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(problems) != 1 || !strings.Contains(problems[0], "sampled articles by a word of their own") {
		t.Errorf("problems: %q, want the sampled articles not found", problems)
	}
}

// TestCheckProbesWordsAsTheIndexHoldsThem: the sample of articles db
// check searches for holds texts whose accents are spelled apart (NFD),
// which the index finds by their whole words: no damage reported (the
// probe split "Naïve" at its accent and searched for "Nai").
func TestCheckProbesWordsAsTheIndexHoldsThem(t *testing.T) {
	s := mustOpen(t)
	decomposed := "Nai\u0308ve cafe\u0301 re\u0301sume\u0301"
	mustSave(t, s, record("https://news.example/nfd", decomposed, decomposed+" in the council.", t0))
	mustSave(t, s, record("https://news.example/hi", "नमस्ते दुनिया", "नमस्ते दुनिया, परिषद ने बजट पारित किया।", t0))
	if _, err := s.IndexPending(context.Background()); err != nil {
		t.Fatal(err)
	}
	mustCheck(t, s)
	for _, tt := range []struct{ in, want string }{
		{decomposed, "Naïve"},
		{"東\u200b京", "東"},
		{"1 2 ab 2026", "2026"},
		{"ab x² 10⁶", "10⁶"},
		{"!!", ""},
	} {
		if got := probeWord(tt.in); got != tt.want {
			t.Errorf("probeWord(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// textChangedSQL sets the text of the version id selects to text, with
// its content hash: a text the index does not hold, not a damaged one.
func textChangedSQL(text, id string) string {
	return fmt.Sprintf(`UPDATE versions SET text = '%s', content_hash = '%s' WHERE id = %s`, text, parse.ContentHash(text), id)
}

// TestCheckNamesDamagedVersions: db check named the first five versions
// whose text no longer matches its content hash, while the commands that
// meet one send the reader to it for the rest. It names every one, up to
// maxNamedVersions.
func TestCheckNamesDamagedVersions(t *testing.T) {
	s := mustOpenAt(t, filepath.Join(t.TempDir(), "a.db"))
	var ids []string
	for i := range 7 {
		saved := mustSave(t, s, record(fmt.Sprintf("https://news.example/story-%d", i), fmt.Sprintf("Story %d", i),
			fmt.Sprintf("The harbour council met for the %dth time and voted on the plan.", i+1), t0.Add(time.Duration(i)*time.Hour)))
		ids = append(ids, fmt.Sprint(saved.VersionID))
	}
	damageArchive(t, s, []string{`UPDATE versions SET text = text || ' \ufffd'`})
	problems, err := s.Check(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("%s: 7 (versions %s)", damagedTextsPrefix, strings.Join(ids, ", "))
	if len(problems) == 0 || problems[0] != want { // the search index, holding the texts as they were, differs too
		t.Errorf("problems %q, want %q", problems, want)
	}
}
