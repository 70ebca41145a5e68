// Package config reads the newsarchive YAML file: the archive's database, the
// crawler's user agent and the news sources with their crawl settings.
//
// The file is parsed and validated once, at the edge, into plain values; the
// crawler and the scheduler receive those values and never read files or the
// environment themselves. Every mistake in the file yields one error line that
// names the source and the key.
package config

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"time"
)

// Built-in values used when neither a source nor the file's defaults set a key.
const (
	DefaultDatabase           = "newsarchive.db"
	DefaultUserAgent          = "newsarchive/1.0 (+https://github.com/newsarchive/newsarchive)"
	DefaultSchedule           = "@hourly"
	DefaultMaxDepth           = 2
	DefaultConcurrency        = 2
	DefaultDelay              = time.Second
	DefaultMaxPages           = 1000
	DefaultMaxParallelSources = 2
)

// The highest values a configuration may set. Each is far past what a
// crawl needs, so a value over it is a typo or a misunderstanding, caught
// before anything is fetched rather than met as a flood of requests or an
// exhausted machine.
const (
	// MaxConcurrency bounds the requests in flight to one host: a run
	// starts four workers per request a host may take, and a site is not
	// served faster by more than a few at once; 64 is already a hammering.
	MaxConcurrency = 64
	// MaxMaxPages bounds one run's budget (its queue, and what it keeps
	// for the next run): a larger archive is built over several runs.
	MaxMaxPages = 10_000_000
	// MaxMaxDepth bounds how many links away from the start pages a crawl
	// goes: no site puts its stories that far from its home page, and
	// max_pages is what bounds a crawl of everything.
	MaxMaxDepth = 100
	// MaxDelay bounds the pause between two requests to one host: a
	// robots.txt Crawl-delay is itself held to 30s, and a longer pause
	// leaves a run asleep, holding one of the daemon's slots, for days.
	MaxDelay = time.Hour
	// MaxRefresh bounds how long archived articles are looked at again:
	// a look comes each time an article's age has doubled, so past ten
	// years they are years apart.
	MaxRefresh = 10 * 365 * 24 * time.Hour
	// MaxMaxParallelSources bounds how many sources the daemon crawls at
	// once: each run holds its workers, connections and a share of the
	// memory limit, and runs past a few dozen only queue on the same
	// writer and cores.
	MaxMaxParallelSources = 64
)

// ErrInvalid is matched (with errors.Is) by every error about the content of
// a configuration file, as opposed to failing to read it.
var ErrInvalid = errors.New("invalid configuration")

// Config is a loaded and validated configuration file.
type Config struct {
	// Database is the path of the SQLite archive. Load makes a relative
	// path relative to the configuration file's directory.
	Database string
	// UserAgent is sent with every request and matched against robots.txt.
	UserAgent string
	// MaxParallelSources bounds how many sources the daemon crawls at once.
	MaxParallelSources int
	// Defaults are the settings a source inherits for the keys it omits.
	Defaults Defaults
	// Sources are the configured sites, in file order, with names unique.
	Sources []Source
}

// Defaults are the crawl settings a source takes when it does not set them.
type Defaults struct {
	Schedule    string
	MaxDepth    int
	Concurrency int
	Delay       time.Duration
	MaxPages    int
}

// Source is one news site to crawl, with every default already applied.
type Source struct {
	// Name identifies the source in commands, logs and the archive.
	Name string
	// Start are the section pages the crawl begins from.
	Start []string
	// Feeds are RSS, Atom or RDF feeds to read besides those discovered.
	Feeds []string
	// Sitemaps are sitemaps to read besides those listed in robots.txt.
	Sitemaps []string
	// Allow are the URLs to follow; empty means the hosts of Start.
	Allow []*regexp.Regexp
	// Deny are URLs never fetched, whatever Allow says.
	Deny []*regexp.Regexp
	// Article marks article pages; empty means the crawler's heuristics.
	Article []*regexp.Regexp
	// Schedule is a cron expression (5 fields, @descriptor, CRON_TZ=).
	Schedule string
	// MaxDepth is how many links away from Start the crawl follows.
	MaxDepth int
	// Concurrency bounds the requests in flight to one host.
	Concurrency int
	// Delay is the pause between two requests to one host.
	Delay time.Duration
	// MaxPages is the fetch budget of one run.
	MaxPages int
	// Refresh, when positive, re-fetches (conditionally) archived
	// articles first archived less than Refresh ago, each time their age
	// has about doubled since they were last asked for; zero never re-fetches
	// them unless a listing dates them after their last fetch.
	Refresh time.Duration
	// Cookies keeps cookies between requests of a run when true.
	Cookies bool
}

// Default returns the configuration of an empty file: built-in values and no
// sources.
func Default() Config {
	return Config{
		Database:           DefaultDatabase,
		UserAgent:          DefaultUserAgent,
		MaxParallelSources: DefaultMaxParallelSources,
		Defaults: Defaults{
			Schedule:    DefaultSchedule,
			MaxDepth:    DefaultMaxDepth,
			Concurrency: DefaultConcurrency,
			Delay:       DefaultDelay,
			MaxPages:    DefaultMaxPages,
		},
	}
}

// Source returns a source named name that starts from the given URLs and
// takes every other setting from d. It serves ad-hoc crawls of URLs given on
// the command line; the URLs are not validated here.
func (d Defaults) Source(name string, start ...string) Source {
	return Source{
		Name:        name,
		Start:       start,
		Schedule:    d.Schedule,
		MaxDepth:    d.MaxDepth,
		Concurrency: d.Concurrency,
		Delay:       d.Delay,
		MaxPages:    d.MaxPages,
	}
}

// Source returns the source called name.
func (c *Config) Source(name string) (Source, bool) {
	for _, s := range c.Sources {
		if s.Name == name {
			return s, true
		}
	}
	return Source{}, false
}

// Load reads and validates the configuration file at path. A relative
// database path is taken relative to the file's directory, so the daemon
// finds the same database whatever its working directory.
func Load(path string) (*Config, error) {
	data, err := readFile(path)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	c, err := Parse(data)
	if ie := (*invalidError)(nil); errors.As(err, &ie) {
		ie.path = path // a daemon may read several files over its life
	}
	if err != nil {
		return nil, err
	}
	if !filepath.IsAbs(c.Database) {
		c.Database = filepath.Join(filepath.Dir(path), c.Database)
	}
	return c, nil
}

// MaxFileSize bounds a configuration file: one of thousands of sources
// takes a few hundred KB.
const MaxFileSize = 4 << 20

// readFile reads the configuration file at path, refusing what is not a
// regular file (a named pipe no one writes, /dev/zero) and a file over
// MaxFileSize, which would otherwise block or fill the memory of a
// command or of the daemon's reload, deaf to its signals. The file is
// opened without blocking, so that a named pipe no one writes does not
// hold the open, and checked once open.
func readFile(path string) ([]byte, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if fi, err := f.Stat(); err != nil {
		return nil, err
	} else if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file", path)
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxFileSize {
		return nil, fmt.Errorf("%s is larger than %d MiB, more than any configuration needs", path, MaxFileSize>>20)
	}
	return data, nil
}

// Parse validates a configuration file's content. Its errors are one line,
// start with "config: " ("config PATH: " from Load) and match ErrInvalid.
func Parse(data []byte) (*Config, error) {
	c, err := decode(data)
	if err != nil {
		return nil, &invalidError{err: err}
	}
	return c, nil
}

// invalidError prefixes a validation error and makes it match ErrInvalid
// while keeping the cause reachable with errors.As.
type invalidError struct {
	err  error
	path string // the file, when known
}

// Error keeps the message on one line even if a library's message quotes a
// value with a line break in it.
func (e *invalidError) Error() string {
	prefix := "config: "
	if e.path != "" {
		prefix = "config " + e.path + ": "
	}
	return prefix + strings.ReplaceAll(e.err.Error(), "\n", " ")
}

func (e *invalidError) Unwrap() []error { return []error{ErrInvalid, e.err} }
