package parse

import (
	"bytes"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
)

var testFetchedAt = time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC)

func metaOf(t *testing.T, page, pageURL string) metadata {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(pageURL)
	if err != nil {
		t.Fatal(err)
	}
	return extractMetadata(doc, u, testFetchedAt)
}

func TestExtractMetadataLeavesDocUntouched(t *testing.T) {
	raw, err := readGoldenPage("newsroom-graph")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	var before, after bytes.Buffer
	if err := html.Render(&before, doc); err != nil {
		t.Fatal(err)
	}
	extractMetadata(doc, &url.URL{Scheme: "https", Host: "www.northernledger.example"}, testFetchedAt)
	if err := html.Render(&after, doc); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before.Bytes(), after.Bytes()) {
		t.Error("extractMetadata modified the document")
	}
}

func TestCanonicalURL(t *testing.T) {
	const page = "https://news.example/a/story?id=7#top"
	tests := []struct {
		name, head, want string
	}{
		{"relative link resolved", `<link rel="canonical" href="/a/story">`, "https://news.example/a/story"},
		{"og:url fallback", `<meta property="og:url" content="https://news.example/a/story-x">`, "https://news.example/a/story-x"},
		{"homepage ignored", `<link rel="canonical" href="https://other.example/"><meta property="og:url" content="https://news.example/a/s">`, "https://news.example/a/s"},
		{"same-site homepage ignored", `<link rel="canonical" href="/">`, ""},
		{"empty and javascript ignored", `<link rel="canonical" href=""><link rel="canonical" href="javascript:void(0)">`, ""},
		{"fragment dropped", `<link rel="canonical" href="https://news.example/a/story#comments">`, "https://news.example/a/story"},
		{"home page with a query ignored", `<link rel="canonical" href="/?lang=en">`, ""},
		{"home page as index file ignored", `<link rel="canonical" href="https://news.example/index.html">`, ""},
		{"section front ignored", `<link rel="canonical" href="/news/"><meta property="og:url" content="/a/story">`, "https://news.example/a/story"},
		{"two-word section front ignored", `<link rel="canonical" href="https://news.example/us-news">`, ""},
		{"parent of an AMP page kept", `<link rel="canonical" href="/a/">`, "https://news.example/a/"},
		{"one-segment story kept", `<link rel="canonical" href="/river-authority-opens-flood-barrier">`, "https://news.example/river-authority-opens-flood-barrier"},
		{"numbered story kept", `<link rel="canonical" href="/12345">`, "https://news.example/12345"},
		{"JSON-LD url", `<script type="application/ld+json">{"@type":"NewsArticle","mainEntityOfPage":"https://news.example/a/ld"}</script>`, "https://news.example/a/ld"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := metaOf(t, "<html><head>"+tt.head+"</head><body><p>x</p></body></html>", page)
			if m.CanonicalURL != tt.want {
				t.Errorf("canonical = %q, want %q", m.CanonicalURL, tt.want)
			}
		})
	}
}

// TestCanonicalOfRootPages: pages at the top of a site may name the home
// page, a query on it, or a section as their canonical address.
func TestCanonicalOfRootPages(t *testing.T) {
	tests := []struct {
		name, page, head, want string
	}{
		{"home page of the home page", "https://news.example/", `<link rel="canonical" href="/">`, "https://news.example/"},
		{"query-addressed story", "https://blog.example/?p=123", `<link rel="canonical" href="/?p=123">`, "https://blog.example/?p=123"},
		{"home page of a query-addressed story", "https://blog.example/?p=123", `<link rel="canonical" href="/">`, ""},
		{"section front of itself", "https://news.example/world/", `<link rel="canonical" href="/world">`, "https://news.example/world"},
		{"short slug of a dated story", "https://n.example/2026/11/20/budget", `<link rel="canonical" href="/budget">`, "https://n.example/budget"},
		{"two-word slug of an AMP page", "https://n.example/amp/storm-ciara", `<link rel="canonical" href="/storm-ciara">`, "https://n.example/storm-ciara"},
		{"story of an AMP page", "https://n.example/budget-vote/amp/", `<link rel="canonical" href="/budget-vote/">`, "https://n.example/budget-vote/"},
		{"WordPress story of a pretty address", "https://n.example/2026/11/20/wp-slug-story/", `<link rel="canonical" href="/?p=123">`, "https://n.example/?p=123"},
		{"WordPress story of index.php", "https://n.example/index.php?p=124", `<link rel="canonical" href="/?p=124">`, "https://n.example/?p=124"},
		{"edition home of a query-addressed story", "https://n.example/?p=125", `<link rel="canonical" href="/?lang=en">`, ""},
		{"own section front above a story", "https://n.example/news/2026/11/20/flood-barrier-opens-on-friday", `<link rel="canonical" href="/news/">`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := metaOf(t, "<html><head>"+tt.head+"</head><body><p>x</p></body></html>", tt.page)
			if m.CanonicalURL != tt.want {
				t.Errorf("canonical = %q, want %q", m.CanonicalURL, tt.want)
			}
		})
	}
}

func TestMetadataSources(t *testing.T) {
	const page = "https://news.example/politics/vote"
	tests := []struct {
		name  string
		html  string
		check func(t *testing.T, m metadata)
	}{
		{"future JSON-LD date falls through to meta",
			`<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2031-01-01T00:00:00Z"}</script>
			 <meta property="article:published_time" content="2024-05-01T10:00:00+01:00">`,
			func(t *testing.T, m metadata) {
				wantTime(t, "published", m.Published, "2024-05-01T10:00:00+01:00")
				if m.Modified != nil {
					t.Errorf("modified = %v, want none (published is not copied)", m.Modified)
				}
			}},
		{"a short later <h1> in Cyrillic is not the headline",
			`<title>Диета Аткинса: меню на 14 дней. Отзывы</title></head><body>
			 <h1>Диета Аткинса - потеря веса до 10 килограмм за 14 дней</h1><p>Текст.</p><h1>Отзывы</h1>`,
			func(t *testing.T, m metadata) {
				wantString(t, "title", m.Title, "Диета Аткинса - потеря веса до 10 килограмм за 14 дней")
			}},
		{"the page's WebPage beats a video embedded from elsewhere",
			`<script type="application/ld+json">[{"@type":"VideoObject","name":"Gupta questions the hospital visit",
			   "description":"A doctor's view.","url":"https://news.example/videos/gupta"},
			 {"@type":"WebPage","name":"Why you cannot trust the White House on his health",
			   "description":"An analysis.","url":"https://news.example/politics/vote"}]</script>`,
			func(t *testing.T, m metadata) {
				wantString(t, "title", m.Title, "Why you cannot trust the White House on his health")
				wantString(t, "description", m.Description, "An analysis.")
			}},
		{"a video page's own VideoObject describes it",
			`<script type="application/ld+json">[{"@type":"VideoObject","name":"Council vote, in full",
			   "url":"https://news.example/politics/vote"},
			 {"@type":"WebPage","name":"Videos | News Example","url":"https://news.example/videos/"}]</script>`,
			func(t *testing.T, m metadata) { wantString(t, "title", m.Title, "Council vote, in full") }},
		{"markup and double escapes left out of a description",
			`<script type="application/ld+json">{"@type":"NewsArticle",
			   "description":"Trump made an unscheduled trip. <a href=\"/video\">Watch</a> the report."}</script>`,
			func(t *testing.T, m metadata) {
				wantString(t, "description", m.Description, "Trump made an unscheduled trip. Watch the report.")
			}},
		{"a title in angle brackets stays in a description",
			`<meta name="description" content="@noksutagram &lt;The Palace: Tale of Jang Noksu&gt; at the festival">`,
			func(t *testing.T, m metadata) {
				wantString(t, "description", m.Description, "@noksutagram <The Palace: Tale of Jang Noksu> at the festival")
			}},
		{"a description escaped twice",
			`<meta property="og:description" content="The council met again on Tuesday [&amp;hellip;] &amp;amp; voted.">`,
			func(t *testing.T, m metadata) {
				wantString(t, "description", m.Description, "The council met again on Tuesday […] & voted.")
			}},
		{"a JSON-LD headline cut short without an ellipsis",
			`<script type="application/ld+json">{"@type":"NewsArticle","headline":"Plague fears as third Beijing local to contract"}</script>
			 <title>Plague fears as third Beijing local to contract medieval disease | The Daily Planet</title>
			 <meta property="og:site_name" content="The Daily Planet">`,
			func(t *testing.T, m metadata) {
				wantString(t, "title", m.Title, "Plague fears as third Beijing local to contract medieval disease")
			}},
		{"a JSON-LD headline ending a sentence is not extended",
			`<script type="application/ld+json">{"@type":"NewsArticle","headline":"Who will pay for the bridge?"}</script>
			 <meta property="og:title" content="Who will pay for the bridge? The council cannot say">`,
			func(t *testing.T, m metadata) { wantString(t, "title", m.Title, "Who will pay for the bridge?") }},
		{"a JSON-LD headline ending a quotation is not extended",
			`<script type="application/ld+json">{"@type":"NewsArticle","headline":"Mayor: “We will rebuild”"}</script>
			 <meta property="og:title" content="Mayor: “We will rebuild” as flood waters recede">`,
			func(t *testing.T, m metadata) { wantString(t, "title", m.Title, "Mayor: “We will rebuild”") }},
		{"a JSON-LD headline is not extended into another word",
			`<script type="application/ld+json">{"@type":"NewsArticle","headline":"Council votes on the bridge"}</script>
			 <meta property="og:title" content="Council votes on the bridges of the old town">`,
			func(t *testing.T, m metadata) { wantString(t, "title", m.Title, "Council votes on the bridge") }},
		{"an update time alone is the modification date",
			`</head><body><article><h1>Vortex cannons, explained</h1>
			 <time class="updated" datetime="2018-10-05T08:15:05+00:00">October 5, 2018</time><p>Text.</p></article>`,
			func(t *testing.T, m metadata) {
				wantTime(t, "modified", m.Modified, "2018-10-05T08:15:05Z")
				if m.Published != nil {
					t.Errorf("published = %v, want none: an update is no publication", m.Published)
				}
			}},
		{"the language of the graph's WebSite when the article gives none",
			`<script type="application/ld+json">{"@graph":[{"@type":"WebSite","name":"Auto Racing","inLanguage":"pt-BR"},
			   {"@type":"NewsArticle","headline":"A corrida de domingo"}]}</script>`,
			func(t *testing.T, m metadata) { wantString(t, "language", m.Language, "pt-BR") }},
		{"a time with no zone is read in the zone the page's other dates name",
			`<meta property="article:published_time" content="2020-01-11 15:20">
			 <meta property="article:modified_time" content="2020-01-11T18:05:00+03:00">`,
			func(t *testing.T, m metadata) {
				wantTime(t, "published", m.Published, "2020-01-11T15:20:00+03:00")
				wantTime(t, "modified", m.Modified, "2020-01-11T18:05:00+03:00")
			}},
		{"a JSON-LD dateModified left at the publication yields to a later edit time",
			`<script type="application/ld+json">{"@type":"NewsArticle","headline":"Vote","datePublished":"2019-11-19T10:00:00-06:00","dateModified":"2019-11-19T10:00:00-06:00"}</script>
			 <meta property="article:modified_time" content="2019-11-19T15:30:00-06:00">
			 <meta property="og:updated_time" content="2019-11-19T12:00:00-06:00">`,
			func(t *testing.T, m metadata) {
				wantTime(t, "published", m.Published, "2019-11-19T10:00:00-06:00")
				wantTime(t, "modified", m.Modified, "2019-11-19T15:30:00-06:00")
			}},
		{"a JSON-LD dateModified of its own stands beside other edit times",
			`<script type="application/ld+json">{"@type":"NewsArticle","headline":"Vote","datePublished":"2019-11-19T10:00:00-06:00","dateModified":"2019-11-19T11:00:00-06:00"}</script>
			 <meta property="article:modified_time" content="2019-11-19T15:30:00-06:00">`,
			func(t *testing.T, m metadata) { wantTime(t, "modified", m.Modified, "2019-11-19T11:00:00-06:00") }},
		{"a later last-modified meta (a rendering time) leaves an edit at the publication",
			`<script type="application/ld+json">{"@type":"NewsArticle","headline":"Vote","datePublished":"2019-11-19T10:00:00-06:00","dateModified":"2019-11-19T10:00:00-06:00"}</script>
			 <meta http-equiv="last-modified" content="2019-11-21T08:00:00-06:00">`,
			func(t *testing.T, m metadata) { wantTime(t, "modified", m.Modified, "2019-11-19T10:00:00-06:00") }},
		{"a time with no zone on a page that names none stays UTC",
			`<meta property="article:published_time" content="2020-01-11 15:20">`,
			func(t *testing.T, m metadata) { wantTime(t, "published", m.Published, "2020-01-11T15:20:00Z") }},
		{"a zone abbreviation it does not know takes the zone of the page's other dates",
			`<meta property="article:published_time" content="November 20, 2019 - 11:28 AMT">
			 <meta property="article:modified_time" content="2019-11-20T12:05:00+04:00">`,
			func(t *testing.T, m metadata) { wantTime(t, "published", m.Published, "2019-11-20T11:28:00+04:00") }},
		{"a JSON-LD day timed by the page's graph",
			`<script type="application/ld+json">{"@type":"NewsArticle","headline":"Vote","datePublished":"2018-09-15"}</script>
			 <script type="application/ld+json">{"@graph":[{"@type":"WebPage","datePublished":"2018-09-15T10:15:48+02:00"}]}</script>`,
			func(t *testing.T, m metadata) { wantTime(t, "published", m.Published, "2018-09-15T10:15:48+02:00") }},
		{"other articles' times neither time the day nor stand in for it",
			`<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2018-09-15"}</script>
			 <script type="application/ld+json">{"@type":"ItemList","itemListElement":[
			   {"@type":"NewsArticle","datePublished":"2018-09-14T08:00:00Z"}]}</script>`,
			func(t *testing.T, m metadata) { wantTime(t, "published", m.Published, "2018-09-15T00:00:00Z") }},
		{"broken JSON-LD skipped, OpenGraph used",
			`<script type="application/ld+json">{"@type":"NewsArticle","headline":"Broken" "x"}</script>
			 <meta property="og:title" content="From OpenGraph"><meta property="og:type" content="article">`,
			func(t *testing.T, m metadata) {
				wantString(t, "title", m.Title, "From OpenGraph")
				wantString(t, "type", m.Type, "article")
			}},
		{"organisation only when no person",
			`<script type="application/ld+json">{"@type":"NewsArticle","author":{"@type":"Organization","name":"Planet Newsroom"}}</script>`,
			func(t *testing.T, m metadata) { wantStrings(t, "authors", m.Authors, []string{"Planet Newsroom"}) }},
		{"site name as meta author loses to a byline",
			`<meta property="og:site_name" content="Daily Planet"><meta name="author" content="Daily Planet">
			 </head><body><article><p class="byline">By Lois Lane</p><p>Text.</p></article>`,
			func(t *testing.T, m metadata) {
				wantStrings(t, "authors", m.Authors, []string{"Lois Lane"})
				wantString(t, "byline", m.Byline, "By Lois Lane")
			}},
		{"a JSON-LD person whose surname looks like a job title",
			`<script type="application/ld+json">{"@type":"NewsArticle","author":{"@type":"Person","name":"Jane Reporter"}}</script>`,
			func(t *testing.T, m metadata) { wantStrings(t, "authors", m.Authors, []string{"Jane Reporter"}) }},
		{"a newsroom credit is kept whole",
			`<script type="application/ld+json">{"@type":"NewsArticle","author":[{"@type":"Person","name":"HNN Staff"}]}</script>
			 </head><body><article><div class="byline">By HNN Staff</div><p>Text.</p></article>`,
			func(t *testing.T, m metadata) { wantStrings(t, "authors", m.Authors, []string{"HNN Staff"}) }},
		{"a newsroom credit in JSON-LD loses to a person in the byline",
			`<script type="application/ld+json">{"@type":"NewsArticle","author":[{"@type":"Person","name":"HNN Staff"}]}</script>
			 </head><body><article><div class="byline">By Lisa Kubota</div><p>Text.</p></article>`,
			func(t *testing.T, m metadata) { wantStrings(t, "authors", m.Authors, []string{"Lisa Kubota"}) }},
		{"a JSON-LD organisation loses to a person in a BEM author block",
			`<meta property="og:site_name" content="Sky News">
			 <script type="application/ld+json">{"@type":"NewsArticle","author":{"@type":"Organization","name":"Sky"}}</script>
			 </head><body><article><div class="sdc-article-author"><a class="sdc-article-author__avatar" href="/author/tom-gillespie"><img alt="Tom Gillespie, news reporter" src="/t.jpg"></a>
			 <div class="sdc-article-author__details"><h3 class="sdc-article-author__name"><a href="/author/tom-gillespie">Tom Gillespie</a></h3>
			 <p class="sdc-article-author__role">News reporter <a href="https://twitter.com/@TomGillespie1">@TomGillespie1</a></p></div></div>
			 <p>Text.</p></article>`,
			func(t *testing.T, m metadata) {
				wantStrings(t, "authors", m.Authors, []string{"Tom Gillespie"})
				wantString(t, "byline", m.Byline, "Tom Gillespie")
			}},
		{"the site's short name as a JSON-LD person loses to the byline",
			`<meta property="og:site_name" content="Sky News">
			 <script type="application/ld+json">{"@type":"NewsArticle","author":{"@type":"Person","name":"Sky"}}</script>
			 </head><body><article><p class="byline">By Tom Gillespie</p><p>Text.</p></article>`,
			func(t *testing.T, m metadata) { wantStrings(t, "authors", m.Authors, []string{"Tom Gillespie"}) }},
		{"the site's short name stays when nobody is named",
			`<meta property="og:site_name" content="Sky News">
			 <script type="application/ld+json">{"@type":"NewsArticle","author":{"@type":"Person","name":"Sky"}}</script>`,
			func(t *testing.T, m metadata) { wantStrings(t, "authors", m.Authors, []string{"Sky"}) }},
		{"a department as meta author loses to an inline credit after a date in the story's block",
			`<meta name="author" content="PMJS - Coordenadoria de TI"></head><body><div class="col-md-9">
			 <p class="titulo">Atendimento Domiciliar registra arrombamento em veículos</p>
			 <small class="text-muted"><b>05/10/2018</b> - Publicado por: Clarissa Borba - Categoria: <a href="/c/19">Saúde</a></small><br><br>
			 A equipe do Serviço de Atendimento Domiciliar registrou nesta manhã o arrombamento de dois dos cinco automóveis da unidade.<br>
			 Os pacientes agendados para o período da manhã desta sexta-feira estão sendo reagendados.</div>`,
			func(t *testing.T, m metadata) {
				wantStrings(t, "authors", m.Authors, []string{"Clarissa Borba"})
				wantString(t, "byline", m.Byline, "Publicado por: Clarissa Borba")
			}},
		{"a press office as meta author loses to a person in the byline",
			`<meta name="author" content="Secretaria de Comunicação">
			 </head><body><article><p class="byline">Por Ana Lima</p><p>Texto.</p></article>`,
			func(t *testing.T, m metadata) { wantStrings(t, "authors", m.Authors, []string{"Ana Lima"}) }},
		{"a \"Posted by\" line names the author",
			`</head><body><article><h1>Council votes</h1><p class="meta">Posted by Jane Doe on March 3, 2024</p><p>Text.</p></article>`,
			func(t *testing.T, m metadata) { wantStrings(t, "authors", m.Authors, []string{"Jane Doe"}) }},
		{"a \"Publié par\" line names the author",
			`</head><body><article><h1>Le conseil vote</h1><div class="info">Publié par Marie Dupont</div><p>Texte.</p></article>`,
			func(t *testing.T, m metadata) { wantStrings(t, "authors", m.Authors, []string{"Marie Dupont"}) }},
		{"a byline ending in \"on\" and a date",
			`</head><body><article><p class="byline">By Jane Doe on <time>11/20/2019</time></p><p>Text.</p></article>`,
			func(t *testing.T, m metadata) { wantStrings(t, "authors", m.Authors, []string{"Jane Doe"}) }},
		{"a second author in an element of its own",
			`</head><body><article><div class="byline">By <div><a href="/a/jane">Jane Doe</a> and</div><div><a href="/a/john">John Roe</a></div></div><p>Text.</p></article>`,
			func(t *testing.T, m metadata) { wantStrings(t, "authors", m.Authors, []string{"Jane Doe", "John Roe"}) }},
		{"an author bio box is not a byline",
			`</head><body><article><p>Text.</p><div class="article-author-bio">Jane Doe writes about trains.</div></article>`,
			func(t *testing.T, m metadata) { wantStrings(t, "authors", m.Authors, nil) }},
		{"a newsroom credit in another language gives way to the people the byline names",
			`<script type="application/ld+json">{"@type":"NewsArticle","author":{"@type":"Person","name":"Redacción"}}</script>
			 </head><body><article><p class="byline">Por <strong>Lucía Fernández</strong> y <strong>Pedro Gil</strong> · Madrid</p><p>Text.</p></article>`,
			func(t *testing.T, m metadata) {
				wantStrings(t, "authors", m.Authors, []string{"Lucía Fernández", "Pedro Gil"})
			}},
		{"a newsroom credit alone stays",
			`<script type="application/ld+json">{"@type":"NewsArticle","author":{"@type":"Person","name":"Redação"}}</script>
			 </head><body><article><p>Text.</p></article>`,
			func(t *testing.T, m metadata) { wantStrings(t, "authors", m.Authors, []string{"Redação"}) }},
		{"with nobody named, the visible By credit beats a template's staff credit",
			`<script type="application/ld+json">{"@type":"NewsArticle","author":{"@type":"Person","name":"Science X staff"}}</script>
			 </head><body><article><p class="article-byline">by <a class="article-byline__link" href="https://www.esa.int/">European Space Agency</a></p><p>Text.</p></article>`,
			func(t *testing.T, m metadata) {
				wantStrings(t, "authors", m.Authors, []string{"European Space Agency"})
				wantString(t, "byline", m.Byline, "by European Space Agency")
			}},
		{"JSON-LD article type beats og:type website",
			`<meta property="og:type" content="website"><script type="application/ld+json">{"@type":"OpinionNewsArticle"}</script>`,
			func(t *testing.T, m metadata) { wantString(t, "type", m.Type, "opinionnewsarticle") }},
		{"language from og:locale, tags merged",
			`<meta property="og:locale" content="pt_BR"><meta property="article:tag" content="Eleições">
			 <meta name="keywords" content="eleições, Brasília ,  , política">`,
			func(t *testing.T, m metadata) {
				wantString(t, "language", m.Language, "pt-BR")
				wantStrings(t, "tags", m.Tags, []string{"Eleições", "Brasília", "política"})
			}},
		{"top image resolved, data URI skipped",
			`<meta property="og:image" content="data:image/gif;base64,R0lGOD"><meta name="twitter:image" content="/img/a.jpg">`,
			func(t *testing.T, m metadata) {
				wantString(t, "top image", m.TopImage, "https://news.example/img/a.jpg")
			}},
		{"logo declared before the story's picture",
			`<meta property="og:image" content="/static/site-logo-1200.png"><meta name="twitter:image" content="/img/2024/bridge.jpg">`,
			func(t *testing.T, m metadata) {
				wantString(t, "top image", m.TopImage, "https://news.example/img/2024/bridge.jpg")
			}},
		{"top image without its fragment",
			`<meta property="og:image" content="https://news.example/hubfs/Blog/patient-record.jpg#keepProtocol">`,
			func(t *testing.T, m metadata) {
				wantString(t, "top image", m.TopImage, "https://news.example/hubfs/Blog/patient-record.jpg")
			}},
		{"logo when nothing else",
			`<meta property="og:image" content="/static/default-share.png">`,
			func(t *testing.T, m metadata) {
				wantString(t, "top image", m.TopImage, "https://news.example/static/default-share.png")
			}},
		{"site name from title suffix",
			`<title>Council votes to close the bridge | Metro Herald</title></head><body><h1>Council votes to close the bridge</h1>`,
			func(t *testing.T, m metadata) {
				wantString(t, "title", m.Title, "Council votes to close the bridge")
				wantString(t, "site", m.SiteName, "Metro Herald")
			}},
		{"page classes naming sidebars do not hide the byline",
			`</head><body class="single no-sidebar comments-open"><div id="page" class="has-sidebar">
			 <article><span class="entry-author" itemprop="author"><span itemprop="name">Ana Lima</span></span><p>Text.</p></article></div>`,
			func(t *testing.T, m metadata) { wantStrings(t, "authors", m.Authors, []string{"Ana Lima"}) }},
		{"a title that is only the site name is skipped",
			`<meta property="og:site_name" content="Metro Herald"><meta property="og:title" content="Metro Herald">
			 </head><body><h1>Council votes to close the bridge</h1>`,
			func(t *testing.T, m metadata) { wantString(t, "title", m.Title, "Council votes to close the bridge") }},
		{"a By line widens a short JSON-LD author list",
			`<script type="application/ld+json">{"@type":"NewsArticle","author":{"@type":"Person","name":"Stefan Becket"}}</script>
			 </head><body><article><p class="byline">By Stefan Becket, Kathryn Watson and Grace Segers</p><p>Text.</p></article>`,
			func(t *testing.T, m metadata) {
				wantStrings(t, "authors", m.Authors, []string{"Stefan Becket", "Kathryn Watson", "Grace Segers"})
				wantString(t, "byline", m.Byline, "By Stefan Becket, Kathryn Watson and Grace Segers")
			}},
		{"a byline box without By does not widen",
			`<script type="application/ld+json">{"@type":"NewsArticle","author":{"@type":"Person","name":"David Ehrlich"}}</script>
			 </head><body><article><div class="byline"><a>David Ehrlich</a><div>Share This Article</div><div>Reddit</div></div><p>Text.</p></article>`,
			func(t *testing.T, m metadata) {
				wantStrings(t, "authors", m.Authors, []string{"David Ehrlich"})
				wantString(t, "byline", m.Byline, "David Ehrlich")
			}},
		{"JSON-LD script type with parameters",
			`<script type="application/ld+json; charset=utf-8">{"@type":"NewsArticle","headline":"Declared with a charset"}</script>`,
			func(t *testing.T, m metadata) { wantString(t, "title", m.Title, "Declared with a charset") }},
		{"JSON-LD language as a node",
			`<script type="application/ld+json">{"@type":"NewsArticle","inLanguage":{"@type":"Language","name":"Portuguese","alternateName":"pt-BR"}}</script>`,
			func(t *testing.T, m metadata) { wantString(t, "language", m.Language, "pt-BR") }},
		{"a paragraph starting with By is not a byline",
			`</head><body><article><p>By March, the council had run out of options.</p><p>By contrast, the mayor stayed.</p></article>`,
			func(t *testing.T, m metadata) { wantStrings(t, "authors", m.Authors, nil) }},
		{"the By line after a By sentence is found",
			`</head><body><article><h2>By March, a plan</h2><p>By Ana Lima</p><p>Text.</p></article>`,
			func(t *testing.T, m metadata) { wantStrings(t, "authors", m.Authors, []string{"Ana Lima"}) }},
		{"an h1 holding the logo is not the title",
			`<title>Port strike talks stall as container backlog grows - Harbor Times</title></head>
			 <body><header><h1><a href="/">Harbor Times</a></h1></header><article><h2>Port strike talks stall</h2><p>Text.</p></article>`,
			func(t *testing.T, m metadata) {
				wantString(t, "title", m.Title, "Port strike talks stall as container backlog grows")
				wantString(t, "site", m.SiteName, "Harbor Times")
			}},
		{"a logo h1 in another script is not the title; the host names the site",
			`<title>Port strike talks stall as container backlog grows - Example</title></head>
			 <body><div id="header"><a href="/"><h1>エグザンプル新聞</h1></a></div><div class="view"><dl><dt>Port strike talks stall as container backlog grows</dt></dl><p>Text.</p></div>`,
			func(t *testing.T, m metadata) {
				wantString(t, "title", m.Title, "Port strike talks stall as container backlog grows")
				wantString(t, "site", m.SiteName, "Example")
			}},
		{"a day-only dateModified is timed by another block's",
			`<script type="application/ld+json">{"@type":"WebPage","datePublished":"2018-09-15T10:15:48+02:00","dateModified":"2018-09-16T10:22:22+02:00"}</script>
			 <script type="application/ld+json">{"@type":"NewsArticle","headline":"Vote","datePublished":"2018-09-15","dateModified":"2018-09-16"}</script>`,
			func(t *testing.T, m metadata) { wantTime(t, "modified", m.Modified, "2018-09-16T10:22:22+02:00") }},
		{"a day-only modification on the publication day is not before it",
			`<meta property="article:published_time" content="2019-11-18T08:22:00-05:00">
			 <script type="application/ld+json">{"@type":"NewsArticle","headline":"Vote","dateModified":"2019-11-18"}</script>`,
			func(t *testing.T, m metadata) {
				wantTime(t, "published", m.Published, "2019-11-18T08:22:00-05:00")
				wantTime(t, "modified", m.Modified, "2019-11-18T08:22:00-05:00")
			}},
		{"an author meta naming the outlet after a full stop",
			`<meta name="author" content="Finian Cunningham. Sputnik International">`,
			func(t *testing.T, m metadata) { wantStrings(t, "authors", m.Authors, []string{"Finian Cunningham"}) }},
		{"comment authors are not bylines",
			`</head><body><article><p>Text.</p></article><div id="comments"><p class="byline">By Troll Person</p></div>`,
			func(t *testing.T, m metadata) { wantStrings(t, "authors", m.Authors, nil) }},
		{"nothing declared",
			``,
			func(t *testing.T, m metadata) {
				m.Base = nil // the page's own address, which is no declaration
				if !reflect.DeepEqual(m, metadata{}) {
					t.Errorf("metadata = %+v, want zero", m)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.check(t, metaOf(t, "<html><head>"+tt.html+"</body></html>", page))
		})
	}
}

func wantString(t *testing.T, field, got, want string) {
	t.Helper()
	if got != want {
		t.Errorf("%s = %q, want %q", field, got, want)
	}
}

func wantStrings(t *testing.T, field string, got, want []string) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s = %q, want %q", field, got, want)
	}
}

func wantTime(t *testing.T, field string, got *time.Time, want string) {
	t.Helper()
	if got == nil || got.Format(time.RFC3339) != want {
		t.Errorf("%s = %v, want %s", field, got, want)
	}
}

// BenchmarkExtractMetadata measures metadata extraction alone over the
// golden pages (HTML parsing excluded).
func BenchmarkExtractMetadata(b *testing.B) {
	var docs []*html.Node
	for _, gp := range goldenPages {
		raw, err := readGoldenPage(gp.name)
		if err != nil {
			b.Fatal(err)
		}
		doc, err := html.Parse(bytes.NewReader(decodeHTML(raw, gp.contentType)))
		if err != nil {
			b.Fatal(err)
		}
		docs = append(docs, doc)
	}
	u := &url.URL{Scheme: "https", Host: "news.example", Path: "/a"}
	for i := 0; b.Loop(); i++ {
		extractMetadata(docs[i%len(docs)], u, testFetchedAt)
	}
}

// FuzzExtractMetadata checks that no page, however broken, makes metadata
// extraction panic or produce dates outside the plausible window.
func FuzzExtractMetadata(f *testing.F) {
	for _, gp := range goldenPages {
		raw, err := readGoldenPage(gp.name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(raw)
	}
	f.Add([]byte(`<script type="application/ld+json">[[[{"@graph":[{"@type":["NewsArticle"],"author":[[{"@id":"x"}]],"@id":"x"}]}]]]</script>`))
	f.Add([]byte(`<title>|</title><h1>-</h1><meta name=author content="By , and &">`))
	u := &url.URL{Scheme: "https", Host: "news.example", Path: "/2024/01/02/x"}
	f.Fuzz(func(t *testing.T, page []byte) {
		doc, err := html.Parse(bytes.NewReader(page))
		if err != nil {
			return
		}
		m := extractMetadata(doc, u, testFetchedAt)
		for _, d := range []*time.Time{m.Published, m.Modified} {
			if d != nil && !(dateWindow{fetchedAt: testFetchedAt}).ok(*d) {
				t.Errorf("implausible date %v", d)
			}
		}
	})
}

// BenchmarkExtractMetadataRealPages measures metadata extraction over the
// real pages of the extraction benchmark (skipped when they are absent).
func BenchmarkExtractMetadataRealPages(b *testing.B) {
	pages := loadBenchPages(b)
	docs := make([]*html.Node, len(pages))
	urls := make([]*url.URL, len(pages))
	for i, p := range pages {
		doc, err := html.Parse(bytes.NewReader(p.HTML))
		if err != nil {
			b.Fatal(err)
		}
		docs[i] = doc
		if urls[i], err = url.Parse(p.URL); err != nil {
			b.Fatal(err)
		}
	}
	for i := 0; b.Loop(); i++ {
		extractMetadata(docs[i%len(docs)], urls[i%len(urls)], testFetchedAt)
	}
	reportCoverage(b, docs, urls)
}

// reportCoverage reports the share of pages that get each main field, a
// rough check that changes do not lose sources (the benchmark has no
// metadata ground truth).
func reportCoverage(b *testing.B, docs []*html.Node, urls []*url.URL) {
	var title, authors, published, site float64
	for i, doc := range docs {
		m := extractMetadata(doc, urls[i], testFetchedAt)
		title += boolScore(m.Title != "")
		authors += boolScore(len(m.Authors) > 0)
		published += boolScore(m.Published != nil)
		site += boolScore(m.SiteName != "")
	}
	n := float64(len(docs)) / 100
	b.ReportMetric(title/n, "%title")
	b.ReportMetric(authors/n, "%authors")
	b.ReportMetric(published/n, "%published")
	b.ReportMetric(site/n, "%site")
}

func boolScore(ok bool) float64 {
	if ok {
		return 1
	}
	return 0
}

// TestDatesInTheLanguagesZone: a date that names no zone, on a page where
// no date does, is read in the zone of the page's language when it is
// written in one (Korean, Japanese, Chinese), else in UTC.
func TestDatesInTheLanguagesZone(t *testing.T) {
	const ld = `<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2018-08-25T15:24:00"}</script>`
	const (
		chinese = `<p>北京地铁十九号线今日正式开通运营，全长二十二公里，共设十座车站，连接城市南北两端。市民乘坐地铁出行将更加便捷。</p>
			<p>据北京市交通委员会介绍，新线路开通后，从北部新城到市中心的通勤时间将缩短约二十分钟，预计日均客流量将达到三十万人次。</p>`
		hindi = `<p>दिल्ली मेट्रो की नई लाइन बुधवार को शुरू हो गई, जिससे शहर के उत्तर और दक्षिण हिस्से दस स्टेशनों के जरिए जुड़ गए हैं।</p>
			<p>अधिकारियों के अनुसार नई लाइन से रोज़ाना लगभग तीन लाख यात्री सफर करेंगे और यात्रा का समय बीस मिनट तक कम हो जाएगा।</p>`
		english = `<p>The new metro line opened on Wednesday, linking the north and south of the city with ten stations along its route.</p>`
	)
	tests := []struct{ lang, head, body, want string }{
		{"ko", ld, "", "2018-08-25T15:24:00+09:00"},
		{"ja-JP", ld, "", "2018-08-25T15:24:00+09:00"},
		{"zh-Hant-TW", ld, "", "2018-08-25T15:24:00+08:00"},
		{"hi-IN", ld, "", "2018-08-25T15:24:00+05:30"},
		{"ta", ld, "", "2018-08-25T15:24:00+05:30"},
		{"vi", ld, "", "2018-08-25T15:24:00+07:00"},
		{"th-TH", ld, "", "2018-08-25T15:24:00+07:00"},
		{"en", ld, "", "2018-08-25T15:24:00Z"},
		{"", ld, "", "2018-08-25T15:24:00Z"},
		// Undeclared, or declared by a template over text in another
		// script, the language is the one the text is in.
		{"", ld, chinese, "2018-08-25T15:24:00+08:00"},
		{"en", ld, chinese, "2018-08-25T15:24:00+08:00"},
		{"", ld, english, "2018-08-25T15:24:00Z"},
		{"", ld, hindi, "2018-08-25T15:24:00+05:30"},
		// Another date of the page names the zone: it wins.
		{"ko", ld + `<meta property="article:modified_time" content="2018-08-25T16:00:00+00:00">`, "", "2018-08-25T15:24:00Z"},
		// A day alone stays a day.
		{"ko", `<meta property="article:published_time" content="2018-08-25">`, "", "2018-08-25T00:00:00Z"},
	}
	for _, tt := range tests {
		body := tt.body
		if body == "" {
			body = "<p>x</p>"
		}
		page := `<html lang="` + tt.lang + `"><head>` + tt.head + `</head><body>` + body + `</body></html>`
		m := metaOf(t, page, "https://news.example/a/story")
		if m.Published == nil || m.Published.Format(time.RFC3339) != tt.want {
			t.Errorf("lang %q, %s: published %v, want %s", tt.lang, tt.head, m.Published, tt.want)
		}
	}
}

func TestSectionMetaTags(t *testing.T) {
	tests := []struct {
		name, head, want string
	}{
		{"Sailthru's section list",
			`<meta name="sailthru_section" content="news,world-news">`, "news"},
		{"article:section among JSON-LD categories",
			`<script type="application/ld+json">{"@type":"NewsArticle","headline":"Stadia","articleSection":"game,news,slider"}</script>
<meta property="article:section" content="news">`, "news"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := metaOf(t, "<html><head>"+tt.head+"</head><body><p>x</p></body></html>", "https://news.example/a/story")
			wantString(t, "section", m.Section, tt.want)
		})
	}
}

func TestPageSection(t *testing.T) {
	tests := []struct {
		name, raw, site, want string
		more                  []string // the meta tags' sections, after raw, the JSON-LD's
	}{
		{"declared", "Politics", "Herald", "Politics", nil},
		{"spaces squashed", "  Science &amp;\n Health ", "Herald", "Science & Health", nil},
		{"first of a category list", "Commercial Real Estate,Home Page,Popular", "Deal", "Commercial Real Estate", nil},
		{"a comma and a space within a name", "Science, Tech & Health", "Herald", "Science, Tech & Health", nil},
		{"abbreviation kept", "U.S.", "News", "U.S.", nil},
		{"host name", "gizmodo.com", "Gizmodo", "", nil},
		{"site name", "The Herald", "the herald", "", nil},
		{"CMS placeholder", "Uncategorized", "Blog", "", nil},
		{"placeholder in French", "Non classé", "Blog", "", nil},
		{"placeholder first in a list", "Uncategorized", "Blog", "World", []string{"World"}},
		{"placeholder first in a category list", "Allgemein,Politik", "Blog", "Politik", nil},
		{"WordPress post type", "post", "Blog", "", nil},
		{"too long to be a name", strings.Repeat("stock car ", 8), "Racing", "", nil},
		{"none", "", "Herald", "", nil},
		{"the JSON-LD category the meta tag declares", "game,news,slider", "Hub", "news", []string{"news"}},
		{"the JSON-LD's first category when the meta tag names another", "game,news,slider", "Hub", "game", []string{"Sport"}},
		{"the JSON-LD's one section before the meta tag's", "Politics", "Herald", "Politics", []string{"News"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := pageSection([]string{tt.raw}, tt.more, tt.site); got != tt.want {
				t.Errorf("pageSection(%q, %q) = %q, want %q", tt.raw, tt.site, got, tt.want)
			}
		})
	}
}

// TestPageDatesFixtures reads the dates of pages built after real ones
// (each fixture says which) whose dates the markup alone gets wrong.
func TestPageDatesFixtures(t *testing.T) {
	tests := []struct {
		file, url           string
		published, modified string // RFC 3339, "" for none
	}{
		// A printed time on the URL's day wins over the bare day.
		{"url-day-printed-time.html", "https://www.politifact.com/west-virginia/statements/2019/nov/18/david-mckinley/what-value-drugs/",
			"2019-11-18T11:08:00Z", ""},
		// A modification before the publication is the publication.
		{"scheduled-post.html", "https://www.morebikes.co.uk/7908/bike-style-book-soundtrack-review/",
			"2014-06-21T09:41:45+01:00", "2014-06-21T09:41:45+01:00"},
		// The byline's <time> shows the pair is reversed.
		{"reversed-pair.html", "https://www.aljazeera.com/ajimpact/nasas-commercial-moon-shot-191119041538885.html",
			"2019-11-19T05:44:00Z", "2019-11-19T07:09:00Z"},
		// The site's script gives the zone-less times their offset.
		{"script-zone.html", "https://www.spokesman.com/stories/2019/nov/19/meth-were-on-it/",
			"2019-11-19T18:18:25-08:00", "2019-11-19T19:10:43-08:00"},
		// A day-only publication says nothing of the hour: a modification
		// timed that day is kept.
		{"day-only-publication.html", "https://news.example.kr/view/123",
			"2019-11-18T00:00:00Z", "2019-11-18T08:00:00+09:00"},
		// "ET" is EST in November.
		{"printed-eastern-time.html", "https://www.cbssports.com/soccer/news/wales-punches-ticket/",
			"2019-11-19T18:46:00-05:00", ""},
		// No language declared, the text in Chinese: China's time.
		{"undeclared-chinese.html", "https://news.example.cn/a/123",
			"2024-01-15T08:30:00+08:00", ""},
		// No language declared, the text Japanese though mostly kanji:
		// Japan's time, not China's.
		{"undeclared-japanese.html", "https://news.example.jp/a/123",
			"2024-03-30T16:15:00+09:00", ""},
		// Only the page's text dates it, in hours and minutes (時, 分).
		{"printed-japanese.html", "https://www.minatomachi.example/news/123",
			"2024-03-30T16:15:00+09:00", ""},
		// One <time> prints both dates, its datetime the update's: the
		// printed publication is the publication.
		{"published-updated.html", "https://www.harbortimes.example/nyregion/transit-fares.html",
			"2024-03-03T00:00:00Z", "2024-03-04T10:32:00-05:00"},
		// The metadata dates only the publication; the printed update is
		// the modification.
		{"updated-label.html", "https://valleycourier.example/local/storm-outage",
			"2024-03-03T08:05:00-08:00", "2024-03-04T09:10:00-08:00"},
		// Japanese labels after the time: 配信 (delivered) the
		// publication, 更新 the update.
		{"japanese-update-after.html", "https://www.minatomachi.example.jp/news/457",
			"2024-05-12T09:00:00+09:00", "2024-05-13T16:15:00+09:00"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			m := metaOf(t, string(fixture(t, "dates", tt.file)), tt.url)
			wantOptionalTime(t, "published", m.Published, tt.published)
			wantOptionalTime(t, "modified", m.Modified, tt.modified)
		})
	}
}

// fixture reads a file under testdata.
func fixture(t *testing.T, path ...string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(append([]string{"testdata"}, path...)...))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func wantOptionalTime(t *testing.T, field string, got *time.Time, want string) {
	t.Helper()
	if want == "" {
		if got != nil {
			t.Errorf("%s = %v, want none", field, got)
		}
		return
	}
	wantTime(t, field, got, want)
}

func TestNotArticleType(t *testing.T) {
	ld := func(typ string) string {
		return `<script type="application/ld+json">{"@context":"https://schema.org","@type":"` + typ + `","name":"x"}</script>`
	}
	tests := []struct {
		name, head, want string
	}{
		{"author page", `<meta property="og:type" content="profile">`, "profile"},
		{"section front", `<meta property="og:type" content="website">` + ld("CollectionPage"), "collectionpage"},
		{"profile page", ld("ProfilePage"), "profilepage"},
		{"about page", ld("AboutPage"), "aboutpage"},
		{"story on a collection page", ld("CollectionPage") + ld("NewsArticle"), ""},
		{"story declared by og:type", `<meta property="og:type" content="article">` + ld("CollectionPage"), ""},
		{"website alone", `<meta property="og:type" content="website">`, ""},
		{"a person alone", ld("Person"), ""},
		{"nothing declared", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page := `<html><head><title>x</title>` + tt.head + `</head><body><p>text</p></body></html>`
			if got := metaOf(t, page, "https://news.example.com/x").NotArticleType; got != tt.want {
				t.Errorf("NotArticleType = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestMislabelledOffsets: two of a page's dates give the same wall clock
// under different offsets, one of them a local time labelled UTC or UTC
// labelled local; the date the page shows decides which.
func TestMislabelledOffsets(t *testing.T) {
	const (
		ldWrong   = `<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2019-11-20T04:31:13-06:00","dateModified":"2019-11-20T04:55:44-06:00"}</script>`
		metaUTC   = `<meta property="article:published_time" content="2019-11-20T04:31:13+00:00">`
		shownCST  = `<h1>The VW wagon</h1><div class="author_date"><span><a href="/author/chris/">Chris Davies</a></span> - <span>Nov 19, 2019, 10:31 pm CST</span></div>`
		metaLocal = `<meta property="article:published_time" content="2014-09-15T14:22:02+00:00">`
		ldDay     = `<script type="application/ld+json">{"@type":"BlogPosting","datePublished":"2014-09-15"}</script>`
		shownTime = `<h1>Hiking</h1><div class="penci-hide-tagupdated"><time class="entry-date published" datetime="2014-09-15T14:22:02-05:00">September 15, 2014</time></div>`
	)
	tests := []struct {
		name, head, body, published, modified string
	}{
		{"UTC labelled local in JSON-LD, the printed time agrees with the meta tag", ldWrong + metaUTC, shownCST,
			"2019-11-20T04:31:13Z", "2019-11-20T04:55:44Z"},
		{"local time labelled UTC in the meta tag, the byline's <time> gives its offset", ldDay + metaLocal, shownTime,
			"2014-09-15T14:22:02-05:00", ""},
		{"no date shown: the first source stays", ldWrong + metaUTC, "<h1>The VW wagon</h1>",
			"2019-11-20T04:31:13-06:00", "2019-11-20T04:55:44-06:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page := `<html lang="en"><head>` + tt.head + `</head><body>` + tt.body + `<p>x</p></body></html>`
			m := metaOf(t, page, "https://news.example/a/story")
			if got := formatOrEmpty(m.Published); got != tt.published {
				t.Errorf("published %s, want %s", got, tt.published)
			}
			if got := formatOrEmpty(m.Modified); got != tt.modified {
				t.Errorf("modified %s, want %s", got, tt.modified)
			}
		})
	}
}

func formatOrEmpty(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.Format(time.RFC3339)
}

// TestDatesInTheCountrysZone: a date that names no zone, on a page whose
// language has none of its own and whose site is under a country's
// domain, is read in that country's time, summer time included.
func TestDatesInTheCountrysZone(t *testing.T) {
	tests := []struct{ url, date, want string }{
		{"https://www.news.co.uk/politics/budget", "2018-08-25T15:24:00", "2018-08-25T15:24:00+01:00"},
		{"https://www.news.co.uk/politics/budget", "2018-12-25T15:24:00", "2018-12-25T15:24:00Z"},
		{"https://www.zeitung.de/politik/haushalt", "2018-08-25T15:24:00", "2018-08-25T15:24:00+02:00"},
		{"https://www.herald.co.nz/news/budget", "2018-08-25T15:24:00", "2018-08-25T15:24:00+12:00"},
		{"https://www.herald.in/news/budget", "2018-08-25T15:24:00", "2018-08-25T15:24:00+05:30"},
		// Countries of several zones, and country domains used as generic
		// ones, give none.
		{"https://www.news.com.au/budget", "2018-08-25T15:24:00", "2018-08-25T15:24:00Z"},
		{"https://news.example.co/budget", "2018-08-25T15:24:00", "2018-08-25T15:24:00Z"},
		{"https://news.example/budget", "2018-08-25T15:24:00", "2018-08-25T15:24:00Z"},
	}
	for _, tt := range tests {
		page := `<html lang="en"><head><script type="application/ld+json">{"@type":"NewsArticle","datePublished":"` + tt.date +
			`"}</script></head><body><p>The council approved the budget on Saturday.</p></body></html>`
		m := metaOf(t, page, tt.url)
		if m.Published == nil || m.Published.Format(time.RFC3339) != tt.want {
			t.Errorf("%s, %s: published %v, want %s", tt.url, tt.date, m.Published, tt.want)
		}
	}
}
