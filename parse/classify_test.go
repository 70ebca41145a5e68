package parse

import (
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// parseFixture runs Parse over a page of testdata as if fetched from a
// news site.
func parseFixture(t *testing.T, path string) (*Article, error) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return Parse(Page{
		URL:         "https://news.example/" + filepath.Base(path),
		Body:        b,
		ContentType: "text/html",
		FetchedAt:   time.Date(2026, 3, 15, 0, 0, 0, 0, time.UTC),
	})
}

func TestNotArticlePages(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join("testdata", "notarticle", "*.html"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, path := range paths {
		t.Run(filepath.Base(path), func(t *testing.T) {
			a, err := parseFixture(t, path)
			if !errors.Is(err, ErrNotArticle) {
				t.Fatalf("Parse = %v, want ErrNotArticle; text:\n%.300s", err, textOf(a))
			}
			var na *NotArticleError
			if !errors.As(err, &na) || na.Reason == "" || strings.Contains(err.Error(), "\n") {
				t.Errorf("error %q gives no one-line reason", err)
			}
		})
	}
}

// TestNotArticleReasons: walls and challenges are named as such, also where
// the extractor dropped their box as clutter and found no content.
func TestNotArticleReasons(t *testing.T) {
	tests := []struct{ file, want string }{
		{"paywall.html", "login or paywall"},
		{"login-wall.html", "login or paywall"},
		{"cloudflare-challenge.html", "bot challenge"},
		{"captcha.html", "bot challenge"},
		{"cookie-consent.html", "cookie consent wall"},
		{"homepage.html", "section front"},
		{"section-front.html", "section front"},
		{"few-long-teasers.html", "section front"},
		{"story-archive.html", "list of links"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			_, err := parseFixture(t, filepath.Join("testdata", "notarticle", tt.file))
			var na *NotArticleError
			if !errors.As(err, &na) || !strings.HasPrefix(na.Reason, tt.want) {
				t.Errorf("Parse(%s) = %v, want the reason %q", tt.file, err, tt.want)
			}
		})
	}
}

func textOf(a *Article) string {
	if a == nil {
		return ""
	}
	return a.Text
}

func TestShortArticlesPass(t *testing.T) {
	tests := []struct{ file, want string }{
		{"short-brief.html", "Drivers are advised to use the A52 diversion."},
		{"about-cookies.html", "Cookie consent banners add to the friction."},
		{"japanese-brief.html", "利用者からは「生活が苦しくなる」との声も上がっている。"},
		// Short opening paragraphs of a text written without spaces are
		// sentences, not a byline or a date line.
		// Undated, its linked subheadings over short paragraphs, which
		// are not most of its text: not a page of teasers.
		{"linked-subheadings.html", "which have risen by more than a tenth in the past year in most cities."},
		// Thai, written without spaces between words: three paragraphs
		// are a brief, not a page of short blocks.
		{"thai-brief.html", "และมีกิจกรรมสำหรับครอบครัวในวันหยุดสุดสัปดาห์"},
		{"chinese-short-paragraphs.html", "第十届国际科技展览会今天在北京开幕，来自三十多个国家的五百多家企业参加了本次展会。\n\n人工智能"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			a, err := parseFixture(t, filepath.Join("testdata", "article", tt.file))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if !strings.Contains(a.Text, tt.want) {
				t.Errorf("text lacks %q:\n%s", tt.want, a.Text)
			}
		})
	}
}

func TestCheckArticle(t *testing.T) {
	brief := "The Old Mill bridge in Ashby was closed on Saturday afternoon after a lorry struck its parapet.\n\n" +
		"No one was hurt. Engineers are inspecting the structure and the council expects it to reopen on Monday.\n\n" +
		"Drivers are advised to use the A52 diversion."
	teasers := strings.Repeat("Budget passes after late-night vote in the assembly\n\nMinisters won by four votes.\n\n", 5)
	long := strings.Repeat("Council officials said the work on the river crossing would continue through the spring despite the weather. ", 30)
	tests := []struct {
		name, typ, title, text string
		linkShare              float64
		notArticle             string // metadata.NotArticleType
		listing                bool   // found at a listing's address
		wantReason             string // "" for an article
	}{
		{"brief declared article", "article", "Bridge closed", brief, 0, "", false, ""},
		{"brief declared NewsArticle", "newsarticle", "Bridge closed", brief, 0, "", false, ""},
		{"brief without type", "", "Bridge closed", brief, 0, "", false, ""},
		{"long text on a website type", "website", "Budget", long, 0, "", false, ""},
		{"long article with a scary title", "article", "Access Denied: a history of the 403", long, 0, "", false, ""},
		{"one-sentence paragraphs without type", "", "Bridge", strings.Repeat("The council voted on Tuesday to fund a new pedestrian bridge across the river, ending a debate.\n\n", 8), 0, "", false, ""},
		{"two words", "article", "Photo", "Gallery below.", 0, "", false, "too little text"},
		{"thin page", "website", "Home", "Welcome to our site. Read more below.", 0, "", false, "too little text"},
		{"teaser list", "website", "Politics", teasers, 0, "", false, "section front"},
		{"teaser list without type", "", "Politics", teasers, 0, "", false, "section front"},
		{"challenge title", "", "Just a moment...", "Checking if the site connection is secure.", 0, "", false, "challenge or error page"},
		{"cloudflare text", "", "news.example.com", "Enable JavaScript and cookies to continue. Ray ID: 8a1b", 0, "", false, "bot challenge"},
		{"js app", "", "App", "You need to enable JavaScript to run this app.", 0, "", false, "empty shell"},
		{"paywall", "article", "Budget", "Subscribe to continue reading. Already a subscriber? Log in. Start your free trial.", 0, "", false, "login or paywall"},
		{"consent", "", "Privacy", "We use cookies. Accept all or manage preferences.", 0, "", false, "cookie consent wall"},
		{"text in links without type", "", "Archive", long, 0.9, "", false, "list of links"},
		{"text in links on a website type", "website", "Archive", long, 0.6, "", false, "list of links"},
		{"some links without type", "", "Bridge", long, 0.3, "", false, ""},
		{"declared article of links", "article", "Ten reads for the weekend", long, 0.9, "", false, ""},
		{"long text of a declared profile", "website", "Jane Doe", long, 0, "profile", false, "declares itself no article"},
		{"long text of a declared collection page", "website", "World", long, 0, "collectionpage", false, "declares itself no article"},
		{"long text at a listing's address", "website", "World", long, 0, "", true, "listing's address"},
		{"long text at a listing's address without type", "", "World", long, 0, "", true, "listing's address"},
		{"declared article at a listing's address", "newsarticle", "World", long, 0, "", true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := checkArticle(metadata{Type: tt.typ, Title: tt.title, NotArticleType: tt.notArticle}, body{Text: tt.text, LinkShare: tt.linkShare}, pageShape{listingAddress: tt.listing})
			if tt.wantReason == "" {
				if err != nil {
					t.Fatalf("checkArticle = %v, want nil", err)
				}
				return
			}
			if !errors.Is(err, ErrNotArticle) || !strings.Contains(err.Error(), tt.wantReason) {
				t.Fatalf("checkArticle = %v, want ErrNotArticle with %q", err, tt.wantReason)
			}
		})
	}
}

func TestTextShape(t *testing.T) {
	tests := []struct {
		text   string
		words  int
		blocks []int
	}{
		{"", 0, nil},
		{"one two  three\nfour", 4, []int{4}},
		{"市バス運賃値上げ", 4, []int{4}},
		{"Tokyo 東京都 news", 3, []int{3}},
		{"서울시는 새로운 정책을", 3, []int{3}},
		{"กรุงเทพมหานคร", 3, []int{3}}, // 12 letters and a vowel mark
		{"First block here.\n\nSecond one.\n\n\nThird,\tlast\u00a0block", 8, []int{3, 2, 3}},
	}
	for _, tt := range tests {
		words, blocks := textShape(tt.text)
		if words != tt.words || !slices.Equal(blocks, tt.blocks) {
			t.Errorf("textShape(%q) = %d %v, want %d %v", tt.text, words, blocks, tt.words, tt.blocks)
		}
	}
}

// BenchmarkCheckArticle times the article check over the pages of the
// extraction benchmark (one iteration is one page) and reports how many of
// those pages, all of them articles, it rejects: any is a false positive.
func BenchmarkCheckArticle(b *testing.B) {
	type extracted struct {
		meta    metadata
		content body
	}
	var pages []extracted
	for _, p := range loadBenchPages(b) {
		u, _ := url.Parse(p.URL)
		doc, err := parseHTML(decodeHTML(p.HTML, ""))
		if err != nil {
			b.Fatalf("%s: %v", p.URL, err)
		}
		meta := extractMetadata(doc, u, time.Time{})
		content, err := extractBody(doc, u, meta)
		if err != nil {
			b.Fatalf("%s: %v", p.URL, err)
		}
		pages = append(pages, extracted{meta, content})
	}
	rejected := 0
	for _, p := range pages {
		if err := checkArticle(p.meta, p.content, pageShape{}); err != nil {
			rejected++
			b.Logf("rejected: %v", err)
		}
	}
	i := 0
	for b.Loop() {
		checkArticle(pages[i%len(pages)].meta, pages[i%len(pages)].content, pageShape{})
		i++
	}
	b.ReportMetric(float64(rejected), "rejected-pages")
	b.ReportMetric(float64(len(pages)), "pages")
}
