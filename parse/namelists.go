package parse

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// joinedNames splits a part of a byline that lists names without a
// separator the list regexps see: Arabic writes "and" joined to the next
// name ("محمد علي وأحمد حسن"), Korean puts names side by side ("김철수
// 이영희 기자", "김철수·이영희 기자").
func joinedNames(part string) []string {
	switch {
	case strings.ContainsRune(part, 'و'):
		return arabicJoinedAnd(part)
	case strings.IndexFunc(part, isHangul) >= 0:
		return koreanNames(part)
	}
	return []string{part}
}

// arabicJoinedAnd splits "محمد علي وأحمد حسن" into its two names. Many
// given names start with و themselves (وليد, وائل, وفاء), so a word is
// read as و and a name only when what follows the و is a common given
// name, the word is not itself a name, and the names on both sides have a
// family name: "محمد وليد" and "مراد وهبة" stay whole.
func arabicJoinedAnd(part string) []string {
	words := strings.Fields(part)
	for i := 2; i <= len(words)-2; i++ {
		rest, ok := strings.CutPrefix(words[i], "و")
		if !ok || wInitialNames[arabicKey(words[i])] || !arabicGivenName(rest) {
			continue
		}
		right := append([]string{rest}, words[i+1:]...)
		return append([]string{strings.Join(words[:i], " ")}, arabicJoinedAnd(strings.Join(right, " "))...)
	}
	return []string{part}
}

// arabicGivenName says whether w is a common Arabic given name, starts a
// compound one ("عبد الله", "عبدالرحمن"), or is a name starting with و
// (then the word was "ووليد", "and Walid").
func arabicGivenName(w string) bool {
	k := arabicKey(w)
	return arabicGivenNames[k] || wInitialNames[k] || strings.HasPrefix(k, "عبد")
}

// arabicKey folds the spellings Arabic names are written in: hamza on
// alif or not (أحمد, احمد), final ta marbuta or ha (فاطمة, فاطمه), alif
// maqsura or ya (مصطفى, مصطفي).
func arabicKey(w string) string {
	return arabicFold.Replace(w)
}

var arabicFold = strings.NewReplacer("أ", "ا", "إ", "ا", "آ", "ا", "ة", "ه", "ى", "ي")

// arabicGivenNames are common Arabic given names, folded by arabicKey.
var arabicGivenNames = foldedSet(`محمد أحمد محمود مصطفى علي حسن حسين عمر عثمان خالد إبراهيم
	يوسف سعيد سعد طارق كريم رامي سامي سمير هشام هاني ماجد مازن نبيل جمال كمال فيصل فهد
	ناصر منصور عادل عماد أسامة أيمن باسم بلال إلياس زياد رضا صالح صلاح عصام فادي فراس
	مجدي مراد نادر ياسر يحيى حمزة حمد راشد سلمان سليمان شريف عامر عمرو غسان قاسم مهدي
	موسى عيسى نزار هيثم حازم حسام إسماعيل أنس أمين جعفر ربيع رائد تامر شادي محسن جورج
	فاطمة مريم سارة نور ليلى هدى منى أمل إيمان رنا رشا سلمى ريم دينا هالة هبة نادية
	سميرة زينب عائشة خديجة لينا لمى رانيا سعاد نجلاء آمنة أسماء شيماء دعاء آية ياسمين
	مها جميلة حنان سناء`)

// wInitialNames are given and family names that start with و, whose rest
// may read as another name: وهبة is a family name, not "and Heba".
var wInitialNames = foldedSet(`وليد وائل وفاء وسام وديع وجدي وئام ولاء وهبة وهبي وصفي
	وحيد وسيم وداد وجيه وعد وفيق وهيب وصال وجدان وردة`)

func foldedSet(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[arabicKey(w)] = true
	}
	return m
}

// koreanNames splits a Korean byline that lists names side by side, apart
// or joined by a middle dot, the job titles and labels left out: "김철수
// 이영희 기자", "김철수 기자 이영희 기자". It splits only when every other
// word is a full name (see koreanFullName); else the credits' labels part
// the names (see koreanLabelledNames). The names after the label of a
// credit for pictures or editing are left out ("글 김철수·사진 이영희"
// credits 김철수), unless it follows the writer's ("글·사진 김철수"); a
// label is cut from a name alone ("글 김철수" credits 김철수).
func koreanNames(part string) []string {
	words := strings.FieldsFunc(part, koreanNameBreak)
	var names []string
	other, afterLabel, labelled := false, false, false
	for _, w := range words {
		if koreanLabels[w] {
			other = koreanOtherLabels[w] && (!afterLabel || other)
			afterLabel, labelled = true, true
			continue
		}
		afterLabel = false
		if w = stripCJKRole(w); !koreanFullName(w) {
			return koreanLabelledNames(words, part)
		}
		if !other {
			names = append(names, w)
		}
	}
	if len(names) < 2 && !labelled {
		return []string{part}
	}
	return names
}

// koreanLabelledNames is the names of a Korean part, cut into words,
// whose names are not all written whole: each run of words after a
// writer's label, or before any label, is one name, written with a space
// ("정리 남궁 민수") or of two letters ("글 김구·사진 이영희" credits 김구).
// The runs after the label of a credit for pictures or editing are left
// out, unless it follows the writer's ("글·사진 김구"). A part without
// such labels is left whole: an outlet beside a name ("뉴시스 김철수
// 기자"), a name written with a space.
func koreanLabelledNames(words []string, part string) []string {
	if !slices.ContainsFunc(words, func(w string) bool { return koreanWriterLabels[w] || koreanOtherLabels[w] }) {
		return []string{part}
	}
	var names, run []string
	other, afterLabel := false, false
	endRun := func() {
		if len(run) > 0 && !other {
			names = append(names, strings.Join(run, " "))
		}
		run = nil
	}
	for _, w := range words {
		if !koreanLabels[w] {
			run, afterLabel = append(run, w), false
			continue
		}
		endRun() // a job title ends a name too: "글 김구 기자"
		if koreanWriterLabels[w] || koreanOtherLabels[w] {
			other = koreanOtherLabels[w] && (!afterLabel || other)
			afterLabel = true
		}
	}
	endRun()
	return names
}

// koreanNameBreak parts the names of a Korean byline: a space or a
// middle dot.
func koreanNameBreak(r rune) bool {
	return unicode.IsSpace(r) || strings.ContainsRune("·・･", r)
}

// koreanFullName says whether w reads as a Korean name written whole: a
// common surname and a given name of two syllables, as most are. Names
// of two syllables are left out: too many words of two syllables start
// with a surname's syllable (정리, 기자, 서울).
func koreanFullName(w string) bool {
	n := utf8.RuneCountInString(w)
	if strings.IndexFunc(w, func(r rune) bool { return !isHangul(r) }) >= 0 {
		return false
	}
	if n == 4 {
		return slices.ContainsFunc(koreanCompoundSurnames, func(s string) bool { return strings.HasPrefix(w, s) })
	}
	first, _ := utf8.DecodeRuneInString(w)
	return n == 3 && strings.ContainsRune(koreanSurnames, first)
}

func isHangul(r rune) bool { return unicode.Is(unicode.Hangul, r) }

// koreanSurnames are the syllables of the common Korean surnames.
const koreanSurnames = "김이박최정강조윤장임한오서신권황안송류유전홍고문양손배백허남심노하곽성차주우구민진나지엄채원천방공현함변염여추도소석선설마길연위표명기반왕금옥육인맹제모탁국어은편용예경봉사부가복태목형피두감음빈동온호범좌라"

// koreanCompoundSurnames are the surnames of two syllables.
var koreanCompoundSurnames = []string{"남궁", "황보", "제갈", "선우", "독고", "사공", "서문", "동방"}

// koreanLabels are the job titles and credit labels of Korean bylines,
// written apart from the names.
var koreanLabels = setOf(`기자 특파원 칼럼니스트 객원기자 선임기자 논설위원 편집위원 수습기자 인턴기자
	전문기자 대기자 글 사진 취재 정리 편집`)

// koreanOtherLabels are the labels of Korean credits for pictures and
// editing, koreanWriterLabels those of the writer's: "글" (text by),
// "취재" (reporting by), "정리" (compiled by).
var (
	koreanOtherLabels  = setOf(`사진 편집`)
	koreanWriterLabels = setOf(`글 취재 정리`)
)

// hanNaming is how the page writes names in Han characters: "zh" for
// Chinese, whose bylines list names apart with spaces ("张三 李四"), "ja"
// for Japanese, which writes one name with a space between family and
// given name ("山田 太郎") and lists names with a middle dot ("山田太郎・佐藤
// 花子"), "" for neither. The page's own text (its title and description)
// decides as well as its declared language, which templates often leave
// at "en": every Japanese sentence has kana, Chinese has none, and a
// Korean page may quote Hanja.
func hanNaming(langs []string, text string) string {
	var lang string
	if t, ok := normalizeTag(firstOf(langs)); ok {
		base, _ := t.Base()
		lang = base.String()
	}
	switch {
	case lang == "ja" || kanaWritten(text):
		return "ja"
	case lang == "ko" || strings.IndexFunc(text, isHangul) >= 0:
		return ""
	case lang == "zh" || strings.IndexFunc(text, isHan) >= 0:
		return "zh"
	}
	return ""
}

func isHan(r rune) bool { return unicode.Is(unicode.Han, r) }

// hanNames splits the names that a byline in Han characters lists in the
// way the page's language does (see hanNaming), and leaves the others.
func hanNames(names []string, naming string) []string {
	if naming == "" {
		return names
	}
	var out []string
	for _, n := range names {
		switch naming {
		case "zh":
			out = append(out, chineseNames(n)...)
		case "ja":
			out = append(out, japaneseNames(n)...)
		}
	}
	return dedupeFold(out)
}

// chineseNames splits "张三 李四" into its names when every word is a
// Chinese name (see chineseFullName), the labels (记者, 图) left out, so
// an outlet beside a name ("新华社 张三") stays whole.
func chineseNames(name string) []string {
	var names []string
	for _, w := range strings.Fields(name) {
		if chineseLabels[w] {
			continue
		}
		if !chineseFullName(w) {
			return []string{name}
		}
		names = append(names, w)
	}
	if len(names) < 2 {
		return []string{name}
	}
	return names
}

// chineseFullName says whether w reads as a Chinese name: two to four Han
// characters starting with a common surname.
func chineseFullName(w string) bool {
	n := utf8.RuneCountInString(w)
	first, _ := utf8.DecodeRuneInString(w)
	return n >= 2 && n <= 4 && strings.IndexFunc(w, func(r rune) bool { return !isHan(r) }) < 0 &&
		(strings.ContainsRune(chineseSurnames, first) || slices.ContainsFunc(chineseCompoundSurnames, func(s string) bool { return strings.HasPrefix(w, s) }))
}

// japaneseNames splits "山田太郎・佐藤花子" at its middle dots when each
// side is written in kanji: foreign names in katakana keep theirs ("ジョン・
// スミス").
func japaneseNames(name string) []string {
	parts := strings.FieldsFunc(name, func(r rune) bool { return r == '・' || r == '･' })
	if len(parts) < 2 {
		return []string{name}
	}
	for i, p := range parts {
		parts[i] = strings.TrimSpace(p)
		if utf8.RuneCountInString(strings.ReplaceAll(p, " ", "")) < 2 || strings.IndexFunc(p, func(r rune) bool { return !isHan(r) && r != ' ' }) >= 0 {
			return []string{name}
		}
	}
	return parts
}

// chineseSurnames are the commonest Chinese surnames, in simplified and
// traditional characters.
const chineseSurnames = "王李张張刘劉陈陳杨楊黄黃赵趙吴吳周徐孙孫马馬朱胡郭何高林罗羅郑鄭梁谢謝宋唐许許韩韓冯馮邓鄧曹彭曾肖蕭田董袁潘于蒋蔣蔡余杜叶葉程苏蘇魏吕呂丁任沈姚卢盧姜崔钟鍾谭譚陆陸汪范金石廖贾賈夏韦韋付傅方白邹鄒孟熊秦邱江尹薛闫閆段雷侯龙龍史陶黎贺賀顾顧毛郝龚龔邵万萬钱錢严嚴覃武戴莫孔向汤湯常温溫康施文牛樊葛邢安齐齊易乔喬伍庞龐颜顏倪庄莊聂聶章鲁魯岳翟殷詹申欧歐耿关關兰蘭焦俞左柳甘祝包宁寧尚符舒阮柯纪紀梅童凌毕畢单單季裴霍涂成苗谷盛曲翁冉骆駱蓝藍路游辛靳管柴蒙鲍鮑华華喻祁蒲房滕屈饶饒解牟艾尤阳陽时時穆农農司卓古吉缪繆简簡车車项項连連芦蘆麦麥褚娄婁窦竇戚岑景党黨宫宮费費卜冷晏席卫衛米柏宗瞿桂全佟应應臧闵閔苟邬鄔边邊卞姬师師和仇栾欒隋商刁沙荣榮巫寇桑郎甄丛叢仲虞敖巩鞏明佘池查麻苑迟遲邝鄺"

// chineseCompoundSurnames are the surnames of two characters.
var chineseCompoundSurnames = []string{"欧阳", "歐陽", "司马", "司馬", "诸葛", "諸葛", "上官", "东方", "東方", "司徒", "夏侯", "皇甫", "尉迟", "公孙", "公孫", "慕容", "令狐", "端木", "西门", "西門", "长孙", "長孫"}

// chineseLabels are the labels and job titles Chinese bylines write apart
// from the names.
var chineseLabels = setOf(`记者 記者 本报记者 本報記者 特约记者 特約記者 通讯员 通訊員 实习生 實習生 文 图 圖
	摄影 攝影 撰文 编辑 編輯 责编 責編 责任编辑 責任編輯 作者`)

// cjkRoles are the job titles Korean, Japanese and Chinese bylines put
// after a name ("홍길동 기자", "山田太郎 記者", "홍길동기자"): never a
// surname, unlike "Jane Reporter". Titles that end with another come
// first: "객원기자" cut as "기자" left "객원" in the name.
var cjkRoles = []string{"객원기자", "선임기자", "수습기자", "인턴기자", "전문기자", "대기자", "기자", "특파원",
	"칼럼니스트", "논설위원", "편집위원", "記者", "记者", "特派員", "特派员", "通讯员", "通訊員", "編集委員"}

// stripCJKRole cuts a trailing CJK job title off a name, written apart or
// joined to a name of at least two letters, and the Japanese "著" (written
// by) that follows a name (see writtenByAfter).
func stripCJKRole(s string) string {
	for _, role := range cjkRoles {
		name, ok := strings.CutSuffix(strings.TrimSpace(s), role)
		if ok && utf8.RuneCountInString(strings.TrimSpace(name)) >= 2 {
			return strings.TrimSpace(name)
		}
	}
	return writtenByAfter(s)
}

// writtenByAfter is s without the "著" (written by) a Japanese credit
// puts after the name ("山田太郎 著", "鈴木 一郎 著", "山田太郎著"). It is
// cut written apart after a name of three letters or two words, joined
// after four kanji: after fewer it may be a given name's own letter
// ("山田 著", "佐々木著"), and inside a name it is one ("佐藤著子").
func writtenByAfter(s string) string {
	s = strings.TrimSpace(s)
	if name, ok := strings.CutSuffix(s, " 著"); ok && (utf8.RuneCountInString(name) >= 3 || strings.Contains(name, " ")) {
		return name
	}
	name, ok := strings.CutSuffix(s, "著")
	if ok && utf8.RuneCountInString(name) >= 4 && strings.IndexFunc(name, func(r rune) bool { return !isHan(r) }) < 0 {
		return name
	}
	return s
}
