package parse

import (
	"reflect"
	"testing"
)

func TestCleanTags(t *testing.T) {
	tests := []struct {
		name string
		tags []string
		site string
		want []string
	}{
		{"tracking tokens dropped",
			[]string{"@post-id:1913719", "wework", "channel_other", "type_news", "Section:culture", "AdNode:culture/wide_angle", "/article", "@river", "layout=wide", `"`},
			"TechCrunch", []string{"wework"}},
		{"entity types stripped from names",
			[]string{"Mark Esper GOVERNMENT_FIGURE PERSON", "PERSON Hamidou Diallo PROFESSIONAL_ATHLETE", "Andrew Yang NEWSMAKER", "COACH SPORTS_FIGURE PERSON"},
			"", []string{"Mark Esper", "Hamidou Diallo", "Andrew Yang"}},
		{"field names dropped before a value",
			[]string{"Category: Jupiter", "topic: Politics & Policy", "section: Article", "Section: News:World News"},
			"", []string{"Jupiter", "Politics & Policy", "World News"}},
		{"names that look like tokens kept",
			[]string{"Re:Zero", "COACH", "Cricket_World_Cup", "NFL_Draft", "channel_other", "PERSON"},
			"", []string{"Re:Zero", "COACH", "Cricket World Cup", "NFL Draft"}},
		{"site name and generic words dropped",
			[]string{"cnbc", "Articles", "Front Page", "front-page", "general", "News", "Uncategorized", "Trade"},
			"CNBC", []string{"Trade"}},
		{"site written as a slug dropped",
			[]string{"the-verge", "star-trek"}, "The Verge", []string{"star-trek"}},
		{"site written as its host name dropped",
			[]string{"POLYGRAPH.info", "Pentagon"}, "Polygraph", []string{"Pentagon"}},
		{"real tags kept",
			[]string{"COVID-19", "U.S.", "AI", "Apple Inc.", "AC/DC", "9/11", "Asia / Pacific", "Star Wars: Visions", "24:7", "HAYWARD", "PG&E", "Space"},
			"Space.com", []string{"COVID-19", "U.S.", "AI", "Apple Inc.", "AC/DC", "9/11", "Asia / Pacific", "Star Wars: Visions", "24:7", "HAYWARD", "PG&E", "Space"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := cleanTags(tt.tags, tt.site); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("cleanTags = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestPageTagsDropCMSTokens(t *testing.T) {
	tests := []struct {
		name, head, want string
	}{
		{"JSON-LD keywords with tracking tokens",
			`<meta property="og:site_name" content="CNBC">
<script type="application/ld+json">{"@type":"NewsArticle","headline":"Emirates inks order","keywords":["cnbc","Articles","Airlines","source:tagname:CNBC Europe Source"]}</script>`,
			"Airlines"},
		{"article:tag with entity types",
			`<meta property="article:tag" content="Mark Esper GOVERNMENT_FIGURE PERSON"><meta property="article:tag" content="Mark Esper">`,
			"Mark Esper"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := metaOf(t, "<html><head>"+tt.head+"</head><body><p>x</p></body></html>", "https://www.cnbc.com/2019/11/20/emirates.html")
			if len(m.Tags) != 1 || m.Tags[0] != tt.want {
				t.Errorf("tags = %q, want [%q]", m.Tags, tt.want)
			}
		})
	}
}
