package main

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
)

// sourceNames lists the sources the archive knows, by the sources command.
func sourceNames(t *testing.T, db string) []string {
	t.Helper()
	var list []sourceJSON
	r := mustRun(t, "sources", "--db", db, "--format", "json")
	if err := json.Unmarshal([]byte(r.stdout), &list); err != nil {
		t.Fatalf("sources --format json: %v in %s", err, r.stdout)
	}
	var names []string
	for _, s := range list {
		names = append(names, s.Name)
	}
	return names
}

// sourcesOfRuns lists the source of each run, by the runs command.
func sourcesOfRuns(t *testing.T, db string, args ...string) []string {
	t.Helper()
	var runs []runJSON
	r := mustRun(t, append([]string{"runs", "--db", db, "--format", "json", "--limit", "0"}, args...)...)
	if err := json.Unmarshal([]byte(r.stdout), &runs); err != nil {
		t.Fatalf("runs --format json: %v in %s", err, r.stdout)
	}
	var names []string
	for _, run := range runs {
		names = append(names, run.Source)
	}
	return names
}

// TestCrawlOfURLsNamesItsSourceAsAConfigMay: a crawl of start URLs names
// its source after the site as a configuration may name it, the same for
// every address of the site, so a configuration naming it carries the
// same source on.
func TestCrawlOfURLsNamesItsSourceAsAConfigMay(t *testing.T) {
	srv, _ := redirectedStory(t)
	u, err := url.Parse(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	name := "127.0.0.1_" + u.Port()
	dir := t.TempDir()
	db := filepath.Join(dir, "archive.db")
	for _, start := range []string{srv.URL + storyAt, strings.Replace(srv.URL, "http://", "HTTP://", 1) + "/go"} {
		mustRun(t, "crawl", "--db", db, start)
	}
	if got := sourceNames(t, db); len(got) != 1 || got[0] != name {
		t.Fatalf("sources after two crawls of the site: %q; want [%q]", got, name)
	}
	cfg := writeCrawlConfig(t, dir, fmt.Sprintf("database: archive.db\nsources:\n  - name: %s\n    start: [\"%s%s\"]\n",
		name, srv.URL, storyAt))
	mustRun(t, "crawl", "--config", cfg, "--source", name)
	if got := sourcesOfRuns(t, db, "--source", name); len(got) != 3 {
		t.Errorf("runs of %s: %q; want the two crawls of its URLs and the configured one", name, got)
	}
	if got := sourceNames(t, db); len(got) != 1 {
		t.Errorf("sources after the configured crawl: %q; want [%q]", got, name)
	}
}

// TestArchiveOfAHostPortSourceStillReads: an archive whose ad-hoc source
// was named "host:port", as crawls of start URLs named it before, still
// lists, shows, reparses and exports it by that name, and takes further
// crawls of the site under the name a configuration accepts.
func TestArchiveOfAHostPortSourceStillReads(t *testing.T) {
	srv, _ := redirectedStory(t)
	u, err := url.Parse(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	legacy, name := u.Host, "127.0.0.1_"+u.Port()
	db := filepath.Join(t.TempDir(), "archive.db")
	mustRun(t, "crawl", "--db", db, srv.URL+storyAt)
	w, err := sql.Open("sqlite", "file:"+db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Exec(`UPDATE sources SET name = ?`, legacy); err != nil {
		t.Fatal(err)
	}
	w.Close()
	tests := []struct {
		name string
		args []string
		want string // in stdout
	}{
		{"sources", []string{"sources", "--db", db}, legacy},
		{"runs of the source", []string{"runs", "--db", db, "--source", legacy}, legacy},
		{"show", []string{"show", "--db", db, srv.URL + storyAt}, "Flood barrier opens"},
		{"reparse of the source", []string{"reparse", "--db", db, "--source", legacy}, "1 page re-extracted"},
		{"export of the source", []string{"export", "--db", db, "--source", legacy, "--format", "jsonl"}, "Flood barrier opens"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if r := mustRun(t, tt.args...); !strings.Contains(r.stdout, tt.want) {
				t.Errorf("%s: stdout lacks %q:\n%s", strings.Join(tt.args, " "), tt.want, r.stdout)
			}
		})
	}
	mustRun(t, "crawl", "--db", db, srv.URL+storyAt)
	if got := strings.Join(sourcesOfRuns(t, db), " "); got != name+" "+legacy {
		t.Errorf("runs after a crawl of the site: %s; want the new run under the name a config accepts, the old one under its own", got)
	}
}
