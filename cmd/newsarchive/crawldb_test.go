package main

import (
	"path/filepath"
	"testing"

	"github.com/newsarchive/newsarchive/crawler/config"
)

func TestCrawlDBPrecedence(t *testing.T) {
	dir := t.TempDir()
	cfgPath := filepath.Join(dir, "newsarchive.yaml")
	builtin := &config.Config{Database: filepath.Join(dir, config.DefaultDatabase)}
	named := &config.Config{Database: filepath.Join(dir, "news.db")}
	for _, tc := range []struct {
		name string
		f    crawlFlags
		cfg  *config.Config
		env  string
		want string
	}{
		{"flag wins", crawlFlags{db: "flag.db", config: cfgPath}, named, "env.db", "flag.db"},
		{"config key", crawlFlags{config: cfgPath}, named, "env.db", named.Database},
		{"env over a config without the key", crawlFlags{config: cfgPath}, builtin, "env.db", "env.db"},
		{"config default without env", crawlFlags{config: cfgPath}, builtin, "", builtin.Database},
		{"urls take env", crawlFlags{urls: []string{"http://127.0.0.1/"}}, &config.Config{}, "env.db", "env.db"},
		{"urls default", crawlFlags{urls: []string{"http://127.0.0.1/"}}, &config.Config{}, "", defaultDBFile},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv(dbEnv, tc.env)
			if got := crawlDB(&tc.f, tc.cfg); got != tc.want {
				t.Errorf("crawlDB = %q, want %q", got, tc.want)
			}
		})
	}
}
