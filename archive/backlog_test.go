package archive

import (
	"context"
	"slices"
	"testing"
)

// TestFrontierKeepsForLater: what a run leaves over its budget is read
// back by the next in the order found, survives the frontier's Clear and
// a reopening, and is replaced by the next run's own.
func TestFrontierKeepsForLater(t *testing.T) {
	ctx := context.Background()
	path := t.TempDir() + "/later.db"
	s := mustOpenAt(t, path)
	f := mustFrontier(t, s, "gazette")
	first := []LaterURL{
		{URL: "https://g.example/sitemaps/2.xml", Kind: "sitemap", Depth: 1},
		{URL: "https://g.example/news/b", Kind: "article", Depth: 2},
		{URL: "https://g.example/news/a", Kind: "article", Depth: 2},
		{URL: "https://g.example/news/a", Kind: "article", Depth: 2}, // found twice
	}
	if kept, err := f.KeepForLater(ctx, first); err != nil || kept != 3 {
		t.Fatalf("KeepForLater = %d, %v; want the 3 distinct URLs kept", kept, err)
	}
	if err := f.Clear(ctx); err != nil {
		t.Fatal(err)
	}
	other := mustFrontier(t, s, "other")
	if got, err := other.Later(ctx); err != nil || len(got) != 0 {
		t.Errorf("another source's backlog: %v, %v; want none", got, err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = mustOpenAt(t, path)
	f = mustFrontier(t, s, "gazette")
	got, err := f.Later(ctx)
	if err != nil || !slices.Equal(got, first[:3]) {
		t.Errorf("Later = %v, %v; want %v", got, err, first[:3])
	}
	if _, err := f.KeepForLater(ctx, first[2:3]); err != nil {
		t.Fatal(err)
	}
	if got, err := f.Later(ctx); err != nil || !slices.Equal(got, first[2:3]) {
		t.Errorf("after the next run, Later = %v, %v; want %v", got, err, first[2:3])
	}
}
