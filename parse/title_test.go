package parse

import "testing"

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
