package archive

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// TestSearchTableDDL: the search index RemakeSearchIndex makes is the one
// the migrations made.
func TestSearchTableDDL(t *testing.T) {
	s := mustOpen(t)
	var ddl string
	if err := s.readers.QueryRow(`SELECT sql FROM sqlite_schema WHERE name = 'search'`).Scan(&ddl); err != nil {
		t.Fatal(err)
	}
	if squashed(ddl) != squashed(searchTableDDL) {
		t.Errorf("migrations made\n%s\nRemakeSearchIndex makes\n%s", ddl, searchTableDDL)
	}
	for name, made := range map[string]string{"search_split": searchSplitDDL, "search_source": searchSourceDDL} {
		if err := s.readers.QueryRow(`SELECT sql FROM sqlite_schema WHERE name = ?`, name).Scan(&ddl); err != nil {
			t.Fatal(err)
		}
		if want := strings.Replace(squashed(made), " IF NOT EXISTS", "", 1); squashed(ddl) != want {
			t.Errorf("migrations made\n%s\nRemakeSearchIndex makes\n%s", ddl, made)
		}
	}
}

func squashed(s string) string { return strings.Join(strings.Fields(s), " ") }

// TestRemakeSearchIndex: an index with a table gone is made again, empty,
// and every article indexed again finds its words; a sound index is left
// alone.
func TestRemakeSearchIndex(t *testing.T) {
	for _, table := range append(searchTables, "search_source") {
		t.Run(table, func(t *testing.T) {
			s := searchCheckArchive(t, false)
			ctx := context.Background()
			if remade, err := s.RemakeSearchIndex(ctx); err != nil || remade {
				t.Fatalf("a sound index: remade %v, %v", remade, err)
			}
			drop := `DROP TABLE ` + table
			if table == "search_source" {
				drop = `DROP VIEW search_source`
			}
			damageArchive(t, s, []string{drop})
			problems, err := s.Check(ctx)
			if err != nil || len(problems) != 1 || !strings.HasPrefix(problems[0], "search index tables missing: ") ||
				!strings.Contains(problems[0], " "+table) ||
				!SearchProblem(problems[0]) {
				t.Fatalf("check: %q, %v", problems, err)
			}
			_, err = s.Search(ctx, Query{Text: "harbour"})
			if !errors.Is(err, ErrSearchDamaged) || !strings.Contains(err.Error(), ": tables missing: ") {
				t.Errorf("search of the damaged index: %v", err)
			}
			if remade, err := s.RemakeSearchIndex(ctx); err != nil || !remade {
				t.Fatalf("remade %v, %v", remade, err)
			}
			mustUnindexed(t, s, 3)
			if _, err := s.RebuildSearchIndex(ctx, nil); err != nil {
				t.Fatal(err)
			}
			if problems, err := s.Check(ctx); err != nil || len(problems) != 0 {
				t.Fatalf("check after the rebuild: %q, %v", problems, err)
			}
			for _, q := range []string{"harbour", "budget", "東京"} {
				hits, err := s.Search(ctx, Query{Text: q})
				if err != nil || len(hits) != 1 {
					t.Errorf("search %q: %d hits, %v", q, len(hits), err)
				}
			}
		})
	}
}
