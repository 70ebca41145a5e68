package main

import (
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

// pageResult is one extractor's prediction for one page and its score.
type pageResult struct {
	Pred  string
	Score pageScore
}

func score(e extractor, samples []sample) []pageResult {
	out := make([]pageResult, len(samples))
	for i, s := range samples {
		pred, _ := e.Run(s) // an error counts as an empty prediction
		out[i] = pageResult{Pred: pred, Score: scorePage(s.Truth, pred)}
	}
	return out
}

func scoresOf(rs []pageResult) []pageScore {
	out := make([]pageScore, len(rs))
	for i, r := range rs {
		out[i] = r.Score
	}
	return out
}

func (s pageScore) f1() float64 {
	p, r := s.precision(), s.recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// writeReport lists the pages with the lowest F1, each with the truth lines
// the prediction lacks and the predicted lines the truth lacks.
func writeReport(path string, worst int, sortBy string, samples []sample, rs []pageResult) error {
	key := pageScore.f1
	switch sortBy {
	case "precision":
		key = pageScore.precision
	case "recall":
		key = pageScore.recall
	}
	idx := make([]int, len(rs))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return key(rs[idx[a]].Score) < key(rs[idx[b]].Score) })
	var b strings.Builder
	fmt.Fprintf(&b, "# Worst %d pages\n\n", worst)
	for _, i := range idx[:min(worst, len(idx))] {
		s, r := samples[i], rs[i]
		fmt.Fprintf(&b, "## %s  F1 %.3f  P %.3f  R %.3f\n\n%s\n\n", s.ID[:12], r.Score.f1(),
			r.Score.precision(), r.Score.recall(), s.URL)
		writeLines(&b, "Missing (in truth, not extracted)", unmatchedLines(s.Truth, r.Pred))
		writeLines(&b, "Extra (extracted, not in truth)", unmatchedLines(r.Pred, s.Truth))
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

func writeLines(w io.Writer, head string, lines []string) {
	fmt.Fprintf(w, "### %s: %d lines\n\n", head, len(lines))
	for _, l := range lines {
		if len(l) > 300 {
			l = l[:300] + "…"
		}
		fmt.Fprintf(w, "- %s\n", l)
	}
	fmt.Fprintln(w)
}

// unmatchedLines returns the lines of a whose shingles are mostly absent from b.
func unmatchedLines(a, b string) []string {
	have := shingles(tokenize(b))
	var out []string
	for _, line := range strings.Split(a, "\n") {
		line = strings.TrimSpace(line)
		toks := tokenize(line)
		if len(toks) == 0 {
			continue
		}
		found, total := 0, 0
		for k, n := range shingles(toks) {
			total += n
			if have[k] > 0 {
				found += n
			}
		}
		if float64(found) < 0.5*float64(total) {
			out = append(out, line)
		}
	}
	return out
}

// showOne prints the prediction of each extractor for one page, to debug it.
func showOne(samples []sample, prefix string, out io.Writer) error {
	for _, s := range samples {
		if !strings.HasPrefix(s.ID, prefix) {
			continue
		}
		fmt.Fprintf(out, "%s %s\n", s.ID, s.URL)
		for _, e := range extractors {
			pred, err := e.Run(s)
			sc := scorePage(s.Truth, pred)
			fmt.Fprintf(out, "\n===== %s  P %.3f R %.3f  error %v\n%s\n", e.Name, sc.precision(), sc.recall(), err, pred)
			writeLines(out, "Missing", unmatchedLines(s.Truth, pred))
			writeLines(out, "Extra", unmatchedLines(pred, s.Truth))
		}
		return nil
	}
	return fmt.Errorf("no page with id prefix %q", prefix)
}

// writeScores saves one line per page (id, precision, recall, url) so two
// runs can be compared with diff.
func writeScores(path string, samples []sample, rs []pageResult) error {
	var b strings.Builder
	for i, s := range samples {
		fmt.Fprintf(&b, "%s\t%.3f\t%.3f\t%s\n", s.ID[:12], rs[i].Score.precision(), rs[i].Score.recall(), s.URL)
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}
