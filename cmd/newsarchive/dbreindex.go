package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/newsarchive/newsarchive/archive"
	"github.com/newsarchive/newsarchive/schedules/sourcerun"
)

// reindexAdvice ends db check's error when it found the search index
// damaged.
const reindexAdvice = "; 'newsarchive db reindex' rebuilds the search index"

// checkAdvice is what db check's error adds for the problems it found:
// the way to repair the search index, when it is among them, or a
// warning against it when version texts are damaged.
func checkAdvice(problems []string) string {
	switch {
	case slices.ContainsFunc(problems, archive.TextDamage):
		// A rebuild would index the damage, and hide it from the check.
		return textDamageAdvice
	case slices.ContainsFunc(problems, archive.SearchProblem):
		return reindexAdvice
	case slices.ContainsFunc(problems, bodyProblem):
		return bodyDamageAdvice
	}
	return ""
}

// bodyProblemPrefix begins db check --bodies' line for a stored page that
// does not read back.
const bodyProblemPrefix = "body "

func bodyProblem(problem string) bool { return strings.HasPrefix(problem, bodyProblemPrefix) }

// bodyDamageAdvice ends db check's error when stored pages do not read
// back: a save of the same bytes stores them again.
const bodyDamageAdvice = "; a damaged page is stored again when a crawl fetches the same bytes (a listing's on its next crawl," +
	" an archived article's when it is fetched again, as a source's refresh does); otherwise only a backup has it"

// textDamageAdvice ends db check's error when it found version texts
// damaged: the pages they came from are kept.
const textDamageAdvice = "; 'newsarchive db reindex' does not repair a damaged version text (it would index the damage):" +
	" restore the archive from a backup; the page each version came from is kept ('newsarchive show --raw')"

// dbReindex rebuilds the search index from the articles' latest texts,
// with a progress bar on a terminal, and says how long it took. A
// database file whose pages SQLite finds damaged is refused first: a
// rebuild writes much of it (the index's own records, damaged or not, it
// drops). Stopped (SIGINT), it says what it left for later.
func dbReindex(ctx context.Context, e env, s *archive.Store) error {
	// FTS5 refuses SQLite's check of an index with a table gone or
	// without its format version.
	if _, err := s.RemakeSearchIndex(ctx); err != nil {
		return fmt.Errorf("db reindex: %w", sourcerun.WithDiskFree(s.Path(), err))
	}
	if err := s.RestoreSearchFormat(ctx); err != nil {
		return fmt.Errorf("db reindex: %w", sourcerun.WithDiskFree(s.Path(), err))
	}
	if err := s.QuickCheckPages(ctx); err != nil {
		return checkRefused(ctx, "db reindex", err)
	}
	var report func(int)
	if isTerminal(e.stderr) {
		st, err := s.Stats(ctx)
		if err != nil {
			return err
		}
		bar := newBar(e.stderr, st.Articles, "indexing", "articles")
		defer bar.Finish()
		report = func(n int) { bar.Set(n) }
	}
	start := time.Now()
	n, err := s.RebuildSearchIndex(ctx, report)
	if err != nil && ctx.Err() != nil {
		// The database's own word for it is "context canceled".
		err = errors.New("interrupted")
	}
	if err != nil {
		return reindexStopped(s, n, err)
	}
	_, err = fmt.Fprintf(e.stdout, "%s: search index rebuilt: %s in %.1fs\n", s.Path(), counted(n, "article", "articles"),
		time.Since(start).Seconds())
	return err
}

// reindexStopped words the error of a rebuild that stopped having indexed
// n articles: those it did not reach wait for the index, as a crawl's
// backlog does, and searches do not find them until they are added.
func reindexStopped(s *archive.Store, n int, err error) error {
	err = sourcerun.WithDiskFree(s.Path(), err)
	left, cerr := s.Unindexed(context.Background()) // ctx may be what stopped it
	switch {
	case cerr != nil:
		return fmt.Errorf("db reindex: stopped after %s: %w (%v)", counted(n, "article", "articles"), err, cerr)
	case left == 0:
		return fmt.Errorf("db reindex: %w", err)
	}
	return fmt.Errorf("db reindex: stopped after %s: %w; %s wait for the search index ('newsarchive db compact' or the next crawl adds them)",
		counted(n, "article", "articles"), err, counted(int(left), "article", "articles"))
}

// checkRefused is the error of a command that changes the archive and
// stopped at its check of the file: stopped (SIGINT) before it changed
// anything, or refused with the damage the check found.
func checkRefused(ctx context.Context, command string, err error) error {
	if ctx.Err() != nil {
		return fmt.Errorf("%s interrupted before it changed anything", command)
	}
	return fmt.Errorf("%s: %w: nothing was changed ('newsarchive db check' tells what is damaged)", command, err)
}
