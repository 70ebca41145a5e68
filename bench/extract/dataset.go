package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/newsarchive/newsarchive/bench/site"
)

// errNoDataset says the benchmark pages are not on this machine.
var errNoDataset = errors.New("benchmark dataset not found")

// sample is one benchmark page with its expected article body.
type sample struct {
	ID    string
	URL   string
	Truth string
	HTML  []byte
}

// loadDataset reads ground-truth.json and every html/<id>.html.gz, sorted by
// id so runs are comparable.
func loadDataset(dir string) ([]sample, error) {
	raw, err := os.ReadFile(filepath.Join(dir, "ground-truth.json"))
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("%s: %w", dir, errNoDataset)
	}
	if err != nil {
		return nil, fmt.Errorf("read ground truth: %w", err)
	}
	var truth map[string]struct {
		ArticleBody string `json:"articleBody"`
		URL         string `json:"url"`
	}
	if err := json.Unmarshal(raw, &truth); err != nil {
		return nil, fmt.Errorf("decode ground truth: %w", err)
	}
	samples := make([]sample, 0, len(truth))
	for id, t := range truth {
		page, err := site.ReadGzip(filepath.Join(dir, "html", id+".html.gz"))
		if err != nil {
			return nil, err
		}
		samples = append(samples, sample{ID: id, URL: t.URL, Truth: t.ArticleBody, HTML: page})
	}
	sort.Slice(samples, func(i, j int) bool { return samples[i].ID < samples[j].ID })
	return samples, nil
}
