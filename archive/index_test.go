package archive

import (
	"context"
	"testing"
	"time"
)

// searchTitles returns the titles Search finds for text.
func searchTitles(t *testing.T, s *Store, text string) []string {
	t.Helper()
	hits, err := s.Search(context.Background(), Query{Text: text})
	if err != nil {
		t.Fatalf("search %q: %v", text, err)
	}
	var out []string
	for _, h := range hits {
		out = append(out, h.Title)
	}
	return out
}

// mustFrontier opens the frontier of a new source named name.
func mustFrontier(tb testing.TB, s *Store, name string) *Frontier {
	tb.Helper()
	ctx := context.Background()
	src, err := s.EnsureSource(ctx, name, "h")
	if err != nil {
		tb.Fatal(err)
	}
	f, _, err := s.Frontier(ctx, src)
	if err != nil {
		tb.Fatal(err)
	}
	return f
}

func mustCheck(t *testing.T, s *Store) {
	t.Helper()
	problems, err := s.Check(context.Background())
	if err != nil || len(problems) > 0 {
		t.Fatalf("check: %v %v", problems, err)
	}
}

func mustUnindexed(t *testing.T, s *Store, want int64) {
	t.Helper()
	if st, err := s.Stats(context.Background()); err != nil || st.Unindexed != want {
		t.Fatalf("stats: %+v, %v; want %d unindexed", st, err, want)
	}
}

// TestFrontierSavesAreIndexedLater: a crawl's saves leave the index to
// IndexPending, which swaps each article's indexed version for its
// latest; the archive stays consistent at every step.
func TestFrontierSavesAreIndexedLater(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	f := mustFrontier(t, s, "gazette")
	save := func(rs ...Record) {
		t.Helper()
		if _, err := f.SaveBatch(ctx, rs); err != nil {
			t.Fatal(err)
		}
	}
	index := func(want int) {
		t.Helper()
		if n, err := s.IndexPending(ctx); err != nil || n != want {
			t.Fatalf("IndexPending = %d, %v; want %d", n, err, want)
		}
	}
	save(record("https://g.example/a", "Harbour", "The harbour reopened after the storm.", t0),
		record("https://g.example/b", "Budget", "The council passed its budget.", t0))
	mustUnindexed(t, s, 2)
	if got := searchTitles(t, s, "harbour"); len(got) != 0 {
		t.Errorf("found %v before indexing", got)
	}
	mustCheck(t, s)
	index(2)
	mustUnindexed(t, s, 0)
	if got := searchTitles(t, s, "harbour"); len(got) != 1 || got[0] != "Harbour" {
		t.Errorf("after indexing: %v", got)
	}
	// A changed article: the index keeps the old version until the next
	// IndexPending, then holds only the new one.
	save(record("https://g.example/a", "Harbour", "The harbour closed again for repairs.", t0.Add(time.Hour)))
	mustCheck(t, s)
	if got := searchTitles(t, s, "reopened"); len(got) != 1 {
		t.Errorf("old version not searchable before reindexing: %v", got)
	}
	index(1)
	if got := searchTitles(t, s, "reopened"); len(got) != 0 {
		t.Errorf("old version still found: %v", got)
	}
	if got := searchTitles(t, s, "repairs"); len(got) != 1 {
		t.Errorf("new version not found: %v", got)
	}
	index(0)
	mustCheck(t, s)
}

// TestSaveIndexesWhatACrawlLeft: a save that indexes at once replaces the
// version the index holds, not the one a crawl saved last.
func TestSaveIndexesWhatACrawlLeft(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	mustSave(t, s, record("https://g.example/a", "Harbour", "The harbour reopened after the storm.", t0))
	f := mustFrontier(t, s, "gazette")
	if _, err := f.SaveBatch(ctx, []Record{record("https://g.example/a", "Harbour", "The harbour closed for repairs.", t0.Add(time.Hour))}); err != nil {
		t.Fatal(err)
	}
	mustSave(t, s, record("https://g.example/a", "Harbour", "The harbour opened a ferry line.", t0.Add(2*time.Hour)))
	mustUnindexed(t, s, 0)
	for text, want := range map[string]int{"reopened": 0, "repairs": 0, "ferry": 1} {
		if got := searchTitles(t, s, text); len(got) != want {
			t.Errorf("%q found %v, want %d hits", text, got, want)
		}
	}
	mustCheck(t, s)
}
