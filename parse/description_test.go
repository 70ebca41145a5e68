package parse

import "testing"

func TestPageDescription(t *testing.T) {
	const full = "A New York man pleaded guilty to charges he threatened to kill Rep. Ilhan Omar (D-Minn.), the U.S."
	tests := []struct {
		name, head, want string
	}{
		{"JSON-LD cut before the meta description's end",
			`<script type="application/ld+json">{"@type":"NewsArticle","headline":"Man pleads guilty","description":"A New York man pleaded guilty to charges he threatened ..."}</script>
<meta property="og:description" content="A New York man pleaded guilty to&nbsp;charges he threatened&nbsp;to kill Rep. Ilhan Omar (D-Minn.), the U.S.">`,
			full},
		{"og:description cut, description whole",
			`<meta property="og:description" content="Oil prices fell sharply on Tuesday, while a gauge of stoc...">
<meta name="description" content="Oil prices fell sharply on Tuesday, while a gauge of stocks rose.">`,
			"Oil prices fell sharply on Tuesday, while a gauge of stocks rose."},
		{"cut past the end of the meta description's sentence",
			`<meta property="og:description" content="Audi revealed the e-tron Sportback at the LA Auto Show. Joining the e-tron SUV, the new e-tron…">
<meta name="description" content="Audi revealed the e-tron Sportback at the LA Auto Show.">`,
			"Audi revealed the e-tron Sportback at the LA Auto Show."},
		{"JSON-LD excerpt gives way to the summary its WebPage node declares",
			`<script type="application/ld+json">{"@graph":[{"@type":"WebPage","url":"https://blog.example/hike/","description":"Hiking needs few supplies: our simple survival kit."}]}</script>
<script type="application/ld+json">{"@type":"BlogPosting","headline":"Make water part of your kit","description":"This post has been sponsored. All opinions are mine alone. When you live in Colorado it is impossible to stay…"}</script>
<meta property="og:description" content="Hiking needs few supplies: our simple survival kit.">`,
			"Hiking needs few supplies: our simple survival kit."},
		{"cut description kept beside the site's default",
			`<meta property="og:description" content="Chelsea have paid the £71.6million fee to secure the signing of Kepa...">
<meta name="description" content="Online portal that provides breaking news and updates in Nigeria">`,
			"Chelsea have paid the £71.6million fee to secure the signing of Kepa..."},
		{"another ellipsis adds nothing",
			`<script type="application/ld+json">{"@type":"BlogPosting","headline":"Reviews","description":"Visitors left their reviews of the show …"}</script>
<meta property="og:description" content="Visitors left their reviews of the show […]">`,
			"Visitors left their reviews of the show …"},
		{"whole JSON-LD description first",
			`<script type="application/ld+json">{"@type":"NewsArticle","headline":"H","description":"The governor defends the slogan."}</script>
<meta property="og:description" content="The governor defends the slogan “Meth, we’re on it.”">`,
			"The governor defends the slogan."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := metaOf(t, "<html><head>"+tt.head+"</head><body><p>x</p></body></html>", "https://blog.example/hike/")
			if m.Description != tt.want {
				t.Errorf("description = %q, want %q", m.Description, tt.want)
			}
		})
	}
}
