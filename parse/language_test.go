package parse

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Opening paragraphs of news reports, as body extraction would give them.
// resultsTable is a sports results round-up: names and numbers, few
// words of any language, which detectors guess wildly (French, at full
// confidence, for such an English page of the benchmark).
var resultsTable = "GIRLS BASKETBALL\n\nBay Harbor d. Stonebridge 70-44\n\nStonebridge 14 11 6 15 — 44\n\nBay Harbor 18 22 13 17 — 70\n\n" +
	"Bay Harbor (1-0): Tolliver 25 points. Dumas 17 points. Garnier 10 points. Beaumont 10 points. Moreau 5 points.\n\n" +
	"Stonebridge (0-1): Blanchet 15 points. Devaux 2 points. Lefort 6 points. Brun 4 points. Roussel 3 points.\n\n" +
	"BOYS SOCCER\n\nValmont d. Stonebridge 3-1\n\nValmont (4-0): K. Hubert 1 goal. L. Patin 1 goal. Z. Noel 1 goal. J. Anselme 1 assist. A. Sauvage 2 saves.\n\n" +
	"Marlowe (3-0): Osmond Orsay 3 goals, 1 assist. Aden Olivier 2 goals, 2 assists. Christian Vasseur 1 goal. Daniel Viegas 2 assists.\n\n" +
	"Heritage d. Tilbury 53-9\n\nHeritage (1-0): Armand Chevalier 19 points and 3 steals. Celine Hamon 6 steals.\n\n" +
	"Tilbury (0-1): Storm Fillion 4 points.\n\nMarlowe d. Space Coast 69-54\n\nSpace Coast (0-1): Karine Thomas-Brune 18 points. " +
	"Adrienne Chevrier 12 points. Sylvie Jolivet 6 points. Shana Fleurant 6 points. Ashley Caron 6 points.\n\n" +
	"Cocoa (1-2): Jordan Munier 8 saves. Bay Harbor Magnet d. Astronaut 5-0. Bay Harbor (1-0-2): Noah Jacquet 1 goal, 1 assist. " +
	"Sheldon Brunel 1 goal, 1 assist. Javier Gonzales 1 goal. Gardy Bien-Aime 1 goal. Duvan Portal 1 assist. Jose Lucien 1 assist."

var newsText = map[string]string{
	"en": "The city council voted on Tuesday to fund a new pedestrian bridge across the river, ending a debate that has divided residents for more than a decade. Supporters say the crossing will bring shoppers back to the old town.",
	"fr": "Le conseil municipal a voté mardi le financement d'une nouvelle passerelle piétonne sur le fleuve, mettant fin à un débat qui divise les habitants depuis plus de dix ans. Les partisans estiment que l'ouvrage ramènera les clients dans la vieille ville.",
	"de": "Der Stadtrat hat am Dienstag beschlossen, eine neue Fußgängerbrücke über den Fluss zu finanzieren. Damit endet eine Debatte, die die Bewohner seit mehr als zehn Jahren spaltet. Befürworter sagen, die Brücke werde Kunden in die Altstadt zurückbringen.",
	"es": "El ayuntamiento aprobó el martes la financiación de una nueva pasarela peatonal sobre el río, poniendo fin a un debate que ha dividido a los vecinos durante más de una década. Sus defensores afirman que atraerá de nuevo a los compradores al casco antiguo.",
	"ar": "صوّت مجلس المدينة يوم الثلاثاء على تمويل جسر جديد للمشاة فوق النهر، منهياً بذلك جدلاً قسم السكان لأكثر من عقد من الزمن. ويقول المؤيدون إن الجسر سيعيد المتسوقين إلى المدينة القديمة.",
	"ru": "Городской совет во вторник проголосовал за финансирование нового пешеходного моста через реку, положив конец спору, который разделял жителей более десяти лет. Сторонники проекта считают, что мост вернёт покупателей в старый город.",
	"ja": "市議会は火曜日、川に新しい歩道橋を建設するための予算を可決した。この計画をめぐっては十年以上にわたって住民の意見が分かれていた。賛成派は、橋の完成によって旧市街に買い物客が戻ってくると期待している。",
	"zh": "市议会周二投票通过了在河上修建一座新人行桥的拨款，结束了一场让居民分歧十多年的争论。支持者表示，这座桥将把购物者重新吸引到老城区。市长在投票后表示，工程将于明年春天开工。",
	"ko": "시의회는 화요일 강을 가로지르는 새 보행자 다리 건설 예산을 승인했다. 이 계획을 둘러싸고 주민들의 의견은 십 년 넘게 엇갈려 왔다. 찬성하는 측은 다리가 완공되면 구시가지에 쇼핑객이 다시 돌아올 것이라고 기대한다.",
	"hi": "नगर परिषद ने मंगलवार को नदी पर एक नए पैदल पुल के निर्माण के लिए धन को मंज़ूरी दे दी, जिससे एक दशक से अधिक समय से निवासियों को बाँटने वाली बहस समाप्त हो गई। समर्थकों का कहना है कि पुल से पुराने शहर में खरीदार लौटेंगे।",
	"he": "מועצת העיר הצביעה ביום שלישי בעד מימון גשר הולכי רגל חדש מעל הנהר, ובכך הסתיים ויכוח שפילג את התושבים במשך יותר מעשור. התומכים אומרים כי הגשר יחזיר את הקונים לעיר העתיקה.",
}

// japaneseKanjiHeavy is a Japanese report whose kana are few and whose
// last characters are kanji, as election and court reports often are.
var japaneseKanjiHeavy = "東京都知事選挙は七日投開票され、現職の小池百合子氏が三選を果たした。投票率は六〇・六二％で、前回を五・六二ポイント上回った。" +
	"都政の継続を訴えた小池氏が、新人候補を破った。都庁で記者会見"

func TestDetectLanguageFromText(t *testing.T) {
	for want, text := range newsText {
		t.Run(want, func(t *testing.T) {
			if got := detectLanguage("", "", text); got != want {
				t.Errorf("detectLanguage = %q, want %q", got, want)
			}
		})
	}
}

func TestDetectLanguage(t *testing.T) {
	tests := []struct {
		name, declared, contentLanguage, text, want string
	}{
		{"declared wins over header", "fr", "en", newsText["fr"], "fr"},
		{"declared region kept", "en-us", "", newsText["en"], "en-US"},
		{"declared upper case", "EN", "", newsText["en"], "en"},
		{"declared underscore", "pt_BR", "", "", "pt-BR"},
		{"declared script subtag", "zh-hant-tw", "", newsText["zh"], "zh-Hant-TW"},
		{"declared without text", "de", "", "", "de"},
		{"header when not declared", "", "es", newsText["es"], "es"},
		{"header list is ignored", "", "en, fr", newsText["fr"], "fr"},
		{"junk declaration ignored", "not a language", "", newsText["de"], "de"},
		{"und declaration ignored", "und", "", newsText["ru"], "ru"},
		{"template lang=en on arabic text", "en", "", newsText["ar"], "ar"},
		{"template lang=en on chinese text", "en-GB", "", newsText["zh"], "zh"},
		{"latin-script declaration belied by the text's words", "en", "", newsText["fr"], "fr"},
		{"english page under a german template", "de", "", newsText["en"], "en"},
		{"german page declared german", "de-DE", "", newsText["de"], "de-DE"},
		{"results table keeps its declaration", "en", "", resultsTable, "en"},
		{"language without function words trusted", "tr", "", newsText["en"], "tr"},
		{"japanese mostly in kanji", "", "", japaneseKanjiHeavy, "ja"},
		{"chinese quoting a japanese name", "", "", newsText["zh"] + "这家名为「すし」的餐厅昨天开业。", "zh"},
		{"short text gives nothing", "", "", "Council approves bridge.", ""},
		{"empty", "", "", "", ""},
		{"numbers only", "", "", strings.Repeat("12 345 678 ", 20), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := detectLanguage(tt.declared, tt.contentLanguage, tt.text); got != tt.want {
				t.Errorf("detectLanguage(%q, %q, ...) = %q, want %q", tt.declared, tt.contentLanguage, got, tt.want)
			}
		})
	}
}

func TestGuessLanguageLongText(t *testing.T) {
	// A cut inside a multi-byte rune at the sample limit must not confuse
	// detection.
	text := strings.Repeat(newsText["ru"]+" ", 40)
	if got, _ := guessLanguage(text); got != "ru" {
		t.Errorf("guessLanguage = %q, want ru", got)
	}
}

func BenchmarkDetectLanguage(b *testing.B) {
	text := strings.Repeat(newsText["en"]+"\n\n", 20)
	for b.Loop() {
		detectLanguage("en", "", text)
	}
}

// TestGuessLanguageOfALongArticle: whatlanggo's confidence runs negative
// on long texts (its distances outgrow their maximum), which would leave a
// long English article undeclared with no language; the sample it gets is
// kept short enough for a sure answer.
func TestGuessLanguageOfALongArticle(t *testing.T) {
	var text strings.Builder
	for _, name := range []string{"byline-only", "figures", "microdata", "multi-author", "newsroom-graph",
		"opinion-edge-cases", "wordpress-blog"} {
		b, err := os.ReadFile(filepath.Join("testdata", "golden", name+".json"))
		if err != nil {
			t.Fatal(err)
		}
		var a Article
		if err := json.Unmarshal(b, &a); err != nil {
			t.Fatal(err)
		}
		text.WriteString(a.Text + "\n\n")
	}
	if text.Len() < 2*detectSampleBytes {
		t.Fatalf("%d bytes of text, want a long article", text.Len())
	}
	if got, conf := guessLanguage(text.String()); got != "en" || conf < minDetectConfidence {
		t.Errorf("guessLanguage = %q at %.2f, want en at %.1f or more", got, conf, minDetectConfidence)
	}
	if got := detectLanguage("", "", text.String()); got != "en" {
		t.Errorf("detectLanguage of an undeclared long article = %q, want en", got)
	}
}

func TestAgreedLanguage(t *testing.T) {
	german := strings.Repeat(newsText["de"]+" ", 3)
	tests := []struct {
		name     string
		declared []string
		text     string
		want     string
	}{
		{"one declaration", []string{"en"}, german, "en"},
		{"declarations agree", []string{"en-US", "en"}, german, "en-US"},
		{"the text breaks a disagreement", []string{"en", "de"}, german, "de"},
		{"a text in neither keeps the first", []string{"en", "fr"}, german, "en"},
		{"none", nil, german, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := agreedLanguage(tt.declared, tt.text); got != tt.want {
				t.Errorf("agreedLanguage(%q) = %q, want %q", tt.declared, got, tt.want)
			}
		})
	}
}

// TestConfirmedGuess: a confident guess of another language stands only
// when the text uses that language's function words (detectors guess
// wildly on names and numbers).
func TestConfirmedGuess(t *testing.T) {
	tests := []struct {
		name, declared, detected string
		confidence               float64
		text, want               string
	}{
		{"english text, guessed english", "de", "en", 1, newsText["en"], "en"},
		{"results table guessed french", "en", "fr", 1, resultsTable, ""},
		{"unsure guess", "de", "en", 0.6, newsText["en"], ""},
		{"guess without a word list", "en", "tr", 1, newsText["en"], ""},
		{"guess of the declared language", "en", "en", 1, newsText["en"], ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := confirmed(tt.declared, tt.detected, tt.confidence, tt.text); got != tt.want {
				t.Errorf("confirmed(%q, %q, %v) = %q, want %q", tt.declared, tt.detected, tt.confidence, got, tt.want)
			}
		})
	}
}
