package discover

import (
	"bytes"
	"encoding/json"
	"strings"
)

// A section page its scripts render may hold no link to its stories in
// its markup, while the JSON-LD it gives search engines lists them: an
// ItemList of the stories (Google's carousel markup), alone, under
// @graph or as a page's mainEntity. Its addresses are links like the
// page's <a href>.

const (
	// ldListType is the JSON-LD type of a list of pages.
	ldListType = "ItemList"
	// maxLDScript bounds the JSON-LD script read for a list: a hub's
	// list is a few KB; megabytes are an app's state, not a list.
	maxLDScript = 1 << 20
	// maxListLinks bounds the addresses taken from one page's lists.
	maxListLinks = 1000
	// maxLDDepth bounds how deep in a JSON-LD document a list is looked
	// for.
	maxLDDepth = 8
)

// isLDScript reports whether a <script type> holds JSON-LD.
func isLDScript(typ string) bool {
	t, _, _ := strings.Cut(typ, ";")
	return strings.EqualFold(strings.TrimSpace(t), "application/ld+json")
}

// ldScript adds the addresses the ItemLists of a JSON-LD script list to
// the page's links. A script that names no ItemList is not decoded.
func (c *collector) ldScript(text []byte) {
	if len(text) > maxLDScript || !bytes.Contains(text, []byte(ldListType)) {
		return
	}
	var doc any
	if json.Unmarshal(text, &doc) != nil {
		return
	}
	for _, href := range listAddresses(doc, 0, nil) {
		c.link(href)
	}
}

// listAddresses appends to out the addresses of the items of the
// ItemLists in v, at depth in its document.
func listAddresses(v any, depth int, out []string) []string {
	if depth > maxLDDepth || len(out) >= maxListLinks {
		return out
	}
	switch t := v.(type) {
	case []any:
		for _, e := range t {
			out = listAddresses(e, depth+1, out)
		}
	case map[string]any:
		if ldTyped(t["@type"], ldListType) {
			return itemAddresses(t["itemListElement"], out)
		}
		for _, key := range []string{"@graph", "mainEntity", "hasPart"} {
			out = listAddresses(t[key], depth+1, out)
		}
	}
	return out
}

// itemAddresses appends the address of each item of a list: a ListItem's
// url, or its item's (an address, or a node with a url or an @id).
func itemAddresses(elements any, out []string) []string {
	items, _ := elements.([]any)
	for _, e := range items {
		if len(out) >= maxListLinks {
			break
		}
		if href := itemAddress(e); href != "" {
			out = append(out, href)
		}
	}
	return out
}

// itemAddress is the address one element of a list names, "" for none.
func itemAddress(e any) string {
	switch t := e.(type) {
	case string:
		return t
	case map[string]any:
		if u, ok := t["url"].(string); ok && u != "" {
			return u
		}
		if item, ok := t["item"]; ok {
			return itemAddress(item)
		}
		if id, ok := t["@id"].(string); ok {
			return id
		}
	}
	return ""
}

// ldTyped reports whether a JSON-LD @type, one name or a list, is typ.
func ldTyped(v any, typ string) bool {
	switch t := v.(type) {
	case string:
		return t == typ
	case []any:
		for _, e := range t {
			if s, ok := e.(string); ok && s == typ {
				return true
			}
		}
	}
	return false
}
