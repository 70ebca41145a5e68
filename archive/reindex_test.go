package archive

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"
)

// indexCorruptions damage the FTS5 tables themselves, which no row count
// sees: TestRebuildSearchIndex rebuilds from them as from searchDamages.
var indexCorruptions = []struct {
	name   string
	damage []string
}{
	{"leaf blocks cut short", []string{`UPDATE search_data SET block = substr(block, 1, length(block) / 2) WHERE id > 10`}},
	{"structure record overwritten", []string{`UPDATE search_data SET block = x'0102030405' WHERE id = 10`}},
	{"document sizes deleted", []string{`DELETE FROM search_docsize`}},
	{"index emptied behind the articles", []string{`DELETE FROM search_data WHERE id > 10`, `DELETE FROM search_idx`}},
}

// rebuildCase is an archive TestRebuildSearchIndex damages and rebuilds.
type rebuildCase struct {
	name    string
	backlog bool
	damage  []string
}

// rebuildCases are the searchDamages whose problems are all the search
// index's (an article without its latest version is not), then the
// indexCorruptions, with and without a crawl's backlog.
func rebuildCases() []rebuildCase {
	var out []rebuildCase
	for _, d := range searchDamages {
		if slices.ContainsFunc(d.want, func(p string) bool { return !SearchProblem(p) }) {
			continue
		}
		out = append(out, rebuildCase{d.name, d.backlog, d.damage})
	}
	for _, c := range indexCorruptions {
		for _, backlog := range []bool{false, true} {
			out = append(out, rebuildCase{fmt.Sprintf("%s, backlog %t", c.name, backlog), backlog, c.damage})
		}
	}
	return out
}

// TestRebuildSearchIndex: whatever damage the search index took, a
// rebuild leaves it sound, holding the latest version of every article
// (a crawl's backlog included), found by plain, CJK and width-folded
// queries.
func TestRebuildSearchIndex(t *testing.T) {
	ctx := context.Background()
	for _, tt := range rebuildCases() {
		t.Run(tt.name, func(t *testing.T) {
			s := searchCheckArchive(t, tt.backlog)
			damageArchive(t, s, tt.damage)
			if problems, err := s.Check(ctx); err == nil && len(problems) == 0 && len(tt.damage) > 0 {
				t.Fatalf("check finds no damage before the rebuild")
			}
			n, err := s.RebuildSearchIndex(ctx, nil)
			if want := 3 + btoi(tt.backlog); err != nil || n != want {
				t.Fatalf("RebuildSearchIndex = %d, %v; want %d", n, err, want)
			}
			mustCheck(t, s)
			mustUnindexed(t, s, 0)
			queries := rebuiltQueries(tt.backlog)
			for q, url := range textsChanged[tt.name] {
				queries[q] = url
			}
			mustFindLatest(t, s, queries)
		})
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// rebuiltQueries are searches of searchCheckArchive's articles and the
// article each finds, by its URL's end: "" for none.
func rebuiltQueries(backlog bool) map[string]string {
	q := map[string]string{"budget": "/b", "東京": "/jp", "天気": "/jp", "晴れ": "/jp", "NHK": "/jp", "ＮＨＫ": "/jp", "nhk": "/jp"}
	if backlog {
		q["ferry"], q["repairs"], q["school"] = "/a", "", "/c"
	} else {
		q["repairs"], q["reopened"], q["school"] = "/a", "", ""
	}
	return q
}

// textsChanged are the searches whose answers a damage changed with the
// texts themselves: the index is rebuilt from the texts as they are.
var textsChanged = map[string]map[string]string{
	"text changed under the index": {"repairs": "", "sold": "/a"},
}

// mustFindLatest runs each query and checks it finds one article, the
// one named, by its latest version, or none.
func mustFindLatest(t *testing.T, s *Store, queries map[string]string) {
	t.Helper()
	ctx := context.Background()
	for q, url := range queries {
		hits, err := s.Search(ctx, Query{Text: q})
		if err != nil {
			t.Fatalf("search %q: %v", q, err)
		}
		if url == "" {
			if len(hits) != 0 {
				t.Errorf("search %q found %d articles, want none", q, len(hits))
			}
			continue
		}
		if len(hits) != 1 || hits[0].CanonicalURL != "https://news.example"+url {
			t.Errorf("search %q = %+v, want %s", q, hits, url)
			continue
		}
		var latest int64
		if err := s.readers.QueryRowContext(ctx, `SELECT latest_version_id FROM articles WHERE id = ?`, hits[0].ArticleID).Scan(&latest); err != nil {
			t.Fatal(err)
		}
		if hits[0].VersionID != latest {
			t.Errorf("search %q found version %d, want the latest, %d", q, hits[0].VersionID, latest)
		}
	}
}

// TestRebuildSearchIndexStopped: a rebuild stopped before it starts
// changes nothing; one stopped between batches leaves the articles it did
// not reach as a backlog: db check finds the archive sound, searches find
// what was indexed, and IndexPending indexes the rest.
func TestRebuildSearchIndexStopped(t *testing.T) {
	const articles = 2*indexBatchSize + 40
	tests := []struct {
		name        string
		stopAfter   int // batches indexed before the context is cancelled; -1: cancelled before
		wantIndexed int
	}{
		{"before it starts", -1, 0},
		{"after one batch", 1, indexBatchSize},
		{"after two batches", 2, 2 * indexBatchSize},
		{"after the last batch, in the merge", 3, articles},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := numberedArchive(t, articles)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			batches := 0
			report := func(int) {
				if batches++; batches == tt.stopAfter {
					cancel()
				}
			}
			if tt.stopAfter < 0 {
				cancel()
			}
			n, err := s.RebuildSearchIndex(ctx, report)
			// Stopped in the merge, the rebuild is done all the same.
			if complete := tt.wantIndexed == articles; errors.Is(err, context.Canceled) == complete || n != tt.wantIndexed {
				t.Fatalf("RebuildSearchIndex = %d, %v; want %d, cancelled %t", n, err, tt.wantIndexed, !complete)
			}
			mustCheck(t, s)
			wantBacklog := int64(articles - tt.wantIndexed)
			if tt.stopAfter < 0 {
				wantBacklog = 0 // nothing was cleared
			}
			mustUnindexed(t, s, wantBacklog)
			mustFindNumbered(t, s, articles, int(int64(articles)-wantBacklog))
			if n, err := s.IndexPending(context.Background()); err != nil || int64(n) != wantBacklog {
				t.Fatalf("IndexPending after the stop = %d, %v; want %d", n, err, wantBacklog)
			}
			mustCheck(t, s)
			mustFindNumbered(t, s, articles, articles)
		})
	}
}

// numberedArchive saves n articles through a frontier, each with a word
// of its own (n0, n1...), and indexes them.
func numberedArchive(t *testing.T, n int) *Store {
	t.Helper()
	s := mustOpen(t)
	f := mustFrontier(t, s, "gazette")
	var rs []Record
	for i := range n {
		rs = append(rs, record(fmt.Sprintf("https://news.example/n/%d", i), fmt.Sprintf("Report %d", i),
			fmt.Sprintf("The report n%d of the series.", i), t0.Add(time.Duration(i)*time.Minute)))
	}
	if _, err := f.SaveBatch(context.Background(), rs); err != nil {
		t.Fatal(err)
	}
	if _, err := s.IndexPending(context.Background()); err != nil {
		t.Fatal(err)
	}
	return s
}

// mustFindNumbered checks that the words of numberedArchive's first
// indexed articles (in the order IndexPending takes them) are found, and
// those of the others are not.
func mustFindNumbered(t *testing.T, s *Store, n, indexed int) {
	t.Helper()
	// Every article is a search of its own: a sample, with both sides of
	// where indexing stopped, keeps the test quick under the race detector;
	// the count of the index's rows covers the rest.
	for i := range n {
		if i%17 != 0 && i != indexed-1 && i != indexed && i != n-1 {
			continue
		}
		hits, err := s.Search(context.Background(), Query{Text: fmt.Sprintf("n%d", i)})
		if err != nil {
			t.Fatal(err)
		}
		if len(hits) > 1 || (len(hits) == 1) != (i < indexed) {
			t.Fatalf("search n%d: %d hits; want %t with %d of %d indexed", i, len(hits), i < indexed, indexed, n)
		}
	}
	var rows int
	if err := s.readers.QueryRow(`SELECT COUNT(*) FROM search WHERE search MATCH 'series'`).Scan(&rows); err != nil {
		t.Fatal(err)
	}
	if rows != indexed {
		t.Errorf("the search index finds %d articles, want %d", rows, indexed)
	}
}

// TestQuickCheckPages: FTS5's check of the search index's records, which
// SQLite's quick check runs, makes QuickCheck find the file damaged, not
// QuickCheckPages, the check a rebuild of that index runs first; a sound
// archive passes both.
func TestQuickCheckPages(t *testing.T) {
	tests := []struct {
		name        string
		damage      []string
		quick, page bool // whether each finds damage
	}{
		{"sound", nil, false, false},
		{"leaf blocks cut short", indexCorruptions[0].damage, true, false},
		{"structure record overwritten", indexCorruptions[1].damage, true, false},
	}
	ctx := context.Background()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := searchCheckArchive(t, false)
			damageArchive(t, s, tt.damage)
			for _, c := range []struct {
				name  string
				check func(context.Context) error
				want  bool
			}{{"QuickCheck", s.QuickCheck, tt.quick}, {"QuickCheckPages", s.QuickCheckPages, tt.page}} {
				err := c.check(ctx)
				if errors.Is(err, ErrDamaged) != c.want || (err != nil && !errors.Is(err, ErrDamaged)) {
					t.Errorf("%s = %v; want damage %t", c.name, err, c.want)
				}
			}
		})
	}
}

// TestSearchOfADamagedIndex: a search the index's damage stops (its
// records, FTS5's configuration of it) says the index is damaged and how
// to repair it, not that the query is invalid.
func TestSearchOfADamagedIndex(t *testing.T) {
	for _, damage := range [][]string{
		indexCorruptions[1].damage,
		{`DELETE FROM search_config`},
		{`UPDATE search_config SET v = 'nosuchfn()' WHERE k = 'rank'`},
	} {
		t.Run(damage[0], func(t *testing.T) {
			s := searchCheckArchive(t, false)
			damageArchive(t, s, damage)
			_, err := s.Search(context.Background(), Query{Text: "series", Limit: 5})
			if !errors.Is(err, ErrSearchDamaged) || errors.Is(err, ErrBadQuery) {
				t.Errorf("search of a damaged index: %v; want it named damaged, not the query invalid", err)
			}
		})
	}
}
