package parse

import "testing"

func TestSiteName(t *testing.T) {
	tests := []struct {
		name, url, head, want string
	}{
		{"a section in og:site_name gives way to the title's suffix the host spells",
			"https://www.harborwire.example/article/oil-prices-idUS1",
			`<title>Oversupply angst drags oil lower - Harbor Wire</title><meta property="og:site_name" content="U.S.">`,
			"Harbor Wire"},
		{"a section gives way to the publisher the host spells",
			"https://www.harborwire.example/article/oil-prices-idUS1",
			`<meta property="og:site_name" content="Markets"><script type="application/ld+json">
			 {"@type":"NewsArticle","headline":"Oil falls","publisher":{"@type":"Organization","name":"Harbor Wire"}}</script>`,
			"Harbor Wire"},
		{"a platform's label is no name",
			"https://hosted.newswire.example/valleyeagle/article/1/sondland",
			`<title>Sondland faces questions | Hosted</title><meta property="og:site_name" content="Hosted"></head>
			 <body><h1><a href="https://valleyeagle.example/"><img src="/logo.png" alt="The Valley Eagle"></a></h1>`,
			"The Valley Eagle"},
		{"a slug gives way to the same name in words",
			"https://www.valleytoday.example/story/news/2026/03/14/bridge/1/",
			`<meta property="og:site_name" content="valleytoday"><script type="application/ld+json">
			 {"@type":"NewsArticle","headline":"Bridge","publisher":{"@type":"Organization","name":"Valley Today"}}</script>`,
			"Valley Today"},
		{"a host name gives way to the name in words",
			"https://www.valleyscience.example/physics-simulation.html",
			`<meta property="og:site_name" content="valleyscience.example"><script type="application/ld+json">
			 {"@type":"NewsArticle","headline":"Physics","publisher":{"@type":"Organization","name":"Valley Science"}}</script>`,
			"Valley Science"},
		{"a name run together gives way to the name in words",
			"https://thehill.example/homenews/news/471-governor-campaign",
			`<meta property="og:site_name" content="TheHill"><script type="application/ld+json">
			 {"@type":"NewsArticle","headline":"Campaign","publisher":{"@type":"Organization","name":"The Hill"}}</script>`,
			"The Hill"},
		{"a tagline after the name the host spells is dropped",
			"https://www.linkpile.example/2026/03/actress-photos.html",
			`<title>Actress stuns in new photos | LinkPile | Nigeria's popular news platform</title>
			 <meta property="og:site_name" content="LinkPile | Nigeria's popular news platform">`,
			"LinkPile"},
		{"an edition's name that holds the host's stays",
			"https://therealdeal.example/2026/03/14/layoffs/",
			`<meta property="og:site_name" content="The Real Deal New York"><script type="application/ld+json">
			 {"@type":"NewsArticle","headline":"Layoffs","publisher":{"@type":"Organization","name":"The Real Deal"}}</script>`,
			"The Real Deal New York"},
		{"a name the host abbreviates stays",
			"https://www.latimes.example/business/story/2026-03-14/glitches",
			`<title>Glitches blamed on demand - Los Angeles Times</title><meta property="og:site_name" content="Los Angeles Times">`,
			"Los Angeles Times"},
		{"a one-word name stays beside a longer publisher",
			"https://www.healthline.example/nutrition/binge-eating-tips",
			`<meta property="og:site_name" content="Healthline"><script type="application/ld+json">
			 {"@type":"NewsArticle","headline":"Tips","publisher":{"@type":"Organization","name":"Healthline Media"}}</script>`,
			"Healthline"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := metaOf(t, "<html><head>"+tt.head+"</head><body><p>x</p></body></html>", tt.url)
			wantString(t, "site name", m.SiteName, tt.want)
		})
	}
}
