package main

import "regexp"

// wordRx matches what Python's `\w+` matches on str patterns: letters,
// digits and underscore of any script.
var wordRx = regexp.MustCompile(`[\p{L}\p{N}_]+`)

// shingleN is the n-gram size of the ScrapingHub evaluation.
const shingleN = 4

// pageScore is the shingle match of one page, normalised so tp+fp+fn is 1
// (or all zero).
type pageScore struct {
	TP, FP, FN float64
	Exact      bool
}

func tokenize(text string) []string { return wordRx.FindAllString(text, -1) }

// shingles counts the 4-grams of tokens; fewer than four tokens make one
// shingle of them all, none make none.
func shingles(tokens []string) map[string]int {
	counts := map[string]int{}
	if len(tokens) == 0 {
		return counts
	}
	if len(tokens) < shingleN {
		counts[joinTokens(tokens)]++
		return counts
	}
	for i := 0; i+shingleN <= len(tokens); i++ {
		counts[joinTokens(tokens[i:i+shingleN])]++
	}
	return counts
}

func joinTokens(tokens []string) string {
	n := 0
	for _, t := range tokens {
		n += len(t) + 1
	}
	b := make([]byte, 0, n)
	for i, t := range tokens {
		if i > 0 {
			b = append(b, 0)
		}
		b = append(b, t...)
	}
	return string(b)
}

// scorePage compares a prediction with the ground truth of one page.
func scorePage(truth, pred string) pageScore {
	tt, pt := tokenize(truth), tokenize(pred)
	ts, ps := shingles(tt), shingles(pt)
	var s pageScore
	for k, tc := range ts {
		pc := ps[k]
		s.TP += float64(min(tc, pc))
		s.FN += float64(max(0, tc-pc))
	}
	for k, pc := range ps {
		s.FP += float64(max(0, pc-ts[k]))
	}
	if sum := s.TP + s.FP + s.FN; sum > 0 {
		s.TP, s.FP, s.FN = s.TP/sum, s.FP/sum, s.FN/sum
	}
	s.Exact = equalTokens(tt, pt)
	return s
}

func equalTokens(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func (s pageScore) precision() float64 {
	switch {
	case s.FP == 0 && s.FN == 0:
		return 1
	case s.TP == 0 && s.FP == 0:
		return 0
	}
	return s.TP / (s.TP + s.FP)
}

func (s pageScore) recall() float64 {
	switch {
	case s.FP == 0 && s.FN == 0:
		return 1
	case s.TP == 0 && s.FN == 0:
		return 0
	}
	return s.TP / (s.TP + s.FN)
}

// metrics are the corpus-level figures of one extractor.
type metrics struct {
	Precision, Recall, F1, Accuracy float64
}

// aggregate averages precision over pages that predicted something, recall
// over pages that have a truth, and takes F1 as their harmonic mean.
func aggregate(scores []pageScore) metrics {
	var m metrics
	var np, nr, exact int
	for _, s := range scores {
		if s.TP+s.FP > 0 {
			m.Precision += s.precision()
			np++
		}
		if s.TP+s.FN > 0 {
			m.Recall += s.recall()
			nr++
		}
		if s.Exact {
			exact++
		}
	}
	if np > 0 {
		m.Precision /= float64(np)
	}
	if nr > 0 {
		m.Recall /= float64(nr)
	}
	if m.Precision+m.Recall > 0 {
		m.F1 = 2 * m.Precision * m.Recall / (m.Precision + m.Recall)
	}
	if len(scores) > 0 {
		m.Accuracy = float64(exact) / float64(len(scores))
	}
	return m
}
