package parse

import (
	"encoding/json"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// ldData is what the JSON-LD of a page says about its main article.
type ldData struct {
	Type        string // lowercased @type of the main node
	Headline    string
	Description string
	Published   string
	Modified    string
	// PageTimes are the datePublished of the other nodes (the WebPage of
	// an SEO plugin's graph, a second script): never the article's date on
	// their own, they may time the day Published gives without a time.
	PageTimes []string
	// PageModTimes are the dateModified of the other nodes, which may
	// time the day Modified gives without a time.
	PageModTimes []string
	// PageDescriptions are the descriptions of the WebPage nodes, which an
	// SEO plugin fills with the summary its author wrote for the page
	// when the article's own is an excerpt of its text.
	PageDescriptions []string
	URL              string // url or mainEntityOfPage of the main node
	// Body is the main node's articleBody: the story's text as the page
	// declares it, plain or in markup (see declaredBody).
	Body      string
	Language  string
	Authors   []person
	Publisher string
	SiteName  string // name of the WebSite node
	Images    []string
	Keywords  []string
	Section   []string // articleSection: one, or a list
	// Organizations are the organisations the JSON-LD describes, on a
	// page that declares no article too: a template's graph names the
	// site's owner so.
	Organizations []ldOrganization
}

// ldOrganization is an Organization node's name and address.
type ldOrganization struct {
	Name, URL string
}

// person is a named author; Org marks an organisation rather than a human.
type person struct {
	Name string
	Org  bool
}

// ldRank orders schema.org types by how surely they describe the article
// itself: lower is better; absent types are not candidates.
var ldRank = map[string]int{
	"newsarticle": 1, "reportagenewsarticle": 1, "analysisnewsarticle": 1,
	"opinionnewsarticle": 1, "reviewnewsarticle": 1, "backgroundnewsarticle": 1,
	"askpublicnewsarticle": 1, "satiricalarticle": 2,
	"article": 2, "blogposting": 2, "liveblogposting": 2, "techarticle": 2,
	"scholarlyarticle": 2, "report": 3, "socialmediaposting": 3, "review": 3,
	"webpage": 5, "itempage": 5, "aboutpage": 6, "collectionpage": 6,
	"searchresultspage": 6, "profilepage": 6, "videoobject": 4,
}

// embeddedMediaRank ranks a video that lives at another address than the
// page after every kind of page.
const embeddedMediaRank = 7

var orgTypes = map[string]bool{
	"organization": true, "newsmediaorganization": true, "corporation": true,
	"localbusiness": true, "educationalorganization": true, "governmentorganization": true,
	"ngo": true, "onlinebusiness": true,
}

// ldGraph holds every node of the page's JSON-LD, flattened, with an index
// by @id so references like {"@id": "#author"} resolve.
type ldGraph struct {
	nodes []map[string]any
	byID  map[string]map[string]any
}

// parseJSONLD reads the JSON-LD scripts of a page. Scripts that do not parse
// are skipped: one broken block must not hide the others.
func parseJSONLD(scripts []string, pagePath string) *ldData {
	g := &ldGraph{byID: map[string]map[string]any{}}
	for _, s := range scripts {
		var v any
		text := cleanLDScript(s)
		if err := json.Unmarshal([]byte(text), &v); err != nil {
			if json.Unmarshal([]byte(repairJSON(text)), &v) != nil {
				continue
			}
		}
		g.add(v, 0)
	}
	main := g.mainNode(pagePath)
	if main == nil {
		if orgs := g.organizations(); orgs != nil {
			return &ldData{Organizations: orgs}
		}
		return nil
	}
	d := g.data(main)
	d.Organizations = g.organizations()
	return d
}

// organizations lists the named organisation nodes of the graph.
func (g *ldGraph) organizations() []ldOrganization {
	var out []ldOrganization
	for _, n := range g.nodes {
		if !slices.ContainsFunc(ldTypes(n), func(t string) bool { return orgTypes[t] }) {
			continue
		}
		if name := ldText(ldString(n["name"])); name != "" {
			out = append(out, ldOrganization{Name: name, URL: ldURL(n["url"])})
		}
	}
	return out
}

func (g *ldGraph) add(v any, depth int) {
	if depth > 4 {
		return
	}
	switch t := v.(type) {
	case []any:
		for _, e := range t {
			g.add(e, depth+1)
		}
	case map[string]any:
		if graph, ok := t["@graph"]; ok {
			g.add(graph, depth+1)
		}
		if _, ok := t["@type"]; !ok {
			return
		}
		g.nodes = append(g.nodes, t)
		if id := ldString(t["@id"]); id != "" {
			if _, dup := g.byID[id]; !dup {
				g.byID[id] = t
			}
		}
		// A WebPage may carry its article as mainEntity.
		if me, ok := t["mainEntity"].(map[string]any); ok {
			g.add(me, depth+1)
		}
	}
}

// mainNode picks the node that best describes the article: the best
// ranked type, and among equals the one whose address is the page's (a
// live blog or a list page can hold several articles).
func (g *ldGraph) mainNode(pagePath string) map[string]any {
	var best map[string]any
	bestRank, bestHere := 100, false
	for _, n := range g.nodes {
		r := nodeRank(n)
		here := pagePath != "" && g.isAt(n, pagePath)
		if r == ldRank["videoobject"] && !here {
			// A video embedded in the story, with a page of its own: the
			// WebPage, when there is one, describes the story better.
			r = embeddedMediaRank
		}
		if r < bestRank || (r == bestRank && here && !bestHere) {
			best, bestRank, bestHere = n, r, here
		}
	}
	return best
}

// bestType is the node's best-ranked type: ["Article", "NewsArticle"]
// declares a news article.
func bestType(n map[string]any) string {
	types := ldTypes(n)
	best := firstOf(types)
	for _, t := range types {
		if r, ok := ldRank[t]; ok && (ldRank[best] == 0 || r < ldRank[best]) {
			best = t
		}
	}
	return best
}

func nodeRank(n map[string]any) int {
	rank := 100
	for _, typ := range ldTypes(n) {
		if r, ok := ldRank[typ]; ok && r < rank {
			rank = r
		}
	}
	return rank
}

// isAt says whether the node's url, mainEntityOfPage or @id has the path
// of the page.
func (g *ldGraph) isAt(n map[string]any, pagePath string) bool {
	for _, raw := range []string{ldString(n["url"]), g.ldRef(n["mainEntityOfPage"]), ldString(n["@id"])} {
		if u, err := url.Parse(raw); err == nil && raw != "" && strings.TrimSuffix(u.Path, "/") == strings.TrimSuffix(pagePath, "/") {
			return true
		}
	}
	return false
}

func (g *ldGraph) data(n map[string]any) *ldData {
	d := &ldData{
		Type:        bestType(n),
		Headline:    ldText(firstNonBlank(ldString(n["headline"]), ldString(n["name"]))),
		Description: ldText(ldString(n["description"])),
		Published:   firstNonBlank(ldString(n["datePublished"]), ldString(n["dateCreated"])),
		Modified:    ldString(n["dateModified"]),
		URL:         firstNonBlank(ldURL(n["url"]), g.ldRef(n["mainEntityOfPage"])),
		Language:    g.ldLanguage(n["inLanguage"]),
		Authors:     g.people(n["author"]),
		Publisher:   ldText(g.name(n["publisher"])),
		Images:      g.images(n["image"]),
		Keywords:    ldKeywords(n["keywords"]),
		Section:     ldSections(n["articleSection"]),
		Body:        ldString(n["articleBody"]),
	}
	if len(d.Authors) == 0 {
		d.Authors = g.people(n["creator"])
	}
	d.Published, d.Modified = g.pageDates(d.Published, d.Modified)
	for _, o := range g.nodes {
		if pub := ldString(o["datePublished"]); pub != "" && pub != d.Published {
			d.PageTimes = append(d.PageTimes, pub)
		}
		if mod := ldString(o["dateModified"]); mod != "" && mod != d.Modified {
			d.PageModTimes = append(d.PageModTimes, mod)
		}
		if desc := ldText(ldString(o["description"])); desc != "" && nodeRank(o) == ldRank["webpage"] {
			d.PageDescriptions = append(d.PageDescriptions, desc)
		}
		if d.Language == "" {
			// The WebPage or WebSite of an SEO plugin's graph often holds it.
			d.Language = g.ldLanguage(o["inLanguage"])
		}
	}
	for _, o := range g.nodes {
		if typ := ldTypes(o); len(typ) > 0 && typ[0] == "website" {
			d.SiteName = ldText(ldString(o["name"]))
			break
		}
	}
	return d
}

// pageDates falls back to the dates of a WebPage node: some sites put them
// there rather than on the article.
func (g *ldGraph) pageDates(pub, mod string) (string, string) {
	for _, o := range g.nodes {
		if pub != "" && mod != "" {
			break
		}
		// Articles and non-page nodes (Person, ImageObject) are skipped;
		// main itself, when a page, is harmlessly read twice.
		if r := nodeRank(o); r < 5 || r == 100 {
			continue
		}
		if pub == "" {
			pub = ldString(o["datePublished"])
		}
		if mod == "" {
			mod = ldString(o["dateModified"])
		}
	}
	return pub, mod
}

// resolve follows an {"@id": ...} reference to its node, if known.
func (g *ldGraph) resolve(v any) any {
	m, ok := v.(map[string]any)
	if !ok {
		return v
	}
	if _, typed := m["@type"]; typed {
		return m
	}
	if n, ok := g.byID[ldString(m["@id"])]; ok {
		return n
	}
	return m
}

// people reads an author value: a name, a Person or Organization, an @id
// reference, or an array of those.
func (g *ldGraph) people(v any) []person {
	var out []person
	switch t := g.resolve(v).(type) {
	case []any:
		for _, e := range t {
			out = append(out, g.people(e)...)
		}
	case string:
		if s := ldText(t); s != "" && !looksLikeURL(s) {
			out = append(out, person{Name: s})
		}
	case map[string]any:
		name := ldText(g.name(t))
		if name == "" || looksLikeURL(name) {
			return nil
		}
		org := false
		for _, typ := range ldTypes(t) {
			org = org || orgTypes[typ]
		}
		out = append(out, person{Name: name, Org: org})
	}
	return out
}

// name reads the name of a node, a reference to one, or a plain string.
func (g *ldGraph) name(v any) string {
	switch t := g.resolve(v).(type) {
	case string:
		return strings.TrimSpace(t)
	case []any:
		for _, e := range t {
			if n := g.name(e); n != "" {
				return n
			}
		}
	case map[string]any:
		if n := ldString(t["name"]); n != "" {
			return n
		}
		return squashSpace(ldString(t["givenName"]) + " " + ldString(t["familyName"]))
	}
	return ""
}

// images reads an image value: a URL, an ImageObject, or an array.
func (g *ldGraph) images(v any) []string {
	var out []string
	switch t := g.resolve(v).(type) {
	case string:
		if s := strings.TrimSpace(t); s != "" {
			out = append(out, s)
		}
	case []any:
		for _, e := range t {
			out = append(out, g.images(e)...)
		}
	case map[string]any:
		if u := firstNonBlank(ldString(t["url"]), ldString(t["contentUrl"])); u != "" {
			out = append(out, u)
		}
	}
	return out
}

// ldRef reads a URL given as a string or as a node with @id or url.
func (g *ldGraph) ldRef(v any) string {
	switch t := v.(type) {
	case string:
		return strings.TrimSpace(t)
	case map[string]any:
		return firstNonBlank(ldURL(t["@id"]), ldURL(t["url"]))
	}
	return ""
}

func (g *ldGraph) ldLanguage(v any) string {
	if m, ok := g.resolve(v).(map[string]any); ok {
		return firstNonBlank(ldString(m["alternateName"]), ldString(m["name"]))
	}
	return ldString(v)
}

func ldURL(v any) string {
	s := ldString(v)
	if strings.HasPrefix(s, "#") || strings.HasPrefix(s, "_:") {
		return ""
	}
	return s
}

// ldSections reads articleSection, a name or a list of names.
func ldSections(v any) []string {
	return ldNames(v, func(s string) []string { return []string{s} })
}

// ldKeywords reads keywords: a list, or a string listing them.
func ldKeywords(v any) []string {
	return ldNames(v, splitList)
}

// ldNames reads a JSON-LD value that is a string, a list or a node with a
// name, each string unescaped and read by names.
func ldNames(v any, names func(string) []string) []string {
	switch t := v.(type) {
	case string:
		return names(ldText(t))
	case []any:
		var out []string
		for _, e := range t {
			out = append(out, ldNames(e, names)...)
		}
		return out
	case map[string]any:
		return ldNames(t["name"], names)
	}
	return nil
}

// ldTypes returns the @type of a node, lowercased and without a schema.org
// prefix; @type may be a string or an array.
func ldTypes(n map[string]any) []string {
	var raw []string
	switch t := n["@type"].(type) {
	case string:
		raw = []string{t}
	case []any:
		for _, e := range t {
			if s, ok := e.(string); ok {
				raw = append(raw, s)
			}
		}
	}
	out := raw[:0:0]
	for _, s := range raw {
		s = strings.ToLower(strings.TrimSpace(s))
		if i := strings.LastIndexAny(s, "/:"); i >= 0 {
			s = s[i+1:]
		}
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// ldString reads a scalar: a string, a number (epoch dates), a value
// object, or the first element of an array.
func ldString(v any) string {
	switch t := v.(type) {
	case string:
		return strings.TrimSpace(t)
	case float64:
		return strconv.FormatFloat(t, 'f', -1, 64)
	case map[string]any:
		return ldString(t["@value"])
	case []any:
		for _, e := range t {
			if s := ldString(e); s != "" {
				return s
			}
		}
	}
	return ""
}

// ldText reads a JSON-LD string as the text it shows. Some CMSs escape
// it as HTML, others copy the headline's or byline's markup into it, raw
// ("<em>and</em>") or escaped ("&lt;em&gt;"): the tags are dropped either
// way.
func ldText(s string) string {
	s = plainText(s)
	if strings.Contains(s, "<") {
		s = plainText(s) // markup that was escaped
	}
	return s
}

func looksLikeURL(s string) bool {
	l := strings.ToLower(s)
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://") || strings.HasPrefix(l, "www.") || strings.HasPrefix(l, "//")
}

func firstOf(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[0]
}
