package archive

import (
	"context"
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	mustSave(t, s, record("https://news.example/a", "A", "first text", t0))
	mustSave(t, s, record("https://news.example/a", "A", "second text", t0.Add(1)))
	if problems, err := s.Check(ctx); err != nil || len(problems) != 0 {
		t.Fatalf("sound database: %v, %v", problems, err)
	}
	// Break the archive behind its back: drop the latest version and the
	// bodies.
	if _, err := s.writer.Exec(`PRAGMA foreign_keys = OFF`); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`DELETE FROM versions WHERE id = (SELECT latest_version_id FROM articles)`, `DELETE FROM bodies`} {
		if _, err := s.writer.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	problems, err := s.Check(ctx)
	if err != nil {
		t.Fatal(err)
	}
	joined := strings.Join(problems, "\n")
	for _, want := range []string{"rows breaking a foreign key: ", "articles without their latest version: 1", "versions whose snapshot has no body: "} {
		if !strings.Contains(joined, want) {
			t.Errorf("problems %q do not mention %q", joined, want)
		}
	}
}
