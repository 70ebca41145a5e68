package parse

import (
	"reflect"
	"testing"
)

func TestAuthorNames(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Jane Doe", []string{"Jane Doe"}},
		{"Smith, John", []string{"John Smith"}},
		{"Finian Cunningham. Sputnik International", []string{"Finian Cunningham"}},
		{"J. R. Doe", []string{"J. R. Doe"}},
		{"Doe, J. R.", []string{"J. R. Doe"}},
		{"Jane Doe, John Roe", []string{"Jane Doe", "John Roe"}},
		{"Jane Doe, Reporter", []string{"Jane Doe"}},
		{"Reuters, Washington", []string{"Reuters"}},
		{"By Staff Reporter 1 (story 1)", []string{"Staff Reporter 1"}},
		{"By Jane Doe (Reuters)", []string{"Jane Doe"}},
		{"Ann Lee [AP]", []string{"Ann Lee"}},
		{"(Jane Doe)", []string{"Jane Doe"}},
		{"By Jane Doe", []string{"Jane Doe"}},
		{"by: Jane Doe", []string{"Jane Doe"}},
		{"BY JANE DOE", []string{"Jane Doe"}},
		{"JEAN-LUC O'BRIEN", []string{"Jean-Luc O'Brien"}},
		{"Ruth McAllister", []string{"Ruth McAllister"}},
		{"Ludwig van Beethoven", []string{"Ludwig van Beethoven"}},
		{"The Russian and Syrian defense ministries", nil},
		{"Von\nMoritz Bachmann", []string{"Moritz Bachmann"}},
		{"Текст: Венера Ерофеева", []string{"Венера Ерофеева"}},
		{"Tom Krisher, AP Auto Writer", []string{"Tom Krisher"}},
		{"Reuters, Washington", []string{"Reuters"}},
		{"By LISA MASCARO, MARY CLARE JALONICK and ERIC TUCKER", []string{"Lisa Mascaro", "Mary Clare Jalonick", "Eric Tucker"}},
		{"By Jane Doe and John Smith", []string{"Jane Doe", "John Smith"}},
		{"By Jane Doe, John Smith & Ali Khan", []string{"Jane Doe", "John Smith", "Ali Khan"}},
		{"By Jane Doe and John Smith | Reuters", []string{"Jane Doe", "John Smith"}},
		{"Jane Doe, Staff Writer", []string{"Jane Doe"}},
		{"Jane Doe\nSenior Correspondent", []string{"Jane Doe"}},
		{"Jane Doe Staff Writer", []string{"Jane Doe"}},
		{"By TOM KRISHER AP Auto Writer", []string{"Tom Krisher"}},
		{"Jane Doe Twitter Facebook", []string{"Jane Doe"}},
		{"By Jane Doe &", []string{"Jane Doe"}},
		{"By Jane Doe and\nJohn Roe", []string{"Jane Doe", "John Roe"}},
		{"Jane Doe Guest Author", []string{"Jane Doe"}},
		{"Guest Author", nil},
		{"By ZEKE MILLER and JONATHAN LEMIRE Associated Press", []string{"Zeke Miller", "Jonathan Lemire"}},
		{"By JANE DOE The Associated Press", []string{"Jane Doe"}},
		{"USA TODAY Network", []string{"USA TODAY Network"}},
		{"UPI WASHINGTON Bureau", []string{"UPI WASHINGTON Bureau"}},
		{"By HNN Staff", []string{"HNN Staff"}},
		{"By JERUSALEM POST STAFF", []string{"Jerusalem Post Staff"}},
		{"Practical Horseman Editorial Staff", []string{"Practical Horseman Editorial Staff"}},
		{"Staff Reports", []string{"Staff Reports"}},
		{"Jane Reporter", []string{"Jane Reporter"}},
		{"Jane Doe Reporter", []string{"Jane Doe"}},
		{"Regan Staff Writer", []string{"Regan"}},
		{"By Jane Doe in London", []string{"Jane Doe"}},
		{"By Jane Doe for The Daily Planet", []string{"Jane Doe"}},
		{"By Jane Doe @janedoe", []string{"Jane Doe"}},
		{"Jane Doe Email the author Follow", []string{"Jane Doe"}},
		{"By Jane Doe March 5, 2024 10:00 am", []string{"Jane Doe"}},
		{"By Jane Doe on November 20, 2019", []string{"Jane Doe"}},
		{"Posted by Jane Doe on 2019-11-20", []string{"Jane Doe"}},
		{"By Jane Doe at 10:00", []string{"Jane Doe"}},
		{"By Jane Doe and John Roe on 11/20/2019", []string{"Jane Doe", "John Roe"}},
		{"Nguyen Thi Le", []string{"Nguyen Thi Le"}},
		{"By Jane Doe · Updated 2 hours ago", []string{"Jane Doe"}},
		{"Jane Doe https://twitter.com/janedoe", []string{"Jane Doe"}},
		{"Jane Doe jane.doe@example.com", []string{"Jane Doe"}},
		{"Jane Doe, JANE DOE and jane doe", []string{"Jane Doe"}},
		{"Written by María José Núñez", []string{"María José Núñez"}},
		{"Photographs and text by Lukas Brunner", []string{"Lukas Brunner"}},
		{"Reporting by Jane Doe in Rotterdam and John Smith; Editing by Mark Potter", []string{"Jane Doe", "John Smith"}},
		{"Reporting by Jane Doe; Editing by John Roe and Ann Lee", []string{"Jane Doe"}},
		{"By Jane Doe; Additional reporting by John Roe", []string{"Jane Doe", "John Roe"}},
		{"Additional reporting by John Roe", []string{"John Roe"}},
		{"By Jane Doe | Photos by John Roe", []string{"Jane Doe"}},
		{"Jane Doe | Photos by John Roe", []string{"Jane Doe"}},
		{"By Jane Doe\nPhoto: John Roe", []string{"Jane Doe"}},
		{"By Jane Doe Photos by John Roe and Ann Lee", []string{"Jane Doe"}},
		{"Von Anna Müller, Fotos: Jörg Weiß", []string{"Anna Müller"}},
		{"Foto: Bruno Díaz. Texto: Ana López", []string{"Ana López"}},
		{"Photo: John Roe", nil},
		{"Edited by John Roe", nil},
		{"Words and pictures by Jane Doe", []string{"Jane Doe"}},
		{"Text and photos by Jane Doe", []string{"Jane Doe"}},
		{"Von Anna Müller und Jörg Weiß", []string{"Anna Müller", "Jörg Weiß"}},
		{"بقلم: أحمد الخطيب", []string{"أحمد الخطيب"}},
		{"أحمد الخطيب، سارة منصور", []string{"أحمد الخطيب", "سارة منصور"}},
		{"بقلم: محمد علي وأحمد حسن", []string{"محمد علي", "أحمد حسن"}},
		{"محمد علي وأحمد حسن وسارة منصور", []string{"محمد علي", "أحمد حسن", "سارة منصور"}},
		{"محمد علي ووليد حسن", []string{"محمد علي", "وليد حسن"}},
		{"كتب: خالد يوسف وعبدالله سعيد", []string{"خالد يوسف", "عبدالله سعيد"}},
		{"وليد حسن", []string{"وليد حسن"}},
		{"محمد وليد", []string{"محمد وليد"}},
		{"محمد وليد حسن", []string{"محمد وليد حسن"}},
		{"سمير مراد وهبة", []string{"سمير مراد وهبة"}},
		{"هشام علي وهبة حسن", []string{"هشام علي وهبة حسن"}},
		{"محمد علي وأحمد", []string{"محمد علي وأحمد"}},
		{"علی رضایی و مریم احمدی", []string{"علی رضایی", "مریم احمدی"}},
		{"نوشته علی رضایی", []string{"علی رضایی"}},
		{"نوشته: علی رضایی", []string{"علی رضایی"}},
		{"نویسنده علی رضایی", []string{"علی رضایی"}},
		{"作者：王小明", []string{"王小明"}},
		{"מאת דנה כהן", []string{"דנה כהן"}},
		{"홍길동 기자", []string{"홍길동"}},
		{"홍길동기자", []string{"홍길동"}},
		{"홍길동 기자 hong@news.example", []string{"홍길동"}},
		{"김철수 이영희 기자", []string{"김철수", "이영희"}},
		{"김철수 기자 이영희 기자", []string{"김철수", "이영희"}},
		{"김철수·이영희 기자", []string{"김철수", "이영희"}},
		{"글 김철수·사진 이영희", []string{"김철수"}},
		{"사진 이영희 글 김철수", []string{"김철수"}},
		{"글·사진 김철수", []string{"김철수"}},
		{"글 김철수", []string{"김철수"}},
		{"글 김철수 기자", []string{"김철수"}},
		{"글 김구", []string{"김구"}},
		{"글 김구·사진 이영희", []string{"김구"}},
		{"글 김구 사진 이영희", []string{"김구"}},
		{"사진 이영희·글 김구", []string{"김구"}},
		{"글·사진 김구", []string{"김구"}},
		{"글 김구 기자·사진 이영희 기자", []string{"김구"}},
		{"정리 남궁 민수·사진 이영희", []string{"남궁 민수"}},
		{"사진 이구", nil},
		{"정리 남궁 민수", []string{"남궁 민수"}},
		{"김한글 기자", []string{"김한글"}},
		{"글로리아 김", []string{"글로리아 김"}},
		{"山田太郎 著", []string{"山田太郎"}},
		{"鈴木 一郎 著", []string{"鈴木 一郎"}},
		{"佐藤 著", []string{"佐藤 著"}},
		{"佐藤著子", []string{"佐藤著子"}},
		{"山田太郎著", []string{"山田太郎"}},
		{"村上春樹著", []string{"村上春樹"}},
		{"佐々木著", []string{"佐々木著"}},
		{"文・山田太郎", []string{"山田太郎"}},
		{"文･山田太郎", []string{"山田太郎"}},
		{"文・山田 太郎", []string{"山田 太郎"}},
		{"文・写真 山田太郎", []string{"山田太郎"}},
		{"文・山田太郎 写真・佐藤花子", []string{"山田太郎"}},
		{"写真・佐藤花子 文・山田太郎", []string{"山田太郎"}},
		{"이영희기자 남궁민수기자", []string{"이영희", "남궁민수"}},
		{"남궁 민수 기자", []string{"남궁 민수"}},
		{"김구 이산", []string{"김구 이산"}},
		{"뉴시스 김철수 기자", []string{"뉴시스 김철수"}},
		{"김철수 객원기자", []string{"김철수"}},
		{"김철수선임기자", []string{"김철수"}},
		{"김철수 칼럼니스트", []string{"김철수"}},
		{"김철수 논설위원", []string{"김철수"}},
		{"(서울=연합뉴스) 김철수 기자", []string{"김철수"}},
		{"(세종=연합뉴스) 김철수 이영희 기자", []string{"김철수", "이영희"}},
		{"【서울=뉴시스】김철수 기자", []string{"김철수"}},
		{"山田太郎 記者", []string{"山田太郎"}},
		{"记者 王小明", []string{"王小明"}},
		{"文／张三、李四", []string{"张三", "李四"}},
		{"文／张三 图／李四", []string{"张三"}},
		{"图／李四 文／张三", []string{"张三"}},
		{"图 李四 文 张三", []string{"张三"}},
		{"摄影 李四 记者 张三 王五", []string{"张三 王五"}},
		{"文／张三 摄影／李四", []string{"张三"}},
		{"记者：张三 责任编辑：李四", []string{"张三"}},
		{"作者：王小明 编辑：李四", []string{"王小明"}},
		{"记者 张三 编辑 李四", []string{"张三"}},
		{"编辑：李四", nil},
		{"张三／李四", []string{"张三", "李四"}},
		{"张三，李四", []string{"张三", "李四"}},
		{"张三、李四", []string{"张三", "李四"}},
		{"张三；李四", []string{"张三", "李四"}},
		{"记者：张三，李四 通讯员：王五", []string{"张三", "李四", "王五"}},
		{"文／欧阳娜娜，司马光", []string{"欧阳娜娜", "司马光"}},
		{"山田太郎，佐藤花子", []string{"山田太郎", "佐藤花子"}},
		{"本报记者：新线路开通后，票价会调整吗？", nil},
		{"文／山田 太郎 写真／佐藤 花子", []string{"山田 太郎"}},
		{"編集 山田太郎", nil},
		{"本报记者 张三", []string{"张三"}},
		{"本报记者 张三 通讯员 李四", []string{"张三", "李四"}},
		{"通讯员 王五", []string{"王五"}},
		{"执笔：李四", []string{"李四"}},
		{"作者 王小明", []string{"王小明"}},
		{"山田太郎 記者 佐藤花子 記者", []string{"山田太郎", "佐藤花子"}},
		{"记者 张三 李四", []string{"张三 李四"}}, // split by the page's language: see TestHanNames
		{"记者：您怎么看待这个问题？", nil},
		{"记者：好的", nil},
		{"记者：谢谢您", nil},
		{"本报记者：对啊", nil},
		{"记者：是的，我们会继续关注", nil},
		{"记者：陈好", []string{"陈好"}},
		{"记者：明道", []string{"明道"}},
		{"记者：司马光", []string{"司马光"}},
		{"记者：欧阳娜娜", []string{"欧阳娜娜"}},
		{"作者：我妻善逸", []string{"我妻善逸"}},
		{"（文／张三）", []string{"张三"}},
		{"（记者 张三）", []string{"张三"}},
		{"【作者：王小明】", []string{"王小明"}},
		{"记者 【张三】", []string{"张三"}},
		{"「山田太郎」", []string{"山田太郎"}},
		{"张三（新华社）", []string{"张三"}},
		{"（文／张三）（图／李四）", []string{"张三"}},
		{"(By Jane Doe) | Reuters", []string{"Jane Doe"}},
		{"by ライトハウス国際特許事務所 ／ 2016.12.01", []string{"ライトハウス国際特許事務所"}},
		{"编辑", nil},
		{"記者", nil},
		{"Senior Correspondent", nil},
		{"admin", nil},
		{"KWCHCIK", nil},
		{"KSDKNEWS", nil},
		{"SCHMIDT", []string{"Schmidt"}},
		{"REUTERS", []string{"Reuters"}},
		{"JANE SCHWARTZ", []string{"Jane Schwartz"}},
		{"share this story", nil},
		{"", nil},
		{"https://www.facebook.com/janedoe", nil},
		{"By 2024", nil},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := authorNames(tt.in); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("authorNames(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestChoosePeople(t *testing.T) {
	tests := []struct {
		name  string
		in    []person
		known []string
		want  []string
	}{
		{"people over org", []person{{Name: "Daily Planet", Org: true}, {Name: "Jane Doe"}}, nil, []string{"Jane Doe"}},
		{"org alone", []person{{Name: "Daily Planet", Org: true}}, nil, []string{"Daily Planet"}},
		{"site name is an org", []person{{Name: "Daily Planet"}, {Name: "Jane Doe"}}, []string{"Daily Planet"}, []string{"Jane Doe"}},
		{"publication is an org", []person{{Name: "Tanza Loudenback"}, {Name: "Business Insider"}}, nil, []string{"Tanza Loudenback"}},
		{"wire is an org", []person{{Name: "Associated Press"}, {Name: "Jane Doe"}}, nil, []string{"Jane Doe"}},
		{"a Korean wire is an org", []person{{Name: "연합뉴스"}, {Name: "홍길동"}}, nil, []string{"홍길동"}},
		{"a Korean paper is an org", []person{{Name: "조선일보"}, {Name: "홍길동"}}, nil, []string{"홍길동"}},
		{"a wire's name in English is an org", []person{{Name: "Yonhap"}, {Name: "Hong Gil-dong"}}, nil, []string{"Hong Gil-dong"}},
		{"a Korean reporter beside the wire", []person{{Name: "뉴시스 김철수"}, {Name: "연합뉴스"}}, nil, []string{"뉴시스 김철수"}},
		{"dedupe", []person{{Name: "Jane Doe"}, {Name: "jane doe"}}, nil, []string{"Jane Doe"}},
		{"none", nil, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := choosePeople(tt.in, tt.known...); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("choosePeople = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestBylineDisplay(t *testing.T) {
	tests := []struct{ in, want string }{
		{"By Jane Doe and John Smith | Reuters", "By Jane Doe and John Smith"},
		{"By Jane Doe\nMarch 5, 2024", "By Jane Doe"},
		{"Jane Doe\nStaff Writer", "Jane Doe"},
		{"By Jane Doe @janedoe · Updated 2 hours ago", "By Jane Doe"},
		{"Written by Rachael Link, MS, RD on November 19, 2019", "Written by Rachael Link, MS, RD"},
		{"by ライトハウス国際特許事務所 ／ 2016.12.01", "by ライトハウス国際特許事務所"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := bylineDisplay(tt.in); got != tt.want {
				t.Errorf("bylineDisplay(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestColumnCredit: a name starting with "The" is an author only when
// several author tags declare it whole and it reads as a name.
func TestColumnCredit(t *testing.T) {
	const url = "https://dealmaker.example/2019/11/opening-bell-11-18-19"
	tests := []struct {
		name, head string
		want       []string
	}{
		{"a column several author tags credit",
			`<meta property="author" content="The Water Coolest"><meta name="parsely-author" content="The Water Coolest">`,
			[]string{"The Water Coolest"}},
		{"one tag alone is not enough",
			`<meta property="author" content="The Water Coolest">`,
			nil},
		{"a sentence is no column",
			`<meta property="author" content="The Russian and Syrian defense ministries"><meta name="parsely-author" content="The Russian and Syrian defense ministries">`,
			nil},
		{"the site itself is no column",
			`<meta property="og:site_name" content="The Deal Maker"><meta property="author" content="The Deal Maker"><meta name="parsely-author" content="The Deal Maker">`,
			nil},
		{"a person beside the column is the author",
			`<meta property="author" content="The Water Coolest"><meta name="parsely-author" content="The Water Coolest"><meta name="sailthru.author" content="Jane Doe">`,
			[]string{"The Water Coolest", "Jane Doe"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := metaOf(t, "<html><head>"+tt.head+"</head><body><p>x</p></body></html>", url)
			wantStrings(t, "authors", m.Authors, tt.want)
		})
	}
}

// TestAuthorFooterOutsideArticle: a byline in an author footer after the
// <article> is read; the topics it offers to follow are not authors, and
// a page footer stays chrome.
func TestAuthorFooterOutsideArticle(t *testing.T) {
	const url = "https://www.dailywire.example/tennis/2019/11/19/davis-cup-finals/"
	follow := `<section class="follow-list__section"><h3>Follow the author of this article</h3>
		<ul><li><a href="/authors/dailywire-sport/">Dailywire Sport</a></li></ul>
		<h3>Follow the topics of this article</h3><ul><li><a href="/davis-cup/">Davis Cup</a></li></ul></section>`
	tests := []struct {
		name, body string
		want       []string
	}{
		{"the byline of an author footer",
			`<article><h1>Davis Cup finals launch</h1><p>Story.</p></article>
			 <footer class="article-author"><div class="byline"><ul><li class="byline__author" itemscope itemtype="https://schema.org/Person" itemprop="author">
			 <span class="byline__author-name" itemprop="name" content="Jane Doe"><a href="/authors/jane-doe/">Jane Doe</a></span></li></ul></div>` + follow + `</footer>`,
			[]string{"Jane Doe"}},
		{"a desk's credit in an author footer",
			`<article><h1>Davis Cup finals launch</h1><p>Story.</p></article>
			 <footer class="article-author"><div class="byline"><ul><li class="byline__author" itemscope itemtype="https://schema.org/Person" itemprop="author">
			 <span class="byline__author-name" itemprop="name" content="Dailywire Sport"><a href="/authors/dailywire-sport/">Dailywire Sport</a></span></li></ul></div>` + follow + `</footer>`,
			[]string{"Dailywire Sport"}},
		{"the page's footer stays chrome",
			`<article><h1>Davis Cup finals launch</h1><p>Story.</p></article>
			 <footer class="site-footer"><div class="byline">Jane Doe</div></footer>`,
			nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := metaOf(t, "<html><head><title>Davis Cup finals launch</title></head><body>"+tt.body+"</body></html>", url)
			wantStrings(t, "authors", m.Authors, tt.want)
		})
	}
}

// TestBylineNamesInElements: a byline without metadata whose names are
// each in an element marked as an author's gives every name, with its
// line as shown.
func TestBylineNamesInElements(t *testing.T) {
	tests := []struct {
		name, byline, want string
		authors            []string
	}{
		{"links marked rel=author",
			`<p>By <a rel="author" href="/a">Ann Lee</a>, <a rel="author" href="/b">Bob Stone</a> and <a rel="author" href="/c">Cara Diaz</a></p>`,
			"By Ann Lee, Bob Stone and Cara Diaz", []string{"Ann Lee", "Bob Stone", "Cara Diaz"}},
		{"WordPress author cards",
			`<div class="entry-meta">By <span class="author vcard"><a class="url fn n" href="/a">Ann Lee</a></span>, <span class="author vcard"><a class="url fn n" href="/b">Bob Stone</a></span> and <span class="author vcard"><a class="url fn n" href="/c">Cara Diaz</a></span></div>`,
			"By Ann Lee, Bob Stone and Cara Diaz", []string{"Ann Lee", "Bob Stone", "Cara Diaz"}},
		{"spanish",
			`<p>Por <a rel="author" href="/a">Ana López</a> y <a rel="author" href="/b">Bruno Díaz</a></p>`,
			"Por Ana López y Bruno Díaz", []string{"Ana López", "Bruno Díaz"}},
		{"arabic",
			`<p>بقلم: <a rel="author" href="/a">أحمد الخطيب</a> و <a rel="author" href="/b">سارة منصور</a></p>`,
			"بقلم: أحمد الخطيب و سارة منصور", []string{"أحمد الخطيب", "سارة منصور"}},
		{"names apart from the line's other text",
			`<p><a rel="author" href="/a">Ann Lee</a> <a rel="author" href="/b">Bob Stone</a> 5 min read</p>`,
			"Ann Lee, Bob Stone", []string{"Ann Lee", "Bob Stone"}},
		{"one name", `<p>By <a rel="author" href="/a">Ann Lee</a> and staff</p>`, "Ann Lee", []string{"Ann Lee"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := metaOf(t, `<html><head><title>Budget passes</title></head><body><article><h1>Budget passes</h1>`+
				tt.byline+`<p>The council voted on Tuesday to approve the budget.</p></article></body></html>`, "https://news.example/budget")
			wantStrings(t, "authors", m.Authors, tt.authors)
			if m.Byline != tt.want {
				t.Errorf("byline = %q, want %q", m.Byline, tt.want)
			}
		})
	}
}

// TestHanNames: names in Han characters that a byline lists apart are
// split as the page's language writes them. Chinese lists names with
// spaces, Japanese writes one name with a space and lists them with a
// middle dot; the page's text tells them apart when its template declares
// neither.
func TestHanNames(t *testing.T) {
	const (
		zhTitle = "城东六条新公交线路下月开通"
		jaTitle = "城東地区に新バス路線６本 来月から運行へ"
		koTitle = "시내버스 노선 6개 신설…東部 주거지역"
	)
	tests := []struct {
		name, lang, title, byline string
		want                      []string
	}{
		{"chinese", "zh-CN", zhTitle, "记者 张伟 李娜", []string{"张伟", "李娜"}},
		{"chinese under a template's lang=en", "en", zhTitle, "记者 张伟 李娜", []string{"张伟", "李娜"}},
		{"traditional chinese", "zh-TW", "城東六條新公車路線下月開通", "記者 陳志明 林美玲", []string{"陳志明", "林美玲"}},
		{"chinese beside an outlet", "zh-CN", zhTitle, "新华社 张伟", []string{"新华社 张伟"}},
		{"a chinese transliteration keeps its dot", "zh-CN", zhTitle, "约翰・史密斯", []string{"约翰・史密斯"}},
		{"japanese name with a space", "ja", jaTitle, "山田 太郎", []string{"山田 太郎"}},
		{"japanese names the chinese rule would split", "ja", jaTitle, "金子 史朗", []string{"金子 史朗"}},
		{"japanese undeclared", "", jaTitle, "金子 史朗", []string{"金子 史朗"}},
		{"japanese under a template's lang=en", "en", jaTitle, "金子 史朗", []string{"金子 史朗"}},
		{"japanese list", "ja", jaTitle, "山田太郎・佐藤花子", []string{"山田太郎", "佐藤花子"}},
		{"japanese list with spaces", "ja", jaTitle, "山田 太郎・佐藤 花子", []string{"山田 太郎", "佐藤 花子"}},
		{"a katakana name keeps its dot", "ja", jaTitle, "ジョン・スミス", []string{"ジョン・スミス"}},
		{"korean page quoting hanja", "", koTitle, "金子 史朗", []string{"金子 史朗"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page := `<html lang="` + tt.lang + `"><head><title>` + tt.title + `</title></head><body><article><h1>` + tt.title +
				`</h1><div class="byline">` + tt.byline + `</div><p>x</p></article></body></html>`
			m := metaOf(t, page, "https://news.example/2024/03/19/bus")
			wantStrings(t, "authors", m.Authors, tt.want)
			if m.Byline != tt.byline {
				t.Errorf("byline = %q, want %q", m.Byline, tt.byline)
			}
		})
	}
	for _, head := range []string{
		`<meta name="author" content="张伟 李娜">`,
		`<script type="application/ld+json">{"@type":"NewsArticle","author":{"@type":"Person","name":"张伟 李娜"}}</script>`,
	} {
		t.Run(head, func(t *testing.T) {
			m := metaOf(t, `<html lang="zh-CN"><head><title>`+zhTitle+`</title>`+head+`</head><body><p>x</p></body></html>`, "https://news.example/bus")
			wantStrings(t, "authors", m.Authors, []string{"张伟", "李娜"})
		})
	}
}

// TestOtherCredits: the credits a byline gives for the pictures and the
// editing are shown with it, but the photographer and the editor are not
// authors.
func TestOtherCredits(t *testing.T) {
	tests := []struct {
		name, lang, byline, want string
		authors                  []string
	}{
		{"a wire's reporting and editing credits",
			"en", `<p class="byline">Reporting by Jane Doe in Rotterdam; Editing by John Roe</p>`,
			"Reporting by Jane Doe in Rotterdam; Editing by John Roe", []string{"Jane Doe"}},
		{"additional reporting is an author's",
			"en", `<p class="byline">By <a rel="author" href="/staff/jane-doe">Jane Doe</a>; Additional reporting by Ann Lee</p>`,
			"By Jane Doe; Additional reporting by Ann Lee", []string{"Jane Doe", "Ann Lee"}},
		{"photos after a separator",
			"en", `<div class="byline"><span class="author">By <a href="/staff/jane-doe">Jane Doe</a></span> | <span class="credit">Photos by John Roe</span></div>`,
			"By Jane Doe, Photos by John Roe", []string{"Jane Doe"}},
		{"a photo credit before the byline",
			"en", `<div class="byline">Photo: John Roe</div><div class="byline">By Jane Doe</div>`,
			"By Jane Doe", []string{"Jane Doe"}},
		{"an editing credit on a line of its own",
			"en", `<div class="article-meta"><div class="byline">By Jane Doe<br>Edited by John Roe</div></div>`,
			"By Jane Doe, Edited by John Roe", []string{"Jane Doe"}},
		{"german photos",
			"de", `<p class="author">Von Anna Müller, Fotos: Jörg Weiß</p>`,
			"Von Anna Müller, Fotos: Jörg Weiß", []string{"Anna Müller"}},
		{"spanish photo first",
			"es", `<p class="byline">Foto: Bruno Díaz. Texto: Ana López</p>`,
			"Foto: Bruno Díaz. Texto: Ana López", []string{"Ana López"}},
		{"chinese text and picture",
			"zh-CN", `<div class="author">文／张伟 图／李娜</div>`,
			"文／张伟 图／李娜", []string{"张伟"}},
		{"chinese picture first, labels apart",
			"zh-CN", `<div class="author">图 李娜 文 张伟</div>`,
			"图 李娜 文 张伟", []string{"张伟"}},
		{"chinese reporter and editor",
			"zh-CN", `<div class="author">记者：张伟 责任编辑：周明</div>`,
			"记者：张伟 责任编辑：周明", []string{"张伟"}},
		{"japanese text and photos",
			"ja", `<div class="author">文／鈴木 一郎　写真／高橋 花子</div>`,
			"文／鈴木 一郎 写真／高橋 花子", []string{"鈴木 一郎"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := metaOf(t, `<html lang="`+tt.lang+`"><head><title>Port strike talks stall</title></head><body><article><h1>Port strike talks stall</h1>`+
				tt.byline+`<p>Talks between dock workers and terminal operators broke off on Monday without a deal.</p></article></body></html>`,
				"https://news.example/2024/05/20/port-strike")
			wantStrings(t, "authors", m.Authors, tt.authors)
			if m.Byline != tt.want {
				t.Errorf("byline = %q, want %q", m.Byline, tt.want)
			}
		})
	}
}

// TestFullWidthBrackets: a Chinese or Japanese credit printed in
// full-width brackets names its writer without them, and the byline is
// shown without the brackets around it; a remark in brackets after the
// name is no part of it.
func TestFullWidthBrackets(t *testing.T) {
	tests := []struct {
		name, lang, byline, want string
		authors                  []string
	}{
		{"a writer's credit in round brackets", "zh-CN", `<p class="author">（文／张伟）</p>`, "文／张伟", []string{"张伟"}},
		{"a reporter's credit in round brackets", "zh-CN", `<span class="author">（记者 张伟 李娜）</span>`, "记者 张伟 李娜", []string{"张伟", "李娜"}},
		{"a credit in lenticular brackets", "zh-CN", `<div class="article-author">【作者：王小明】</div>`, "作者：王小明", []string{"王小明"}},
		{"writer and photographer, each in brackets", "zh-CN", `<p class="author">（文／张伟）（图／李娜）</p>`, "（文／张伟）（图／李娜）", []string{"张伟"}},
		{"the outlet in brackets after the name", "zh-CN", `<div class="author">张伟（新华社）</div>`, "张伟（新华社）", []string{"张伟"}},
		{"a japanese name in corner brackets", "ja", `<p class="author">文／「鈴木 一郎」</p>`, "文／「鈴木 一郎」", []string{"鈴木 一郎"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := busStoryMeta(t, tt.lang, tt.byline)
			wantStrings(t, "authors", m.Authors, tt.authors)
			if m.Byline != tt.want {
				t.Errorf("byline = %q, want %q", m.Byline, tt.want)
			}
		})
	}
}

// TestWriterLabels: the label of a Korean or Japanese writer's credit,
// "글" (text by) before the name or "著" (written by) after it, is cut
// from the name; a name with the same letter in it keeps it.
func TestWriterLabels(t *testing.T) {
	const (
		koTitle = "시내버스 노선 6개 신설"
		koText  = "서울시는 20일 동부 지역에 시내버스 노선 6개를 새로 만든다고 밝혔다."
		jaTitle = "城東地区に新バス路線６本"
		jaText  = "市交通局は２０日、城東地区で新しいバス路線６本の運行を来月から始めると発表した。"
	)
	tests := []struct {
		name, lang, title, byline, text string
		want                            []string
	}{
		{"korean text by", "ko", koTitle, `<div class="byline">글 김철수</div>`, koText, []string{"김철수"}},
		{"korean text by and reporter", "ko", koTitle, `<div class="byline">글 김철수 기자</div>`, koText, []string{"김철수"}},
		{"korean text by before a name of two letters", "ko", koTitle, `<div class="byline">글 김구</div>`, koText, []string{"김구"}},
		{"korean text by and photos", "ko", koTitle, `<div class="byline">글 김철수·사진 이영희</div>`, koText, []string{"김철수"}},
		{"korean text by before a name of two letters and photos", "ko", koTitle, `<div class="byline">글 김구·사진 이영희</div>`, koText, []string{"김구"}},
		{"korean photos before text by a name of two letters", "ko", koTitle, `<div class="byline">사진 이영희 · 글 김구</div>`, koText, []string{"김구"}},
		{"korean name with the letter in it", "ko", koTitle, `<div class="byline">김한글 기자</div>`, koText, []string{"김한글"}},
		{"japanese written by after the name", "ja", jaTitle, `<p class="author">山田太郎 著</p>`, jaText, []string{"山田太郎"}},
		{"japanese written by after a name with a space", "ja", jaTitle, `<p class="author">鈴木 一郎 著</p>`, jaText, []string{"鈴木 一郎"}},
		{"japanese given name of the same letter", "ja", jaTitle, `<p class="author">佐藤 著</p>`, jaText, []string{"佐藤 著"}},
		{"japanese written by joined to the name", "ja", jaTitle, `<p class="author">山田太郎著</p>`, jaText, []string{"山田太郎"}},
		{"japanese name with the letter inside", "ja", jaTitle, `<p class="author">佐藤著子</p>`, jaText, []string{"佐藤著子"}},
		{"japanese text by with a middle dot", "ja", jaTitle, `<p class="author">文・山田太郎</p>`, jaText, []string{"山田太郎"}},
		{"japanese text and photos by", "ja", jaTitle, `<p class="author">文・写真 山田太郎</p>`, jaText, []string{"山田太郎"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := metaOf(t, `<html lang="`+tt.lang+`"><head><title>`+tt.title+`</title></head><body><article><h1>`+tt.title+`</h1>`+
				tt.byline+`<p>`+tt.text+`</p></article></body></html>`, "https://news.example/2024/03/19/bus")
			wantStrings(t, "authors", m.Authors, tt.want)
		})
	}
}

// busStoryMeta is the metadata of a short Chinese story in lang whose
// byline, before its paragraph, is byline.
func busStoryMeta(t *testing.T, lang, byline string) metadata {
	t.Helper()
	return metaOf(t, `<html lang="`+lang+`"><head><title>城东六条新公交线路下月开通</title></head><body><article><h1>城东六条新公交线路下月开通</h1>`+
		byline+`<p>市交通局20日宣布，城东地区六条新公交线路将于下月起正式运营。</p></article></body></html>`,
		"https://news.example/2024/03/19/bus")
}

// TestCJKBylineLines: a line of a Chinese story's text that opens with a
// writer's label and a colon or a slash is its byline, when no element is
// marked as one; prose that opens with the same letters, a book's details
// and an interview's questions are not.
func TestCJKBylineLines(t *testing.T) {
	tests := []struct {
		name, line string
		want       []string
	}{
		{"author", `<p>作者：王小明</p>`, []string{"王小明"}},
		{"the paper's reporter", `<p>本报记者：张伟</p>`, []string{"张伟"}},
		{"traditional", `<p>本報記者：陳志明</p>`, []string{"陳志明"}},
		{"written by", `<p>撰文：张伟</p>`, []string{"张伟"}},
		{"drafted by", `<p>执笔：李娜</p>`, []string{"李娜"}},
		{"correspondent", `<p>通讯员：王五</p>`, []string{"王五"}},
		{"text by, with a slash", `<p>文／张伟</p>`, []string{"张伟"}},
		{"text by, with an ASCII slash", `<p>文/张伟 图/李娜</p>`, []string{"张伟"}},
		{"prose opening with famous", `<p>著名作家王安忆昨天在上海图书馆举行新书发布会。</p>`, nil},
		{"prose opening with the reporter", `<p>记者从市交通局获悉，六条新线路将于下月开通。</p>`, nil},
		{"prose opening with the author", `<p>作者认为，城市交通需要更多投入。</p>`, nil},
		{"prose opening with culture", `<p>文化和旅游部今天发布通知。</p>`, nil},
		{"prose opening with the correspondent", `<p>通讯员昨日从现场发回报道。</p>`, nil},
		{"prose opening with the paper's reporter", `<p>本报记者近日走访了城东地区的多个公交站点。</p>`, nil},
		{"a book's details", `<p>书名：《挪威的森林》</p><p>著：村上春树</p>`, nil},
		{"an interview's question", `<p>记者：您怎么看待这个问题？</p>`, nil},
		{"the paper's interview", `<p>本报记者：新线路开通后，票价会调整吗？</p>`, nil},
		{"an interview's answer", `<p>记者：好的</p>`, nil},
		{"an interview's longer answer", `<p>记者：是的，我们会继续关注</p>`, nil},
		{"thanks", `<p>记者：谢谢</p>`, nil},
		{"a name of two letters", `<p>记者：陈好</p>`, []string{"陈好"}},
		{"a name of three letters", `<p>记者：王小明</p>`, []string{"王小明"}},
		{"a compound surname", `<p>记者：欧阳娜娜</p>`, []string{"欧阳娜娜"}},
		{"names after a full-width comma", `<p>记者：张伟，李娜</p>`, []string{"张伟", "李娜"}},
		{"names after an ideographic comma", `<p>记者：张伟、李娜</p>`, []string{"张伟", "李娜"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := busStoryMeta(t, "zh-CN", tt.line)
			wantStrings(t, "authors", m.Authors, tt.want)
		})
	}
}

// TestPersianWrittenBy: "نوشته" (written by) before the names of a Persian
// byline is cut from them, with a colon or without.
func TestPersianWrittenBy(t *testing.T) {
	tests := []struct {
		name, byline string
		want         []string
	}{
		{"without a colon", `<div class="byline">نوشته <a rel="author" href="/author/ali-rezaei">علی رضایی</a></div>`, []string{"علی رضایی"}},
		{"with a colon", `<div class="byline">نوشته: علی رضایی</div>`, []string{"علی رضایی"}},
		{"two names", `<div class="byline">نوشته علی رضایی و مریم احمدی</div>`, []string{"علی رضایی", "مریم احمدی"}},
		{"author", `<span class="author">نویسنده علی رضایی</span>`, []string{"علی رضایی"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := metaOf(t, `<html lang="fa" dir="rtl"><head><title>بازگشایی خط جدید مترو تهران</title></head><body><article><h1>بازگشایی خط جدید مترو تهران</h1>`+
				tt.byline+`<p>خط جدید مترو تهران از هفته آینده به روی مسافران باز خواهد شد.</p></article></body></html>`,
				"https://news.example/fa/2024/05/20/metro")
			wantStrings(t, "authors", m.Authors, tt.want)
		})
	}
}
