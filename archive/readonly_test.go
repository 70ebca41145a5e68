package archive

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestOpenReadOnly: an archive opened read-only is read as it is, whether
// no process has it open (no -wal or -shm file is made) or a writer does
// (its latest commits are seen); every write fails and leaves it as it was;
// a schema older than this build's is refused rather than upgraded.
func TestOpenReadOnly(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "news.db")
	w := mustOpenAt(t, path)
	r := record("https://news.example/a", "Harbour", "the harbour reopened", t0)
	r.Fetch.Body = sitePage(t, 1)
	saved := mustSave(t, w, r)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}

	t.Run("closed archive", func(t *testing.T) {
		before, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		ro, err := Open(ctx, path, Options{ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		readsArticle(t, ro, saved, r.Fetch.Body)
		later := record("https://news.example/b", "Bridge", "the bridge closed", t0.Add(time.Hour))
		if _, err := ro.Save(ctx, later); err == nil {
			t.Error("a read-only store saved a record")
		}
		ro.Close()
		if after, err := os.ReadFile(path); err != nil || !bytes.Equal(after, before) {
			t.Errorf("the database file changed under a read-only store (%v)", err)
		}
	})

	// Where SQLite may make no -shm file (a read-only directory, a full
	// disk), a closed archive is read as immutable.
	t.Run("immutable", func(t *testing.T) {
		for _, suffix := range []string{"-wal", "-shm"} {
			os.Remove(path + suffix)
		}
		ro, err := openReadOnlyAs(ctx, path, withDefaults(Options{}), roleImmutable)
		if err != nil {
			t.Fatal(err)
		}
		defer ro.Close()
		readsArticle(t, ro, saved, r.Fetch.Body)
		for _, suffix := range []string{"-wal", "-shm"} {
			if _, err := os.Stat(path + suffix); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("an immutable open made %s (%v)", path+suffix, err)
			}
		}
	})

	t.Run("archive a writer holds", func(t *testing.T) {
		w := mustOpenAt(t, path)
		defer w.Close()
		ro, err := Open(ctx, path, Options{ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		defer ro.Close()
		next := mustSave(t, w, record("https://news.example/c", "Canal", "the canal froze", t0.Add(2*time.Hour)))
		if a, err := ro.Latest(ctx, next.ArticleID); err != nil || a.Article.Title != "Canal" {
			t.Errorf("a commit of the live writer: %+v, %v", a, err)
		}
	})

	t.Run("older schema", func(t *testing.T) {
		old := filepath.Join(t.TempDir(), "old.db")
		openOldDB(t, old, 1).Close()
		if _, err := Open(ctx, old, Options{ReadOnly: true}); !errors.Is(err, ErrOlderSchema) {
			t.Errorf("read-only open of a version 1 archive: %v, want %v", err, ErrOlderSchema)
		}
	})
}

// readsArticle fails t unless s reads the saved article and its raw page.
func readsArticle(t *testing.T, s *Store, saved Saved, body []byte) {
	t.Helper()
	ctx := context.Background()
	a, err := s.Latest(ctx, saved.ArticleID)
	if err != nil || a.Article.Title != "Harbour" {
		t.Errorf("article: %+v, %v", a, err)
	}
	f, err := s.FetchByID(ctx, saved.FetchID)
	if err != nil {
		t.Fatal(err)
	}
	if raw, err := s.Body(ctx, f.BodySHA256); err != nil || !bytes.Equal(raw, body) {
		t.Errorf("raw page: %d bytes, %v; want the %d saved", len(raw), err, len(body))
	}
	if hits, err := s.Search(ctx, Query{Text: "harbour"}); err != nil || len(hits) != 1 {
		t.Errorf("search: %d hits, %v", len(hits), err)
	}
}
