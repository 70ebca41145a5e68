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
// 이영희 기자", "김철수 기자 이영희 기자", "글 김철수·사진 이영희". It splits
// only when every other word is a full name (see koreanFullName), so a
// name written with a space ("남궁 민수") or beside an outlet stays whole.
func koreanNames(part string) []string {
	words := strings.FieldsFunc(part, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune("·・･", r)
	})
	var names []string
	for _, w := range words {
		if koreanLabels[w] {
			continue
		}
		if w = stripCJKRole(w); !koreanFullName(w) {
			return []string{part}
		}
		names = append(names, w)
	}
	if len(names) < 2 {
		return []string{part}
	}
	return names
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
