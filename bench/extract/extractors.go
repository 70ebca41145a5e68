package main

import (
	"bytes"
	"net/url"
	"strings"

	readability "codeberg.org/readeck/go-readability/v2"
	"golang.org/x/net/html"

	"github.com/newsarchive/newsarchive/parse"
)

// extractor turns one benchmark page into the predicted article body. An
// error counts as an empty prediction.
type extractor struct {
	Name string
	Run  func(s sample) (string, error)
}

var extractors = []extractor{
	{Name: "newsarchive parse.Parse", Run: runParse},
	{Name: "go-readability alone", Run: runReadability},
}

func runParse(s sample) (string, error) {
	a, err := parse.Parse(parse.Page{URL: s.URL, Body: s.HTML, ContentType: "text/html; charset=utf-8"})
	if err != nil {
		return "", err
	}
	return a.Text, nil
}

// runReadability is the baseline: the library's own parse and text render.
func runReadability(s sample) (string, error) {
	doc, err := html.Parse(bytes.NewReader(s.HTML))
	if err != nil {
		return "", err
	}
	u, err := url.Parse(s.URL)
	if err != nil {
		return "", err
	}
	p := readability.NewParser()
	art, err := p.ParseAndMutate(doc, u)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	if err := art.RenderText(&b); err != nil {
		return "", err
	}
	return b.String(), nil
}
