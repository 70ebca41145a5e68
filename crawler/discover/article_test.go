package discover

import (
	"regexp"
	"testing"
)

func TestClassifyHeuristics(t *testing.T) {
	tests := []classifyCase{
		// Dated paths: Guardian, NYT, WordPress, Le Monde, CNN, NPR.
		{"https://www.theguardian.com/world/2024/mar/15/flood-defences-hold", Article},
		{"https://www.nytimes.com/2024/03/15/us/politics/budget-vote.html", Article},
		{"https://blog.example.com/2024/03/15/hello-world/", Article},
		{"https://www.lemonde.fr/international/article/2024/03/15/la-reforme-adoptee_6217000_3210.html", Article},
		{"https://edition.cnn.com/2024/03/15/europe/storm-hits-coast/index.html", Article},
		{"https://www.npr.org/2024/03/15/1238590123/storm", Article},
		{"https://example.com/news/2024-03-15-council-approves-plan", Article},
		{"https://example.com/20240315/council", Article},
		{"https://example.com/2024/03/budget", Article},
		// Date archives are listings.
		{"https://blog.example.com/2024/03/15/", Listing},
		{"https://blog.example.com/2024/03/", Listing},
		{"https://blog.example.com/2024/", Listing},
		// Numeric ids and long slugs: BBC, Reuters, Spiegel, Ars, AP.
		{"https://www.bbc.co.uk/news/world-europe-68567890", Article},
		{"https://www.bbc.com/news/articles/c4gz9ly1pk3o", Article},
		{"https://www.reuters.com/world/europe/eu-leaders-agree-on-new-sanctions-package-2024-03-15/", Article},
		{"https://www.spiegel.de/politik/deutschland/bundestag-beschliesst-haushalt-a-1234abcd-5678-90ef.html", Article},
		{"https://apnews.com/article/storm-coast-evacuation-abc123def456", Article},
		{"https://example.com/politics/senate-passes-sweeping-climate-bill", Article},
		{"https://example.com/story/123456", Article},
		{"https://example.com/index.php?id=48213", Article},
		{"https://example.com/?p=1234", Article},
		{"https://example.com/news/read.php?article_id=98765", Article},
		{"https://www.welt.de/politik/deutschland/article250612345/Haushalt.html", Article},
		{"https://www.zeit.de/politik/deutschland/2024-03/haushalt-bundestag", Article},
		{"https://www.aljazeera.com/news/2024/3/15/storm-hits-coast", Article},
		{"https://www.france24.com/fr/europe/20240315-le-gouvernement-annonce", Article},
		{"https://www.theatlantic.com/politics/archive/2024/03/budget-deal/677777/", Article},
		{"https://example.com/node/123456", Article},
		{"https://www.zeit.de/politik/2024-03/", Listing},
		// Sections, tags, authors, pagination, home.
		{"https://example.com/", Listing},
		{"https://www.theguardian.com/world", Listing},
		{"https://www.theguardian.com/world/europe-news", Listing},
		{"https://www.theguardian.com/profile/jane-doe-smith-jones", Listing},
		{"https://example.com/author/jane-doe-smith-jones/", Listing},
		{"https://example.com/tag/climate-change-and-global-warming/", Listing},
		{"https://example.com/category/world/europe/", Listing},
		{"https://example.com/topics/us-presidential-election-2024", Listing},
		{"https://example.com/world/page/2/", Listing},
		{"https://example.com/world/?page=3", Listing},
		{"https://example.com/news/latest", Listing},
		{"https://example.com/section/123456", Listing},
		// Files, forms and variants are skipped.
		{"https://example.com/media/photo-of-the-flood-today.jpg", Skip},
		{"https://example.com/reports/annual-report-2023-final.pdf", Skip},
		{"https://example.com/static/app.js", Skip},
		{"https://example.com/search?q=flood", Skip},
		{"https://example.com/?s=flood", Skip},
		{"https://example.com/login?next=/world/", Skip},
		{"https://example.com/wp-login.php", Skip},
		{"https://example.com/world/2024/03/15/story/print", Skip},
		{"https://example.com/2024/03/15/story/?replytocom=55", Skip},
	}
	checkClassify(t, tests, nil)
}

func TestClassifyPatterns(t *testing.T) {
	patterns := []*regexp.Regexp{regexp.MustCompile(`/news/articles/[a-z0-9]+$`)}
	tests := []classifyCase{
		{"https://www.bbc.com/news/articles/c4gz9ly1pk3o", Article},
		// Patterns overrule the heuristics both ways.
		{"https://www.bbc.com/news/world-europe-68567890", Listing},
		{"https://www.bbc.com/sport/2024/03/15/a-dated-story", Listing},
		// Files stay skipped whatever the patterns say.
		{"https://www.bbc.com/news/articles/c4gz9ly1pk3o.jpg", Skip},
	}
	checkClassify(t, tests, patterns)
}

func TestKindString(t *testing.T) {
	for k, want := range map[Kind]string{Listing: "listing", Article: "article", Skip: "skip"} {
		if k.String() != want {
			t.Errorf("%d.String() = %q, want %q", k, k.String(), want)
		}
	}
}

type classifyCase struct {
	url  string
	want Kind
}

func checkClassify(t *testing.T, tests []classifyCase, patterns []*regexp.Regexp) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			if got := Classify(mustURL(t, tt.url), patterns); got != tt.want {
				t.Errorf("Classify(%s) = %v, want %v", tt.url, got, tt.want)
			}
		})
	}
}

func TestListsArticles(t *testing.T) {
	tests := []struct {
		url  string
		want bool
	}{
		// Fronts, tags, authors, sections, archives, pagination steps.
		{"https://example.com/", true},
		{"https://example.com/?utm_source=x", true},
		{"https://example.com/tag/world", true},
		{"https://example.com/tag/climate-change-and-global-warming/", true},
		{"https://example.com/author/jane-doe", true},
		{"https://example.com/by/jane-doe", true},
		{"https://example.com/category/world/africa", true},
		{"https://www.bbc.co.uk/news/topics/c302m85q5ljt/brexit", true},
		{"https://example.com/section/world", true},
		{"https://example.com/2019/11/", true},
		{"https://example.com/2019/11/19/", true},
		{"https://example.com/category/business/page/2/", true},
		{"https://example.com/page/3", true},
		{"https://example.com/world?page=2", true},
		// Stories, even under a listing word, and pages that show nothing.
		{"https://example.com/?p=1234", false},
		{"https://example.com/topics/climate/storm-floods-the-coastal-towns", false},
		{"https://example.com/latest/senate-passes-sweeping-climate-bill", false},
		{"https://example.com/staff/2648172001/david-goricki/", false},
		{"https://example.com/2019/11/19/budget-vote/", false},
		{"https://example.com/news/world-europe-68567890", false},
		{"https://example.com/world/europe", false},
		{"https://example.com/podcasts/the-journal", false},
		{"http://entermedia.co.kr/news/news_view.html?idx=8576&page=1&bc=03", false},
		{"https://example.com/news/senate-passes-sweeping-climate-bill?page=2", false},
		{"https://example.com/news/brexit-deal?page=2", false},
		{"https://example.com/people/how-a-retired-nurse-rebuilt-her-town-after-the-flood", false},
		{"https://example.com/profile/the-woman-who-mapped-the-ocean-floor", false},
		{"https://example.com/topics/long-read-on-the-housing-crisis-in-our-city", false},
		{"https://example.com/opinion/columnist/op-ed-why-the-city-must-act", false},
		{"https://example.com/people/jane-doe", true},
		{"https://example.com/topics/housing", true},
		{"https://example.com/about-us", false}, // skipped, not listed
	}
	for _, tt := range tests {
		if got := ListsArticles(mustURL(t, tt.url)); got != tt.want {
			t.Errorf("ListsArticles(%s) = %v, want %v", tt.url, got, tt.want)
		}
	}
}

func TestClassifySitePages(t *testing.T) {
	tests := []classifyCase{
		{"https://example.com/about", Skip},
		{"https://example.com/about-us", Skip},
		{"https://example.com/info/pages/about-us", Skip},
		{"https://example.com/help/contact-us", Skip},
		{"https://example.com/privacy-policy/", Skip},
		{"https://example.com/terms-of-service", Skip},
		{"https://example.com/impressum", Skip},
		{"https://example.com/member/login.html", Skip},
		{"https://example.com/corrections", Skip},
		{"https://example.com/help", Skip},
		{"https://example.com/careers/", Skip},
		{"https://example.com/info/about-guardian-us", Skip},
		{"https://example.com/about-the-times", Skip},
		{"https://example.com/preference/edition/int", Skip},
		{"https://example.com/", Listing},
		// A story whose slug begins like a site page's address is a story.
		{"https://example.com/news/about-time-the-council-fixed-the-roads", Article},
		{"https://example.com/2024/03/01/corrections-march-1", Article},
		{"https://example.com/world/corrections/prison-guards-strike-ends", Article},
		// A section named like a site page is a section.
		{"https://example.com/technology/privacy", Listing},
		{"https://example.com/news/help-41670342", Article},
		// Staff pages with a number, story ids beside page=1.
		{"https://example.com/staff/2648172001/david-goricki/", Listing},
		{"https://example.com/journalist/118411/Ciaran-McGrath", Listing},
		{"http://entermedia.co.kr/news/news_view.html?idx=8576&page=1&bc=03", Article},
		{"https://example.com/world?page=1", Listing},
		// A person's page, unless a story's slug ends the address.
		{"https://example.com/by/jane-doe", Listing},
		{"https://example.com/reporter/jane-doe/my-week-covering-the-trial-of-the-century", Article},
		{"https://example.com/opinion/columnist/op-ed-why-the-city-must-act", Article},
		{"https://example.com/sport/team/arsenal/arteta-signs-new-deal", Article},
	}
	checkClassify(t, tests, nil)
}
