package parse

import (
	"testing"
	"time"
)

func TestCleanTitle(t *testing.T) {
	tests := []struct {
		name, title, site, h1 string
		want, removed         string
	}{
		{"suffix pipe", "Council votes to close bridge | Daily Planet", "Daily Planet", "", "Council votes to close bridge", "Daily Planet"},
		{"suffix dash", "Council votes to close bridge - The Daily Planet", "Daily Planet", "", "Council votes to close bridge", "The Daily Planet"},
		{"suffix en dash", "Council votes – Daily Planet", "Daily Planet", "", "Council votes", "Daily Planet"},
		{"prefix colon", "Daily Planet: Council votes to close bridge", "Daily Planet", "", "Council votes to close bridge", "Daily Planet"},
		{"section and site", "Council votes to close bridge | Politics | Daily Planet", "Daily Planet", "Council votes to close bridge", "Council votes to close bridge", "Politics | Daily Planet"},
		{"headline mentioning site kept", "Politics | Daily Planet wins the city's press award again - Daily Planet", "Daily Planet", "", "Politics | Daily Planet wins the city's press award again", "Daily Planet"},
		{"unknown site, h1 decides", "Council votes to close bridge » Metro Herald", "", "Council votes to close bridge", "Council votes to close bridge", "Metro Herald"},
		{"unknown site short suffix", "Why the bridge closed - Metro Herald", "", "Why the bridge closed, explained", "Why the bridge closed", "Metro Herald"},
		{"colon headline kept", "Analysis: why the bridge closed", "", "Analysis: why the bridge closed", "Analysis: why the bridge closed", ""},
		{"dash inside headline kept", "Mother-of-two wins - and loses - lottery", "", "Mother-of-two wins - and loses - lottery", "Mother-of-two wins - and loses - lottery", ""},
		{"no evidence", "Council votes to close bridge - Metro", "", "", "Council votes to close bridge - Metro", ""},
		{"plain", "Council votes to close bridge", "Daily Planet", "", "Council votes to close bridge", ""},
		{"section prefix and site suffix", "Opinion | Republicans Are Following Trump to Nowhere - The New York Times", "", "Republicans Are Following Trump to Nowhere", "Republicans Are Following Trump to Nowhere", "The New York Times"},
		{"suffix preferred when guessing", "Opinion | Trump to nowhere, again - New York Times", "", "Trump to nowhere, again and again", "Opinion | Trump to nowhere, again", "New York Times"},
		{"cjk underscore", "东京樱花提前开放_华夏日报", "华夏日报", "", "东京樱花提前开放", "华夏日报"},
		{"full-width bar", "東京で桜が開花｜毎朝新聞", "毎朝新聞", "", "東京で桜が開花", "毎朝新聞"},
		{"h1 is the logo, site unknown", "Port strike talks stall as container backlog grows - Harbor Times", "", "Harbor Times", "Port strike talks stall as container backlog grows", "Harbor Times"},
		{"short section after an h1 headline", "Mayor resigns | Politics", "", "Mayor resigns", "Mayor resigns", "Politics"},
		{"h1 is the logo", "Council votes | Daily Planet", "Daily Planet", "Daily Planet", "Council votes", "Daily Planet"},
		{"section between headline and site, no h1", "Council votes to close bridge | Politics | Daily Planet", "Daily Planet", "", "Council votes to close bridge", "Daily Planet"},
		{"section spelt by the host", "Council votes to close bridge - Local News - dailyplanet.com", "dailyplanet.com", "", "Council votes to close bridge", "dailyplanet.com"},
		{"a short headline's named part kept", "Interview | Jane Doe | Daily Planet", "Daily Planet", "", "Interview | Jane Doe", "Daily Planet"},
		{"a headline's own part kept", "Bridge to close | Your questions answered | Daily Planet", "Daily Planet", "", "Bridge to close | Your questions answered", "Daily Planet"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, removed := cleanTitle(tt.title, tt.site, tt.h1)
			if got != tt.want || removed != tt.removed {
				t.Errorf("cleanTitle(%q, %q, %q) = %q, %q; want %q, %q", tt.title, tt.site, tt.h1, got, removed, tt.want, tt.removed)
			}
		})
	}
}

func TestNormalizeLangTag(t *testing.T) {
	tests := []struct{ in, want string }{
		{"en", "en"}, {"EN-us", "en-US"}, {"en_GB", "en-GB"}, {"pt-br", "pt-BR"},
		{"zh-hans-cn", "zh-Hans-CN"}, {"es-419", "es-419"}, {"ar", "ar"},
		{"en-US, en", "en-US"}, {"", ""}, {"und", ""}, {"x-default", ""}, {"x", ""}, {"english", ""}, {"12", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := normalizeLangTag(tt.in); got != tt.want {
				t.Errorf("normalizeLangTag(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestPageHeadline parses the pages under testdata/headline and checks the
// headline and site name each should give.
func TestPageHeadline(t *testing.T) {
	const water, waterHeadline = "https://herald.example/news/water", "Water company to spend £200m fixing leaking pipes"
	tests := []struct {
		file, url   string
		title, site string
	}{
		// The visible <h1> beats the search engines' headline.
		{"seo-title.html", "https://www.harbortimes.example/business/streaming-glitches",
			"‘We had some issues,’ executive says of streaming service glitches", "Harbor Times"},
		// An aggregator's <h1> links another story: the page's own title stays.
		{"another-story.html", "https://linkpile.example/story/stream-reviews",
			"The early reviews of the new game streaming platform are here — and they're not great", "Linkpile"},
		// A section name in an <h1> is no headline.
		{"section-heading.html", "https://www.valleypost.example/local/bridge-vote",
			"Council approves the new bridge after a long debate", "Valley Post"},
		// <title> is the only declared headline: a label in the <h1> is not.
		{"breaking-news-label.html", water, waterHeadline, "County Herald"},
		// A <title> that names nothing keeps the <h1>.
		{"home-title.html", water, waterHeadline, ""},
		// No <h1>: the site's name after the <title>'s headline names the site.
		{"title-only-pipe.html", water, waterHeadline, "County Herald"},
		{"title-only-dash.html", water, waterHeadline, "County Herald"},
		{"title-only-section-suffix.html", water, waterHeadline, "County Herald"},
		{"title-only-guillemet.html", water, waterHeadline, "County Herald"},
		// No <h1>, and og:title ends with the site's name while <title>
		// ends with a section: the headline is og:title's without the
		// name, and the name is the site's.
		{"og-title-suffix.html", water, waterHeadline, "County Herald"},
		// ... or before it, when the host spells it.
		{"title-only-prefix.html", water, waterHeadline, "County Herald"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			a, err := Parse(Page{URL: tt.url, Body: fixture(t, "headline", tt.file), ContentType: "text/html; charset=utf-8",
				FetchedAt: time.Date(2026, 3, 15, 0, 0, 0, 0, time.UTC)})
			if err != nil {
				t.Fatal(err)
			}
			if a.Title != tt.title || a.SiteName != tt.site {
				t.Errorf("title, site = %q, %q; want %q, %q", a.Title, a.SiteName, tt.title, tt.site)
			}
		})
	}
}

func TestSiteSuffix(t *testing.T) {
	tests := []struct {
		name, title   string
		want, removed string
	}{
		{"pipe", "Water company to spend £200m | County Herald", "Water company to spend £200m", "County Herald"},
		{"en dash", "Water company to spend £200m – County Herald", "Water company to spend £200m", "County Herald"},
		{"guillemet", "Water company to spend £200m « County Herald", "Water company to spend £200m", "County Herald"},
		{"site then a common word", "Water company to spend £200m :: County Herald :: News", "Water company to spend £200m", "County Herald"},
		{"dashes inside the headline", "Budget 2025 - Water company to spend £200m - County Herald", "Budget 2025 - Water company to spend £200m", "County Herald"},
		{"quote and colon in the headline", `"Leaks are unacceptable": Minister - County Herald`, `"Leaks are unacceptable": Minister`, "County Herald"},
		{"host spells a one-word name", "Water company to spend £200m - Herald", "Water company to spend £200m", "Herald"},
		{"one word, not the host's", "Council votes to close bridge - Metro", "Council votes to close bridge - Metro", ""},
		{"words of a sentence", "Mother-of-two wins - and loses - lottery", "Mother-of-two wins - and loses - lottery", ""},
		{"colon joins no site", "Analysis: Why The Bridge Closed", "Analysis: Why The Bridge Closed", ""},
		{"headline shorter than the rest", "Bridge closes - Council Says Repairs Will Wait", "Bridge closes - Council Says Repairs Will Wait", ""},
		{"plain", "Water company to spend £200m", "Water company to spend £200m", ""},
		{"host's name first", "County Herald | Water company to spend £200m", "Water company to spend £200m", "County Herald"},
		{"host's name first, dashed", "The Herald - Water company to spend £200m", "Water company to spend £200m", "The Herald"},
		{"a label first", "Live Updates | Water company to spend £200m", "Live Updates | Water company to spend £200m", ""},
		{"a section first", "Local News - Water company to spend £200m", "Local News - Water company to spend £200m", ""},
		{"host's name first, headline short", "County Herald | Water Deal", "County Herald | Water Deal", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, removed := siteSuffix(tt.title, []string{"herald"})
			if got != tt.want || removed != tt.removed {
				t.Errorf("siteSuffix(%q) = %q, %q; want %q, %q", tt.title, got, removed, tt.want, tt.removed)
			}
		})
	}
}

func TestVisibleHeadline(t *testing.T) {
	const seo = "Disney+ glitches blamed on heavy demand says executive Kevin Mayer"
	tests := []struct {
		name, title, heading string
		declared             []string
		want                 string
	}{
		{"og:title gives the heading", seo, "‘We had some issues,’ exec says on Disney+ glitches",
			[]string{seo, "‘We had some issues,’ exec says on Disney+ glitches"}, "‘We had some issues,’ exec says on Disney+ glitches"},
		{"shares words with <title> only", "The Resurrection of the Greatest Sci-Fi Writer You’ve Never Read", "The Disappearance of John M. Ford",
			[]string{"The Resurrection of the Greatest Sci-Fi Writer You’ve Never Read", "John M. Ford’s books are being republished"}, "The Disappearance of John M. Ford"},
		{"another story", "The Early Reviews For Google's Stadia Gaming Platform Are Here", "'Why Don't You Go Fight For The Reindeer?' A herder's year on the tundra",
			[]string{"The Early Reviews For Google's Stadia Gaming Platform Are Here - Digg"}, "The Early Reviews For Google's Stadia Gaming Platform Are Here"},
		{"one shared word is not enough", "Council approves the new bridge", "Bridge collapse: what we know so far",
			[]string{"Council approves the new bridge"}, "Council approves the new bridge"},
		{"two shared words in a long heading", "Council approves the new bridge",
			"Bridge council votes: a long night of shouting, walkouts, insults, recounts and finally a decision nobody wanted",
			[]string{"Council approves the new bridge"}, "Council approves the new bridge"},
		{"the title with a badge", "Council approves the new bridge", "Council approves the new bridge Live Updated 5 minutes ago",
			[]string{"Council approves the new bridge"}, "Council approves the new bridge"},
		{"too short", "Council approves the new bridge", "Bridge news", []string{"Council approves the new bridge news"}, "Council approves the new bridge"},
		{"no heading", "Council approves the new bridge", "", []string{"Council approves the new bridge"}, "Council approves the new bridge"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := visibleHeadline(tt.title, tt.heading, tt.declared...); got != tt.want {
				t.Errorf("visibleHeadline(%q, %q) = %q, want %q", tt.title, tt.heading, got, tt.want)
			}
		})
	}
}
