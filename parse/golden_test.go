package parse

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

var updateGolden = flag.Bool("update", false, "rewrite testdata/golden/*.json from the current output")

// goldenFetchedAt is the fetch time of every golden page: dates after it are
// rejected, so it is fixed rather than time.Now.
var goldenFetchedAt = time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC)

// goldenPages are the fixtures under testdata/golden, with the address and
// Content-Type header they are parsed with. Charsets are declared in the
// pages themselves, so the header carries none. Title, authors and
// published are written out here by hand as well: -update rewrites the
// .json files but cannot make these wrong without the test failing.
var goldenPages = []struct {
	name, url, contentType string
	title                  string
	authors                []string
	published              string
}{
	{"wordpress-blog", "https://www.riverbendcycling.example/2024/04/02/spring-gravel-season-opens/", "text/html; charset=UTF-8",
		"Spring gravel season opens with a muddy 80 km loop", []string{"Maria Lopez"}, "2024-04-02T08:15:00+02:00"},
	{"newsroom-graph", "https://www.northernledger.example/news/politics/transit-levy-vote-2024-05-14?utm_source=rss", "text/html",
		"Council approves transit levy after marathon session", []string{"Daniel Okafor"}, "2024-05-14T21:37:00-05:00"},
	{"microdata", "https://valleycourier.example/local/orchard-frost-losses", "text/html",
		"Late frost costs orchards half their apricot crop", []string{"Greta Halvorsen"}, "2024-04-18T06:00:00-07:00"},
	{"byline-only", "https://www.harbortimes.example/world/2024/05/20/port-strike-talks-stall/", "text/html",
		"Port strike talks stall as container backlog grows", []string{"Jane Doe", "John Smith"}, "2024-05-20T16:12:00Z"},
	{"multi-author", "https://www.metroherald.example/investigations/water-contracts", "text/html",
		"How three firms won $310 million in city water contracts", []string{"Aisha Rahman", "Carlos Mendes", "Hannah Kowalski"}, "2024-05-30T05:00:00Z"},
	{"figures", "https://www.alpinegazette.example/features/glacier-retreat-photo-essay", "text/html",
		"A summer on the shrinking Morteratsch glacier", []string{"Lukas Brunner"}, "2023-10-07T07:00:00+02:00"},
	{"arabic-cp1256", "https://www.alwaha-news.example/economy/2024/05/date-harvest-exports", "text/html",
		"صادرات التمور ترتفع إلى مستوى قياسي هذا الموسم", []string{"أحمد الخطيب"}, "2024-05-12T09:30:00+03:00"},
	// Arabic writes "and" joined to the second name: "محمد علي وأحمد حسن".
	{"arabic-two-authors", "https://www.annahar-jadid.example/local/2024/03/19/bus-network-expansion", "text/html",
		"مجلس المدينة يقر خطة لتوسيع شبكة الحافلات", []string{"محمد علي", "أحمد حسن"}, "2024-03-19T20:45:00+02:00"},
	// Korean bylines put the names side by side: "김철수·이영희 기자".
	{"korean-two-reporters", "https://www.hanbit-ilbo.example/news/articleView.html?idxno=204871", "text/html",
		"시내버스 노선 6개 신설…동부 주거지역 출퇴근 편해진다", []string{"김철수", "이영희"}, "2024-03-19T17:20:00+09:00"},
	// Chinese bylines list reporters apart with spaces: "记者 张伟 李娜".
	{"chinese-two-reporters", "https://news.huaxia-daily.example/society/2024-03-19/bus-lines.shtml", "text/html",
		"城东六条新公交线路下月开通 早晚高峰通勤将更便捷", []string{"张伟", "李娜"}, "2024-03-19T18:05:00+08:00"},
	// Japanese writes a space inside each name, and labels the credits:
	// "文／鈴木 一郎　写真／高橋 花子" credits the writer and a photographer,
	// who is no author.
	{"japanese-two-credits", "https://www.minato-shimpo.example/articles/20240319/bus-routes", "text/html",
		"城東地区に新バス路線６本 来月から順次運行へ", []string{"鈴木 一郎"}, "2024-03-19T19:30:00+09:00"},
	{"latin1-fr", "https://www.courrier-rhone.example/societe/marche-de-la-croix-rousse.html", "text/html",
		"Le marché de la Croix-Rousse fête ses 150 ans", []string{"Hélène Dubois", "Frédéric Martin"}, "2024-05-25T08:00:00+02:00"},
	{"sjis-ja", "https://www.maiasa-shimbun.example/articles/20240410/sakura-forecast", "text/html",
		"東京で桜が満開 平年より５日早く", []string{"山田 太郎"}, "2024-04-10T11:00:00+09:00"},
	{"gb2312-zh", "https://news.huaxia-daily.example/society/2024-05-18/dragon-boat-training.shtml", "text/html",
		"龙舟队备战端午赛事 市民江边观看训练", []string{"李明"}, "2024-05-18T09:30:00+08:00"},
	// Broken and implausible JSON-LD, a homepage canonical, a site-name
	// prefix and an organisation beside a named person.
	{"opinion-edge-cases", "https://www.deccanledger.example/opinion/editorials/monsoon-forecast-farm-loans-1184522?ref=home", "text/html",
		"Why the monsoon forecast matters for farm loans", []string{"Priya Raghavan"}, "2024-05-28T18:45:00+05:30"},
}

// bodyFields come from the body extractor; they change when it improves
// and are then refreshed with -update after reviewing the diff.
var bodyFields = map[string]bool{"text": true, "html": true, "images": true, "content_hash": true}

func TestGolden(t *testing.T) {
	for _, gp := range goldenPages {
		t.Run(gp.name, func(t *testing.T) {
			base := filepath.Join("testdata", "golden", gp.name)
			raw, err := readGoldenPage(gp.name)
			if err != nil {
				t.Fatal(err)
			}
			a, err := Parse(Page{URL: gp.url, Body: raw, ContentType: gp.contentType, FetchedAt: goldenFetchedAt})
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			checkHandWritten(t, a, gp.title, gp.authors, gp.published)
			got := goldenJSON(t, a)
			if *updateGolden {
				if err := os.WriteFile(base+".json", got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(base + ".json")
			if err != nil {
				t.Fatalf("%v (run go test ./parse -run Golden -update to create it)", err)
			}
			compareGolden(t, want, got)
		})
	}
}

func readGoldenPage(name string) ([]byte, error) {
	return os.ReadFile(filepath.Join("testdata", "golden", name+".html"))
}

// checkHandWritten holds the fields every fixture must get right to the
// expectations written in the test table.
func checkHandWritten(t *testing.T, a *Article, title string, authors []string, published string) {
	t.Helper()
	if a.Title != title {
		t.Errorf("title = %q, want %q", a.Title, title)
	}
	if !reflect.DeepEqual(a.Authors, authors) {
		t.Errorf("authors = %q, want %q", a.Authors, authors)
	}
	if a.Published == nil || a.Published.Format(time.RFC3339) != published {
		t.Errorf("published = %v, want %s", a.Published, published)
	}
}

// goldenJSON renders a without HTML escaping, so the html field of the
// golden files stays readable.
func goldenJSON(t *testing.T, a *Article) []byte {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(a); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// compareGolden reports each field that differs, with a line diff for long
// text, rather than one unreadable blob.
func compareGolden(t *testing.T, wantJSON, gotJSON []byte) {
	t.Helper()
	var want, got map[string]any
	if err := json.Unmarshal(wantJSON, &want); err != nil {
		t.Fatalf("golden file: %v", err)
	}
	if err := json.Unmarshal(gotJSON, &got); err != nil {
		t.Fatal(err)
	}
	for _, field := range articleFields() {
		w, g := want[field], got[field]
		if reflect.DeepEqual(w, g) {
			continue
		}
		kind := "metadata"
		if bodyFields[field] {
			kind = "body (refresh with -update once the change is reviewed)"
		}
		t.Errorf("%s [%s]:\n%s", field, kind, fieldDiff(w, g))
	}
}

// articleFields lists the JSON names of Article in declaration order.
func articleFields() []string {
	typ := reflect.TypeFor[Article]()
	names := make([]string, typ.NumField())
	for i := range names {
		names[i], _, _ = strings.Cut(typ.Field(i).Tag.Get("json"), ",")
	}
	return names
}

// fieldDiff shows want and got; strings of several lines get a line diff
// that keeps the common head and tail out of the way.
func fieldDiff(want, got any) string {
	ws, wok := want.(string)
	gs, gok := got.(string)
	if !wok || !gok || !strings.Contains(ws+gs, "\n") {
		return fmt.Sprintf("  -want %s\n  +got  %s", compactJSON(want), compactJSON(got))
	}
	wl, gl := strings.Split(ws, "\n"), strings.Split(gs, "\n")
	head := 0
	for head < len(wl) && head < len(gl) && wl[head] == gl[head] {
		head++
	}
	tail := 0
	for tail < len(wl)-head && tail < len(gl)-head && wl[len(wl)-1-tail] == gl[len(gl)-1-tail] {
		tail++
	}
	var b strings.Builder
	fmt.Fprintf(&b, "  @@ line %d @@\n", head+1)
	for _, l := range wl[head : len(wl)-tail] {
		fmt.Fprintf(&b, "  -%s\n", l)
	}
	for _, l := range gl[head : len(gl)-tail] {
		fmt.Fprintf(&b, "  +%s\n", l)
	}
	return b.String()
}

func compactJSON(v any) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Sprint(v)
	}
	return strings.TrimSpace(b.String())
}
