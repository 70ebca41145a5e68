package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"go.yaml.in/yaml/v3"
)

// fields maps each key a YAML mapping may hold to where its value goes: a
// *string, **string, **int, **bool, *[]string, *[]*yaml.Node or a func that
// decodes a nested mapping. Walking the node tree by hand, rather than
// decoding with KnownFields, lets every error name its source and key.
type fields map[string]any

// extensionKeys, as a key of fields, takes every key that begins "x-"
// (as in Compose files): a place for anchors that merge keys name.
const extensionKeys = "x-*"

// readDocument parses data into the root mapping of its single document; an
// empty file gives an empty mapping.
func readDocument(data []byte) (*yaml.Node, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return &yaml.Node{Kind: yaml.MappingNode}, nil
		}
		return nil, err
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("more than one YAML document (line %d)", extra.Line)
	}
	root := resolve(&doc)
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		return &yaml.Node{Kind: yaml.MappingNode}, nil
	}
	return root, nil
}

// resolve follows document wrappers and aliases to the node that holds the
// value.
func resolve(n *yaml.Node) *yaml.Node {
	for n != nil {
		switch {
		case n.Kind == yaml.DocumentNode && len(n.Content) == 1:
			n = n.Content[0]
		case n.Kind == yaml.AliasNode && n.Alias != nil:
			n = n.Alias
		default:
			return n
		}
	}
	return n
}

// decodeMapping stores each key of the mapping n where f says, rejecting
// unknown and repeated keys.
func decodeMapping(n *yaml.Node, f fields) error {
	n = resolve(n)
	if n.Kind != yaml.MappingNode {
		return fmt.Errorf("expected a mapping, got %s (line %d)", kindName(n), n.Line)
	}
	pairs, err := mappingPairs(n, 0, map[*yaml.Node]bool{n: true})
	if err != nil {
		return err
	}
	for _, p := range pairs {
		k, v := p[0], p[1]
		dst, ok := f[k.Value]
		if !ok && strings.HasPrefix(k.Value, "x-") {
			dst, ok = f[extensionKeys]
		}
		if !ok {
			return fmt.Errorf("unknown key %q (line %d)", k.Value, k.Line)
		}
		if err := decodeValue(resolve(v), dst); err != nil {
			return fmt.Errorf("%s: %w", k.Value, err)
		}
	}
	return nil
}

// maxMergeDepth bounds merge keys within merged mappings.
const maxMergeDepth = 10

// mappingPairs returns the keys and values of the mapping n, those of the
// mappings its merge keys ("<<: *base") name included: a key written in
// n wins over a merged one, and an earlier merged mapping over a later
// one, as YAML's merge key type says. A key written twice is refused.
// A mapping merged is read once (visited holds those read): one merged
// again adds no key, and reading it again at every level let a file of a
// few lines of "<<: [*a, *a, ...]" hold a command, or the daemon's reload
// deaf to its stop signal, for hours.
func mappingPairs(n *yaml.Node, depth int, visited map[*yaml.Node]bool) ([][2]*yaml.Node, error) {
	var pairs [][2]*yaml.Node
	var merged []*yaml.Node
	seen := make(map[string]bool, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := resolve(n.Content[i]), n.Content[i+1]
		if k.Tag == "!!merge" {
			m, err := mergeSources(resolve(v), k.Line)
			if err != nil {
				return nil, err
			}
			merged = append(merged, m...)
			continue
		}
		if seen[k.Value] {
			return nil, fmt.Errorf("%s: key repeated (line %d)", k.Value, k.Line)
		}
		seen[k.Value] = true
		pairs = append(pairs, [2]*yaml.Node{k, v})
	}
	if len(merged) > 0 && depth >= maxMergeDepth {
		return nil, fmt.Errorf("merge keys nested deeper than %d (line %d)", maxMergeDepth, n.Line)
	}
	for _, m := range merged {
		if visited[m] {
			continue
		}
		visited[m] = true
		more, err := mappingPairs(m, depth+1, visited)
		if err != nil {
			return nil, err
		}
		for _, p := range more {
			if !seen[p[0].Value] {
				seen[p[0].Value] = true
				pairs = append(pairs, p)
			}
		}
	}
	return pairs, nil
}

// mergeSources returns the mappings a merge key's value v names: one
// mapping, or a list of them.
func mergeSources(v *yaml.Node, line int) ([]*yaml.Node, error) {
	items := []*yaml.Node{v}
	if v.Kind == yaml.SequenceNode {
		items = v.Content
	}
	out := make([]*yaml.Node, 0, len(items))
	for _, item := range items {
		m := resolve(item)
		if m.Kind != yaml.MappingNode {
			return nil, fmt.Errorf("<<: expected a mapping or a list of mappings to merge, got %s (line %d)", kindName(m), line)
		}
		out = append(out, m)
	}
	return out, nil
}

// decodeValue stores one value; a null leaves the destination unset.
func decodeValue(v *yaml.Node, dst any) error {
	if isNull(v) {
		return nil
	}
	switch d := dst.(type) {
	case *string:
		s, err := scalar(v, "a string")
		*d = s
		return err
	case **string:
		s, err := scalar(v, "a string")
		*d = &s
		return err
	case **int:
		return decodeInt(v, d)
	case **bool:
		return decodeBool(v, d)
	case *[]string:
		return decodeStrings(v, d)
	case *[]*yaml.Node:
		if v.Kind != yaml.SequenceNode {
			return fmt.Errorf("expected a list, got %s (line %d)", kindName(v), v.Line)
		}
		*d = v.Content
		return nil
	case func(*yaml.Node) error:
		return d(v)
	}
	return fmt.Errorf("no decoder for %T", dst)
}

func decodeInt(v *yaml.Node, d **int) error {
	if v.Kind != yaml.ScalarNode || v.Tag != "!!int" {
		return fmt.Errorf("expected an integer, got %s (line %d)", describe(v), v.Line)
	}
	var n int
	if err := v.Decode(&n); err != nil {
		return fmt.Errorf("integer %q out of range (line %d)", v.Value, v.Line)
	}
	*d = &n
	return nil
}

func decodeBool(v *yaml.Node, d **bool) error {
	if v.Kind != yaml.ScalarNode || v.Tag != "!!bool" {
		return fmt.Errorf("expected true or false, got %s (line %d)", describe(v), v.Line)
	}
	var b bool
	if err := v.Decode(&b); err != nil {
		return fmt.Errorf("boolean %q: %w (line %d)", v.Value, err, v.Line)
	}
	*d = &b
	return nil
}

// decodeStrings accepts a list of strings, or one string as a list of one.
// A number, a boolean or a date is refused: "allow: 5" taken as the
// pattern "5" lets the crawl go wherever a 5 is.
func decodeStrings(v *yaml.Node, d *[]string) error {
	if v.Kind == yaml.ScalarNode {
		s, err := text(v)
		*d = []string{s}
		return err
	}
	if v.Kind != yaml.SequenceNode {
		return fmt.Errorf("expected a list of strings, got %s (line %d)", kindName(v), v.Line)
	}
	out := make([]string, 0, len(v.Content))
	for i, item := range v.Content {
		s, err := text(resolve(item))
		if err != nil {
			return fmt.Errorf("[%d]: %w", i, err)
		}
		out = append(out, s)
	}
	*d = out
	return nil
}

// decodeText stores the string v holds, refusing one YAML reads as
// another type ("database: 5").
func decodeText(v *yaml.Node, d *string) error {
	s, err := text(v)
	*d = s
	return err
}

// scalar returns the text of a scalar node.
func scalar(v *yaml.Node, want string) (string, error) {
	if v.Kind != yaml.ScalarNode || isNull(v) {
		return "", fmt.Errorf("expected %s, got %s (line %d)", want, kindName(v), v.Line)
	}
	return v.Value, nil
}

// text returns the string a scalar node holds, refusing one that YAML
// reads as another type.
func text(v *yaml.Node) (string, error) {
	s, err := scalar(v, "a string")
	if err != nil {
		return "", err
	}
	if v.Tag != "!!str" {
		return "", fmt.Errorf("expected a string, got %s %s (line %d): quote it if it is meant as text",
			tagName(v.Tag), v.Value, v.Line)
	}
	return s, nil
}

// tagName names the type YAML reads a scalar as.
func tagName(tag string) string {
	switch tag {
	case "!!int", "!!float":
		return "the number"
	case "!!bool":
		return "the boolean"
	case "!!timestamp":
		return "the date"
	}
	return "the value"
}

func isNull(v *yaml.Node) bool {
	return v.Kind == yaml.ScalarNode && v.Tag == "!!null"
}

// describe names a node for an error: the value of a scalar, else its kind.
func describe(v *yaml.Node) string {
	if v.Kind == yaml.ScalarNode {
		return fmt.Sprintf("%q", v.Value)
	}
	return kindName(v)
}

func kindName(v *yaml.Node) string {
	switch v.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if isNull(v) {
			return "nothing"
		}
		return "a scalar"
	}
	return "an unexpected node"
}
