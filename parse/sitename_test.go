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
		{"the host name beside the name in words is dropped",
			"https://www.jpost.example/Breaking-News/Stabbed-in-Berlin-608329",
			`<title>Stabbed to death in Berlin - Breaking News - The Jerusalem post</title>
			 <meta property="og:site_name" content=" The Jerusalem Post | JPost.example ">`,
			"The Jerusalem Post"},
		{"a host name of another site stays beside the name",
			"https://www.jpost.example/Breaking-News/Stabbed-in-Berlin-608329",
			`<meta property="og:site_name" content="The Jerusalem Post | Maariv.example">`,
			"The Jerusalem Post | Maariv.example"},
		{"a part of the title the heading tells is no site name",
			"http://dietlist.example/atkins-diet.html",
			`<title>Atkins Diet (14 days) - lose up to 10 kg. Reviews</title></head>
			 <body><h1>Atkins Diet - lose up to 10 kilograms in 14 days</h1>`,
			""},
		{"a site name the heading plays on, in another order, stays the site name",
			"https://www.dailymail.example/tvshowbiz/article-123/review.html",
			`<title>Review: Daily life in the Mail room - Daily Mail</title></head>
			 <body><h1>Review: Mail room daily life</h1>`,
			"Daily Mail"},
		{"a part of the title the heading does not tell is the site name",
			"http://dietlist.example/atkins-diet.html",
			`<title>Diet List - Atkins Diet: lose up to 10 kilograms in 14 days</title></head>
			 <body><h1>Atkins Diet: lose up to 10 kilograms in 14 days</h1>`,
			"Diet List"},
		{"the site's owner its JSON-LD describes at an address of the same name",
			"http://valleytown.example/news/break-in-at-the-depot",
			`<title>Break-in at the depot</title><script type="application/ld+json">
			 {"@context":"https://schema.org","@type":"Organization","name":"Municipality of Valley Town","url":"https://www.valleytown.gov.example"}</script>`,
			"Municipality of Valley Town"},
		{"an organisation at another address is not the site's owner",
			"http://valleytown.example/news/break-in-at-the-depot",
			`<title>Break-in at the depot</title><script type="application/ld+json">
			 {"@context":"https://schema.org","@type":"Organization","name":"Web Builders Ltd","url":"https://webbuilders.example"}</script>`,
			""},
		{"a tagline gives way to the publication its staff credit names",
			"https://practicalrider.example/news/4-things-to-do-in-october",
			`<title>4 Things to Do in October - Expert how-to for English Riders</title>
			 <meta property="og:site_name" content="Expert how-to for English Riders">
			 <meta name="author" content="Practical Rider Editorial Staff">`,
			"Practical Rider"},
		{"a staff credit the host does not spell is no site name",
			"https://practicalrider.example/news/4-things-to-do-in-october",
			`<meta property="og:site_name" content="Expert how-to for English Riders">
			 <meta name="author" content="Associated Press Staff">`,
			"Expert how-to for English Riders"},
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

// TestSiteNameFromPublisherMentions: a page whose tags name no site, or
// only its host's label in lower case, names its publisher elsewhere.
func TestSiteNameFromPublisherMentions(t *testing.T) {
	tests := []struct {
		name, url, page, want string
	}{
		{"the copyright line's holder the host spells",
			"https://www.harbornewsnow.example/2019/11/19/telescope/",
			`<head><title>Telescope spots water vapor</title><meta property="og:site_name" content="https://www.harbornewsnow.example"></head>
			 <body><p>Story.</p><footer><p>Copyright 2019 Harbor News Now. All rights reserved.</p></footer></body>`,
			"Harbor News Now"},
		{"a copyright line without a year",
			"https://www.valleymed.example/news-and-events/partnership.html",
			`<head><title>Valleymed announces a partnership</title></head>
			 <body><p>Story.</p><div class="copyright">©2019 Valleymed</div></body>`,
			"Valleymed"},
		{"a web designer's credit is no publisher",
			"https://www.catchitvalley.example/content/news/Swim-Results-1.html",
			`<head><title>State Swim Results</title></head>
			 <body><p>Story.</p><p>Copyright © 2002-2019 - Designed by Gray Digital Media - Powered by Clickability</p></body>`,
			""},
		{"the logo's alt text, its tagline dropped",
			"https://www.catchitvalley.example/content/news/Swim-Results-1.html",
			`<head><title>State Swim Results</title></head>
			 <body><a href="/"><img class="img logo" src="/CIV_Logo_311x98.png" alt="Catch it Valley - Content - News"></a><p>Story.</p></body>`,
			"Catch it Valley"},
		{"the alt text of an image in the header's logo link",
			"https://blog.nordwrap.example/dmexco-2018",
			`<head><title>Take C.A.R.E. - nordwrap auf der DMEXCO 2018</title></head>
			 <body><header><a href="https://www.nordwrap.example" class="header__logo"><img src="/hubfs/logowhite.png" alt="nordwrap GmbH Logo"></a></header><p>Story.</p></body>`,
			"nordwrap GmbH"},
		{"the microdata publisher's name, which the host need not spell",
			"https://gto-normy.example/skorost-bega/",
			`<head><title>Скорость бега</title></head>
			 <body><p>Story.</p><div itemprop="publisher" itemscope itemtype="https://schema.org/Organization">
			 <meta itemprop="name" content="Нормы ГТО и знаний"></div></body>`,
			"Нормы ГТО и знаний"},
		{"a lower-case label gets the copyright's capitals",
			"https://www.harborcity.example/entertainment/2019/11/reunion.html",
			`<head><title>Band to reunite - harborcity.example</title><meta property="og:site_name" content="harborcity"></head>
			 <body><p>Story.</p><footer>© 2019 HarborCity.example. All rights reserved (<a href="/about">About</a>).</footer></body>`,
			"HarborCity.example"},
		{"a lower-case label nothing spells otherwise stays",
			"https://www.valleyvoice.example/article/1/debate",
			`<head><title>Debate</title><meta property="og:site_name" content="valleyvoice"></head>
			 <body><p>Story.</p><p class="copyright">©2019 The Associated Wire. All rights reserved.</p></body>`,
			"valleyvoice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := metaOf(t, "<html>"+tt.page+"</html>", tt.url)
			wantString(t, "site name", m.SiteName, tt.want)
		})
	}
}
