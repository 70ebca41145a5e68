package config

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"
)

// settings are the keys shared by defaults and sources. Pointers tell an
// absent key from an explicit zero, so "delay: 0s" overrides a default.
type settings struct {
	Schedule    *string
	MaxDepth    *int
	Concurrency *int
	Delay       *string
	MaxPages    *int
}

func (s *settings) fields() fields {
	return fields{
		"schedule":    &s.Schedule,
		"max_depth":   &s.MaxDepth,
		"concurrency": &s.Concurrency,
		"delay":       &s.Delay,
		"max_pages":   &s.MaxPages,
	}
}

// defaultsFields are the keys of defaults: the settings, and the keys a
// source sets for itself alone, refused with a word of where they go.
func defaultsFields(d *settings) fields {
	f := d.fields()
	for _, key := range []string{"refresh", "cookies"} {
		f[key] = func(n *yaml.Node) error {
			return fmt.Errorf("set per source, not under defaults (line %d)", n.Line)
		}
	}
	return f
}

// rawSource is one entry of sources as written.
type rawSource struct {
	settings
	Name                                     string
	Start, Feeds, Sitemaps, Allow, Deny, Art []string
	Refresh                                  *string
	Cookies                                  *bool
}

func (r *rawSource) fields() fields {
	f := r.settings.fields()
	f["name"] = &r.Name
	f["start"] = &r.Start
	f["feeds"] = &r.Feeds
	f["sitemaps"] = &r.Sitemaps
	f["allow"] = &r.Allow
	f["deny"] = &r.Deny
	f["article"] = &r.Art
	f["refresh"] = &r.Refresh
	f["cookies"] = &r.Cookies
	return f
}

// decode turns the file into a validated Config.
func decode(data []byte) (*Config, error) {
	root, err := readDocument(data)
	if err != nil {
		return nil, err
	}
	c := Default()
	var (
		defaults   settings
		sources    []*yaml.Node
		maxSources *int
	)
	err = decodeMapping(root, fields{
		"database":             func(n *yaml.Node) error { return decodeText(n, &c.Database) },
		"user_agent":           &c.UserAgent,
		"max_parallel_sources": &maxSources,
		"defaults":             func(n *yaml.Node) error { return decodeMapping(n, defaultsFields(&defaults)) },
		"sources":              &sources,
		extensionKeys:          func(*yaml.Node) error { return nil },
	})
	if err != nil {
		return nil, err
	}
	if err := c.checkTop(maxSources); err != nil {
		return nil, err
	}
	if err := applySettings(&c.Defaults, defaults); err != nil {
		return nil, fmt.Errorf("defaults: %w", err)
	}
	if c.Sources, err = decodeSources(sources, c.Defaults); err != nil {
		return nil, err
	}
	return &c, nil
}

// checkTop validates the keys outside defaults and sources.
func (c *Config) checkTop(maxSources *int) error {
	if c.Database == "" {
		return fmt.Errorf("database: must not be empty")
	}
	if strings.ContainsFunc(c.Database, isControl) {
		return fmt.Errorf("database: %q holds a control character", c.Database)
	}
	if err := checkUserAgent(c.UserAgent); err != nil {
		return fmt.Errorf("user_agent: %w", err)
	}
	return setInt(&c.MaxParallelSources, maxSources, "max_parallel_sources", 1, MaxMaxParallelSources)
}

// decodeSources decodes and validates every source, with unique names.
func decodeSources(nodes []*yaml.Node, d Defaults) ([]Source, error) {
	out := make([]Source, 0, len(nodes))
	seen := make(map[string]int, len(nodes))
	for i, n := range nodes {
		s, err := decodeSource(resolve(n), i, d)
		if err != nil {
			return nil, err
		}
		if first, dup := seen[s.Name]; dup {
			return nil, fmt.Errorf("source %q: name: duplicate of sources[%d]", s.Name, first)
		}
		seen[s.Name] = i
		out = append(out, s)
	}
	return out, nil
}

// decodeSource decodes sources[i]. Its name is read first so that every
// later error can name the source.
func decodeSource(n *yaml.Node, i int, d Defaults) (Source, error) {
	label := fmt.Sprintf("sources[%d]", i)
	if name := peekName(n); name != "" {
		label = fmt.Sprintf("source %q", name)
	}
	var r rawSource
	if err := decodeMapping(n, r.fields()); err != nil {
		return Source{}, fmt.Errorf("%s: %w", label, err)
	}
	s, err := r.build(d)
	if err != nil {
		return Source{}, fmt.Errorf("%s: %w", label, err)
	}
	return s, nil
}

// peekName returns the name of a source mapping, or "" when it has none.
// A name merged in ("<<: *base") counts as one written in the mapping, as
// decoding takes it. A mapping whose keys cannot be read (one repeated) is
// looked at for a name written in it; decoding names the fault.
func peekName(n *yaml.Node) string {
	if n.Kind != yaml.MappingNode {
		return ""
	}
	pairs, err := mappingPairs(n, 0, map[*yaml.Node]bool{n: true})
	if err != nil {
		pairs = nil
		for i := 0; i+1 < len(n.Content); i += 2 {
			pairs = append(pairs, [2]*yaml.Node{n.Content[i], n.Content[i+1]})
		}
	}
	for _, p := range pairs {
		k, v := resolve(p[0]), resolve(p[1])
		if k.Value == "name" && v.Kind == yaml.ScalarNode && !isNull(v) {
			return v.Value
		}
	}
	return ""
}
